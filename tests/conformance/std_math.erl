%% OTP's math module and float arithmetic as the library uses it.
-module(std_math).
-export([main/1]).

d(X) -> erlang:display(X).

main(_) ->
    Xs = [0.5, 1.0, 2.0],
    d([math:sqrt(X) || X <- Xs]),
    d([math:exp(X) || X <- Xs]),
    d([math:log(X) || X <- Xs]),
    d([math:log2(X) || X <- Xs]),
    d([math:log10(X) || X <- Xs]),
    d([math:sin(X) || X <- Xs]),
    d([math:cos(X) || X <- Xs]),
    d([math:tan(X) || X <- Xs]),
    d([math:asin(X / 2) || X <- Xs]),
    d([math:acos(X / 2) || X <- Xs]),
    d([math:atan(X) || X <- Xs]),
    d([math:atan2(X, 3) || X <- Xs]),
    d([math:sinh(X) || X <- Xs]),
    d([math:cosh(X) || X <- Xs]),
    d([math:tanh(X) || X <- Xs]),
    d([math:asinh(X) || X <- Xs]),
    d([math:acosh(X + 1) || X <- Xs]),
    d([math:atanh(X / 4) || X <- Xs]),
    d([math:pow(X, 3) || X <- Xs]),
    d([math:erf(X) || X <- Xs]),
    d([math:erfc(X) || X <- Xs]),
    d([math:ceil(X + 0.25) || X <- Xs]),
    d([math:floor(-X - 0.25) || X <- Xs]),
    d([math:fmod(X * 7, 3) || X <- Xs]),
    d(math:pi()),
    d(math:sqrt(4)),
    d(math:pow(2, 10)),
    d(err(fun() -> math:sqrt(id(-1)) end)),
    d(err(fun() -> math:log(id(0)) end)),
    d(err(fun() -> math:sqrt(id(a)) end)).

id(X) -> X.

err(F) -> try F() of V -> {ok, V} catch C:R -> {C, R} end.
