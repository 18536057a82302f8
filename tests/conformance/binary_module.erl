%% The binary module's native functions (at, first, last, part, copy,
%% encode/decode_unsigned, list_to_bin, longest_common_prefix/suffix,
%% referenced_byte_size, compile_pattern, match, matches, split) and the
%% Erlang-coded ones built on them (replace, bin_to_list), on heap, refc
%% and sub binaries, with their badarg cases.
-module(binary_module).
-export([main/1]).

id(X) -> X.

big() -> list_to_binary([lists:duplicate(30, "ab,") | "end"]).

main(_) ->
    Big = big(),
    <<_:5/binary, Sub:80/binary, _/binary>> = Big,
    erlang:display({binary:at(Big, 0), binary:at(Sub, 79), binary:first(Sub), binary:last(Big)}),
    erlang:display({binary:part(Big, 3, 4), binary:part(Big, {byte_size(Big), -3})}),
    erlang:display(binary:copy(id(<<"xy">>), 3)),
    erlang:display(byte_size(binary:copy(Sub))),
    erlang:display([binary:encode_unsigned(id(V)) || V <- [0, 255, 256, 1 bsl 64, 16#123456789ABCDEF01]]),
    erlang:display(binary:encode_unsigned(id(1 bsl 70 + 1), little)),
    erlang:display([binary:decode_unsigned(id(B)) || B <- [<<>>, <<1>>, <<1, 0>>, <<1, 0, 0, 0, 0, 0, 0, 0, 0>>]]),
    erlang:display(binary:decode_unsigned(id(<<1, 0, 0, 0, 0, 0, 0, 0, 0, 0>>), little)),
    erlang:display(binary:list_to_bin(id([1, "bc", <<"d">>]))),
    erlang:display(binary:longest_common_prefix(id([<<"abcde">>, <<"abcxx">>, Sub]))),
    erlang:display(binary:longest_common_prefix(id([<<"abcde">>, <<"abcxx">>]))),
    erlang:display(binary:longest_common_suffix(id([<<"xxcde">>, <<"abcde">>, <<"e">>]))),
    erlang:display(binary:longest_common_prefix(id([<<"abc">>]))),
    erlang:display(binary:referenced_byte_size(Sub)),
    erlang:display(binary:referenced_byte_size(binary:part(Big, 2, 3))),
    erlang:display(binary:match(Big, <<"end">>)),
    erlang:display(binary:match(Big, [<<"b,">>, <<"b">>])),
    erlang:display(binary:match(Sub, <<"zz">>)),
    erlang:display(binary:match(Big, <<"a">>, [{scope, {10, 5}}])),
    erlang:display(binary:match(Big, <<"a">>, [{scope, {10, -5}}])),
    erlang:display(length(binary:matches(Big, <<",">>))),
    erlang:display(binary:matches(id(<<"aaaa">>), <<"aa">>)),
    erlang:display(binary:matches(id(<<"abcabc">>), [<<"bc">>, <<"b">>, <<"c">>])),
    P = binary:compile_pattern([<<"ab">>, <<",">>]),
    erlang:display(length(binary:matches(Sub, P))),
    erlang:display(binary:match(id(<<"xxab">>), binary:compile_pattern(<<"ab">>))),
    erlang:display(binary:split(id(<<"a,b,,c">>), <<",">>)),
    erlang:display(binary:split(id(<<"a,b,,c">>), <<",">>, [global])),
    erlang:display(binary:split(id(<<",a,b,,c,">>), <<",">>, [global, trim])),
    erlang:display(binary:split(id(<<",a,b,,c,">>), <<",">>, [global, trim_all])),
    erlang:display(binary:split(id(<<"banana">>), <<"a">>, [{scope, {2, 3}}])),
    erlang:display(binary:split(id(<<>>), <<",">>)),
    erlang:display(binary:split(id(<<",,">>), <<",">>, [global, trim])),
    erlang:display(length(binary:split(Big, <<",">>, [global]))),
    erlang:display(binary:replace(id(<<"a-b-c">>), <<"-">>, <<"+">>, [global])),
    erlang:display(binary:bin_to_list(Sub, {0, 4})),
    Bad = [fun() -> binary:at(id(<<1>>), 1) end,
           fun() -> binary:first(id(<<>>)) end,
           fun() -> binary:last(id(a)) end,
           fun() -> binary:part(id(<<1, 2>>), 1, 2) end,
           fun() -> binary:copy(id(<<1>>), -1) end,
           fun() -> binary:encode_unsigned(id(-1)) end,
           fun() -> binary:decode_unsigned(id(<<1:3>>)) end,
           fun() -> binary:decode_unsigned(id(<<1>>), middle) end,
           fun() -> binary:list_to_bin(id(<<1>>)) end,
           fun() -> binary:longest_common_prefix(id([])) end,
           fun() -> binary:longest_common_prefix(id([a])) end,
           fun() -> binary:compile_pattern(id(<<>>)) end,
           fun() -> binary:compile_pattern(id([])) end,
           fun() -> binary:match(id(<<"abc">>), <<>>) end,
           fun() -> binary:match(id(<<"abc">>), <<"a">>, [{scope, {2, 2}}]) end,
           fun() -> binary:matches(id(<<"abc">>), <<"a">>, [bad]) end,
           fun() -> binary:split(id(<<"abc">>), <<"a">>, [bad]) end,
           fun() -> binary:split(id(abc), <<"a">>) end],
    [erlang:display(catch_it(F)) || F <- Bad],
    ok.

catch_it(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.
