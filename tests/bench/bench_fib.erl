%% Benchmark: naive doubly recursive Fibonacci. Body calls and returns,
%% small-integer compare and add. Argument: N. Prints {fib, N, fib(N)}.
-module(bench_fib).
-export([main/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    erlang:display({fib, N, fib(N)}).

fib(N) when N < 2 -> N;
fib(N) -> fib(N - 1) + fib(N - 2).
