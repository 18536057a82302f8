%% Edges of the map instructions' fast paths (vm/instrs/maps_fast.tab):
%% float and integer keys (1 vs 1.0) in flat maps, boxed keys, keys found
%% at a cached index after the map changed shape, updates of missing keys
%% (badkey), non-maps (badmap), maps of 32 and 33 keys (flat and trie),
%% maps:get/2,3, maps:put/3, update/3, remove/2, map_get/2, is_map_key/2,
%% map_size/1 in bodies and guards, and several keys in one instruction.
-module(maps_fast).
-export([main/1]).

%% An exception as {Class, Reason, the top frame's {M, F, Arity}}.
-define(E(X), err(fun() -> X end)).

main(_) ->
    float_int_keys(),
    boxed_keys(),
    cache_shapes(),
    errors(),
    sizes(),
    natives(),
    guards(),
    multi(),
    ok.

show(Tag, V) -> io:format("~p: ~p~n", [Tag, V]).

err(F) ->
    try F()
    catch C:R:S ->
        {C, R, case S of [{M, Fn, A, _} | _] -> {M, Fn, arity(A)}; _ -> none end}
    end.

arity(A) when is_list(A) -> length(A);
arity(A) -> A.

%% A function per instruction shape, so the loader makes each form.
get1(M) -> case M of #{k := V} -> V; _ -> none end.
getv(K, M) -> case M of #{K := V} -> {found, V}; _ -> none end.
has1(M) -> case M of #{k := _} -> yes; _ -> no end.
exact1(M, V) -> M#{k := V}.
exactv(M, K, V) -> M#{K := V}.
assoc1(M, V) -> M#{k => V}.
assocv(M, K, V) -> M#{K => V}.
get2(M) -> case M of #{a := A, z := Z} -> {A, Z}; _ -> none end.
exact2(M, K, V) -> M#{z := V, K := V, b := V}.
assoc3(M, K, V) -> M#{z => V, K => V, b => V}.

float_int_keys() ->
    M = #{1 => int, 1.0 => float, 2 => two},
    show(fi_get, [getv(1, M), getv(1.0, M), getv(2, M), getv(2.0, M)]),
    show(fi_exact, [exactv(M, 1, x), exactv(M, 1.0, y)]),
    show(fi_exact_missing, ?E(exactv(M, 2.0, z))),
    show(fi_assoc, [assocv(M, 2.0, new), assocv(M, 1, one)]),
    show(fi_natives, [maps:get(1.0, M), maps:get(1, M), maps:get(3.0, M, dflt),
                      maps:put(1.0, p, M), map_get(1, M), is_map_key(2.0, M)]),
    show(fi_zero, [getv(0.0, #{-0.0 => neg}), getv(-0.0, #{0.0 => pos}),
                   exactv(#{0.0 => a}, -0.0, b)]),
    show(fi_big, [getv(1 bsl 70, #{1 bsl 70 => big, 1 => small}),
                  getv(1, #{1 bsl 70 => big}), exactv(#{1 bsl 70 => a}, 1 bsl 70, b)]).

boxed_keys() ->
    M = #{"str" => s, <<"bin">> => b, {t, 1} => t, [] => nil, k => atom},
    show(bx_get, [getv("str", M), getv(<<"bin">>, M), getv({t, 1}, M), getv([], M),
                  getv({t, 2}, M), getv(k, M)]),
    show(bx_literal, [case M of #{{t, 1} := V} -> V; _ -> none end,
                      case M of #{"str" := V} -> V; _ -> none end,
                      case #{1 => i, 1.0 => f} of #{1.0 := V} -> V; _ -> none end,
                      case #{1 => i} of #{1.0 := V} -> V; _ -> none end,
                      ?E((id(#{1 => i}))#{1.0 := f}),
                      (id(#{1 => i}))#{1.0 => f},
                      (id(#{{t, 1} => a}))#{{t, 1} := b}]),
    show(bx_exact, exactv(M, {t, 1}, new)),
    show(bx_assoc, assocv(M, {t, 2}, added)).

%% The same instruction on maps whose keys sit at other places.
cache_shapes() ->
    Ms = [#{k => 1}, #{a => 0, k => 2}, #{a => 0, b => 0, k => 3, z => 0},
          #{k => 4, zz => 0}, #{a => 1}, #{}, lists:foldl(fun(I, A) -> A#{I => I} end,
                                                           #{k => 5}, lists:seq(1, 40))],
    show(cs_get, [get1(M) || M <- Ms]),
    show(cs_has, [has1(M) || M <- Ms]),
    show(cs_exact, [?E(maps:get(k, exact1(M, new))) || M <- Ms]),
    show(cs_assoc, [maps:get(k, assoc1(M, new)) || M <- Ms]),
    show(cs_get2, [get2(#{a => 1, z => 2}), get2(#{z => 2, a => 1, m => 0}), get2(#{a => 1}),
                   get2(#{z => 1})]),
    show(cs_maps_get, [maps:get(k, M, none) || M <- Ms]),
    show(cs_small, [lists:sort(maps:to_list(exact1(M, x))) || M <- lists:sublist(Ms, 4)]).

errors() ->
    show(err_exact_missing, ?E(exact1(#{a => 1}, 2))),
    show(err_exact_badmap, ?E(exact1(not_a_map, 2))),
    show(err_assoc_badmap, ?E(assoc1([1], 2))),
    show(err_exact2, [?E(exact2(#{a => 1}, y, 2)), ?E(exact2(#{a => 1, b => 1, z => 1}, y, 2)),
                      ?E(exact2(#{a => 1, b => 1}, y, 2))]),
    show(err_get2, ?E(maps:get(nope, #{a => 1}))),
    show(err_get2_badmap, ?E(maps:get(a, {a, 1}))),
    show(err_get3_badmap, ?E(maps:get(a, {a, 1}, default))),
    show(err_put3_badmap, ?E(maps:put(a, 1, []))),
    show(err_update, ?E(maps:update(nope, 1, #{a => 1}))),
    show(err_remove_badmap, ?E(maps:remove(a, 7))),
    show(err_map_get, ?E(map_get(nope, #{a => 1}))),
    show(err_map_get_badmap, ?E(map_get(a, 7))),
    show(err_map_size, ?E(map_size(id(7)))),
    show(err_is_map_key, ?E(is_map_key(a, id(7)))).

id(X) -> X.

sizes() ->
    M32 = maps:from_list([{I, I} || I <- lists:seq(1, 32)]),
    M33 = assocv(M32, 33, 33),
    show(sz_32, {map_size(M32), maps:get(32, M32), exactv(M32, 1, one) =:= M32#{1 => one}}),
    show(sz_33, {map_size(M33), maps:get(33, M33), maps:keys(M33)}),
    show(sz_33_exact, maps:to_list(exactv(M33, 17, x))),
    show(sz_back_32, maps:to_list(maps:remove(33, M33))),
    show(sz_put3, maps:to_list(maps:put(40, forty, M32))),
    %% atoms hash by girder's own atom index: integer keys only in tries
    M31 = maps:from_list([{I, I} || I <- lists:seq(100, 130)]),
    show(sz_assoc3_to_33, maps:to_list(assocv3(M31, 7, v))),
    show(sz_assoc3_to_34, maps:to_list(assocv3(M31, 200, v))),
    show(sz_exact_hamt, ?E(exactv(M33, 99, v))).

assocv3(M, K, V) -> M#{1 => V, K => V, 2 => V}.

natives() ->
    M = #{a => 1, b => 2, c => 3},
    show(nat, [maps:get(b, M), maps:get(d, M, none), maps:put(b, 20, M), maps:put(d, 4, M),
               maps:update(c, 30, M), maps:remove(a, M), maps:remove(q, M),
               map_get(c, M), is_map_key(c, M), is_map_key(q, M), map_size(M)]),
    %% the tail-call forms of maps:get/3
    show(nat_tail, [tail_get3(M, a), tail_get3(M, q), last_get3(M, b), last_get3(M, q)]),
    show(nat_tail_err, ?E(tail_get3(x, a))),
    show(nat_last_err, ?E(last_get3(x, a))).

tail_get3(M, K) -> maps:get(K, M, dflt).
last_get3(M, K) -> X = id(K), maps:get(X, M, dflt).

guards() ->
    G = fun(M) when map_get(a, M) > 1 -> big;
           (M) when is_map_key(a, M) -> has_a;
           (M) when map_size(M) > 2 -> large;
           (_) -> other
        end,
    show(guards, [G(#{a => 5}), G(#{a => 0}), G(#{b => 1, c => 2, d => 3}), G(#{}), G(7),
                  G(#{a => x})]).

multi() ->
    M = #{a => 1, b => 2, c => 3, z => 26},
    show(multi_exact, [exact2(M, c, v), exact2(M, a, w)]),
    show(multi_assoc, [assoc3(M, q, v), assoc3(#{}, a, v), assoc3(M, z, same)]),
    %% keys in the reverse of the map's order in one get_map_elements
    F = fun(#{z := Z, c := C, a := A}) -> {A, C, Z}; (_) -> no end,
    show(multi_rev, [F(M), F(#{a => 1, c => 2}),
                     F(maps:from_list([{I, I} || I <- lists:seq(1, 40)] ++ [{a, 1}, {c, 3}, {z, 9}]))]),
    %% a destination that is also the map's register
    H = fun(X) -> #{a := X1, b := X2} = X, {X1, X2} end,
    show(multi_dst, H(M)).
