%% float_to_list/1,2 and float_to_binary/1,2 with every option, their
%% precedence and limits, OTP's own rounding for {decimals,N}, and the
%% reverse: list_to_float/1, binary_to_float/1, string:list_to_float/1.
-module(float_format).
-export([main/1]).

main(_) ->
    Fs = id([0.0, -0.0, 1.0, -1.0, 0.1, 0.5, 1.5, 2.5, -2.5, 0.015, 0.005, 1.005, 0.0049,
             0.125, 123.456, -123.456, 1.0e15 + 0.3, 9007199254740992.0, 9007199254740993.0,
             1.0e16, 1.0e20, 1.0e22, 1.0e100, 1.0e251, -1.0e251, 1.0e300, 1.7976931348623157e308,
             5.0e-324, 2.2250738585072014e-308, 1.0e-10, 3.141592653589793, 0.999, 99.5,
             2.0e-7, 123456789.125, 1.0e-5, 4.35, 0.3]),
    Opts = [[], [short], [compact], [{decimals, 0}], [{decimals, 1}], [{decimals, 2}],
            [{decimals, 3}, compact], [compact, {decimals, 6}], [{decimals, 0}, compact],
            [{decimals, 18}], [{decimals, 19}], [{decimals, 20}, compact], [{decimals, 253}],
            [{scientific, 0}], [{scientific, 3}], [{scientific, 17}], [{scientific, 249}],
            [{scientific, 2}, compact], [{decimals, 2}, {scientific, 3}],
            [{scientific, 3}, {decimals, 2}], [short, {decimals, 2}], [{decimals, 2}, short]],
    [begin
         erlang:display(float_to_list(F)),
         [erlang:display({F, O, catch_it(fun() -> float_to_list(F, O) end)}) || O <- Opts]
     end || F <- Fs],
    [erlang:display({F, float_to_binary(F), float_to_binary(F, [short]),
                     catch_it(fun() -> float_to_binary(F, [{decimals, 4}, compact]) end)})
     || F <- Fs],
    Bad = [[{decimals, -1}], [{decimals, 254}], [{scientific, 250}], [{scientific, -1}],
           [foo], [{decimals, 1.0}], [{decimals, 1 bsl 70}], [{precision, 2}], [{decimals, 2, x}],
           [{decimals, 3} | x], bad, [short | compact]],
    [erlang:display({O, catch_it(fun() -> float_to_list(1.5, O) end),
                     catch_it(fun() -> float_to_binary(1.5, O) end)}) || O <- Bad],
    [erlang:display({X, catch_it(fun() -> float_to_list(X) end),
                     catch_it(fun() -> float_to_binary(X, []) end)}) || X <- id([1, foo, "1.0", 1 bsl 70])],
    Strs = ["1,5", "1.5", " 1.5", "1.5 ", "+1.5", "-1.5", "1e5", "1.0e5", "1.0E+5", "1.0e-5", "1.0e",
            ".5", "1.", "1.0e400", "-1.0e400", "1.0e-400", "1.0e-320", "0.0", "-0.0", "1_0.0",
            [$1, $., 256], "", "1.0e+", "00001.5000", "1.5e-0", "123456789012345678901234567890.5",
            "1.0" ++ [0] ++ "x", "3.14159265358979323846264338327950288", "2.5E3", "--1.0", "1..0",
            [$1, $. | $5], "0.1e1", "1.0e+308", "1.7976931348623159e308"],
    [erlang:display({S, catch_it(fun() -> list_to_float(S) end),
                     catch_it(fun() -> binary_to_float(list_to_binary(S)) end)})
     || S <- Strs, is_list(S), lists:all(fun(C) -> is_integer(C) andalso C < 256 end, S)],
    [erlang:display(catch_it(fun() -> list_to_float(S) end)) || S <- [[$1, $., 256], [$1, $. | $5], foo, <<"1.0">>]],
    [erlang:display(catch_it(fun() -> binary_to_float(S) end)) || S <- ["1.0", <<>>, <<1:3>>, <<"1.0", 1:1>>, foo]],
    <<_:3, Sub:3/binary, _:5>> = id(<<1:3, "2.5", 0:5>>),
    erlang:display(binary_to_float(Sub)),
    SF = ["1.5abc", "1.5", "abc", "1", "1.5e", "1.5e3x", "1,5", "-1.5.3", " 1.5", "1.0e400", "+.5",
          [$1, $., $5 | x], foo, "1.5e+", "1.e5", "12.5E-2 rest", "-", "+", "+1.5", "-1.5e-3-",
          "1.5e--", "1.5e++", "1.5e.", "1.5e+.", "1.5ee", "1.5e+e", "1.5+", "2e2", "12e2", "123e2",
          "1.5e3.", "1.5e3e", "1.5e-x", [$1, $., $5, foo], [$1, $., $5, 300], "1.5" ++ [-1],
          [], "0.0e0", "-0.0rest", "1.2.3", "9.9e999"],
    [erlang:display({S, catch_it(fun() -> string:list_to_float(S) end)}) || S <- SF],
    ok.

catch_it(F) -> try F() catch C:R -> {C, R} end.
id(X) -> X.
