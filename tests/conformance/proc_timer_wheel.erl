%% timeout: 120
%% Timers at the edges: far-future timers read back, timers with equal due
%% times firing in creation order, due times spread over wheel levels
%% firing in order, cancelling fired and cancelled timers, 0 ms and past
%% timers, timers aimed at names and at processes that die, the option
%% lists of the /2 and /4 forms, and receive timeouts that survive
%% wakeups by messages that do not match.
-module(proc_timer_wheel).
-export([main/1]).

main(_) ->
    far(),
    equal_due(),
    spread(),
    cancel(),
    zero_and_past(),
    destinations(),
    options(),
    receive_timeouts(),
    ok.

show(Tag, V) -> io:format("~p: ~p~n", [Tag, V]).

err(F) ->
    try F() of V -> {ok, V} catch C:R -> {C, R} end.

%% Far-future timers: read_timer and cancel_timer give back (nearly) what
%% was asked (the margins allow for a loaded machine).
far() ->
    Ts = [16#FFFFFFFF, 16#100000000, 1 bsl 36, 1 bsl 40, 16#FFFFFFFFFF],
    Rs = [{T, erlang:send_after(T, self(), far)} || T <- Ts],
    show(far_read, [T - erlang:read_timer(R) =< 5000 || {T, R} <- Rs]),
    show(far_cancel, [T - erlang:cancel_timer(R) =< 5000 || {T, R} <- Rs]),
    show(far_gone, [erlang:read_timer(R) || {_, R} <- Rs]),
    S = erlang:start_timer(16#FFFFFFFF, self(), far),
    show(far_start_timer, 16#FFFFFFFF - erlang:cancel_timer(S) =< 5000).

collect(0) -> [];
collect(N) -> receive {o, X} -> [X | collect(N - 1)] after 5000 -> [timeout] end.

%% Equal due times: creation order, also between send_after and start_timer.
equal_due() ->
    At = erlang:monotonic_time(millisecond) + 30,
    [erlang:send_after(At, self(), {o, I}, [{abs, true}]) || I <- lists:seq(1, 500)],
    show(equal_abs, collect(500) =:= lists:seq(1, 500)),
    [erlang:send_after(40, self(), {o, I}) || I <- lists:seq(1, 500)],
    show(equal_relative, collect(500) =:= lists:seq(1, 500)),
    At2 = erlang:monotonic_time(millisecond) + 30,
    Self = self(),
    Refs = [case I rem 2 of
                0 -> erlang:send_after(At2, Self, {o, I}, [{abs, true}]);
                1 -> erlang:start_timer(At2, Self, I, [{abs, true}])
            end || I <- lists:seq(1, 20)],
    Got = [receive {o, X} -> X; {timeout, R, X} -> {X, lists:member(R, Refs)} end
           || _ <- lists:seq(1, 20)],
    show(equal_mixed, Got).

%% Due times spread over a second (crossing the wheel's 256 ms slots),
%% created in a scrambled order: they fire in due order, and timers with
%% the same due time in creation order.
spread() ->
    Offsets = [0, 1, 2, 254, 255, 256, 257, 511, 512, 513, 767, 768, 1000, 1023, 1024, 1025],
    N = 1000,
    Keys = [{lists:nth(1 + (I * 7919) rem length(Offsets), Offsets) + (I * 31) rem 3, I}
            || I <- lists:seq(1, N)],
    %% far enough ahead that every timer starts before the first is due
    Base = erlang:monotonic_time(millisecond) + 1000,
    lists:foreach(fun({D, I}) -> erlang:send_after(Base + D, self(), {o, {D, I}}, [{abs, true}]) end, Keys),
    io:format(standard_error, "spread: started ~p ms before the first is due~n",
              [Base - erlang:monotonic_time(millisecond)]),
    Got = collect(N),
    show(spread_in_order, Got =:= lists:sort(Keys)),
    show(spread_count, length(Got)).

%% Cancelling and reading fired, cancelled and unknown timers.
cancel() ->
    R1 = erlang:send_after(10, self(), c1),
    receive c1 -> ok end,
    show(fired, {erlang:read_timer(R1), erlang:cancel_timer(R1)}),
    R2 = erlang:send_after(100000, self(), c2),
    Left = erlang:cancel_timer(R2),
    show(cancelled, {Left > 99000, erlang:cancel_timer(R2), erlang:read_timer(R2)}),
    show(unknown, {erlang:cancel_timer(make_ref()), erlang:read_timer(make_ref())}),
    R3 = erlang:start_timer(500, self(), c3),
    show(cancel_then_wait, {is_integer(erlang:cancel_timer(R3)),
                            receive {timeout, R3, c3} -> arrived after 600 -> none end}),
    %% Many timers cancelled in creation order and in reverse.
    Rs = [erlang:send_after(50000 + I, self(), x) || I <- lists:seq(1, 1000)],
    L1 = [erlang:cancel_timer(R) || R <- lists:reverse(Rs)],
    show(cancel_many, {length([L || L <- L1, is_integer(L)]),
                       [erlang:read_timer(R) || R <- lists:sublist(Rs, 3)]}),
    show(cancel_badarg, err(fun() -> erlang:cancel_timer(foo) end)),
    show(read_badarg, err(fun() -> erlang:read_timer({a, b}) end)).

%% 0 ms timers and absolute times in the past fire at once.
zero_and_past() ->
    R = erlang:send_after(0, self(), zero),
    show(zero, receive zero -> arrived after 1000 -> none end),
    show(zero_after, erlang:read_timer(R)),
    Past = erlang:monotonic_time(millisecond) - 1000,
    erlang:send_after(Past, self(), past, [{abs, true}]),
    show(past, receive past -> arrived after 1000 -> none end),
    erlang:start_timer(0, self(), st0),
    show(zero_start, receive {timeout, _, st0} -> arrived after 1000 -> none end),
    [erlang:send_after(0, self(), {o, I}) || I <- lists:seq(1, 100)],
    show(zero_order, collect(100) =:= lists:seq(1, 100)).

%% Timers aimed at names, at processes that die, from processes that die.
destinations() ->
    Self = self(),
    %% a name registered after the timer started
    R1 = erlang:send_after(1000, wheel_late_name, to_name),
    P = spawn(fun() -> receive M -> Self ! {got, M} end end),
    register(wheel_late_name, P),
    show(to_name, receive {got, M} -> M after 5000 -> none end),
    show(to_name_after, erlang:read_timer(R1)),
    %% a name nobody holds when it fires: dropped
    R2 = erlang:send_after(10, wheel_no_name, lost),
    timer:sleep(40),
    show(no_name, erlang:read_timer(R2)),
    %% a pid already dead: the timer is gone at once
    D = spawn(fun() -> ok end),
    Ref = monitor(process, D),
    receive {'DOWN', Ref, process, D, _} -> ok end,
    R3 = erlang:send_after(10000, D, x),
    show(dead_pid, {is_reference(R3), erlang:read_timer(R3), erlang:cancel_timer(R3)}),
    %% a pid that dies while the timer runs: cancelled
    L = spawn(fun() -> receive stop -> ok end end),
    LRef = monitor(process, L),
    R4 = erlang:send_after(10000, L, x),
    R5 = erlang:start_timer(10000, L, x),
    show(live_pid, {is_integer(erlang:read_timer(R4)), is_integer(erlang:read_timer(R5))}),
    L ! stop,
    receive {'DOWN', LRef, process, L, _} -> ok end,
    show(died, {erlang:read_timer(R4), erlang:cancel_timer(R5)}),
    %% the process that started it dies: the timer runs on
    C = spawn(fun() -> Self ! {ref, erlang:send_after(1000, Self, from_dead)} end),
    CRef = monitor(process, C),
    R6 = receive {ref, X} -> X end,
    receive {'DOWN', CRef, process, C, _} -> ok end,
    show(owner_died, {is_integer(erlang:read_timer(R6)),
                      receive from_dead -> arrived after 5000 -> none end}),
    show(bad_dest, [err(fun() -> erlang:send_after(10, Dest, x) end)
                    || Dest <- [{name, node()}, 1, "name", make_ref()]]).

%% Option lists.
options() ->
    Now = erlang:monotonic_time(millisecond),
    R1 = erlang:send_after(Now + 100000, self(), x, [{abs, true}]),
    show(abs_read, erlang:read_timer(R1) > 99000),
    R2 = erlang:send_after(100000, self(), x, [{abs, true}, {abs, false}]),
    show(abs_last_wins, erlang:read_timer(R2) > 99000),
    show(bad_opts, [err(fun() -> erlang:send_after(10, self(), x, O) end)
                    || O <- [[{abs, maybe}], [foo], [{abs, true} | bar], bar, [{abs}]]]),
    show(bad_times, [err(fun() -> erlang:send_after(T, self(), x) end)
                     || T <- [-1, 1.5, 1 bsl 64, 1 bsl 59, infinity]]),
    show(bad_abs, [err(fun() -> erlang:send_after(T, self(), x, [{abs, true}]) end)
                   || T <- [1 bsl 64, -(1 bsl 70), 1.0]]),
    R3 = erlang:send_after(100000, self(), x),
    show(read2_sync, erlang:read_timer(R3, [{async, false}]) > 99000),
    show(read2_async, erlang:read_timer(R3, [{async, true}])),
    show(read2_msg, receive {read_timer, R3, V} -> V > 99000 after 1000 -> none end),
    show(read2_info, err(fun() -> erlang:read_timer(R3, [{info, true}]) end)),
    show(cancel2_noinfo, erlang:cancel_timer(R3, [{info, false}])),
    show(cancel2_gone, erlang:cancel_timer(R3, [{async, true}])),
    show(cancel2_msg, receive {cancel_timer, R3, V2} -> V2 after 1000 -> none end),
    R4 = erlang:send_after(100000, self(), x),
    show(cancel2_async_noinfo, erlang:cancel_timer(R4, [{async, true}, {info, false}])),
    show(cancel2_nomsg, receive {cancel_timer, _, _} = M -> M after 50 -> none end),
    show(cancel2_done, erlang:read_timer(R4)),
    show(cancel2_bad, [err(fun() -> erlang:cancel_timer(R4, O) end)
                       || O <- [foo, [{foo, true}], [{async, 1}], [{info, true} | x]]]).

%% Receive timeouts: limits, and wakeups that do not restart the clock.
receive_timeouts() ->
    Self = self(),
    W = fun(T) ->
                P = spawn(fun() -> Self ! {self(), err(fun() -> receive after T -> ok end end)} end),
                R = receive {P, V} -> V after 100 -> waiting end,
                exit(P, kill),
                R
        end,
    show(after_limits, [W(T) || T <- [16#FFFFFFFF, 16#100000000, -1, 1 bsl 64, foo, infinity]]),
    %% A clause-less receive (timer:sleep) woken by messages every few ms.
    Sleeper = spawn(fun() ->
                            T0 = erlang:monotonic_time(millisecond),
                            timer:sleep(150),
                            Self ! {slept, erlang:monotonic_time(millisecond) - T0}
                    end),
    Pest = spawn(fun Loop() -> Sleeper ! junk, receive stop -> ok after 5 -> Loop() end end),
    show(sleep_woken, receive {slept, Ms} -> Ms >= 150 andalso Ms < 10000 end),
    Pest ! stop,
    %% A selective receive woken by messages it does not match.
    Pest2 = spawn(fun Loop() -> Self ! junk, receive stop -> ok after 5 -> Loop() end end),
    T0 = erlang:monotonic_time(millisecond),
    Got = receive never -> never after 120 -> timeout end,
    Ms2 = erlang:monotonic_time(millisecond) - T0,
    Pest2 ! stop,
    flush(junk),
    show(selective_woken, {Got, Ms2 >= 120 andalso Ms2 < 10000}),
    %% A receive that matches before its timeout, many times over: no stale
    %% timeout fires later.
    [begin self() ! {m, I}, receive {m, I} -> ok after 50 -> late end end || I <- lists:seq(1, 300)],
    T1 = erlang:monotonic_time(millisecond),
    receive after 100 -> ok end,
    show(no_stale, erlang:monotonic_time(millisecond) - T1 >= 100),
    %% Many processes waiting with timeouts, half woken by a message (the
    %% timeouts start together, once every process has been spawned).
    Ps = [spawn(fun() ->
                        receive start -> ok end,
                        receive go -> Self ! {woken, I} after 1500 -> Self ! {timed_out, I} end
                end)
          || I <- lists:seq(1, 400)],
    [P ! start || P <- Ps],
    [P ! go || {P, I} <- lists:zip(Ps, lists:seq(1, 400)), I rem 2 =:= 0],
    Res = [receive {Kind, _} -> Kind end || _ <- Ps],
    show(many_waiting, {length([w || woken <- Res]), length([t || timed_out <- Res])}).

flush(M) -> receive M -> flush(M) after 20 -> ok end.
