%% ETS basics: table types and options, insert/lookup/delete, iteration,
%% info, named tables, access rights, errors, ownership.
-module(ets_basic).
-export([main/1]).

d(X) -> erlang:display(X).

err(F) ->
    try F() of V -> {ok, V} catch C:R -> {C, R} end.

main(_) ->
    T = ets:new(t, []),
    d(is_reference(T)),
    d(ets:insert(T, {a, 1})),
    d(ets:insert(T, [{b, 2}, {c, 3}, {a, 10}])),
    d(ets:lookup(T, a)),
    d(ets:lookup(T, zz)),
    d(ets:member(T, b)),
    d(ets:member(T, zz)),
    d(ets:info(T, size)),
    d(ets:info(T, type)),
    d(ets:info(T, protection)),
    d(ets:info(T, keypos)),
    d(ets:info(T, named_table)),
    d(ets:info(T, name)),
    d(ets:info(T, owner) =:= self()),
    d(ets:info(T, heir)),
    d(lists:sort(ets:tab2list(T))),
    d(ets:insert_new(T, {a, 5})),
    d(ets:insert_new(T, [{d, 4}, {a, 5}])),
    d(ets:insert_new(T, [{d, 4}, {e, 5}])),
    d(ets:lookup_element(T, d, 2)),
    d(err(fun() -> ets:lookup_element(T, d, 3) end)),
    d(err(fun() -> ets:lookup_element(T, nokey, 2) end)),
    d(ets:take(T, e)),
    d(ets:take(T, e)),
    d(ets:delete(T, d)),
    d(ets:delete(T, nokey)),
    d(ets:delete_object(T, {a, 99})),
    d(ets:lookup(T, a)),
    d(ets:delete_object(T, {a, 10})),
    d(ets:lookup(T, a)),
    %% iteration visits every key once, in the same order both ways
    Keys = iter(T, ets:first(T)),
    d(lists:sort(Keys)),
    d(lists:reverse(Keys) =:= riter(T, ets:last(T))),
    d(ets:foldl(fun({_, V}, A) -> V + A end, 0, T)),
    %% exact keys in sets: 1 and 1.0 are different keys
    ets:insert(T, [{1, int}, {1.0, float}]),
    d(ets:lookup(T, 1)),
    d(ets:lookup(T, 1.0)),
    d(ets:info(T, size)),
    d(ets:delete_all_objects(T)),
    d(ets:info(T, size)),
    d(ets:first(T)),
    %% keypos
    K = ets:new(k, [{keypos, 2}]),
    ets:insert(K, [{x, 1, a}, {y, 2, b}, {z, 1, c}]),
    d(ets:lookup(K, 1)),
    d(err(fun() -> ets:insert(K, {only}) end)),
    d(err(fun() -> ets:insert(K, [{a, 1}, bad]) end)),
    d(ets:info(K, size)),
    %% bags
    B = ets:new(b, [bag]),
    ets:insert(B, [{k, 1}, {k, 2}, {k, 1}, {j, 3}]),
    d(ets:lookup(B, k)),
    d(ets:lookup_element(B, k, 2)),
    d(ets:info(B, size)),
    ets:delete_object(B, {k, 1}),
    d(ets:lookup(B, k)),
    D = ets:new(d, [duplicate_bag]),
    ets:insert(D, [{k, 1}, {k, 2}, {k, 1}]),
    d(ets:lookup(D, k)),
    ets:delete_object(D, {k, 1}),
    d(ets:lookup(D, k)),
    d(ets:info(D, type)),
    %% named tables
    N = ets:new(my_named, [named_table, public]),
    d(N),
    d(ets:info(my_named, named_table)),
    d(ets:insert(my_named, {x, y})),
    d(ets:lookup(my_named, x)),
    d(is_reference(ets:whereis(my_named))),
    d(ets:whereis(not_a_table)),
    d(err(fun() -> ets:new(my_named, [named_table]) end)),
    d(ets:rename(my_named, renamed)),
    d(ets:lookup(renamed, x)),
    d(err(fun() -> ets:lookup(my_named, x) end)),
    d(lists:member(renamed, ets:all())),
    d(lists:member(T, ets:all())),
    %% errors on tables that do not exist
    d(err(fun() -> ets:lookup(nosuch, a) end)),
    d(err(fun() -> ets:insert(nosuch, {a}) end)),
    d(err(fun() -> ets:new("str", []) end)),
    d(err(fun() -> ets:new(x, [bogus]) end)),
    d(err(fun() -> ets:new(x, [{keypos, 0}]) end)),
    d(ets:info(nosuch)),
    d(ets:info(nosuch, size)),
    d(err(fun() -> ets:info(T, bogus) end)),
    d(err(fun() -> ets:next(T, nokey) end)),
    %% access rights from another process
    Prot = ets:new(prot, [protected]),
    Priv = ets:new(priv, [private]),
    Pub = ets:new(pub, [public]),
    [ets:insert(X, {k, v}) || X <- [Prot, Priv, Pub]],
    Self = self(),
    spawn(fun() ->
                  R = [err(fun() -> ets:lookup(Prot, k) end),
                       err(fun() -> ets:insert(Prot, {k, 2}) end),
                       err(fun() -> ets:lookup(Priv, k) end),
                       err(fun() -> ets:insert(Pub, {k, 3}) end),
                       err(fun() -> ets:delete(Prot) end)],
                  Self ! {done, R}
          end),
    receive {done, R} -> d(R) end,
    d(ets:lookup(Pub, k)),
    %% a table dies with its owner
    spawn(fun() ->
                  Tab = ets:new(owned, [public, named_table]),
                  ets:insert(Tab, {a, 1}),
                  Self ! {made, Tab},
                  receive stop -> ok end
          end),
    receive {made, Owned} -> ok end,
    d(ets:lookup(owned, a)),
    d(ets:info(owned, owner) =/= self()),
    [Pid] = [P || P <- [ets:info(owned, owner)]],
    MRef = monitor(process, Pid),
    Pid ! stop,
    receive {'DOWN', MRef, _, _, _} -> ok end,
    d(ets:info(Owned)),
    d(err(fun() -> ets:lookup(owned, a) end)),
    %% give_away and heir
    G = ets:new(given, []),
    ets:insert(G, {g, 1}),
    Taker = spawn(fun() ->
                          receive {'ETS-TRANSFER', Tab, From, Data} ->
                                  Self ! {got, Tab =:= G, From =:= Self, Data, ets:lookup(Tab, g)}
                          end,
                          receive stop -> ok end
                  end),
    d(ets:give_away(G, Taker, gift)),
    receive {got, _, _, _, _} = Got -> d(Got) end,
    d(ets:info(G, owner) =:= Taker),
    d(err(fun() -> ets:insert(G, {h, 2}) end)),
    d(err(fun() -> ets:give_away(G, self(), x) end)),
    H = spawn(fun() ->
                      Tab = ets:new(inherit, [{heir, Self, heir_data}]),
                      ets:insert(Tab, {i, 1}),
                      Self ! {heir_tab, Tab}
              end),
    receive {heir_tab, HT} -> ok end,
    receive {'ETS-TRANSFER', HT2, From2, HD} ->
            d({HT2 =:= HT, From2 =:= H, HD, ets:lookup(HT, i), ets:info(HT, owner) =:= self()})
    end,
    d(ets:setopts(HT, {heir, none})),
    d(ets:info(HT, heir)),
    d(ets:delete(HT)),
    d(ets:info(HT)),
    d(err(fun() -> ets:delete(HT) end)),
    Taker ! stop,
    ok.

iter(_, '$end_of_table') -> [];
iter(T, K) -> [K | iter(T, ets:next(T, K))].

riter(_, '$end_of_table') -> [];
riter(T, K) -> [K | riter(T, ets:prev(T, K))].
