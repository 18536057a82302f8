%% Benchmark: N idle processes. Spawns N processes that each wait for a
%% message, then messages all of them and collects their replies: the
%% issue's million-process program (issue 4, point 6). Argument: N. Prints
%% {million, N, replies}. Per-process memory is process_info(P, memory).
-module(bench_million).
-export([main/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    Pids = spawn_all(N, []),
    Self = self(),
    [P ! {Self, ping} || P <- Pids],
    erlang:display({million, N, collect(N, 0)}).

spawn_all(0, Acc) -> Acc;
spawn_all(N, Acc) ->
    spawn_all(N - 1, [spawn(fun() -> receive {From, ping} -> From ! pong end end) | Acc]).

collect(0, Count) -> Count;
collect(N, Count) -> receive pong -> collect(N - 1, Count + 1) end.
