%% Benchmark: list building in rounds, the garbage collector's churn. Each
%% round builds a 655,360-element list (10 MB of cons cells), sums it and
%% drops it. Argument: rounds R (100 rounds build 1 GB in all). Prints
%% {lists, R, checksum}.
-module(bench_lists).
-export([main/1]).

main([Arg]) ->
    R = list_to_integer(Arg),
    erlang:display({lists, R, rounds(R, 0)}).

rounds(0, Acc) -> Acc;
rounds(N, Acc) ->
    L = build(655360, N, []),
    rounds(N - 1, (Acc + sum(L, 0)) rem 1000000007).

build(0, _, L) -> L;
build(K, N, L) -> build(K - 1, N, [K + N | L]).

sum([], S) -> S;
sum([H | T], S) -> sum(T, S + H).
