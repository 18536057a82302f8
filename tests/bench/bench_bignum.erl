%% Benchmark: bignum arithmetic. Computes N! by a running product (a growing
%% bignum times a small integer), then multiplies bignums of about equal
%% size: the product of (N-K)! for a few K, and squares. Argument: N.
%% Prints {bignum, N, residues of the results modulo two primes, and the
%% number of bits of N!}.
-module(bench_bignum).
-export([main/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    F = fact(N, 1),
    G = fact(N - 7, 1),
    P = F * G,
    Sq = P * P,
    M = mul_chain([F, G, P, F + 1, G - 1], 1),
    Res = [X rem Prime || X <- [F, G, P, Sq, M],
                          Prime <- [1000000007, 998244353]],
    erlang:display({bignum, N, Res, bits(F, 0)}).

fact(0, Acc) -> Acc;
fact(K, Acc) -> fact(K - 1, Acc * K).

mul_chain([], Acc) -> Acc;
mul_chain([X | T], Acc) -> mul_chain(T, Acc * X).

bits(0, B) -> B;
bits(X, B) when X >= 1 bsl 1024 -> bits(X bsr 1024, B + 1024);
bits(X, B) -> bits(X bsr 1, B + 1).
