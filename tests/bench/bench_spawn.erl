%% Benchmark: spawn N processes, each of which computes a small value from
%% its index and sends it to the main process; then collect all N replies.
%% Process creation, first scheduling, exit, and a long message queue at
%% the collector. Argument: N. Prints {spawn, N, replies, sum of values}.
-module(bench_spawn).
-export([main/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    Self = self(),
    spawn_all(N, Self),
    {Count, Sum} = collect(N, 0, 0),
    erlang:display({spawn, N, Count, Sum}).

spawn_all(0, _) -> ok;
spawn_all(I, Parent) ->
    spawn(fun() -> Parent ! {value, (I * I) rem 1009 + I} end),
    spawn_all(I - 1, Parent).

collect(0, Count, Sum) -> {Count, Sum};
collect(K, Count, Sum) ->
    receive {value, V} -> collect(K - 1, Count + 1, Sum + V) end.
