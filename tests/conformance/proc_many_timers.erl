%% Message timers started and cancelled (each cancel finds its timer by
%% reference), then one that fires.  The suite runs 100,000 (a million:
%% `girder proc_many_timers 1000000`).
%% args: 100000
-module(proc_many_timers).
-export([main/1]).
main([Arg]) ->
    N = list_to_integer(Arg),
    T0 = erlang:monotonic_time(millisecond),
    Refs = [erlang:send_after(100000 + I, self(), {t, I}) || I <- lists:seq(1, N)],
    T1 = erlang:monotonic_time(millisecond),
    Left = [erlang:cancel_timer(R) || R <- Refs],
    T2 = erlang:monotonic_time(millisecond),
    _ = {T1 - T0, T2 - T1}, % times vary: not printed
    erlang:display({started, N, cancelled, length([L || L <- Left, is_integer(L) andalso L > 90000])}),
    R1 = erlang:send_after(10, self(), hello),
    erlang:display(receive hello -> got after 1000 -> none end),
    erlang:display(erlang:read_timer(R1)).
