%% OTP's array module, unmodified.
-module(std_array).
-export([main/1]).

d(X) -> erlang:display(X).

main(_) ->
    A0 = array:new(10),
    d(A0),
    d({array:size(A0), array:is_array(A0), array:is_fix(A0)}),
    A1 = array:set(3, three, A0),
    d(array:get(3, A1)),
    d(array:get(4, A1)),
    d(array:to_list(A1)),
    A2 = array:from_list(lists:seq(1, 30)),
    d(array:size(A2)),
    d(array:get(25, A2)),
    d(array:to_orddict(array:from_list([a, b, c]))),
    d(array:sparse_to_list(A1)),
    d(array:sparse_to_orddict(A1)),
    d(array:foldl(fun(I, V, Acc) -> [{I, V} | Acc] end, [], array:from_list([x, y]))),
    d(array:foldr(fun(_, V, Acc) -> [V | Acc] end, [], A2)),
    d(array:sparse_foldl(fun(I, V, Acc) -> [{I, V} | Acc] end, [], A1)),
    d(array:to_list(array:map(fun(_, V) -> V * 2 end, array:from_list([1, 2, 3])))),
    d(array:sparse_to_list(array:sparse_map(fun(I, V) -> {I, V} end, A1))),
    A3 = array:set(100, big, array:new()),
    d({array:size(A3), array:get(100, A3), array:get(50, A3)}),
    d(array:default(array:new([{default, zero}]))),
    d(array:get(5, array:new([{size, 10}, {default, zero}]))),
    d(array:to_list(array:resize(3, A2))),
    d(array:size(array:relax(array:fix(A2)))),
    d(array:to_list(array:reset(1, array:from_list([a, b, c])))),
    d(array:to_list(array:from_orddict([{0, a}, {3, d}]))),
    d(array:to_list(array:set(40, x, A2)) -- lists:seq(1, 30)),
    d(err(fun() -> array:set(20, x, A0) end)),
    d(err(fun() -> array:get(-1, A0) end)).

err(F) -> try F() of V -> {ok, V} catch C:R -> {C, R} end.
