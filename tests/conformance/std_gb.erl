%% OTP's gb_trees and gb_sets modules, unmodified.
-module(std_gb).
-export([main/1]).

d(X) -> erlang:display(X).

main(_) ->
    T0 = lists:foldl(fun(K, T) -> gb_trees:insert(K, K * 2, T) end,
                     gb_trees:empty(), [5, 3, 8, 1, 4, 7, 9, 2, 6]),
    d(T0),
    d(gb_trees:to_list(T0)),
    d(gb_trees:size(T0)),
    d(gb_trees:lookup(4, T0)),
    d(gb_trees:lookup(40, T0)),
    d(gb_trees:get(7, T0)),
    d(gb_trees:is_defined(2, T0)),
    d(gb_trees:smallest(T0)),
    d(gb_trees:largest(T0)),
    d(gb_trees:keys(T0)),
    d(gb_trees:values(T0)),
    d(gb_trees:to_list(gb_trees:delete(5, T0))),
    d(gb_trees:to_list(gb_trees:delete_any(50, T0)) =:= gb_trees:to_list(T0)),
    d(gb_trees:to_list(gb_trees:update(1, one, T0))),
    d(gb_trees:to_list(gb_trees:enter(10, ten, T0))),
    d(gb_trees:take_smallest(T0)),
    d(element(1, gb_trees:take_largest(T0))),
    d(gb_trees:to_list(gb_trees:map(fun(K, V) -> K + V end, T0))),
    d(gb_trees:balance(T0) =:= T0),
    d(gb_trees:from_orddict([{a, 1}, {b, 2}])),
    I = gb_trees:iterator(T0),
    {K1, V1, I2} = gb_trees:next(I),
    {K2, V2, _} = gb_trees:next(I2),
    d({K1, V1, K2, V2}),
    d(gb_trees:next(gb_trees:iterator_from(8, T0)) =/= none),
    d(err(fun() -> gb_trees:insert(5, x, T0) end)),
    S = gb_sets:from_list([c, a, d, b, a]),
    d(S),
    d(gb_sets:to_list(S)),
    d({gb_sets:size(S), gb_sets:is_member(b, S), gb_sets:is_element(z, S)}),
    d(gb_sets:to_list(gb_sets:add(e, S))),
    d(gb_sets:to_list(gb_sets:delete(a, S))),
    d(gb_sets:to_list(gb_sets:union(S, gb_sets:from_list([x, y])))),
    d(gb_sets:to_list(gb_sets:intersection(S, gb_sets:from_list([b, d, q])))),
    d(gb_sets:to_list(gb_sets:subtract(S, gb_sets:from_list([b])))),
    d({gb_sets:smallest(S), gb_sets:largest(S)}),
    d(gb_sets:take_smallest(S)),
    d(gb_sets:to_list(gb_sets:filter(fun(X) -> X > b end, S))),
    d(gb_sets:fold(fun(X, A) -> [X | A] end, [], S)),
    d(gb_sets:is_subset(gb_sets:from_list([a]), S)),
    d(gb_sets:to_list(gb_sets:from_ordset([1, 2, 3]))),
    d(gb_sets:next(gb_sets:iterator(S))),
    d(gb_sets:to_list(gb_sets:balance(gb_sets:from_list(lists:seq(1, 20))))).

err(F) -> try F() of V -> {ok, V} catch C:R -> {C, R} end.
