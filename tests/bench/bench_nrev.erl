%% Benchmark: naive reverse (quadratic append) of a 30-element list,
%% repeated. List allocation and short-lived garbage. Argument: repetitions
%% R. Each round reverses a list rotated by the round number; prints
%% {nrev, R, checksum} where the checksum folds every reversed list.
-module(bench_nrev).
-export([main/1]).

main([Arg]) ->
    R = list_to_integer(Arg),
    erlang:display({nrev, R, loop(R, lists:seq(1, 30), 0)}).

loop(0, _, Acc) -> Acc;
loop(I, L, Acc) ->
    [H | T] = nrev(L),
    Acc1 = (Acc * 31 + H * I + length(T)) rem 1000000007,
    loop(I - 1, tl(L) ++ [hd(L)], Acc1).

nrev([]) -> [];
nrev([H | T]) -> app(nrev(T), [H]).

app([], L) -> L;
app([H | T], L) -> [H | app(T, L)].
