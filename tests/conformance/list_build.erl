%% Builds a list of 1,000,000 integers, reverses it and sums it with our own
%% recursive function: heap growth (and garbage collection) under a long
%% live list, lists:reverse/1, tail-recursive loops.
-module(list_build).
-export([main/1]).

-define(N, 1000000).

main(_) ->
    L = build(?N, []),
    erlang:display(length(L)),
    erlang:display(hd(L)),
    R = lists:reverse(L),
    erlang:display(hd(R)),
    erlang:display(sum(R, 0)),
    %% The same list built non-tail-recursively from the other end.
    erlang:display(sum(up(1, 1000), 0)),
    erlang:display(last(R)).

%% [1, 2, ..., N] built back to front.
build(0, Acc) -> Acc;
build(N, Acc) -> build(N - 1, [N | Acc]).

up(I, N) when I > N -> [];
up(I, N) -> [I | up(I + 1, N)].

sum([], Acc) -> Acc;
sum([H | T], Acc) -> sum(T, Acc + H).

last([X]) -> X;
last([_ | T]) -> last(T).
