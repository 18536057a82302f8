%% Benchmark: the Takeuchi function, repeated. Deep non-tail recursion with
%% three arguments. Argument: repetitions R. Each round computes
%% tak(18 + I rem 3, 12, 6); prints {tak, R, Sum of the results}.
-module(bench_tak).
-export([main/1]).

main([Arg]) ->
    R = list_to_integer(Arg),
    erlang:display({tak, R, loop(R, 0)}).

loop(0, Acc) -> Acc;
loop(I, Acc) -> loop(I - 1, Acc + tak(18 + I rem 3, 12, 6)).

tak(X, Y, Z) when Y < X ->
    tak(tak(X - 1, Y, Z), tak(Y - 1, Z, X), tak(Z - 1, X, Y));
tak(_, _, Z) ->
    Z.
