%% Integers to text and back in every base: integer_to_list/1,2,
%% integer_to_binary/1,2, list_to_integer/1,2, binary_to_integer/1,2,
%% string:list_to_integer/1, with bignums, signs and the errors.
-module(int_conversions).
-export([main/1]).

main(_) ->
    Is = id([0, 1, -1, 7, -7, 255, -255, 1 bsl 59, -(1 bsl 59), (1 bsl 59) - 1, 1 bsl 64, -(1 bsl 64),
             123456789012345678901234567890, -(1 bsl 200) + 1, 1 bsl 1000]),
    Bases = id([2, 3, 8, 10, 16, 36]),
    [begin
         erlang:display({I, integer_to_list(I), integer_to_binary(I)}),
         [begin
              L = integer_to_list(I, B),
              Bin = integer_to_binary(I, B),
              erlang:display({B, L, Bin, list_to_integer(L, B), binary_to_integer(Bin, B),
                              list_to_integer(string:lowercase(L), B)})
          end || B <- Bases]
     end || I <- Is],
    Ls = ["+", "-", "", " 1", "1 ", "+0", "-0", "007", "-007", "1_000", "12345678901234567890123",
          "-99999999999999999999", "0x10", "1.0", "+-1", "576460752303423487", "576460752303423488",
          "-576460752303423488", "-576460752303423489"],
    [erlang:display({L, catch_it(fun() -> list_to_integer(L) end),
                     catch_it(fun() -> binary_to_integer(list_to_binary(L)) end)}) || L <- Ls],
    BL = [{"ff", 16}, {"FF", 16}, {"zz", 36}, {"ZZ", 36}, {"12", 1}, {"12", 37}, {"12", foo},
          {"102", 2}, {"-101", 2}, {"ff", 16.0}, {"777", 8}, {"8", 8}, {"-zz", 36}, {"", 16}],
    [erlang:display({L, B, catch_it(fun() -> list_to_integer(L, B) end),
                     catch_it(fun() -> binary_to_integer(list_to_binary(L), B) end)}) || {L, B} <- BL],
    Bad = [fun() -> list_to_integer([$1, 256]) end, fun() -> list_to_integer([$1 | x]) end,
           fun() -> list_to_integer(foo) end, fun() -> list_to_integer(<<"1">>) end,
           fun() -> binary_to_integer("12") end, fun() -> binary_to_integer(<<"1", 0>>) end,
           fun() -> binary_to_integer(<<1:3>>) end, fun() -> integer_to_list(1.0) end,
           fun() -> integer_to_list(foo) end, fun() -> integer_to_list(5, 1) end,
           fun() -> integer_to_list(5, 37) end, fun() -> integer_to_list(1.0, 10) end,
           fun() -> integer_to_list(5, foo) end, fun() -> integer_to_binary(foo) end,
           fun() -> integer_to_binary(1.0, 10) end, fun() -> integer_to_binary(5, 99) end,
           fun() -> list_to_integer("1", 1 bsl 70) end],
    [erlang:display(catch_it(F)) || F <- Bad],
    <<_:3, Sub:4/binary, _:5>> = id(<<1:3, "-123", 0:5>>),
    erlang:display(binary_to_integer(Sub)),
    SI = ["123abc", "abc", "-12", "+12", "-", "+", "", "12.5", [$1, $2 | x], foo, " 12",
          "99999999999999999999999999x", "0012", "-0", "+-1", [$1, foo], [$1, 300], "1" ++ [-1],
          <<"12">>, "9x9"],
    [erlang:display({S, catch_it(fun() -> string:list_to_integer(S) end)}) || S <- SI],
    ok.

catch_it(F) -> try F() catch C:R -> {C, R} end.
id(X) -> X.
