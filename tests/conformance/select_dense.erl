%% case on dense small integers (the loader's jump table, select_val_jt),
%% with holes, negative values, and values that are no small integer.
-module(select_dense).
-export([main/1]).

dense(0) -> zero;
dense(1) -> one;
dense(2) -> two;
dense(3) -> three;
dense(5) -> five;
dense(6) -> six;
dense(7) -> seven;
dense(X) -> {other, X}.

neg(-3) -> a;
neg(-2) -> b;
neg(-1) -> c;
neg(0) -> d;
neg(1) -> e;
neg(X) -> {other, X}.

far(1000000) -> a;
far(1000001) -> b;
far(1000002) -> c;
far(1000004) -> d;
far(X) -> {other, X}.

sparse(1) -> a;
sparse(100) -> b;
sparse(10000) -> c;
sparse(X) -> {other, X}.

guarded(X) ->
    case X of
        10 -> ten;
        11 -> eleven;
        12 -> twelve;
        13 -> thirteen;
        _ when is_integer(X), X > 100 -> big;
        _ -> small
    end.

main(_) ->
    Vals = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
            1.0, 2.0, 0.0, a, [], <<>>, {1}, 1 bsl 70, -(1 bsl 70), 999999, 1000000,
            1000001, 1000002, 1000003, 1000004, 1000005, 100, 10000, 1 bsl 59,
            -(1 bsl 59), (1 bsl 59) - 1],
    [io:format("~p: ~p ~p ~p ~p ~p~n", [V, dense(V), neg(V), far(V), sparse(V), guarded(V)])
     || V <- Vals],
    ok.
