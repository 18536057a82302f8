%% otp26: update_record
%% Record updates compiled by an OTP 26+ compiler, where they become
%% update_record: one field, several fields, the inplace and copy hints,
%% updates in loops, records kept in y registers across calls, records of
%% many fields, and the badrecord errors of a wrong update.
-module(otp26_records).
-export([main/1]).

-record(p, {x = 0, y = 0}).
-record(r, {a, b = 2, c, d = x}).
-record(big, {f1 = 1, f2 = 2, f3 = 3, f4 = 4, f5 = 5, f6 = 6, f7 = 7,
              f8 = 8, f9 = 9, f10 = 10, f11 = 11, f12 = 12}).
-record(acc, {n = 0, sum = 0, max, items = []}).

main(_) ->
    R = id(#r{a = 1}),
    show(R#r{b = 5}),
    show(R#r{a = one, d = four}),
    show(R#r{a = 10, b = 20, c = 30, d = 40}),
    show(R),
    show(set_b(R, {tuple, [1, 2]})),
    show(set_bc(R, 3.5, <<"bin">>)),
    %% The same field twice in a row, values computed at run time.
    show(twice(R, id(7))),
    %% Loops: the compiler updates in place (inplace hint).
    show(count(id(#p{}), 100)),
    show(walk(id([3, 1, 4, 1, 5, 9, 2, 6]), #acc{})),
    show(big_loop(id(#big{}), 5)),
    %% Records live in y registers across calls.
    show(keep(R)),
    show(keep_many(id(#big{}))),
    %% Several copies of one record, all still alive.
    {A1, A2, A3} = copies(R),
    show([A1, A2, A3, R]),
    show(lists:map(fun(N) -> (id(#p{}))#p{y = N} end, [1, 2, 3])),
    show(nested(id({wrap, #p{x = 1, y = 2}}))),
    show(big_some(id(#big{}), id(a), id(b))),
    show(in_guard(id(#p{x = 5}))),
    show(in_guard(id(#p{x = -5}))),
    %% Wrong updates.
    Bad = [id(notarecord), id({p, 1}), id({r, 1, 2, 3, 4}), id({q, 1, 2}),
           id([p, 1, 2]), id({p, 1, 2, 3}), id(<<"p">>), id(3)],
    [show(catch_update(B)) || B <- Bad],
    [show(catch_update2(B)) || B <- Bad],
    show(catch_big(id({big, 1, 2}))),
    show(catch_big(id(setelement(1, #big{}, small)))),
    ok.

show(T) -> erlang:display(T).

set_b(R, V) -> R#r{b = V}.
set_bc(R, B, C) -> R#r{b = B, c = C}.

twice(R0, V) ->
    R1 = R0#r{c = V},
    R2 = R1#r{c = V * 2, a = R1#r.c},
    {R1, R2}.

count(P, 0) -> P;
count(#p{x = X, y = Y} = P, N) ->
    count(P#p{x = X + 1, y = Y + X}, N - 1).

walk([], Acc) -> Acc;
walk([H | T], #acc{n = N, sum = S, max = M, items = Is} = Acc) ->
    M1 = case M of undefined -> H; _ when H > M -> H; _ -> M end,
    walk(T, Acc#acc{n = N + 1, sum = S + H, max = M1, items = [H | Is]}).

big_loop(B, 0) -> B;
big_loop(#big{f1 = F1, f12 = F12} = B, N) ->
    big_loop(B#big{f1 = F1 * 2, f6 = N, f12 = F12 + F1}, N - 1).

keep(R) ->
    R1 = R#r{a = id(first)},
    X = id(R1),
    R2 = R1#r{b = second},
    _ = id(R2),
    R3 = R2#r{c = id(third)},
    {X, R2, R3}.

keep_many(B) ->
    B1 = B#big{f2 = id(two)},
    _ = id(x),
    B2 = B1#big{f3 = id(three), f11 = eleven},
    _ = id(y),
    B3 = B2#big{f12 = twelve},
    [B1#big.f2, B2#big.f11, B3].

copies(R) ->
    A = R#r{a = id(1)},
    B = A#r{b = id(2)},
    C = B#r{a = id(3)},
    {A, B, C}.

nested({wrap, P}) ->
    {wrap, P#p{y = P#p.y + 10}}.

big_some(B, X, Y) ->
    B#big{f1 = X, f5 = Y, f9 = {X, Y}, f10 = [X], f11 = Y, f12 = X}.

in_guard(P) when P#p.x > 0 -> P#p{y = pos};
in_guard(P) -> P#p{y = neg}.

catch_update(T) ->
    try
        T#p{x = id(1)}
    catch
        C:E -> {C, E}
    end.

catch_update2(T) ->
    try
        T#p{x = id(1), y = id(2)}
    catch
        C:E -> {C, E}
    end.

catch_big(T) ->
    try
        T#big{f7 = id(seven)}
    catch
        C:E -> {C, E}
    end.

id(X) -> X.
