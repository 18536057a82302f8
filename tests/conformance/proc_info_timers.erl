%% process_info, message timers, persistent_term and code natives.
-module(proc_info_timers).
-export([main/1]).
main(_) ->
    register(me, self()),
    put(k, v),
    self() ! hello,
    erlang:display(process_info(self(), [registered_name, message_queue_len, messages, dictionary, trap_exit, status, priority])),
    P = spawn(fun() -> put(x, {1,2}), receive _ -> ok end end),
    receive after 10 -> ok end,
    erlang:display(process_info(P, [status, dictionary, message_queue_len, current_function])),
    erlang:display(process_info(P, registered_name)),
    R = erlang:send_after(30, self(), tick),
    erlang:display(is_integer(erlang:read_timer(R))),
    receive tick -> erlang:display(tick) end,
    erlang:display(erlang:read_timer(R)),
    T = erlang:start_timer(1000, self(), tock),
    erlang:display(is_integer(erlang:cancel_timer(T))),
    erlang:display(erlang:cancel_timer(T)),
    T2 = erlang:start_timer(10, self(), tock2),
    receive {timeout, T2, tock2} -> erlang:display(tock2) end,
    persistent_term:put({a,b}, [1,2,3]),
    erlang:display(persistent_term:get({a,b})),
    erlang:display(code:ensure_loaded(lists)),
    erlang:display(code:ensure_loaded(nonexist)),
    erlang:display(code:which(nonexist)),
    ok.
