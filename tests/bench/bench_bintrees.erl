%% Benchmark: binary trees (the benchmarks-game program), which churns the
%% garbage collector: a long-lived tree of depth D stays alive while many
%% short-lived trees of depths 4, 6, ..., D are built and walked. Argument:
%% D. Prints {bintrees, D, the node counts of every phase}.
-module(bench_bintrees).
-export([main/1]).

-define(MIN_DEPTH, 4).

main([Arg]) ->
    D = max(?MIN_DEPTH + 2, list_to_integer(Arg)),
    Stretch = check(make(D + 1)),
    Long = make(D),
    Phases = phases(?MIN_DEPTH, D, []),
    erlang:display({bintrees, D, Stretch, Phases, check(Long)}).

phases(Depth, Max, Acc) when Depth > Max -> lists:reverse(Acc);
phases(Depth, Max, Acc) ->
    Iters = 1 bsl (Max - Depth + ?MIN_DEPTH),
    phases(Depth + 2, Max, [{Iters, Depth, sum(Iters, Depth, 0)} | Acc]).

sum(0, _, S) -> S;
sum(I, Depth, S) -> sum(I - 1, Depth, S + check(make(Depth))).

make(0) -> {nil, nil};
make(D) -> {make(D - 1), make(D - 1)}.

check({nil, nil}) -> 1;
check({L, R}) -> 1 + check(L) + check(R).
