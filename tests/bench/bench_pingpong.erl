%% Benchmark: ping-pong between two processes: the main process sends a
%% counter to a partner, which sends it back incremented, M times; the
%% partner then reports how many messages it saw. Argument: M. Prints
%% {pingpong, M, final counter, partner's count}.
-module(bench_pingpong).
-export([main/1]).

main([Arg]) ->
    M = list_to_integer(Arg),
    Self = self(),
    Pong = spawn(fun() -> pong(Self, 0) end),
    V = ping(Pong, M, 0),
    Pong ! stop,
    receive {pong_count, C} -> erlang:display({pingpong, M, V, C}) end.

ping(_, 0, V) -> V;
ping(Pong, K, V) ->
    Pong ! {ping, V},
    receive {pong, V1} -> ping(Pong, K - 1, V1) end.

pong(Parent, Count) ->
    receive
        {ping, V} -> Parent ! {pong, V + 1}, pong(Parent, Count + 1);
        stop -> Parent ! {pong_count, Count}
    end.
