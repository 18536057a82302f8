%% Message stress: P pairs of processes; in each pair the sender sends N
%% numbered messages and the receiver checks they arrive exactly once and
%% in order.  Run with arguments "Pairs PerPair" (the suite uses a small
%% size; `girder +S 2 proc_stress 100 100000` sends 10,000,000).
%% args: 20 2000
-module(proc_stress).
-export([main/1]).

main([P0, N0]) ->
    P = list_to_integer(P0),
    N = list_to_integer(N0),
    Self = self(),
    Receivers = [spawn_link(fun() -> receiver(Self, I, 1, N) end) || I <- lists:seq(1, P)],
    [spawn_link(fun() -> sender(R, I, 1, N) end) || {I, R} <- lists:zip(lists:seq(1, P), Receivers)],
    Results = [receive {done, I, R} -> R end || I <- lists:seq(1, P)],
    erlang:display({pairs, P, messages, P * N, all_ok, lists:all(fun(R) -> R =:= ok end, Results)}).

sender(_R, _I, K, N) when K > N -> ok;
sender(R, I, K, N) ->
    R ! {msg, I, K},
    sender(R, I, K + 1, N).

receiver(Parent, I, K, N) when K > N -> Parent ! {done, I, ok};
receiver(Parent, I, K, N) ->
    receive
        {msg, I, K} -> receiver(Parent, I, K + 1, N);
        {msg, I, Other} -> Parent ! {done, I, {out_of_order, K, Other}}
    end.
