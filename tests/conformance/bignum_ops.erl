%% Integer operators on bignums (and bignum/small mixes) with values the
%% compiler cannot fold: div and rem signs, bitwise operators in two's
%% complement on negatives, shifts both ways by any amount, abs, unary
%% minus, bnot, the results normalised back to smalls, and the errors.
-module(bignum_ops).
-export([main/1]).

main(_) ->
    Big = [1 bsl 64, (1 bsl 64) - 1, 1 bsl 59, (1 bsl 59) - 1, -(1 bsl 59), -(1 bsl 59) - 1,
           123456789012345678901234567890, -98765432109876543210987654321,
           (1 bsl 200) + 12345, -(1 bsl 130) + 7, 1 bsl 127, -(1 bsl 128)],
    Small = [1, -1, 3, -7, 1000000007, -(1 bsl 40), 0],
    Vals = id(Big ++ Small),
    [begin
         erlang:display({A, B, A div B, A rem B}),
         erlang:display({A band B, A bor B, A bxor B})
     end || A <- Vals, B <- Vals, B =/= 0, not (is_small(A) andalso is_small(B))],
    [erlang:display({A, bnot A, -A, abs(A), A * A, A + 1, A - 1}) || A <- Vals],
    Shifts = id([0, 1, 3, 59, 60, 63, 64, 65, 127, 128, 129, 200, 1000]),
    [erlang:display({A, S, A bsl S, A bsr S, A bsl -S, A bsr -S}) || A <- Vals, S <- Shifts],
    %% huge shifts
    H = id(1 bsl 70),
    Huge = [fun() -> 1 bsl H end, fun() -> 0 bsl H end, fun() -> -5 bsr H end,
            fun() -> 5 bsr H end, fun() -> 5 bsl -H end, fun() -> -5 bsl -H end,
            fun() -> id(1) bsl 33554367 > 0 end, fun() -> id(1) bsl 33554368 end,
            fun() -> id(-1) bsl 33554367 < 0 end,
            fun() -> (id(1) bsl 33554300) * (1 bsl 100) end,
            fun() -> (id(1) bsl 33554300) * (1 bsl 10) > 0 end,
            fun() -> id(1 bsl 4000) bsr 3999 end, fun() -> id(-(1 bsl 4000)) bsr 3999 end,
            fun() -> id(-(1 bsl 4000)) bsr 4000 end, fun() -> id(-(1 bsl 4000)) bsr 4001 end,
            fun() -> id(-(1 bsl 4000) - 1) bsr 4000 end],
    [erlang:display(try F() catch C:R -> {C, R} end) || F <- Huge],
    %% normalisation back to small
    X = id(1 bsl 100),
    erlang:display([X div X, X rem X, (X + 5) - X, X band 255, (X + 255) band 255,
                    (X bor 1) bxor X, X bsr 100, X div (1 bsl 41), -X div (1 bsl 41)]),
    %% powers and factorials
    erlang:display(fact(id(60))),
    erlang:display(fact(id(100)) div fact(id(98))),
    erlang:display(pow(id(7), 100) rem 1000000007),
    %% errors
    Bad = [fun() -> X div 0 end, fun() -> X rem 0 end, fun() -> X div 1.0 end,
           fun() -> X band 1.0 end, fun() -> X bor foo end, fun() -> bnot id(1.5) end,
           fun() -> X bsl 1.0 end, fun() -> X bsr id(a) end, fun() -> id(a) bsl 1 end,
           fun() -> -id(foo) end, fun() -> abs(id(foo)) end, fun() -> X + id(foo) end,
           fun() -> X * id("1") end, fun() -> 1 div id(0) end, fun() -> 7 rem id(0) end],
    [erlang:display(try F() catch C:R -> {C, R} end) || F <- Bad],
    ok.

is_small(X) -> X >= -(1 bsl 59) andalso X < (1 bsl 59).
fact(0) -> 1;
fact(N) -> N * fact(N - 1).
pow(_, 0) -> 1;
pow(B, N) -> B * pow(B, N - 1).
id(X) -> X.
