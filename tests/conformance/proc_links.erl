%% Links, monitors, exit signals and trap_exit.
-module(proc_links).
-export([main/1]).

wait_down(Ref) ->
    receive {'DOWN', Ref, process, _, Reason} -> Reason after 5000 -> no_down end.

main(_) ->
    %% Monitors: normal exit, crash, exit/1, and a process that is gone.
    {P1, R1} = spawn_monitor(fun() -> ok end),
    erlang:display({normal, wait_down(R1), is_pid(P1)}),
    {_, R2} = spawn_monitor(fun() -> exit(my_reason) end),
    erlang:display({exit, wait_down(R2)}),
    {_, R3} = spawn_monitor(fun() -> error(oops) end),
    {Reason3, [Frame | _]} = wait_down(R3),
    erlang:display({error, Reason3, element(1, Frame)}),
    {_, R4} = spawn_monitor(fun() -> throw(ball) end),
    {Reason4, _} = wait_down(R4),
    erlang:display({throw, Reason4}),
    R5 = monitor(process, P1),
    erlang:display({gone, wait_down(R5)}),
    %% demonitor with flush removes a 'DOWN' already queued.
    {_, R6} = spawn_monitor(fun() -> ok end),
    receive after 50 -> ok end,
    erlang:display(demonitor(R6, [flush])),
    erlang:display(receive {'DOWN', R6, _, _, _} -> still_there after 0 -> flushed end),
    W = spawn(fun() -> receive _ -> ok end end),
    R7 = monitor(process, W),
    erlang:display(demonitor(R7, [info])),
    erlang:display(demonitor(R7, [info])),
    W ! go,
    %% Monitoring a registered name.
    N = spawn(fun() -> receive stop -> ok end end),
    register(named_proc, N),
    R8 = monitor(process, named_proc),
    named_proc ! stop,
    erlang:display(receive {'DOWN', R8, process, Item, Why} -> {Item, Why} end),
    R9 = monitor(process, no_such_name),
    erlang:display(receive {'DOWN', R9, process, Item9, Why9} -> {Item9, Why9} end),
    %% trap_exit turns exit signals from links into messages.
    erlang:display(process_flag(trap_exit, true)),
    L1 = spawn_link(fun() -> exit(link_reason) end),
    erlang:display(receive {'EXIT', L1, Why1} -> Why1 end),
    L2 = spawn_link(fun() -> ok end),
    erlang:display(receive {'EXIT', L2, Why2} -> Why2 end),
    L3 = spawn_link(fun() -> receive _ -> ok end end),
    exit(L3, kill),
    erlang:display(receive {'EXIT', L3, Why3} -> Why3 end),
    L4 = spawn_link(fun() -> receive _ -> ok end end),
    exit(L4, some_reason),
    erlang:display(receive {'EXIT', L4, Why4} -> Why4 end),
    %% exit/2 with normal does not end a process that does not trap exits.
    L5 = spawn_link(fun() -> receive stop -> exit(stopped) end end),
    exit(L5, normal),
    receive after 20 -> ok end,
    erlang:display(is_process_alive(L5)),
    L5 ! stop,
    erlang:display(receive {'EXIT', L5, Why5} -> Why5 end),
    %% A trapping process gets exit/2 as a message, except kill.
    T = spawn_link(fun() ->
                           process_flag(trap_exit, true),
                           receive {'EXIT', From, R} -> From ! {trapped, R} end,
                           receive never -> ok end
                   end),
    receive after 20 -> ok end,
    exit(T, please_stop),
    erlang:display(receive {trapped, Rt} -> Rt end),
    exit(T, kill),
    erlang:display(receive {'EXIT', T, Wt} -> Wt end),
    %% unlink: no signal afterwards.
    U = spawn_link(fun() -> receive go -> exit(unlinked_exit) end end),
    unlink(U),
    U ! go,
    erlang:display(receive {'EXIT', U, _} -> got_exit after 100 -> no_exit end),
    %% A crash propagates through a chain of links to a trapping process.
    Top = self(),
    spawn_link(fun() ->
                       spawn_link(fun() -> Top ! ready, receive _ -> ok end, ok end),
                       receive never -> ok end
               end),
    receive ready -> ok end,
    process_flag(trap_exit, false),
    %% Links to a process that does not exist.
    erlang:display(try link(list_to_pid("<0.9999.0>")) catch Cl:Er -> {Cl, Er} end),
    %% A process killed through a link while not trapping.
    {V, Rv} = spawn_monitor(fun() ->
                                    spawn_link(fun() -> exit(chain) end),
                                    receive never -> ok end
                            end),
    erlang:display({V =:= V, wait_down(Rv)}),
    ok.
