%% OTP's erl_eval module, unmodified: scan, parse and evaluate
%% expression strings.
-module(std_erl_eval).
-export([main/1]).

d(X) -> erlang:display(X).

eval(S) -> eval(S, erl_eval:new_bindings()).

eval(S, B) ->
    {ok, Ts, _} = erl_scan:string(S),
    {ok, Es} = erl_parse:parse_exprs(Ts),
    try erl_eval:exprs(Es, B) of
        {value, V, _} -> V
    catch
        C:R -> {caught, C, R}
    end.

main(_) ->
    d(eval("1 + 2 * 3.")),
    d(eval("X = 5, Y = X * X, Y - 1.")),
    d(eval("lists:map(fun(A) -> A * 2 end, [1, 2, 3]).")),
    d(eval("[X || X <- lists:seq(1, 10), X rem 3 =:= 0].")),
    d(eval("case {a, 1} of {a, N} when N > 0 -> pos; _ -> other end.")),
    d(eval("F = fun F(0) -> 1; F(N) -> N * F(N - 1) end, F(20).")),
    d(eval("{A, B} = {1, 2}, A + B.")),
    d(eval("element(2, {x, y, z}).")),
    d(eval("try throw(oops) catch throw:T -> {got, T} end.")),
    d(eval("<<A:8, B/binary>> = <<1, 2, 3>>, {A, B}.")),
    d(eval("#{a := V} = #{a => 7}, V.")),
    d(eval("if 1 > 2 -> a; true -> b end.")),
    d(eval("atom_to_list(hello) ++ \" world\".")),
    d(eval("X + 1.", erl_eval:add_binding('X', 41, erl_eval:new_bindings()))),
    d(eval("1 / 0.")),
    d(eval("undefined_var + 1 = 2.")),
    d(eval("nomod:nofun().")),
    d(eval("begin 1, 2, 3 end.")),
    d(eval("length([a, b | [c]]).")),
    d(eval("2 bsl 70.")),
    d(eval("\"abc\" -- \"b\".")),
    d(eval("lists:foldl(fun(X, Acc) -> X + Acc end, 0, lists:seq(1, 100)).")),
    {ok, Ts, _} = erl_scan:string("A + B"),
    {ok, [Expr]} = erl_parse:parse_exprs(Ts ++ [{dot, 1}]),
    d(erl_eval:expr(Expr, [{'A', 1}, {'B', 2}])),
    d(erl_eval:bindings(erl_eval:add_binding('Z', 1, erl_eval:new_bindings()))).
