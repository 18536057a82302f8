%% More error terms, raised by map, binary, float and comprehension code
%% and by uncaught throws: badmap, badkey, bad_generator, bad_filter,
%% badarg from binary construction, badarith from floats, nocatch seen
%% through catch, and the stack trace of a crash in a nested fun.
%% Displayed as Class, Reason and the stack trace without file names.
-module(exc_more).
-export([main/1]).

d(X) -> erlang:display(X).

strip(Trace) ->
    [{M, F, A, [L || {K, _} = L <- Loc, K =/= file]} || {M, F, A, Loc} <- Trace,
                                                       M =/= girder_otp_runner].

run(Name, F) ->
    try F() of
        V -> d({Name, returned, V})
    catch
        C:R:S -> d({Name, C, R}), d(strip(S))
    end.

id(X) -> X.

rec(0, current) ->
    {current_stacktrace, S} = process_info(self(), current_stacktrace),
    strip(S);
rec(0, X) -> element(X, {a});
rec(N, X) -> [rec(N - 1, X)].

deep(0) -> exit(bottom);
deep(N) -> [N | deep(N - 1)].

main(_) ->
    run(badmap_update, fun() -> M = id(not_a_map), M#{a := 1} end),
    run(badmap_assoc, fun() -> M = id([]), M#{a => 1} end),
    run(badkey_update, fun() -> M = id(#{a => 1}), M#{b := 2} end),
    run(badkey_get, fun() -> maps:get(z, id(#{a => 1})) end),
    run(map_match, fun() -> #{k := V} = id(#{j => 1}), V end),
    run(bad_generator, fun() -> [X || X <- id(notalist)] end),
    run(bad_filter, fun() -> [X || X <- id([1, 2]), id(X)] end),
    run(bin_badarg, fun() -> <<(id(atom)):8>> end),
    run(bin_size_badarg, fun() -> <<(id(1)):(id(-1))>> end),
    run(float_badarith, fun() -> id(1.0) / id(0) end),
    run(float_overflow, fun() -> id(1.0e300) * id(1.0e300) end),
    run(nocatch_seen, fun() -> catch throw(id(thrown)) end),
    run(nested_fun, fun() ->
        G = fun(X) -> element(X, {a}) end,
        H = fun(Y) -> [G(Y)] end,
        H(id(3)) end),
    run(list_to_atom_badarg, fun() -> list_to_atom(id([a])) end),
    run(tuple_size_badarg, fun() -> tuple_size(id([])) end),
    run(length_badarg, fun() -> length(id([a | b])) end),
    run(atom_to_list_badarg, fun() -> atom_to_list(id("s")) end),
    run(setelement_badarg, fun() -> setelement(id(4), {a, b}, c) end),
    run(deep_truncated, fun() -> deep(20) end),
    run(in_foldl, fun() -> lists:foldl(fun(X, A) -> X + A end, 0, id([1, a])) end),
    run(in_map, fun() -> lists:map(fun(X) -> 1 / X end, id([1, 0])) end),
    run(in_sort, fun() -> lists:sort(fun(A, B) -> element(1, A) < B end, id([1, 2])) end),
    run(body_recursion, fun() -> rec(3, id(9)) end),
    run(current_stacktrace, fun() -> [rec(2, current)] end),
    run(fun_clause, fun() -> G = fun(a) -> 1; (b) -> 2 end, G(id(c)) end),
    run(map_notfun, fun() -> lists:map(id(notfun), [1]) end),
    run(foldl_bad, fun() -> lists:foldl(fun(_, _) -> ok end, 0, id(notlist)) end),
    run(reverse_bad, fun() -> lists:reverse(id(a), []) end),
    run(seq_bad, fun() -> lists:seq(id(1), id(x)) end),
    run(keyfind_bad, fun() -> lists:keyfind(a, id(0), [{a}]) end),
    run(atom_too_long, fun() -> list_to_atom(lists:duplicate(id(256), $a)) end),
    run(div_float, fun() -> id(1.5) div 2 end),
    run(throw_through_after, fun() -> try throw(a) after id(x) end end),
    run(exit_normal, fun() -> exit(normal) end),
    run(apply_fun_fails, fun() -> apply(fun(X) -> element(X, {}) end, [id(1)]) end),
    run(preloaded_frame, fun() -> spawn(id(x)) end),
    run(list_to_integer_bad, fun() -> list_to_integer(id("12a")) end),
    run(integer_to_list_base, fun() -> integer_to_list(id(10), 99) end),
    run(guard_fail_is_false, fun() -> X = id(1), if is_atom(X) -> y; true -> n end end).
