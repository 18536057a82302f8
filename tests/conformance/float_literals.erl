%% Float literals from the literal table, printed by erlang:display/1 (which
%% uses C's "%e" style with six decimals on OTP): zeros of both signs,
%% rounding at the sixth decimal, very large, very small and subnormal
%% values, floats inside tuples and lists.
-module(float_literals).
-export([main/1]).

main(_) ->
    each([0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 0.2, 0.30000000000000004,
          3.141592653589793, 2.718281828459045, -273.15, 100.0, 1.0e6,
          123456789.0, 1.0e15, 1.0e16, 9007199254740993.0, 6.02214076e23,
          1.0e100, 1.7976931348623157e308, 2.2250738585072014e-308,
          5.0e-324, 1.0e-10, 2.5e-7, 1.0000005, 1.0000015, 9.9999995,
          9.99999949, 0.000123456789, 1.5, 2.5, 12345.6789,
          {1.5, [2.25, -0.125]}, [1.0, 2, 3.0]]),
    %% A float literal is not equal to the integer literal of the same value.
    erlang:display([1.0 =:= one(), 1.0 == one(), 2.5 < 3, -0.0 =:= 0.0]).

each([H | T]) ->
    erlang:display(H),
    each(T);
each([]) -> ok.

one() -> 1.
