%% Benchmark: timers.  N message timers started far in the future
%% (erlang:send_after) and then all cancelled, by reference; then a token
%% passed N times round a ring of 100 processes that each wait for it in a
%% receive with a timeout, so every hop arms a receive timer and the token
%% cancels it.  Argument: "N".  Prints {timers, N, Cancelled, Hops}: both
%% are N when every timer was found and no receive timed out.
-module(bench_timers).
-export([main/1]).

main([NArg]) ->
    N = list_to_integer(NArg),
    Refs = [erlang:send_after(100000000 + I, self(), {t, I}) || I <- lists:seq(1, N)],
    Cancelled = length([L || R <- Refs, is_integer(L = erlang:cancel_timer(R))]),
    erlang:display({timers, N, Cancelled, ring(100, N)}).

ring(P, Hops) ->
    Self = self(),
    First = lists:foldl(fun(_, Next) -> spawn(fun() -> node_loop(Next) end) end, Self,
                        lists:seq(1, P - 1)),
    First ! {token, 1, Hops - 1},
    relay(First).

node_loop(Next) ->
    receive
        {token, V, 0} -> Next ! {done, V};
        {token, V, Left} -> Next ! {token, V + 1, Left - 1}, node_loop(Next);
        {done, _} = Done -> Next ! Done
    after 60000 -> Next ! {done, timeout}
    end.

relay(First) ->
    receive
        {token, V, 0} -> First ! {done, V}, wait_done(V);
        {token, V, Left} -> First ! {token, V + 1, Left - 1}, relay(First);
        {done, V} -> V
    after 60000 -> timeout
    end.

wait_done(V) -> receive {done, _} -> V after 60000 -> timeout end.
