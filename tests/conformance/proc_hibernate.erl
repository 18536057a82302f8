%% erlang:hibernate/3 (stack dropped, resumed by apply on the next message), yield/0.
-module(proc_hibernate).
-export([main/1, wake/1]).
main(_) ->
    Self = self(),
    P = spawn(fun() -> put(k, v), deep(100, Self) end),
    receive hibernating -> ok end,
    receive after 20 -> ok end,
    erlang:display(process_info(P, status)),
    P ! {hello, Self},
    receive {woke, X, D} -> erlang:display({woke, X, D}) end,
    erlang:display(erlang:yield()),
    erlang:display(try erlang:hibernate(a, b, c) catch C:E -> {C, E} end),
    ok.
deep(0, Self) -> Self ! hibernating, erlang:hibernate(?MODULE, wake, [arg]);
deep(N, Self) -> [N | deep(N - 1, Self)].
wake(Arg) ->
    receive {hello, From} -> From ! {woke, Arg, get(k)} end.
