%% Bit syntax construction (bs_create_bin, OTP 25's form): integer, float,
%% binary, utf8/16/32 and string segments; big/little/native, signed,
%% units, sizes from variables, `all`, appends, bitstrings that are not
%% whole bytes, binaries above 64 bytes (refc) and sub binaries of them,
%% and the errors (badarg/system_limit with error_info causes).
-module(bits_construct).
-export([main/1]).

id(X) -> X.

big() -> list_to_binary(lists:seq(1, 100)).

main(_) ->
    X = id(16#ABC), N = id(-5), B = id(<<1, 2, 3>>), F = id(1.5),
    erlang:display(<<X:8, X:16, X:16/little, X:12, X:12/little, X:3>>),
    erlang:display(<<N:8, N:16/signed, N:16/little-signed, N:7, N:13/little>>),
    erlang:display(<<X:32/native, X:64, X:64/little, (id(1 bsl 63)):64>>),
    erlang:display(<<(id(1 bsl 70 + 5)):80, (id(-(1 bsl 70) - 3)):80/little>>),
    erlang:display(<<(id(1 bsl 70 + 5)):75, (id(-1)):70/little, (id(-2)):67>>),
    erlang:display(<<(id(123456789012345678901234567890)):100/little>>),
    erlang:display(<<X:(id(4))/unit:8, X:(id(3))/unit:3>>),
    erlang:display(<<F/float, F:32/float, F:16/float, F:64/float-little, F:32/float-little>>),
    erlang:display(<<(id(3)):64/float, (id(-2)):32/float, (id(1 bsl 80)):64/float>>),
    erlang:display(<<(id(1.0e300)):32/float, (id(1.0e10)):16/float, (id(-0.0))/float>>),
    erlang:display(<<(id(6.0e-8)):16/float, (id(65504.0)):16/float, (id(0.1)):16/float>>),
    erlang:display(<<B/binary, B:2/binary, B/bits, "str", X:4>>),
    erlang:display(<<(id(<<5:3>>))/bits, B/binary, (id(<<1:1>>))/bitstring>>),
    erlang:display(<<(id($a))/utf8, (id(16#E9))/utf8, (id(16#20AC))/utf8, (id(16#1F600))/utf8>>),
    erlang:display(<<(id($a))/utf16, (id(16#1F600))/utf16, (id(16#E9))/utf16-little,
                     (id(16#1F600))/utf16-little>>),
    erlang:display(<<(id($a))/utf32, (id(16#1F600))/utf32-little>>),
    erlang:display(<<1:1, (id(16#20AC))/utf8, 2:2>>),
    erlang:display(<<>>),
    erlang:display(<<(id(<<>>))/binary, (id(0)):0>>),
    Big = big(),
    BB = <<Big/binary, Big/binary, X:8>>,
    erlang:display({byte_size(BB), binary:last(BB), binary_part(BB, 98, 4)}),
    <<_:10/binary, Sub:70/binary, _/binary>> = BB,
    erlang:display(<<Sub/binary, 0>>),
    erlang:display(<<1:3, Sub/binary, 1:5>>),
    <<_:3, Odd:500/bits, _/bits>> = BB,
    erlang:display(<<Odd/bits, 7:3>>),
    erlang:display(appends(id([1, 2, 3, 300, 4]), <<>>)),
    erlang:display(byte_size(appends(lists:seq(1, 500), <<"start">>))),
    erlang:display(bits_append(id([1, 0, 1, 1, 0, 1, 1, 1, 1]), <<>>)),
    erlang:display(<< <<C:8>> || C <- id("comprehension") >>),
    erlang:display(<< <<C:4>> || <<C:4>> <= id(<<16#12, 16#34, 16#5>>) >>),
    erlang:display(size_in_guard(id(<<1, 2>>))),
    erlang:display(size_in_guard(id(7))),
    erlang:display(guard_build(id(3))),
    erlang:display(guard_build(id(a))),
    errors(),
    ok.

appends([H | T], Acc) -> appends(T, <<Acc/binary, H:16>>);
appends([], Acc) -> Acc.

bits_append([H | T], Acc) -> bits_append(T, <<Acc/bits, H:1>>);
bits_append([], Acc) -> Acc.

size_in_guard(B) when byte_size(<<B/binary, 1>>) > 2 -> big;
size_in_guard(_) -> small.

guard_build(X) when <<X:8>> =:= <<3>> -> three;
guard_build(_) -> other.

errors() ->
    Cases = [fun() -> <<(id(a)):8>> end,
             fun() -> <<(id(1.5)):8>> end,
             fun() -> <<(id(1)):8, (id(<<1:3>>))/binary>> end,
             fun() -> <<(id(1)):(id(-1))>> end,
             fun() -> <<(id(1)):(id(a))>> end,
             fun() -> <<(id(a)):(id(a))>> end,
             fun() -> <<(id(a))/float>> end,
             fun() -> <<(id(1.0)):(id(24))/float>> end,
             fun() -> <<(id(1 bsl 1100)):(id(64))/float>> end,
             fun() -> <<(id(-1))/utf8>> end,
             fun() -> <<(id(16#D800))/utf16>> end,
             fun() -> <<(id(16#110000))/utf32>> end,
             fun() -> <<(id(a))/utf8>> end,
             fun() -> <<(id(<<1, 2>>)):3/binary>> end,
             fun() -> <<(id(<<1, 2>>)):(id(a))/binary>> end,
             fun() -> <<(id(a))/binary>> end,
             fun() -> <<(id(big()))/binary, (id(a))/binary>> end,
             fun() -> B = id(<<1:3>>), <<B/binary, 1:8>> end,
             fun() -> B = id(a), <<B/bits, 1:8>> end,
             fun() -> <<(id(1)):(id(1 bsl 59))/unit:8>> end,
             fun() -> <<(id(1)):(id(1 bsl 70))>> end,
             fun() -> <<(id(1)):8, (id(2)):16, (id(a)):8>> end],
    [erlang:display(catch_it(C)) || C <- Cases],
    ok.

catch_it(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R:St ->
            [{_, _, _, Loc} | _] = St,
            {C, R, lists:keyfind(error_info, 1, Loc)}
    end.
