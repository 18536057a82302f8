%% Benchmark: quicksort on lists of pseudo-random integers (a linear
%% congruential generator, the same on every VM). Argument: the list
%% length N; the list is sorted 10 times, each a new list. Prints
%% {qsort, N, checksum} over every sorted list, and whether each was sorted.
-module(bench_qsort).
-export([main/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    erlang:display({qsort, N, rounds(10, N, 12345, 0, true)}).

rounds(0, _, _, Acc, Ok) -> {Acc, Ok};
rounds(K, N, Seed, Acc, Ok) ->
    {L, Seed1} = gen(N, Seed, []),
    S = qsort(L),
    rounds(K - 1, N, Seed1, checksum(S, Acc), Ok andalso sorted(S)).

gen(0, Seed, Acc) -> {Acc, Seed};
gen(N, Seed, Acc) ->
    S = (Seed * 1103515245 + 12345) band 16#7fffffff,
    gen(N - 1, S, [S bsr 8 | Acc]).

qsort([]) -> [];
qsort([P | T]) ->
    {Lo, Hi} = part(P, T, [], []),
    qsort(Lo) ++ [P | qsort(Hi)].

part(_, [], Lo, Hi) -> {Lo, Hi};
part(P, [X | T], Lo, Hi) when X < P -> part(P, T, [X | Lo], Hi);
part(P, [X | T], Lo, Hi) -> part(P, T, Lo, [X | Hi]).

checksum([], Acc) -> Acc;
checksum([X | T], Acc) -> checksum(T, (Acc * 7 + X) rem 1000000007).

sorted([A, B | T]) when A =< B -> sorted([B | T]);
sorted([_, _ | _]) -> false;
sorted(_) -> true.
