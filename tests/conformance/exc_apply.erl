%% Stack traces of errors raised through apply, M:F(...) with a variable
%% module, and export funs: BIFs that fail (no caller frame when tail-called)
%% versus exceptions raised on purpose (error/1, throw/1: the calling frame
%% stays), and apply of erlang:apply itself.
-module(exc_apply).
-export([main/1, f/1]).
strip(Trace) -> [{M, F, A, [L || {K, _} = L <- Loc, K =/= file]} || {M, F, A, Loc} <- Trace, M =/= girder_otp_runner].
run(Name, F) -> try F() of V -> erlang:display({Name, returned, V}) catch C:R:S -> erlang:display({Name, C, R}), erlang:display(strip(S)) end.
id(X) -> X.
f(X) -> [X].
main(_) ->
    run(apply_error, fun() -> apply(erlang, error, id([x])) end),
    run(apply_error_nt, fun() -> [apply(erlang, error, id([x]))] end),
    run(apply_throw, fun() -> apply(erlang, throw, id([x])) end),
    run(mfa_error, fun() -> M = id(erlang), M:error(y) end),
    run(mfa_error2, fun() -> M = id(erlang), [M:error(y, [1])] end),
    run(fun_error, fun() -> F = fun erlang:error/1, F(z) end),
    run(apply_apply_fun, fun() -> apply(erlang, apply, [fun(X) -> element(X, {}) end, id([1])]) end),
    run(mfa_apply, fun() -> M = id(erlang), M:apply(lists, reverse, id(bad)) end),
    run(apply_self_mod, fun() -> apply(exc_apply, f, id([1])) end),
    run(apply_hd, fun() -> [apply(erlang, hd, id([[]]))] end),
    run(apply_hd_tail, fun() -> apply(erlang, hd, id([[]])) end).
