%% A long native (lists:reverse/2 of a million elements) yields between
%% chunks: a process printing every 10 ms keeps printing on one scheduler.
-module(proc_long_bif).
-export([main/1]).
main(_) ->
    L = lists:seq(1, 1000000),
    R = lists:reverse(L),
    erlang:display({hd(R), length(R), lists:sum(R)}),
    erlang:display(lists:reverse(L, [x]) =:= R ++ [x]),
    Self = self(),
    spawn(fun() -> big(Self, L, 20) end),
    tick(5),
    receive {done, S} -> erlang:display(S) end,
    erlang:display(length(lists:reverse(L ++ L))),
    F = fun() -> lists:reverse(L) end,
    erlang:display(hd(F())),
    erlang:display(try lists:reverse(L) of [H | _] -> H catch _:_ -> err end).
big(Self, L, 0) -> Self ! {done, hd(L)};
big(Self, L, N) -> big(Self, lists:reverse(L), N - 1).
tick(0) -> ok;
tick(N) -> receive after 10 -> erlang:display({tick, N}) end, tick(N - 1).
