%% More of OTP's stdlib, unmodified: erl_pp printing of forms,
%% io_lib:fread, lists on long lists, string functions on unicode text, and
%% erl_eval with a local function handler.
-module(std_misc).
-export([main/1]).

d(X) -> erlang:display(X).

main(_) ->
    {ok, Ts, _} = erl_scan:string("f(X) when X > 1 -> [X | f(X - 1)]; f(_) -> []."),
    {ok, F} = erl_parse:parse_form(Ts),
    d(lists:flatten(erl_pp:form(F))),
    d(io_lib:fread("~d~f~s", "12 3.5 word")),
    d(io_lib:fread("~a:~d", "key:7")),
    L = lists:seq(1, 20000),
    d(lists:sum(lists:reverse(L))),
    d(length(lists:usort([X rem 97 || X <- L]))),
    d(lists:nth(15000, lists:sort(fun(A, B) -> A >= B end, L))),
    d(string:uppercase("straße")),
    d(string:length("e\x{301}a")),
    d(string:reverse("ab\x{301}c")),
    d(string:slice(<<"héllo"/utf8>>, 1, 3)),
    {ok, Ts2, _} = erl_scan:string("double(21) + 1."),
    {ok, Es} = erl_parse:parse_exprs(Ts2),
    Local = {value, fun(double, [X]) -> 2 * X end},
    d(element(2, erl_eval:exprs(Es, [], Local))).
