%% The erlang module's binary BIFs: binary_to_list/1,3, list_to_binary,
%% iolist_to_binary, iolist_size, bitstring_to_list, list_to_bitstring,
%% binary_part/2,3 (in guards too), split_binary, iolist_to_iovec, on heap
%% binaries, refc binaries (>64 bytes), sub binaries and bitstrings, with
%% the badarg cases.
-module(binary_bifs).
-export([main/1]).

id(X) -> X.

big() -> list_to_binary(lists:seq(0, 199)).

main(_) ->
    Big = big(),
    <<_:3, Odd:800/bits, _/bits>> = Big,
    <<_:8, Sub:150/binary, _/binary>> = Big,
    erlang:display(binary_to_list(id(<<1, 2, 3>>))),
    erlang:display(length(binary_to_list(Big))),
    erlang:display(lists:sum(binary_to_list(Sub))),
    erlang:display(binary_to_list(Sub, 1, 5)),
    erlang:display(binary_to_list(Big, 196, 200)),
    erlang:display(lists:sublist(binary_to_list(Odd), 5)),
    erlang:display(list_to_binary(id([1, [2, <<3, 4>>], [], [[5]] | <<6>>]))),
    erlang:display(byte_size(list_to_binary([Big, Sub, Odd, "abc"]))),
    erlang:display(iolist_to_binary(id(<<"already">>))),
    erlang:display(iolist_to_binary(id(["a", $b, [<<"c">> | <<"d">>]]))),
    erlang:display(iolist_size(id([Big, [Sub | <<"x">>], 1, [2, [3]]]))),
    erlang:display(iolist_size(Sub)),
    erlang:display(bitstring_to_list(id(<<1, 2, 3:3>>))),
    erlang:display(bitstring_to_list(id(<<>>))),
    erlang:display(list_to_bitstring(id([<<1:3>>, 2, [<<3:5>>] | <<1:1>>]))),
    erlang:display(binary_part(Big, 10, 3)),
    erlang:display(binary_part(Big, {200, -4})),
    erlang:display(binary_part(Sub, {0, 0})),
    erlang:display(byte_size(binary_part(Big, 100, 100))),
    erlang:display(guard_part(id(<<"hello">>))),
    erlang:display(guard_part(id(<<"he">>))),
    {A, B} = split_binary(Big, 198),
    erlang:display({byte_size(A), B}),
    erlang:display(split_binary(id(<<1, 2, 3>>), 0)),
    erlang:display(split_binary(id(<<1, 2, 3>>), 3)),
    erlang:display(erlang:iolist_to_iovec(id([1, 2, <<3>>, ["abc"]]))),
    erlang:display(erlang:iolist_to_iovec(id([[], <<>>]))),
    erlang:display(erlang:iolist_to_iovec(id(<<"x">>))),
    Bad = [fun() -> binary_to_list(id(<<1:3>>)) end,
           fun() -> binary_to_list(id(<<1, 2>>), 0, 1) end,
           fun() -> binary_to_list(id(<<1, 2>>), 2, 3) end,
           fun() -> binary_to_list(id(<<1, 2>>), 2, 1) end,
           fun() -> list_to_binary(id([256])) end,
           fun() -> list_to_binary(id([1 | 2])) end,
           fun() -> list_to_binary(id(<<1>>)) end,
           fun() -> list_to_binary(id([<<1:3>>])) end,
           fun() -> iolist_to_binary(id(atom)) end,
           fun() -> iolist_to_binary(id([-1])) end,
           fun() -> iolist_size(id([a])) end,
           fun() -> bitstring_to_list(id(a)) end,
           fun() -> list_to_bitstring(id([a])) end,
           fun() -> binary_part(id(<<1, 2, 3>>), 2, 2) end,
           fun() -> binary_part(id(<<1, 2, 3>>), {-1, 1}) end,
           fun() -> binary_part(id(<<1, 2, 3>>), {1, -2}) end,
           fun() -> binary_part(id(<<1:3>>), 0, 0) end,
           fun() -> split_binary(id(<<1, 2>>), 3) end,
           fun() -> split_binary(id(<<1, 2>>), -1) end,
           fun() -> split_binary(id(a), 0) end],
    [erlang:display(catch_it(F)) || F <- Bad],
    ok.

guard_part(B) when binary_part(B, 0, 3) =:= <<"hel">> -> hel;
guard_part(_) -> other.

catch_it(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.
