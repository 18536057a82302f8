%% otp26: bs_match update_record
%% Edge cases of OTP 26+'s bs_match and update_record: bitstrings that do
%% not start on a byte boundary, large (off-heap) binaries and sub-binaries
%% of them, zero-sized segments, integers of more than 64 bits in both byte
%% orders, literal strings that fail after other segments matched, and
%% record updates with big, float and literal values.
-module(otp26_bs_edge).
-export([main/1]).

-record(s, {name, size = 0, data = <<>>, meta = []}).

main(_) ->
    Big = id(list_to_binary(lists:seq(0, 255) ++ lists:seq(0, 255))),
    [show(parse(B)) || B <- id([<<1:1, 16#abcd:16, 7:8>>,
                                <<0:3, 1, 2, 3, 4>>,
                                <<5:5, "xyz">>])],
    show(big_segments(Big)),
    show(big_segments(binary:part(Big, 3, 300))),
    show(unaligned(id(<<1:1, Big/binary>>))),
    show(zero(id(<<>>), id(0))),
    show(zero(id(<<1, 2>>), id(0))),
    show(zero(id(<<1, 2>>), id(1))),
    [show(wide(B)) || B <- id([<<16#0102030405060708090a0b0c0d0e0f10:128>>,
                               <<-2:128/signed>>,
                               <<-2:128/little-signed>>,
                               <<1:100, 0:4>>,
                               <<(1 bsl 99):100/little, 0:4>>])],
    [show(proto(B)) || B <- id([<<"HTTP/1.1 200 OK">>, <<"HTTP/1.0 404 Nope">>,
                                <<"HTTP/2 200 OK">>, <<"HTTQ/1.1 200 OK">>,
                                <<"HTTP/1.1 2xx OK">>, <<"HTTP/1.1 200">>])],
    show(chunks(Big, 0, [])),
    show(lit()),
    S = id(#s{name = <<"n">>}),
    show(S#s{size = 1 bsl 70}),
    show(S#s{size = -(1 bsl 65), data = id(Big)}#s.size),
    show(byte_size((S#s{data = binary:part(Big, 10, 100)})#s.data)),
    show(S#s{meta = [{a, 1}, {b, [1, 2]}], name = 2.5e-10}),
    show(grow(S, 20)),
    ok.

show(T) -> erlang:display(T).

parse(<<1:1, X:16, Y:8>>) -> {one, X, Y};
parse(<<0:3, A, Rest/binary>>) -> {three, A, Rest};
parse(<<N:5, S:3/binary>>) -> {five, N, S};
parse(_) -> no.

big_segments(<<A:100/binary, B:200/binary, C:8, Rest/binary>>) ->
    {byte_size(A), binary:last(A), byte_size(B), binary:first(B), C, byte_size(Rest)};
big_segments(_) -> short.

unaligned(<<1:1, A:8, B:70/binary, C:64/little, R/bitstring>>) ->
    {A, binary:first(B), binary:last(B), C, bit_size(R)};
unaligned(_) -> no.

zero(<<X:0, B:0/binary, Rest/binary>>, 0) -> {X, B, Rest};
zero(<<X:8, Y:0/binary, _/binary>>, 1) -> {X, Y};
zero(_, _) -> no.

wide(<<X:128/signed>>) when X < 0 -> {neg, X};
wide(<<X:128>>) when X > 1 bsl 120 -> {big, X};
wide(<<X:128/little-signed>>) -> {little, X};
wide(<<X:100, 0:4>>) when X =:= 1 -> {one, X};
wide(<<X:100/little, _:4>>) -> {little100, X}.

proto(<<"HTTP/1.", V, " ", S:3/binary, " ", Msg/binary>>) -> {http1, V - $0, S, Msg};
proto(<<"HTTP/", V, " ", S:3/binary, _/binary>>) -> {http, V - $0, S};
proto(_) -> bad.

chunks(<<C:100/binary, R/binary>>, N, Acc) -> chunks(R, N + 1, [binary:first(C) | Acc]);
chunks(R, N, Acc) -> {N, byte_size(R), lists:reverse(Acc)}.

lit() ->
    case id(<<"literal binary matched with bs_match">>) of
        <<"literal ", Kind:6/binary, " ", Rest/binary>> -> {Kind, Rest};
        _ -> no
    end.

grow(S, 0) -> S;
grow(#s{size = N, data = D} = S, K) ->
    grow(S#s{size = N + K, data = <<D/binary, K>>}, K - 1).

id(X) -> X.
