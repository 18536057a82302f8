%% ETS keys: an ordered_set whose key 1 is replaced by an object with key
%% 1.0 (and back), bags whose first object goes, sets past many keys: the
%% node key cache (bif/ets_table.c) must follow the first object.
-module(ets_keys).
-export([main/1]).
main(_) ->
    T = ets:new(t, [ordered_set]),
    ets:insert(T, {1, a}), ets:insert(T, {2, b}), ets:insert(T, {1.0, c}),
    R1 = {ets:lookup(T, 1), ets:lookup(T, 1.0), ets:tab2list(T)},
    ets:insert(T, {1, d}),
    R2 = {ets:lookup(T, 1.0), ets:first(T), ets:next(T, 1.0), ets:member(T, 1)},
    ets:delete(T, 1.0),
    R3 = ets:tab2list(T),
    B = ets:new(b, [bag]),
    ets:insert(B, [{k, 1}, {k, 2}, {1, x}, {1.0, y}, {<<"bin">>, z}]),
    ets:delete_object(B, {k, 1}),
    R4 = {lists:sort(ets:tab2list(B)), ets:lookup(B, k), ets:lookup(B, 1), ets:lookup(B, <<"bin">>)},
    ets:delete_object(B, {k, 2}),
    R5 = {ets:lookup(B, k), ets:member(B, k)},
    S = ets:new(s, [set]),
    [ets:insert(S, {I, I}) || I <- lists:seq(1, 1000)],
    ets:insert(S, {500, new}), ets:update_counter(S, 7, 10),
    R6 = {ets:lookup(S, 500), ets:lookup(S, 7), ets:info(S, size), ets:lookup(S, 500.0)},
    io:format("~p~n", [{R1, R2, R3, R4, R5, R6}]).
