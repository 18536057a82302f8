%% The operators' inline small-integer paths (vm/instrs/arith.tab) against
%% their BIFs: every operand kind the loader specialises (x and y registers,
%% small immediates, other constants) at the 60-bit small boundary, where a
%% result becomes a bignum (+ - * bsl) or comes back to a small, mixed
%% float/integer operands, and the errors: badarith with OTP's top frames
%% in bodies, and failing guards that take the next clause.
-module(arith_fast).
-export([main/1]).

-define(MAXS, 576460752303423487).   % 2^59 - 1, the largest small
-define(MINS, -576460752303423488).  % -2^59
%% The value, or badarith (stack traces: see errors/0).
-define(T(E), try E catch error:badarith -> badarith end).

main(_) ->
    Vals = [0, 1, -1, 7, -7, ?MAXS, ?MINS, ?MAXS - 1, ?MINS + 1, 1 bsl 30,
            -(1 bsl 30), 1 bsl 59, -(1 bsl 59) - 1, 1 bsl 64, 2.5, -0.0],
    [erlang:display({A, B, xx(A, B)}) || A <- Vals, B <- Vals],
    [erlang:display({A, imm(A)}) || A <- Vals],
    [erlang:display({A, B, yy(A, B)}) || A <- Vals, B <- Vals, is_integer(B)],
    [erlang:display({A, shifts(A)}) || A <- Vals],
    [erlang:display({A, S, A bsl S, A bsr S}) || A <- [1, -1, 3, ?MAXS, ?MINS],
                                                 S <- [0, 1, 58, 59, 60, 63, 64, 100, -1, -64]],
    [erlang:display({A, B, divs(A, B)}) || A <- [?MINS, ?MAXS, 7, -7, 0, 1 bsl 62],
                                           B <- [1, -1, 2, -3, ?MINS, 1 bsl 62]],
    [erlang:display({X, guard_add(X), guard_minus(X), guard_times(X), guard_band(X),
                     guard_bsl(X), guard_div(X), guard_rem(X)})
     || X <- [3, ?MAXS, ?MINS, 1.5, foo, [1], 1 bsl 70]],
    errors(),
    erlang:display(sum_loop(lists:seq(1, 1000), 0)),
    erlang:display(count_down(?MINS + 5, 0)),
    ok.

%% x op x.
xx(A, B) ->
    [?T(A + B), ?T(A - B), ?T(A * B), ?T(A band B), ?T(A bor B),
     ?T(A bxor B), ?T(A div B), ?T(A rem B)].

%% x op small immediate, and immediate op x.
imm(A) ->
    [?T(A + 1), ?T(A - 1), ?T(A + 100), ?T(A - -5), ?T(A * 16),
     ?T(A * -1), ?T(A band 255), ?T(A bor 1), ?T(A bxor -1),
     ?T(A div 3), ?T(A rem 3), ?T(A div -1), ?T(A rem -1),
     ?T(10 - A), ?T(3 * A), ?T(A + 1 bsl 59), ?T(A - (1 bsl 70)),
     ?T(A + 0.5), ?T(A * 2.0)].

%% Operands in y registers: live across a call.
yy(A, B) ->
    C = id(B),
    R1 = ?T(A + C),
    R2 = (?T(A - 1)),
    R3 = id(R2),
    R4 = (?T(C - A)),
    R5 = (?T(C + 1)),
    R6 = (?T(A * 3)),
    id(0),
    {R1, R3, R4, R5, R6, ?T(A + C), ?T(C - 1), ?T(A * C)}.

shifts(A) ->
    [?T(A bsl 1), ?T(A bsl 4), ?T(A bsl 59), ?T(A bsr 1), ?T(A bsr 63),
     ?T(A bsr 64), ?T(A bsl 0), ?T(A bsr 0)].

divs(A, B) ->
    {?T(A div B), ?T(A rem B), ?T(A * B)}.

guard_add(X) when X + 1 > 0 -> pos; guard_add(_) -> other.
guard_minus(X) when X - 1 < 0 -> neg; guard_minus(_) -> other.
guard_times(X) when X * 2 > ?MAXS -> big; guard_times(_) -> other.
guard_band(X) when X band 1 =:= 1 -> odd; guard_band(_) -> other.
guard_bsl(X) when X bsl 1 > ?MAXS -> big; guard_bsl(_) -> other.
guard_div(X) when X div 2 > 1 -> big; guard_div(_) -> other.
guard_rem(X) when X rem 2 =:= 0 -> even; guard_rem(_) -> other.

%% Errors: the class, the reason and the two top frames (no file names).
errors() ->
    Fs = [fun() -> id(foo) + 1 end, fun() -> id(1) - id(bar) end,
          fun() -> id(<<>>) * 2 end, fun() -> id(1) div id(0) end,
          fun() -> id(1) rem 0 end, fun() -> id(1.0) band 1 end,
          fun() -> id(1) bsl id(foo) end, fun() -> id(1) bsr id(1.0) end,
          fun() -> y_error(id(7), id(x)) end, fun() -> id([]) bor id(1) end,
          fun() -> id(1) bxor id(1.0) end, fun() -> id(?MAXS) div 0 end,
          fun() -> id(foo) - 1 end, fun() -> id(foo) + ?MAXS end,
          fun() -> id(foo) - ?MINS end, fun() -> id(foo) - ?MAXS end,
          fun() -> 10 - id(foo) end, fun() -> id(foo) + 2.5 end,
          fun() -> id(foo) + (1 bsl 60) end, fun() -> y_inc(id(foo)) end,
          fun() -> id(foo) * 3 end, fun() -> id(foo) + id(1) end],
    [try F() of V -> erlang:display({ok, V})
     catch C:R:St -> erlang:display({C, R, frames(St)})
     end || F <- Fs],
    ok.

y_error(A, B) ->
    id(0),
    R = A + B,
    id(R).

y_inc(A) ->
    id(0),
    R = A + 1,
    id(R).

sum_loop([H | T], Acc) -> sum_loop(T, Acc + H * H - 1);
sum_loop([], Acc) -> Acc.

count_down(N, Acc) when N > ?MINS -> count_down(N - 1, Acc + 1);
count_down(N, Acc) -> {N, Acc, N - 1}.

id(X) -> X.

frames(St) -> [{M, F, A, [I || {K, _} = I <- Loc, K =/= file]} || {M, F, A, Loc} <- lists:sublist(St, 2)].
