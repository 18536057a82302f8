%% Benchmark: a ring of N processes (the main process and N - 1 spawned
%% ones) passing a token around M times: N * M messages, each hop adds one
%% to the token. Arguments: "N" "M". Prints {ring, N, M, final token},
%% which is N * M when every hop happened.
-module(bench_ring).
-export([main/1]).

main([NArg, MArg]) ->
    N = list_to_integer(NArg),
    M = list_to_integer(MArg),
    First = ring(N - 1, self()),
    First ! {token, 1, N * M - 1},
    erlang:display({ring, N, M, relay(First)}).

%% The first process spawned sends to the main process; the main process
%% sends to the last one spawned, which closes the ring.
ring(0, Next) -> Next;
ring(K, Next) -> ring(K - 1, spawn(fun() -> node_loop(Next) end)).

%% {token, V, Left}: the token has made V hops, Left are still to go.
%% Whoever receives it with none left starts {done, V} around the ring,
%% which stops every process it passes.
node_loop(Next) ->
    receive
        {token, V, 0} -> Next ! {done, V};
        {token, V, Left} -> Next ! {token, V + 1, Left - 1}, node_loop(Next);
        {done, _} = Done -> Next ! Done
    end.

relay(First) ->
    receive
        {token, V, 0} ->
            First ! {done, V},
            receive {done, V} -> V end;
        {token, V, Left} ->
            First ! {token, V + 1, Left - 1},
            relay(First);
        {done, V} = Done ->
            First ! Done,
            V
    end.
