%% million_phases: the million-process program of issue 4 with its phases
%% timed (tests/bench/bench_million.erl is the same work without times, so
%% its output can be compared with erl's).  Spawns N processes that each
%% wait for a message, prints how long that took and process_info(P,
%% memory) of one of them, then messages all of them and prints how long
%% the replies took.  Run it on both VMs:
%%   erlc -o /tmp tools/million_phases.erl
%%   build/girder -pa /tmp million_phases 1000000
%%   erl +P 2000000 -noshell -pa /tmp -eval 'million_phases:main(["1000000"]), init:stop().'
-module(million_phases).
-export([main/1]).

main([NS]) ->
    N = list_to_integer(NS),
    T0 = erlang:monotonic_time(millisecond),
    Pids = spawn_all(N, []),
    T1 = erlang:monotonic_time(millisecond),
    {memory, M} = process_info(hd(Pids), memory),
    erlang:display({spawned, N, ms, T1 - T0, per_process_bytes, M}),
    Self = self(),
    [P ! {Self, ping} || P <- Pids],
    collect(N),
    T2 = erlang:monotonic_time(millisecond),
    erlang:display({all_replied, ms, T2 - T1}).

spawn_all(0, Acc) -> Acc;
spawn_all(N, Acc) -> spawn_all(N - 1, [spawn(fun() -> receive {From, ping} -> From ! pong end end) | Acc]).

collect(0) -> ok;
collect(N) -> receive pong -> collect(N - 1) end.
