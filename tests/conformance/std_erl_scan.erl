%% OTP's erl_scan module, unmodified: tokens of expressions and forms.
-module(std_erl_scan).
-export([main/1]).

d(X) -> erlang:display(X).

main(_) ->
    d(erl_scan:string("foo(X, 12) -> X + 12.")),
    d(erl_scan:string("\"str\" 'atom' $c 1.5e3 16#ff 2#101 <<1>> #{a => b}.")),
    d(erl_scan:string("A =:= B andalso not C orelse D /= E.")),
    d(erl_scan:string("fun(X) -> X end, [H|T], {a, b}.")),
    d(erl_scan:string("% comment\nx.", 1, [return_comments])),
    d(erl_scan:string("a\nb\n  c", {1, 1})),
    d(erl_scan:string("\"unterminated")),
    d(erl_scan:string("1_000_000 $\\n 'quoted atom' <= >= =< == ++ -- ::")),
    {ok, Ts, _} = erl_scan:string("f(A) -> A."),
    d([erl_scan:category(T) || T <- Ts]),
    d([erl_scan:symbol(T) || T <- Ts]),
    d(erl_scan:tokens([], "x = 1. y", 1)),
    d(erl_scan:reserved_word('receive')),
    d(erl_scan:reserved_word(foo)).
