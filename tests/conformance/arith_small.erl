%% Small-integer arithmetic and comparisons on values the compiler cannot
%% fold (they come from lists walked at run time): signs of div and rem,
%% bitwise operators on negatives, shifts both ways, unary minus.
-module(arith_small).
-export([main/1]).

main(_) ->
    Pairs = [{7, 2}, {-7, 2}, {7, -2}, {-7, -2}, {0, 5}, {13, 13},
             {1000000007, 97}, {-123456789, 1000}, {123456789, -987654321}],
    basic(Pairs),
    bitwise(Pairs),
    shifts([{1, 0}, {1, 10}, {5, 3}, {-5, 3}, {1024, -3}, {-17, 2},
            {-1, 40}, {255, 4}, {1, 58}, {-1, 1}]),
    compare([{1, 2}, {2, 1}, {3, 3}, {-4, 4}, {0, -0}]),
    unary([0, 5, -5, 1 bsl 28]),
    erlang:display(poly(lists:reverse([3, -2, 0, 7]), 11)),
    erlang:display(collatz(27, 0)).

basic([{A, B} | T]) ->
    erlang:display({A + B, A - B, A * B, A div B, A rem B}),
    basic(T);
basic([]) -> ok.

bitwise([{A, B} | T]) ->
    erlang:display({A band B, A bor B, A bxor B, bnot A}),
    bitwise(T);
bitwise([]) -> ok.

shifts([{A, S} | T]) ->
    erlang:display({A bsl S, A bsr S}),
    shifts(T);
shifts([]) -> ok.

compare([{A, B} | T]) ->
    erlang:display([A < B, A =< B, A > B, A >= B,
                    A == B, A /= B, A =:= B, A =/= B]),
    compare(T);
compare([]) -> ok.

unary([A | T]) ->
    erlang:display({-A, +A, abs(A), A * A}),
    unary(T);
unary([]) -> ok.

%% Horner evaluation of 7x^3 + 0x^2 - 2x + 3.
poly(Coeffs, X) -> poly(Coeffs, X, 0).

poly([], _, Acc) -> Acc;
poly([C | Cs], X, Acc) -> poly(Cs, X, Acc * X + C).

collatz(1, Steps) -> Steps;
collatz(N, Steps) when N rem 2 =:= 0 -> collatz(N div 2, Steps + 1);
collatz(N, Steps) -> collatz(3 * N + 1, Steps + 1).
