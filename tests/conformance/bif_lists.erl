%% erlang:'--'/2 and subtract/2 (exact equality, first occurrences, long
%% lists), lists:keymember/3 and keysearch/3 (== on keys), the tuple
%% BIFs insert_element/3, delete_element/2, append_element/2 and
%% is_record/2,3, with their badarg cases.
-module(bif_lists).
-export([main/1]).
-record(r, {a, b}).

t(F) -> try F() catch C:R -> {C, R} end.
id(X) -> X.

main(_) ->
    Big = lists:seq(1, 3000),
    Cases =
        [fun() -> [1, 2, 1.0, 3, 1] -- id([1, 1.0]) end,
         fun() -> [a, b, c, a, b] -- id([b, a, b, z]) end,
         fun() -> [{x}, "s", <<"b">>, {x}] -- id([{x}, <<"b">>]) end,
         fun() -> [1, 2 | x] -- id([]) end,
         fun() -> [1, 2] -- id([3 | x]) end,
         fun() -> x -- id([]) end,
         fun() -> [] -- id(x) end,
         fun() -> [] -- id([a]) end,
         fun() -> erlang:subtract(id([a, b]), id([b])) end,
         fun() -> length(Big -- id(lists:seq(2, 3000, 2))) end,
         fun() -> lists:sum(Big -- id(lists:reverse(lists:seq(1, 2999)))) end,
         fun() -> (lists:seq(1, 40) ++ lists:seq(1, 40)) --
                      id(lists:seq(40, 1, -1) ++ [1.0, 2 | lists:seq(41, 60)]) end,
         fun() -> lists:keymember(1.0, 1, id([{1, a}])) end,
         fun() -> lists:keymember(b, 2, id([{1, a}, {2, b}])) end,
         fun() -> lists:keymember(c, 2, id([{1, a}, {2, b}, {}])) end,
         fun() -> lists:keymember(1, 0, id([{1, a}])) end,
         fun() -> lists:keymember(1, 1, id([{1, a} | x])) end,
         fun() -> lists:keymember(2, 1, id([{1, a} | x])) end,
         fun() -> lists:keysearch(1, 1, id([{1, a}])) end,
         fun() -> lists:keysearch(2, 1, id([{1, a}])) end,
         fun() -> lists:keysearch(1, 1, id(x)) end,
         fun() -> lists:keysearch(1, x, id([])) end,
         fun() -> erlang:insert_element(1, id({a}), b) end,
         fun() -> erlang:insert_element(2, id({a}), b) end,
         fun() -> erlang:insert_element(1, id({}), b) end,
         fun() -> erlang:insert_element(3, id({a}), b) end,
         fun() -> erlang:insert_element(0, id({a}), b) end,
         fun() -> erlang:insert_element(a, id({a}), b) end,
         fun() -> erlang:delete_element(1, id({a})) end,
         fun() -> erlang:delete_element(2, id({a, b, c})) end,
         fun() -> erlang:delete_element(2, id({a})) end,
         fun() -> erlang:delete_element(1, id({})) end,
         fun() -> erlang:delete_element(1, id([a])) end,
         fun() -> erlang:append_element(id({a}), b) end,
         fun() -> erlang:append_element(id({}), b) end,
         fun() -> erlang:append_element(id(x), b) end,
         fun() -> erlang:is_record(id({a, 1}), id(a)) end,
         fun() -> erlang:is_record(id({a, 1}), id(b)) end,
         fun() -> erlang:is_record(id({a, 1}), "a") end,
         fun() -> erlang:is_record(id(x), "a") end,
         fun() -> erlang:is_record(id({}), id(a)) end,
         fun() -> erlang:is_record(id({a, 1}), id(a), id(2)) end,
         fun() -> erlang:is_record(id({a, 1}), id(a), id(3)) end,
         fun() -> erlang:is_record(id({a, 1}), id(a), x) end,
         fun() -> erlang:is_record(id({a, 1}), id(b), 2) end,
         fun() -> erlang:is_record(id({a, 1}), id(a), -1) end,
         fun() -> erlang:is_record(id({a, 1}), id(1), id(x)) end,
         fun() -> guard_rec(id({r, 1, 2})) end,
         fun() -> guard_rec(id({r, 1})) end,
         fun() -> guard_rec(id([r])) end],
    lists:foreach(fun(F) -> erlang:display(t(F)) end, Cases).

guard_rec(X) when is_record(X, r, 3) -> three;
guard_rec(X) when is_record(X, r) -> any;
guard_rec(_) -> no.
