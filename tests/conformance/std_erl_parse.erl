%% OTP's erl_parse module, unmodified: parsing expressions and forms,
%% abstract terms, and printing back with erl_pp.
-module(std_erl_parse).
-export([main/1]).

d(X) -> erlang:display(X).

parse_exprs(S) ->
    {ok, Ts, _} = erl_scan:string(S),
    erl_parse:parse_exprs(Ts).

parse_form(S) ->
    {ok, Ts, _} = erl_scan:string(S),
    erl_parse:parse_form(Ts).

main(_) ->
    d(parse_exprs("1 + 2 * 3.")),
    d(parse_exprs("X = [1, 2 | T], {X, <<\"ab\">>}.")),
    d(parse_exprs("case X of {a, Y} when Y > 0 -> Y; _ -> 0 end.")),
    d(parse_exprs("fun(A) -> A + 1 end.")),
    d(parse_exprs("[X * 2 || X <- L, X > 1].")),
    d(parse_exprs("#{a => 1, b := 2}.")),
    d(parse_exprs("try f() catch error:R:S -> {R, S} after g() end.")),
    d(parse_exprs("receive {msg, M} -> M after 100 -> timeout end.")),
    d(parse_exprs("1 + .")),
    d(parse_form("f(0) -> 1; f(N) -> N * f(N - 1).")),
    d(parse_form("-module(m).")),
    d(parse_form("-record(r, {a = 1, b}).")),
    d(parse_form("-spec f(integer()) -> integer().")),
    d(erl_parse:abstract({a, [1, 2], <<"b">>, 3.5})),
    d(erl_parse:abstract("str")),
    d(erl_parse:normalise({tuple, 1, [{atom, 1, a}, {integer, 1, 5}]})),
    {ok, [E]} = parse_exprs("foo(X, [1, 2]) + 3."),
    d(lists:flatten(erl_pp:expr(E))),
    {ok, F} = parse_form("f(X) when X > 0 -> X; f(_) -> zero."),
    d(lists:flatten(erl_pp:form(F))),
    {ok, Ts, _} = erl_scan:string("{ok, [1, \"two\", three]}."),
    d(erl_parse:parse_term(Ts)).
