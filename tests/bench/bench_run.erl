%% Timing wrapper for the benchmark programs (tools/bench runs it on both
%% girder and erl): bench_run:main([Module | Args]) loads Module, calls
%% Module:main(Args) between two readings of the monotonic clock, and then
%% prints {bench_time_us, Microseconds} as the last line of stdout. The
%% time so covers the program and not the VM's start, which on erl takes
%% much longer than on girder.
-module(bench_run).
-export([main/1]).

main([Name | Args]) ->
    Mod = list_to_atom(Name),
    {module, Mod} = code:ensure_loaded(Mod),
    T0 = erlang:monotonic_time(microsecond),
    Mod:main(Args),
    T1 = erlang:monotonic_time(microsecond),
    erlang:display({bench_time_us, T1 - T0}).
