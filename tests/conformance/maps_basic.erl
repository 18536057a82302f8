%% Small (flat) maps: construction, update with => and :=, matching,
%% guard BIFs, the native maps functions and the Erlang-coded rest of
%% maps.erl, key order (term order, integers before floats), equality
%% and ordering against other maps and other types.
-module(maps_basic).
-export([main/1]).

main(_) ->
    E = #{},
    M1 = #{a => 1, b => 2, c => 3},
    show([E, M1, #{1 => x, 1.0 => y, a => z, "s" => s, {t} => t, <<"b">> => b},
          #{2 => b, 1 => a, 3.0 => c, -1 => d}]),
    %% update: assoc and exact
    K = id(d),
    show([M1#{a => 10}, M1#{d => 4}, M1#{K => 4}, M1#{a := 11},
          M1#{a := 11, c := 33}, (id(M1))#{b => two, e => 5}]),
    %% matching
    #{a := A, c := C} = M1,
    show([A, C]),
    show([case M1 of #{z := _} -> z; #{b := B} -> {b, B} end,
          case M1 of #{a := 1, b := 3} -> no; #{} -> any end,
          case id(1) of #{} -> map; _ -> notmap end]),
    show([f(M1), f(#{a => 2}), f(#{}), f(x)]),
    %% key presence only (has_map_fields)
    show([case M1 of #{a := _, c := _} -> has_ac; _ -> no end,
          case M1 of #{z := _} -> has_z; _ -> no end,
          [X || #{a := X} <- [#{a => 1}, #{b => 2}, #{a => 3}]],
          [present || #{b := _} <- [M1, #{}, #{b => x}]]]),
    %% guard BIFs
    show([map_size(M1), map_size(E), is_map_key(a, M1), is_map_key(q, M1),
          map_get(b, M1), is_map(M1), is_map([])]),
    show([g(M1), g(#{size => big}), g(atom)]),
    %% native maps functions
    show([maps:find(a, M1), maps:find(z, M1), maps:get(c, M1), maps:get(z, M1, def),
          maps:is_key(b, M1), maps:keys(M1), maps:values(M1), maps:to_list(M1),
          maps:put(z, 26, M1), maps:put(a, 1, M1) =:= M1, maps:remove(b, M1),
          maps:remove(zz, M1), maps:take(a, M1), maps:take(q, M1), maps:update(c, 4, M1),
          maps:merge(M1, #{c => 30, d => 40}), maps:merge(#{}, M1), maps:merge(M1, #{}),
          maps:from_list([{x, 1}, {y, 2}, {x, 3}]), maps:from_list([]),
          maps:from_keys([a, b, a], 0), maps:from_keys([], 0), maps:new(), maps:size(M1)]),
    %% Erlang-coded maps functions over iterators
    show([maps:fold(fun(Kx, V, Acc) -> [{Kx, V} | Acc] end, [], M1),
          maps:map(fun(_, V) -> V * 2 end, M1),
          maps:filter(fun(_, V) -> V > 1 end, M1),
          maps:filtermap(fun(a, _) -> false; (_, V) -> {true, -V} end, M1),
          maps:with([a, c, zz], M1), maps:without([a, zz], M1),
          maps:update_with(a, fun(V) -> V + 100 end, M1),
          maps:update_with(q, fun(V) -> V end, 7, M1),
          maps:groups_from_list(fun(X) -> X rem 2 end, [1, 2, 3, 4, 5]),
          maps:intersect(M1, #{a => x, z => y}), maps:merge_with(fun(_, X, Y) -> X + Y end, M1, #{a => 5}),
          maps:foreach(fun(_, _) -> ok end, M1),
          iter(maps:next(maps:iterator(M1))), maps:next(maps:iterator(E))]),
    %% 0.0 and -0.0 are one key in OTP 25: which of them a map keeps
    Z = id(0.0), NZ = id(-0.0),
    show([#{Z => a, NZ => b}, maps:from_list([{Z, a}, {NZ, b}]), maps:put(NZ, b, #{Z => a}),
          maps:update(NZ, b, #{Z => a}), maps:merge(#{Z => a}, #{NZ => b}), (id(#{Z => a}))#{NZ := c},
          maps:get(NZ, #{Z => x})]),
    %% equality and order
    show([#{a => 1} =:= #{a => 1}, #{a => 1} == #{a => 1.0}, #{a => 1} =:= #{a => 1.0},
          #{1 => a} == #{1.0 => a}, #{a => 1} < #{a => 2}, #{b => 1} < #{a => 1, b => 1},
          #{a => 2} < #{b => 1}, #{1 => a} < #{1.0 => a}, #{} < #{a => 1},
          lists:sort([#{b => 1}, #{a => 1}, #{a => 0}, #{}, #{a => 1, b => 2}, {x}, [x], 1.0, atom, <<"b">>])]),
    ok.

f(#{a := 1}) -> one;
f(#{a := N}) when N > 1 -> many;
f(#{}) -> other;
f(_) -> notmap.

g(M) when map_size(M) > 2 -> big;
g(M) when is_map_key(size, M) -> has_size;
g(_) -> no.

iter(none) -> [];
iter({K, V, I}) -> [{K, V} | iter(maps:next(I))].

id(X) -> X.

show([H | T]) ->
    erlang:display(H),
    show(T);
show([]) -> ok.
