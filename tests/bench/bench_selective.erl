%% Benchmark: selective receive past a long message queue. The main process
%% puts L unrelated messages in its own queue, then M times sends itself a
%% tagged message and receives it by tag, which scans past the L others
%% each time (a plain tag, so OTP's receive-marker optimisation for refs
%% does not apply). Finally it drains the queue. Arguments: "L" "M".
%% Prints {selective, L, M, sum of the tagged values, drained messages}.
-module(bench_selective).
-export([main/1]).

main([LArg, MArg]) ->
    L = list_to_integer(LArg),
    M = list_to_integer(MArg),
    fill(L),
    Sum = pick(M, 0),
    Drained = drain(0),
    erlang:display({selective, L, M, Sum, Drained}).

fill(0) -> ok;
fill(I) -> self() ! {noise, I}, fill(I - 1).

pick(0, Sum) -> Sum;
pick(K, Sum) ->
    self() ! {tagged, K},
    receive {tagged, V} -> pick(K - 1, Sum + V) end.

drain(N) ->
    receive {noise, _} -> drain(N + 1)
    after 0 -> N
    end.
