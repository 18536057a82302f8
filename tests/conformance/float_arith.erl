%% Float arithmetic: the float instructions the compiler emits when it
%% knows operands are floats (fmove, fconv, fadd, fsub, fmul, fdiv,
%% fnegate), mixed integer/float + - * and '/', conversion of bignums,
%% -0.0, and badarith on overflow, division by zero and bad operands.
-module(float_arith).
-export([main/1]).

main(_) ->
    Fs = id([0.0, -0.0, 1.0, -1.5, 0.1, 3.0e10, 1.0e-300, 2.5e307, -1.7976931348623157e308,
             5.0e-324, 123.456]),
    [show(try typed(A, B) catch C:R -> {C, R} end) || A <- Fs, B <- Fs],
    [show(try conv(A, B) catch C:R -> {C, R} end) || A <- id([0, 1, -3, 1 bsl 59, 1 bsl 64, -(1 bsl 100)]),
                                        B <- id([0.5, -2.0, 1.0e300])],
    Ns = id([0, 1, -7, 0.0, -0.0, 2.5, -1.0e-10, 1 bsl 62, -(1 bsl 80), 1.0e300,
             (1 bsl 64) + (1 bsl 11) + 1, 12345678901234567890123]),
    [show(try {A + B, A - B, A * B} catch C:R -> {C, R} end) || A <- Ns, B <- Ns, is_float(A) orelse is_float(B)],
    [show(try A / B catch C:R -> {C, R} end) || A <- Ns, B <- Ns],
    [show(try -A catch C:R -> {C, R} end) || A <- Ns],
    [show(try +A catch C:R -> {C, R} end) || A <- Ns],
    [show(try abs(A) catch C:R -> {C, R} end) || A <- Ns],
    Huge = id(1 bsl 1024),
    Ops = [fun() -> Huge + 0.5 end, fun() -> Huge * 1.0 end, fun() -> 1.0 - Huge end,
           fun() -> Huge / 2 end, fun() -> 2 / Huge end, fun() -> ((1 bsl 1023) * 2 - 1) / 1 end,
           fun() -> 1.0e308 * 10 end, fun() -> id(1.0e308) + id(1.0e308) end,
           fun() -> id(-1.0e308) - id(1.0e308) end, fun() -> 1 / id(0) end,
           fun() -> 1.0 / id(0.0) end, fun() -> 0.0 / id(0.0) end, fun() -> 1 / id(-0.0) end,
           fun() -> id(1.5) + foo end, fun() -> id(foo) * 2.0 end, fun() -> id("a") / 1 end,
           fun() -> -id(bar) end, fun() -> +id(bar) end, fun() -> abs(id(bar)) end,
           fun() -> typed(id(1.0e308), id(1.0e-308)) end, fun() -> typed(id(1.0), id(0.0)) end,
           fun() -> conv(id(1 bsl 1100), 1.0) end, fun() -> conv(id(foo), 1.0) end,
           fun() -> neg(id(1.0)) end, fun() -> neg(id(-0.0)) end],
    [show(try F() catch C:R -> {C, R} end) || F <- Ops],
    show(sum(id(lists:seq(1, 100)), 0.0)),
    show(horner(id([1.5, -2.0, 0.25, 3.0]), id(1.1), 0.0)),
    ok.

%% The compiler knows both are floats: pure float instructions.
typed(A, B) when is_float(A), is_float(B) ->
    {A + B, A - B, A * B, A / B, -A, A * B + A / B - B}.

%% One known float, one number: fconv of the other.
conv(N, F) when is_float(F) ->
    X = N * 1.0,
    {X + F, X * F - F, X / F}.

neg(X) when is_float(X) -> -X.

sum([H | T], Acc) when is_float(Acc) -> sum(T, Acc + H / 3);
sum([], Acc) -> Acc.

horner([C | Cs], X, Acc) when is_float(X), is_float(Acc), is_float(C) ->
    horner(Cs, X, Acc * X + C);
horner([], _, Acc) -> Acc.

id(X) -> X.

%% erlang:display/1 prints floats with 6 digits: print them exactly too.
show(T) -> erlang:display(T), erlang:display(exact(T)).
exact(F) when is_float(F) -> {float, float_to_list(F, [short])};
exact(T) when is_tuple(T) -> list_to_tuple(exact(tuple_to_list(T)));
exact([H | T]) -> [exact(H) | exact(T)];
exact(X) -> X.
