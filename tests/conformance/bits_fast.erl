%% Edges of the bit syntax's fast paths (vm/bits_build.c fast_sizes and
%% fast_write, bs_get_integer2 at any bit offset, 32/64-bit fields):
%% bitstrings of odd sizes, fields at every bit offset, signed and
%% unsigned, big and little endian, appends to a binary that another term
%% also extends, appends in a loop (private_append), floats at odd
%% offsets, bignum segments, and the errors the general code raises.
-module(bits_fast).
-export([main/1]).

main(_) ->
    odd_sizes(),
    offsets(),
    appends(),
    floats(),
    bigs(),
    errors(),
    ok.

show(Tag, V) -> io:format("~p: ~p~n", [Tag, V]).

%% An exception as {Class, Reason}.
-define(E(X), err(fun() -> X end)).

err(F) -> try F() catch C:R -> {C, R} end.

odd_sizes() ->
    B3 = <<5:3>>,
    B13 = <<B3/bitstring, 300:10>>,
    show(odd, [B3, B13, bit_size(B13), <<B13/bitstring, B13/bitstring>>,
               <<1:1, 0:1, 1:1, 255:8, 7:3>>, <<>>, <<0:0, 1:0>>,
               <<(id(<<1:1>>))/bitstring, (id(<<>>))/bitstring, 2:2>>]),
    show(odd_loop, build_bits(17, <<>>)).

build_bits(0, Acc) -> Acc;
build_bits(N, Acc) -> build_bits(N - 1, <<Acc/bitstring, (N rem 2):1>>).

%% Read fields of every width 1..60 at every bit offset 0..7.
offsets() ->
    Src = << <<(X * 37 + 11):8>> || X <- lists:seq(1, 24) >>,
    R = [begin
             <<_:Off, U:W, _/bitstring>> = Src,
             <<_:Off, S:W/signed, _/bitstring>> = Src,
             <<_:Off, L:W/little, _/bitstring>> = Src,
             {Off, W, U, S, L}
         end || Off <- lists:seq(0, 7), W <- [1, 3, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33,
                                              48, 55, 56, 57, 60, 64]],
    show(offsets, erlang:phash2(R)),
    show(offsets_some, [X || {Off, W, _, _, _} = X <- R, Off =:= 3, W rem 8 =/= 0]),
    %% a field that ends exactly at the end, and one bit too many
    show(offsets_end, [case <<1:5, 22:7>> of <<_:5, V:7>> -> V end,
                       case <<1:5, 22:7>> of <<_:5, V:8>> -> V; _ -> nomatch end,
                       case <<1:5, 22:7>> of <<_:5, V:7/signed>> -> V end]),
    %% write integers at odd offsets, negative, wide
    show(offsets_write, [<<1:3, -1:13, 5:7/little, 65535:16, -2:64, 16#123456789:40>>,
                         <<(id(3)):2, (id(1000)):32, (id(-7)):32/little>>]).

appends() ->
    A = <<"abc">>,
    B1 = <<A/binary, 1>>,
    B2 = <<A/binary, 2>>,
    B3 = <<B1/binary, 3>>,
    B4 = <<B1/binary, 4, 5:4>>,
    B5 = <<B4/bitstring, 6:4>>,
    show(append_shared, [A, B1, B2, B3, B4, B5]),
    Big = payload(300, <<>>),
    Big1 = <<Big/binary, "x">>,
    Big2 = <<Big/binary, "y">>,
    show(append_big, [byte_size(Big), binary:last(Big1), binary:last(Big2),
                      binary:part(Big, 295, 5), erlang:phash2(Big)]),
    %% the accumulator sent to another process, then extended by both
    Self = self(),
    P = spawn(fun() -> receive {X} -> Self ! {self(), <<X/binary, "child">>} end end),
    P ! {Big},
    Mine = <<Big/binary, "parent">>,
    Theirs = receive {P, T} -> T end,
    show(append_procs, [binary:part(Mine, 300, 6), binary:part(Theirs, 300, 5),
                        binary:part(Big, 290, 10)]),
    show(append_loop, [records(5, <<>>)]),
    show(append_int, [ints(<<"a">>, [{-1, 8}, {-1, 16}, {300, 16}, {-5, 64}, {7, 0}, {1, 1},
                                     {1 bsl 40, 48}, {5, 3}, {255, 8}]),
                      ints_little(<<"b">>, [{1, 16}, {-2, 32}, {16#0102, 12}, {3, 8}]),
                      <<(id(<<1:3>>))/bitstring, (id(5)):8>>,
                      ?E(<<(id(<<1:3>>))/binary, (id(5)):8>>),
                      ?E(<<(id(<<"x">>))/binary, (id(a)):8>>),
                      ?E(<<(id(<<"x">>))/binary, (id(1)):(id(-8))>>)]).

ints(Acc, []) -> Acc;
ints(Acc, [{V, S} | T]) -> ints(<<Acc/bitstring, V:S>>, T).

ints_little(Acc, []) -> Acc;
ints_little(Acc, [{V, S} | T]) -> ints_little(<<Acc/bitstring, V:S/little>>, T).

payload(0, Acc) -> Acc;
payload(N, Acc) -> payload(N - 1, <<Acc/binary, (N rem 251):8>>).

records(0, Acc) -> Acc;
records(N, Acc) ->
    records(N - 1, <<Acc/binary, (N rem 8):3, N:5, (N * 1000):32, N:8, (id(<<"p">>))/binary,
                     (N / 4):64/float>>).

floats() ->
    F = <<1:1, 1.5:64/float, 2.25:32/float, -0.0:64/float, 3:64/float, 1.0e300:64/float,
          0.1:32/float-little, 7:7>>,
    <<_:1, A:64/float, B:32/float, C:64/float, D:64/float, E:64/float, G:32/float-little,
      H:7>> = F,
    show(floats, [F, A, B, C, D, E, G, H]),
    show(floats16, [<<1.5:16/float>>, <<0:3, 1.5:16/float, 0:5>>]),
    show(floats_nan, case <<16#7FF8000000000000:64>> of <<X:64/float>> -> X; _ -> nomatch end).

bigs() ->
    N = 1 bsl 100 + 12345,
    show(bigs, [<<N:128>>, <<N:101>>, <<(-N):128/signed>>, <<N:128/little>>,
                <<0:3, N:104, 0:1>>, <<(1 bsl 59):64>>, <<(1 bsl 60):64>>, <<(-(1 bsl 60)):64>>]),
    <<X:128>> = <<N:128>>,
    <<_:3, Y:104, _:1>> = <<0:3, N:104, 0:1>>,
    show(bigs_read, [X =:= N, Y =:= N]).

errors() ->
    show(err_int, ?E(<<(id(a)):8>>)),
    show(err_size, ?E(<<1:(id(-1))>>)),
    show(err_bin, ?E(<<(id(1))/binary>>)),
    show(err_unit, ?E(<<(id(<<1:3>>))/binary>>)),
    show(err_append_unit, ?E(append_unit(<<1:3>>))),
    show(err_float, ?E(<<(id(a)):64/float>>)),
    show(err_float_size, ?E(<<(id(1.0)):(id(24))/float>>)),
    show(err_float_big, ?E(<<(id(1 bsl 1100)):64/float>>)),
    show(err_utf8, ?E(<<(id(16#D800))/utf8>>)),
    show(ok_utf8, <<(id(16#10FFFF))/utf8, (id($a))/utf16, (id(1))/utf32>>).

append_unit(B) -> <<B/binary, 1>>.

id(X) -> X.
