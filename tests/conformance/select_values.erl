%% Selecting on many atoms and integers: dense integer ranges (jump
%% tables), sparse and negative integers, many atoms, tuple arities, and
%% values that hit the default clause.
-module(select_values).
-export([main/1]).

main(_) ->
    erlang:display([dense(I) || I <- [-1, 0, 1, 5, 9, 15, 16, 100]]),
    erlang:display([sparse(I) || I <- [-1000000, -5, 0, 1, 2, 3, 4, 100,
                                        1000, 65536, 65537, 1 bsl 40]]),
    erlang:display([weekday(D) || D <- [mon, tue, wed, thu, fri, sat, sun,
                                        holiday, 'Mon', 7]]),
    erlang:display([color(C) || C <- [red, orange, yellow, green, blue,
                                      indigo, violet, black, white, grey,
                                      cyan, magenta, brown, pink, purple,
                                      gold, silver, bronze, none]]),
    erlang:display([arity(T) || T <- [{}, {a}, {a, b}, {a, b, c},
                                      {a, b, c, d}, {1, 2, 3, 4, 5}, x]]),
    erlang:display([mixed(X) || X <- [0, zero, 1, one, 2.0, [], {}, "0"]]),
    erlang:display(sum_digits(9876543210, 0)).

dense(0) -> zero;   dense(1) -> one;      dense(2) -> two;
dense(3) -> three;  dense(4) -> four;     dense(5) -> five;
dense(6) -> six;    dense(7) -> seven;    dense(8) -> eight;
dense(9) -> nine;   dense(10) -> ten;     dense(11) -> eleven;
dense(12) -> twelve; dense(13) -> thirteen; dense(14) -> fourteen;
dense(15) -> fifteen; dense(_) -> out_of_range.

sparse(-1000000) -> minus_million;
sparse(-5) -> minus_five;
sparse(0) -> zero;
sparse(2) -> two;
sparse(3) -> three;
sparse(100) -> hundred;
sparse(1000) -> thousand;
sparse(65536) -> two_to_16;
sparse(N) when N > 1000000 -> huge;
sparse(_) -> other.

weekday(mon) -> 1; weekday(tue) -> 2; weekday(wed) -> 3; weekday(thu) -> 4;
weekday(fri) -> 5; weekday(sat) -> 6; weekday(sun) -> 7;
weekday(_) -> not_a_day.

color(C) ->
    case C of
        red -> 1; orange -> 2; yellow -> 3; green -> 4; blue -> 5;
        indigo -> 6; violet -> 7; black -> 8; white -> 9; grey -> 10;
        cyan -> 11; magenta -> 12; brown -> 13; pink -> 14; purple -> 15;
        gold -> 16; silver -> 17; bronze -> 18;
        _ -> unknown
    end.

arity({}) -> 0;
arity({_}) -> 1;
arity({_, _}) -> 2;
arity({_, _, _}) -> 3;
arity({_, _, _, _}) -> 4;
arity(T) when is_tuple(T) -> many;
arity(_) -> not_tuple.

%% Integer and atom alternatives in one select; 2.0 is not the integer 2.
mixed(0) -> int_zero;
mixed(zero) -> atom_zero;
mixed(1) -> int_one;
mixed(one) -> atom_one;
mixed(2) -> int_two;
mixed([]) -> nil;
mixed(_) -> other.

sum_digits(0, Acc) -> Acc;
sum_digits(N, Acc) ->
    D = case N rem 10 of
            0 -> 0; 1 -> 1; 2 -> 2; 3 -> 3; 4 -> 4;
            5 -> 5; 6 -> 6; 7 -> 7; 8 -> 8; 9 -> 9
        end,
    sum_digits(N div 10, Acc + D).
