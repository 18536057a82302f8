%% OTP's queue module (original, extended and Okasaki APIs), unmodified.
-module(std_queue).
-export([main/1]).

d(X) -> erlang:display(X).

main(_) ->
    Q0 = queue:from_list([1, 2, 3]),
    Q1 = queue:in(4, Q0),
    Q2 = queue:in_r(0, Q1),
    d(queue:to_list(Q2)),
    d({queue:len(Q2), queue:is_empty(Q2), queue:is_queue(Q2), queue:is_empty(queue:new())}),
    {{value, H}, Q3} = queue:out(Q2),
    d({H, queue:to_list(Q3)}),
    {{value, T}, Q4} = queue:out_r(Q3),
    d({T, queue:to_list(Q4)}),
    d(queue:out(queue:new())),
    d(queue:to_list(queue:reverse(Q2))),
    d(queue:to_list(queue:join(Q0, Q1))),
    d(queue:split(2, Q2)),
    d(queue:to_list(queue:filter(fun(X) -> X rem 2 =:= 0 end, Q2))),
    d(queue:to_list(queue:filter(fun(X) -> [X, X] end, Q0))),
    d(queue:member(3, Q2)),
    d({queue:get(Q2), queue:get_r(Q2), queue:peek(Q2), queue:peek_r(Q2)}),
    d(queue:peek(queue:new())),
    d(queue:to_list(queue:drop(Q2))),
    d(queue:to_list(queue:drop_r(Q2))),
    d(queue:to_list(queue:delete(2, Q2))),
    d(queue:to_list(queue:delete_r(2, queue:from_list([2, 1, 2])))),
    d(queue:fold(fun(X, A) -> X + A end, 0, Q2)),
    d(queue:all(fun(X) -> X >= 0 end, Q2)),
    d(queue:any(fun(X) -> X > 3 end, Q2)),
    d(queue:to_list(queue:filtermap(fun(X) when X > 2 -> {true, X * 10}; (_) -> false end, Q2))),
    d({queue:head(Q2), queue:last(Q2), queue:to_list(queue:tail(Q2))}),
    d(queue:to_list(queue:cons(a, Q0))),
    d(queue:to_list(queue:snoc(Q0, z))),
    d(queue:to_list(queue:init(Q0))),
    d(queue:liat(Q0) =:= queue:init(Q0)),
    d(queue:daeh(Q0)),
    d(err(fun() -> queue:get(queue:new()) end)),
    Big = lists:foldl(fun queue:in/2, queue:new(), lists:seq(1, 100)),
    d(lists:sum(queue:to_list(Big))),
    d(Q2).

err(F) -> try F() of V -> {ok, V} catch C:R -> {C, R} end.
