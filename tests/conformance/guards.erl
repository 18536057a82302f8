%% case, if and function clauses chosen by guards: type tests, comparisons,
%% andalso/orelse, guard BIFs, ';' alternatives, and guards that raise (an
%% exception in a guard just makes it false).
-module(guards).
-export([main/1]).

main(_) ->
    classify_all([0, 7, -3, 2.5, abc, [], [1, 2], {}, {a, b}, {a, b, c}, "xy"]),
    ifs([-10, 0, 1, 50, 100, 1000]),
    erlang:display([range(X) || X <- [-1, 0, 9, 10, 99, 100]]),
    erlang:display([bad_guard(X) || X <- [{1}, {1, 2}, {1, 2, 3}, atom, 7]]),
    erlang:display([both(X, Y) || {X, Y} <- [{1, 1}, {1, 2}, {a, a}, {2, 1}]]),
    erlang:display([semi(X) || X <- [1, 5, 10, 20, x]]),
    erlang:display([nested_case(X, Y) || X <- [0, 1], Y <- [a, b, c]]).

classify_all([H | T]) ->
    erlang:display({H, classify(H)}),
    classify_all(T);
classify_all([]) -> ok.

classify(X) when is_integer(X), X > 0 -> positive_integer;
classify(X) when is_integer(X), X < 0 -> negative_integer;
classify(X) when is_integer(X) -> zero;
classify(X) when is_float(X) -> float;
classify(X) when is_atom(X) -> atom;
classify([]) -> empty_list;
classify(X) when is_list(X), length(X) > 1 -> long_list;
classify(X) when is_tuple(X), tuple_size(X) =:= 0 -> empty_tuple;
classify(X) when is_tuple(X) andalso element(1, X) =:= a
                 andalso tuple_size(X) =:= 2 -> pair_starting_with_a;
classify(X) when is_tuple(X) -> other_tuple.

ifs([X | T]) ->
    R = if X < 0 -> negative;
           X =:= 0 -> zero;
           X < 100, X rem 2 =:= 0 -> small_even;
           X < 100 -> small_odd;
           true -> big
        end,
    erlang:display(R),
    ifs(T);
ifs([]) -> ok.

range(X) when X >= 0, X < 10 -> digit;
range(X) when X >= 10 andalso X < 100 -> two_digits;
range(X) when X < 0 orelse X >= 100 -> outside.

%% element/2 raises badarg on short tuples and non-tuples: the guard fails.
bad_guard(T) when element(2, T) > 1 -> second_big;
bad_guard(T) when element(1, T) =:= 1 -> first_one;
bad_guard(_) -> other.

both(X, X) -> same;
both(X, Y) when X < Y -> less;
both(_, _) -> greater.

semi(X) when X < 5; X > 15 -> outer;
semi(X) when is_integer(X) -> inner;
semi(_) -> not_a_number.

nested_case(X, Y) ->
    case X of
        0 ->
            case Y of
                a -> zero_a;
                _ -> zero_other
            end;
        _ when Y =:= c -> nonzero_c;
        _ -> nonzero
    end.
