%% Map errors as OTP raises them: {badmap,M}, {badkey,K} and badarg from
%% the guard BIFs, the maps functions and the map instructions, caught and
%% printed with the function that raised them; guards that fail quietly.
-module(maps_errors).
-export([main/1]).

main(_) ->
    Big = maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
    NotMap = id([a]),
    show([err(fun() -> map_size(NotMap) end),
          err(fun() -> map_get(a, NotMap) end),
          err(fun() -> map_get(z, id(#{a => 1})) end),
          err(fun() -> map_get(99, Big) end),
          err(fun() -> is_map_key(a, NotMap) end),
          err(fun() -> maps:get(a, NotMap) end),
          err(fun() -> maps:get(z, id(#{a => 1})) end),
          err(fun() -> maps:get(z, NotMap, default) end),
          err(fun() -> maps:find(a, NotMap) end),
          err(fun() -> maps:is_key(a, NotMap) end),
          err(fun() -> maps:keys(NotMap) end),
          err(fun() -> maps:values(NotMap) end),
          err(fun() -> maps:to_list(NotMap) end),
          err(fun() -> maps:put(a, 1, NotMap) end),
          err(fun() -> maps:remove(a, NotMap) end),
          err(fun() -> maps:take(a, NotMap) end),
          err(fun() -> maps:update(a, 1, NotMap) end),
          err(fun() -> maps:update(z, 1, #{a => 1}) end),
          err(fun() -> maps:update(99, 1, Big) end),
          err(fun() -> maps:merge(NotMap, #{}) end),
          err(fun() -> maps:merge(#{}, NotMap) end),
          err(fun() -> maps:merge(NotMap, NotMap) end),
          err(fun() -> maps:from_list(NotMap) end),
          err(fun() -> maps:from_list([{a, 1} | b]) end),
          err(fun() -> maps:from_list([{a, 1, 2}]) end),
          err(fun() -> maps:from_list(x) end),
          err(fun() -> maps:from_keys(x, 1) end),
          err(fun() -> maps:from_keys([a | b], 1) end),
          err(fun() -> maps:iterator(NotMap) end),
          err(fun() -> maps:next(NotMap) end),
          err(fun() -> maps:fold(fun(_, _, A) -> A end, 0, NotMap) end),
          err(fun() -> maps:map(fun(_, V) -> V end, NotMap) end),
          err(fun() -> maps:filter(fun(_, _) -> true end, NotMap) end),
          err(fun() -> maps:with([a], NotMap) end),
          err(fun() -> maps:without([a], NotMap) end),
          err(fun() -> erts_internal:map_next(0, NotMap, []) end),
          err(fun() -> erts_internal:map_next(x, #{a => 1}, []) end),
          err(fun() -> erts_internal:map_next(0, #{a => 1}, x) end),
          err(fun() -> erts_internal:map_next(5, #{a => 1}, []) end),
          err(fun() -> erts_internal:map_next(16#ffff, Big, []) end),
          err(fun() -> NotMap#{a => 1} end),
          err(fun() -> NotMap#{a := 1} end),
          err(fun() -> (id(#{a => 1}))#{b := 2} end),
          err(fun() -> (id(#{a => 1}))#{a := 2, b := 3} end),
          err(fun() -> Big#{99 := 2} end),
          err(fun() -> #{a := _} = id(#{b => 1}) end),
          err(fun() -> #{a := _} = NotMap end)]),
    show([g(NotMap), g(#{a => 1}), g(#{}), h(NotMap), h(Big), h(#{x => 1})]),
    ok.

g(M) when map_get(a, M) =:= 1 -> yes;
g(M) when map_size(M) >= 0 -> sized;
g(_) -> no.

h(M) when is_map_key(7, M) -> seven;
h(M) when is_map(M) -> map;
h(_) -> other.

err(F) ->
    try F() of
        V -> {ok, V}
    catch
        Class:Reason:Stack ->
            {Class, Reason, top(Stack)}
    end.

top([{M, F, A, _} | _]) when is_list(A) -> {M, F, length(A)};
top([{M, F, A, _} | _]) -> {M, F, A};
top(_) -> none.

id(X) -> X.

show([H | T]) ->
    erlang:display(H),
    show(T);
show([]) -> ok.
