%% Naive doubly recursive Fibonacci: many non-tail calls and returns,
%% integer comparison and addition.
-module(fib).
-export([main/1]).

main(_) ->
    erlang:display(fib(25)),
    erlang:display([fib(N) || N <- [0, 1, 2, 10, 20]]).

fib(0) -> 0;
fib(1) -> 1;
fib(N) when N > 1 -> fib(N - 1) + fib(N - 2).
