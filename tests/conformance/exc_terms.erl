%% Every error term the VM raises itself, caught as Class:Reason:Stacktrace
%% and displayed with all three (file names dropped from the locations,
%% since they depend on how erlc was called): badarg, badarith, badmatch,
%% case_clause, function_clause, if_clause, try_clause, undef, badfun,
%% badarity, badrecord, throw/exit/error with args, erlang:raise/3
%% (rethrow, raw_raise, bad class), apply/2,3, nested stack frames, old
%% catch values, and uncaught-looking values seen by catch.
-module(exc_terms).
-export([main/1, exported/1, deep/1]).

-record(rec, {a, b}).

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

exported(X) -> {exported, X}.

f_clause(a, _) -> a;
f_clause(b, N) when N > 0 -> b.

deep(0) -> error(bottom);
deep(N) -> [deep(N - 1)].

local_raise(C, R) ->
    try error(inner) catch _:_:S -> erlang:raise(C, R, S) end.

rethrow(F) ->
    try F() catch C:R:S -> erlang:raise(C, R, S) end.

main(_) ->
    T = id({a, b, c}),
    run(badarg_element, fun() -> element(id(5), T) end),
    run(badarg_hd, fun() -> hd(id([])) end),
    run(badarg_error, fun() -> error(badarg) end),
    run(badarith_plus, fun() -> id(1) + id(a) end),
    run(badarith_div, fun() -> id(1) div id(0) end),
    run(badarith_rem, fun() -> id(7) rem id(0) end),
    run(badarith_neg, fun() -> -id(x) end),
    run(badmatch, fun() -> {x, _} = id({y, 1}) end),
    run(case_clause, fun() -> case id(3) of 1 -> one; 2 -> two end end),
    run(function_clause, fun() -> f_clause(b, id(-1)) end),
    run(function_clause_lists, fun() -> lists:nth(id(0), [a]) end),
    run(if_clause, fun() -> X = id(5), if X > 10 -> big; X < 0 -> neg end end),
    run(try_clause, fun() -> try id(7) of 1 -> one catch _ -> c end end),
    run(undef_module, fun() -> (id(no_such_module)):f(1, 2) end),
    run(undef_function, fun() -> (id(exc_terms)):nope(x) end),
    run(badfun_int, fun() -> (id(3))(a) end),
    run(badfun_tuple, fun() -> (id({exc_terms, exported}))(a) end),
    run(badarity_ext, fun() -> (id(fun lists:reverse/1))(a, b) end),
    run(badarity_local, fun() ->
        try (id(fun(X) -> X end))(1, 2)
        catch error:{badarity, {F, Args}} -> {is_function(F), Args}
        end end),
    run(badrecord, fun() -> R = id({other, 1}), R#rec.a end),
    run(badrecord_update, fun() -> R = id(not_a_rec), R#rec{b = 2} end),
    run(record_ok, fun() -> R = id(#rec{a = 1}), {R#rec.a, R#rec{b = 2}} end),
    run(throw, fun() -> throw({my, thing}) end),
    run(exit, fun() -> exit(goodbye) end),
    run(error_args, fun() -> error(reason, [1, two]) end),
    run(error_3, fun() -> error(reason3, [x], [{error_info, #{cause => c}}]) end),
    run(error_args_notlist, fun() -> error(reason, id(not_a_list)) end),
    run(error_3_notmap, fun() -> error(r, [1], id([{error_info, x}])) end),
    run(error_3_mixed, fun() -> error(r, [1], id([{other, 1}, {error_info, #{a => 1}}])) end),
    run(error_3_last, fun() -> error(r, [1], id([{error_info, #{a => 1}}, {error_info, #{b => 2}}])) end),
    run(error_3_arity, fun() -> error(r, id(none), id([{error_info, #{}}])) end),
    run(deep_trace, fun() -> deep(3) end),
    run(raise_error, fun() -> erlang:raise(error, raised, [{m, f, 1, [{line, 9}]}]) end),
    run(raise_throw, fun() -> erlang:raise(throw, ball, []) end),
    run(raise_bad_class, fun() -> erlang:raise(bad_class, x, []) end),
    run(raise_bad_trace, fun() -> erlang:raise(error, x, not_a_list) end),
    run(raise_trace_forms, fun() ->
        [try erlang:raise(error, r, id(Tr)) of V -> {returned, V} catch C:R:S -> {C, R, S} end
         || Tr <- [[bad], [{m, f, 1}], [{m, f, x, []}], [{fun lists:sum/1, [1]}],
                   [{fun lists:sum/1, [1], bad}], [{a, [1]}], [{1, f, 2}], [{m, f, 1, x}],
                   [{m, f, 1, [x]}], [{m, f, 1}, {fun lists:sum/1, [2]}, {m, g, 2, []}],
                   [{a, b, c, d, e}], [{}], [{m, f, 1, []} | x]]] end),
    run(raise_local, fun() -> local_raise(exit, changed) end),
    run(rethrow, fun() -> rethrow(fun() -> element(id(9), T) end) end),
    run(rethrow_throw, fun() -> rethrow(fun() -> throw(again) end) end),
    run(apply3_ok, fun() -> apply(id(lists), id(reverse), id([[1, 2, 3]])) end),
    run(apply3_exported, fun() -> apply(exc_terms, exported, id([z])) end),
    run(apply3_badarg, fun() -> apply(id(lists), reverse, id(notalist)) end),
    run(apply3_improper, fun() -> apply(id(lists), reverse, id([a | b])) end),
    run(apply3_notatom, fun() -> apply(id(1), f, id([])) end),
    run(apply3_undef, fun() -> apply(id(lists), no_such_fun, id([1])) end),
    run(apply2_fun, fun() -> apply(id(fun(X, Y) -> X - Y end), id([10, 3])) end),
    run(apply2_badfun, fun() -> apply(id(3), id([a])) end),
    run(apply2_badarity, fun() -> apply(id(fun lists:reverse/1), id([a, b])) end),
    run(apply_erlang_apply, fun() -> erlang:apply(erlang, apply, id([lists, sum, [[1, 2]]])) end),
    run(apply_fun_value, fun() -> F = fun erlang:apply/3, F(lists, max, id([[4, 9, 2]])) end),
    run(apply_fun_value_badarg, fun() -> F = id(fun erlang:apply/3), F(1, f, []) end),
    run(apply_fun_value2_badfun, fun() -> F = id(fun erlang:apply/2), F(x, []) end),
    run(apply_apply_badarg, fun() -> apply(erlang, apply, id([lists, reverse, bad])) end),
    run(apply_nontail, fun() -> [apply(id(lists), id(nofun), id([]))] end),
    run(apply_long, fun() -> apply(id(erlang), id(max), id([3, 9])) end),
    run(apply_known_len, fun() -> M = id(lists), M:reverse(id([p, q])) end),
    run(apply_notatom_known, fun() -> M = id({1}), M:reverse(id([p, q])) end),
    run(catch_error, fun() -> strip_catch(catch element(id(0), T)) end),
    run(catch_throw, fun() -> catch throw(caught) end),
    run(catch_exit, fun() -> catch exit(out) end),
    run(nested, fun() ->
        try
            try error(first) catch error:first -> error(second) end
        catch error:E -> {second_caught, E}
        end end),
    run(after_runs, fun() ->
        try try error(x) after d(after_ran) end catch error:x -> done end end),
    run(stacktrace_class_exit, fun() -> exit({shutdown, id(1)}) end).

strip_catch({'EXIT', {R, S}}) -> {'EXIT', R, strip(S)};
strip_catch(V) -> V.
