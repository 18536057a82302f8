%% Long natives (lists:reverse/2, member/2, keyfind/3 over a million
%% elements) yield between chunks: a process printing every 10 ms keeps
%% printing on one scheduler, and the results are whole.
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
    erlang:display(try lists:reverse(L) of [H | _] -> H catch _:_ -> err end),
    KL = [{K, K * 2} || K <- L],
    erlang:display({lists:member(999999, L), lists:member(0, L), lists:member(5, L)}),
    erlang:display({lists:keyfind(999999, 1, KL), lists:keyfind(0, 1, KL), lists:keyfind(10, 2, KL)}),
    erlang:display([lists:member(X, L) || X <- [1, 500000, 1000001]]).
big(Self, L, 0) -> Self ! {done, hd(L)};
big(Self, L, N) -> big(Self, lists:reverse(L), N - 1).
tick(0) -> ok;
tick(N) -> receive after 10 -> erlang:display({tick, N}) end, tick(N - 1).
