%% The math module's natives and the erlang rounding BIFs (float/1,
%% round/1, trunc/1, ceil/1, floor/1) on floats, integers, bignums,
%% -0.0 and edge values, with badarg/badarith as OTP raises them.
-module(math_funs).
-export([main/1]).

main(_) ->
    Xs = id([0, 1, -1, 2, 0.0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, 10, 100.0, 1.0e-300, 1.0e300,
             -1.0e300, 1 bsl 70, -(1 bsl 70), 1 bsl 2000, 3.141592653589793, 0.9999999999999999,
             foo, "1"]),
    F1 = [acos, acosh, asin, asinh, atan, atanh, ceil, cos, cosh, erf, erfc, exp, floor, log,
          log10, log2, sin, sinh, sqrt, tan, tanh],
    [show({F, X, catch_it(fun() -> math:F(X) end)}) || F <- F1, X <- Xs],
    Ys = id([0, 2, -2, 0.5, -0.0, 3.0, 1.0e300, 1 bsl 2000, foo]),
    F2 = [atan2, fmod, pow],
    [show({F, X, Y, catch_it(fun() -> math:F(X, Y) end)})
     || F <- F2, X <- Xs, Y <- Ys],
    show({math:pi(), math:pow(2, 10), math:sqrt(2)}),
    Rs = id([0, 5, -5, 1 bsl 70, 0.0, -0.0, 0.4, 0.5, -0.5, 0.49999999999999994, 1.5, 2.5, -2.5,
             -3.7, 3.7, 1.0e15 + 0.5, 4503599627370497.0, 1.0e20, -1.0e20, 1.0e300,
             -1.7976931348623157e308, 5.0e-324, foo, "1"]),
    [show({X, catch_it(fun() -> float(X) end), catch_it(fun() -> round(X) end),
                     catch_it(fun() -> trunc(X) end), catch_it(fun() -> ceil(X) end),
                     catch_it(fun() -> floor(X) end)}) || X <- Rs],
    Big = id([(1 bsl 64) + (1 bsl 11) + 1, (1 bsl 64) + (1 bsl 11), (1 bsl 53) + 1,
              (1 bsl 1023) * 2 - 1, (1 bsl 1024) - (1 bsl 970), (1 bsl 1024) - (1 bsl 971),
              -(1 bsl 1024), 123456789012345678901234567890123456789,
              %% OTP converts limb by limb (Horner), not correctly rounded:
              ((1 bsl 52) + 2) * (1 bsl 64) + (1 bsl 63) + 1,
              -(((1 bsl 52) + 2) * (1 bsl 64) + (1 bsl 63) + 1)]),
    [show({B, catch_it(fun() -> float(B) end), catch_it(fun() -> B * 1.0 end)}) || B <- Big],
    %% guards
    show([G || G <- Rs, is_number(G), round(G) > 1]),
    show([G || G <- Rs, is_number(G), float(G) < 0]),
    ok.

catch_it(F) -> try F() catch C:R -> {C, R} end.
id(X) -> X.

%% erlang:display/1 prints floats with 6 digits: print them exactly too.
show(T) -> erlang:display(T), erlang:display(exact(T)).
exact(F) when is_float(F) -> {float, float_to_list(F, [short])};
exact(T) when is_tuple(T) -> list_to_tuple(exact(tuple_to_list(T)));
exact([H | T]) -> [exact(H) | exact(T)];
exact(X) -> X.
