%% ETS counters and element updates: update_counter/3,4 in every form,
%% thresholds, defaults, bignums, errors; update_element/3; concurrent
%% increments from many processes on a public table.
-module(ets_counters).
-export([main/1]).

d(X) -> erlang:display(X).

err(F) ->
    try F() of V -> {ok, V} catch C:R -> {C, R} end.

main(_) ->
    T = ets:new(c, [public]),
    ets:insert(T, {k, 0, 10, x}),
    d(ets:update_counter(T, k, 1)),
    d(ets:update_counter(T, k, -5)),
    d(ets:update_counter(T, k, {3, 7})),
    d(ets:update_counter(T, k, [{2, 1}, {3, -1}, {2, 100}])),
    d(ets:update_counter(T, k, [])),
    d(ets:lookup(T, k)),
    d(ets:update_counter(T, k, {2, 10, 50, 0})),
    d(ets:update_counter(T, k, {2, 10, 50, 0})),
    d(ets:update_counter(T, k, {2, -100, -10, -10})),
    d(ets:update_counter(T, k, {2, 1 bsl 64})),
    d(ets:update_counter(T, k, {2, -(1 bsl 64)})),
    d(ets:update_counter(T, k, {2, 1 bsl 59})),
    d(ets:lookup(T, k)),
    d(err(fun() -> ets:update_counter(T, nokey, 1) end)),
    d(err(fun() -> ets:update_counter(T, k, {1, 1}) end)),
    d(err(fun() -> ets:update_counter(T, k, {4, 1}) end)),
    d(err(fun() -> ets:update_counter(T, k, {5, 1}) end)),
    d(err(fun() -> ets:update_counter(T, k, {2, 1.5}) end)),
    d(err(fun() -> ets:update_counter(T, k, [{2, 1}, {4, 1}]) end)),
    d(ets:lookup(T, k)),
    d(err(fun() -> ets:update_counter(T, k, foo) end)),
    d(err(fun() -> ets:update_counter(T, k, {2, 1, 2}) end)),
    %% defaults
    d(ets:update_counter(T, new, 5, {whatever, 100})),
    d(ets:lookup(T, new)),
    d(ets:update_counter(T, new, 5, {whatever, 100})),
    d(ets:update_counter(T, new2, [{2, 1}, {3, 2}], {new2, 0, 0})),
    d(ets:lookup(T, new2)),
    d(err(fun() -> ets:update_counter(T, new3, 1, {new3}) end)),
    d(err(fun() -> ets:update_counter(T, new3, 1, notuple) end)),
    d(ets:member(T, new3)),
    %% keypos 2
    K = ets:new(k2, [{keypos, 2}]),
    ets:insert(K, {5, key, 7}),
    d(ets:update_counter(K, key, 1)),
    d(ets:update_counter(K, key, {1, 2})),
    d(ets:lookup(K, key)),
    %% bags have no counters
    B = ets:new(b, [bag]),
    ets:insert(B, {k, 1}),
    d(err(fun() -> ets:update_counter(B, k, 1) end)),
    d(err(fun() -> ets:update_element(B, k, {2, 3}) end)),
    %% update_element
    d(ets:update_element(T, k, {4, y})),
    d(ets:update_element(T, k, [{4, z}, {3, three}])),
    d(ets:lookup(T, k)),
    d(ets:update_element(T, nokey, {2, 1})),
    d(err(fun() -> ets:update_element(T, k, {1, newkey}) end)),
    d(err(fun() -> ets:update_element(T, k, {9, v}) end)),
    d(err(fun() -> ets:update_element(T, k, [{2, v} | bad]) end)),
    d(ets:lookup(T, k)),
    %% ordered_set counters
    O = ets:new(o, [ordered_set]),
    [ets:insert(O, {I, 0}) || I <- lists:seq(1, 5)],
    [ets:update_counter(O, I, I * 10) || I <- lists:seq(1, 5)],
    d(ets:tab2list(O)),
    %% many processes incrementing one counter
    C = ets:new(shared, [public, {write_concurrency, true}]),
    ets:insert(C, {hits, 0}),
    Self = self(),
    Pids = [spawn(fun() ->
                          [ets:update_counter(C, hits, 1) || _ <- lists:seq(1, 1000)],
                          Self ! {done, self()}
                  end) || _ <- lists:seq(1, 8)],
    [receive {done, P} -> ok end || P <- Pids],
    d(ets:lookup(C, hits)),
    ok.
