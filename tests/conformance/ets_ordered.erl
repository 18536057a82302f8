%% ETS ordered_set: term order, == keys, first/last/next/prev, slot,
%% select with limits and continuations, reverse.
-module(ets_ordered).
-export([main/1]).

d(X) -> erlang:display(X).

err(F) ->
    try F() of V -> {ok, V} catch C:R -> {C, R} end.

main(_) ->
    T = ets:new(o, [ordered_set]),
    Keys = [10, 2.5, atom, "list", {tuple}, <<"bin">>, -7, 3, zebra, [], 1 bsl 70],
    [ets:insert(T, {K, n}) || K <- Keys],
    d(ets:info(T, type)),
    d(ets:info(T, size)),
    d([K || {K, _} <- ets:tab2list(T)]),
    d(ets:first(T)),
    d(ets:last(T)),
    d(ets:next(T, 3)),
    d(ets:next(T, 4)),
    d(ets:prev(T, 3)),
    d(ets:prev(T, -100)),
    d(ets:next(T, <<"bin">>)),
    d(iter(T, ets:first(T)) =:= lists:sort(Keys)),
    d(riter(T, ets:last(T)) =:= lists:reverse(lists:sort(Keys))),
    %% == keys: 1 and 1.0 are the same key
    ets:insert(T, {1, int}),
    ets:insert(T, {1.0, float}),
    d(ets:lookup(T, 1)),
    d(ets:lookup(T, 1.0)),
    d(ets:member(T, 1)),
    d(ets:delete(T, 1)),
    d(ets:member(T, 1.0)),
    %% slot
    d(ets:slot(T, 0)),
    d(ets:slot(T, 3)),
    d(ets:slot(T, ets:info(T, size))),
    d(err(fun() -> ets:slot(T, ets:info(T, size) + 1) end)),
    d(err(fun() -> ets:slot(T, -1) end)),
    %% select in chunks
    N = ets:new(n, [ordered_set]),
    ets:insert(N, [{I, I * I} || I <- lists:seq(1, 20)]),
    MS = [{{'$1', '$2'}, [{'>', '$1', 5}], ['$2']}],
    d(ets:select(N, MS)),
    d(chunks(ets:select(N, MS, 4))),
    d(chunks(ets:select_reverse(N, MS, 6))),
    d(ets:select_reverse(N, MS)),
    d(chunks(ets:match(N, {'$1', '_'}, 7))),
    d(chunks(ets:match_object(N, {'_', 4}, 3))),
    d(ets:select(N, [{{'$1', '_'}, [{'>', '$1', 100}], ['$1']}], 5)),
    d(err(fun() -> ets:select(N, MS, 0) end)),
    d(err(fun() -> ets:select(N, bad_ms, 3) end)),
    d(ets:select(N, [{{3, '$1'}, [], ['$1']}])),
    d(ets:select(N, [{{3, '$1'}, [], ['$1']}, {{4, '$1'}, [], ['$1']}, {{3, '_'}, [], [x]}])),
    d(ets:select_count(N, [{{'$1', '$2'}, [{'<', '$2', 50}], [true]}])),
    d(ets:select_delete(N, [{{'$1', '_'}, [{'=<', '$1', 10}], [true]}])),
    d(ets:first(N)),
    d(ets:info(N, size)),
    d(ets:match_delete(N, {'_', 400})),
    d(ets:last(N)),
    %% update_counter keeps order
    ets:insert(N, {0, 0}),
    d(ets:update_counter(N, 0, 5)),
    d(ets:first(N)),
    %% string keys and tuples order like lists:sort
    S = ets:new(s, [ordered_set, {keypos, 2}]),
    ets:insert(S, [{x, "b"}, {x, "a"}, {x, "ab"}, {x, ""}, {x, {1, 2}}, {x, {0, 9, 9}}]),
    d(ets:tab2list(S)),
    d(ets:foldr(fun({_, K}, A) -> [K | A] end, [], S)),
    d(ets:foldl(fun({_, K}, A) -> [K | A] end, [], S)),
    ok.

chunks('$end_of_table') -> [];
chunks({L, Cont}) -> [L | chunks(next_chunk(Cont))].

next_chunk('$end_of_table') -> '$end_of_table';
next_chunk(C) -> ets:select(C).

iter(_, '$end_of_table') -> [];
iter(T, K) -> [K | iter(T, ets:next(T, K))].

riter(_, '$end_of_table') -> [];
riter(T, K) -> [K | riter(T, ets:prev(T, K))].
