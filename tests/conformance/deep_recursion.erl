%% Non-tail recursion 100,000 calls deep: the stack must grow far beyond its
%% first size (and the collector must scan all of it).
-module(deep_recursion).
-export([main/1]).

-define(DEPTH, 100000).

main(_) ->
    erlang:display(count(?DEPTH)),
    L = seq(1, ?DEPTH),
    erlang:display(len(L)),
    erlang:display(sum(L)),
    D = double(L),
    erlang:display(sum(D)),
    erlang:display(nest(?DEPTH) =:= nest(?DEPTH)),
    erlang:display(depth(nest(?DEPTH))).

%% 1 + 1 + ... on the way back up.
count(0) -> 0;
count(N) -> 1 + count(N - 1).

seq(I, N) when I > N -> [];
seq(I, N) -> [I | seq(I + 1, N)].

len([]) -> 0;
len([_ | T]) -> 1 + len(T).

sum([]) -> 0;
sum([H | T]) -> H + sum(T).

double([]) -> [];
double([H | T]) -> [2 * H | double(T)].

%% {{{...{}...}}} nested N deep, and back.
nest(0) -> {};
nest(N) -> {nest(N - 1)}.

depth({}) -> 0;
depth({X}) -> 1 + depth(X).
