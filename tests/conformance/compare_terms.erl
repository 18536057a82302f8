%% Term order across kinds (number < atom < tuple < nil < list), numbers
%% compared by value across integer and float, tuples by size then
%% elements, lists element by element; exact (=:=) versus arithmetic (==)
%% equality. Values come from lists so the compiler cannot fold them.
-module(compare_terms).
-export([main/1]).

main(_) ->
    Terms = [{b}, [], 3, 2.5, atom, "abc", {a, b}, [a], -1, {}, 'Atom',
             [1, 2], 1.0, 1, {a, a}, [1], "abd", zzz, 1152921504606846976],
    erlang:display(sort(Terms)),
    Pairs = [{1, 1.0}, {1, 1}, {0, -0.0}, {2, 2.5}, {{1, 2}, {1, 2.0}},
             {[1], [1.0]}, {a, "a"}, {{a}, {a, b}}, {{b}, {a, b}},
             {[1, 2], [1, 3]}, {[1, 2], [1]}, {[], {}}, {"", []},
             {1152921504606846976, 1152921504606846977}],
    each(Pairs),
    erlang:display(min_max(Terms)).

each([{A, B} | T]) ->
    erlang:display({A =:= B, A == B, A < B, A > B, A =/= B, A /= B}),
    each(T);
each([]) -> ok.

sort([]) -> [];
sort([P | T]) -> sort(less(P, T)) ++ [P] ++ sort(not_less(P, T)).

less(_, []) -> [];
less(P, [H | T]) when H < P -> [H | less(P, T)];
less(P, [_ | T]) -> less(P, T).

not_less(_, []) -> [];
not_less(P, [H | T]) when H >= P -> [H | not_less(P, T)];
not_less(P, [_ | T]) -> not_less(P, T).

min_max([H | T]) -> min_max(T, H, H).
min_max([], Min, Max) -> {Min, Max};
min_max([H | T], Min, Max) ->
    min_max(T, if H < Min -> H; true -> Min end,
               if H > Max -> H; true -> Max end).
