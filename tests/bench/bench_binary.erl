%% Benchmark: building a binary by appending records, then parsing it back
%% with bit syntax. Each record is <<Kind:3, Flags:5, Id:32, Len:8,
%% Payload:Len/binary, Value:64/float>>: bit fields, a big-endian integer,
%% a variable-length sub-binary and a float. The binary is built and parsed
%% 5 times. Argument: records a round N. Prints {binary, N, byte size,
%% checksum over every parsed field}.
-module(bench_binary).
-export([main/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    erlang:display({binary, N, rounds(5, N, 0, 0)}).

rounds(0, _, Size, Acc) -> {Size, Acc};
rounds(K, N, _, Acc) ->
    Bin = build(0, N, K, <<>>),
    rounds(K - 1, N, byte_size(Bin), parse(Bin, Acc)).

build(N, N, _, Acc) -> Acc;
build(I, N, K, Acc) ->
    Len = (I * 7 + K) rem 23,
    Payload = payload(Len, I, <<>>),
    Value = I / 8 + K,
    build(I + 1, N, K, <<Acc/binary, (I rem 8):3, (I band 31):5,
                         (I * 2654435761 band 16#ffffffff):32, Len:8,
                         Payload/binary, Value:64/float>>).

payload(0, _, Acc) -> Acc;
payload(Len, I, Acc) -> payload(Len - 1, I, <<Acc/binary, (I + Len):8>>).

parse(<<>>, Acc) -> Acc;
parse(<<Kind:3, Flags:5, Id:32, Len:8, Payload:Len/binary,
        Value:64/float, Rest/binary>>, Acc) ->
    Acc1 = (Acc * 31 + Kind * 64 + Flags + Id + sum(Payload, 0)
            + trunc(Value * 8)) rem 1000000007,
    parse(Rest, Acc1).

sum(<<>>, S) -> S;
sum(<<B:8, Rest/binary>>, S) -> sum(Rest, S + B).
