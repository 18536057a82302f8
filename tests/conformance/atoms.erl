%% Atoms: equality, ordering (alphabetical by characters, not by creation
%% order or table index), booleans as atoms, atom_to_list/1,
%% list_to_atom/1 returning the same atom as a literal.
-module(atoms).
-export([main/1]).

main(_) ->
    erlang:display(eq(apple, apple)),
    erlang:display(eq(apple, 'apple')),
    erlang:display(eq(apple, apples)),
    erlang:display([X < Y || {X, Y} <- [{zebra, apple}, {apple, apples},
                                        {'B', a}, {a, 'b'}, {'', a},
                                        {'Zz', 'a'}, {false, true}]]),
    erlang:display(sort([pear, apple, zebra, 'Apple', banana, '', a, aa,
                         'hello world', ok, false, true, undefined])),
    erlang:display(atom_to_list(hello)),
    erlang:display(atom_to_list('with space')),
    erlang:display(atom_to_list('')),
    New = list_to_atom("made" ++ "_at_run_time"),
    erlang:display(New),
    erlang:display(New =:= made_at_run_time),
    erlang:display([is_atom(X) || X <- [true, false, ok, [], {}, 1, "a"]]),
    erlang:display([is_boolean(X) || X <- [true, false, 'True', 0]]),
    erlang:display(negate([true, false, true])),
    erlang:display(count_distinct([a, b, a, c, b, a, d], [])).

eq(X, Y) -> X =:= Y.

sort([]) -> [];
sort([P | T]) -> sort([X || X <- T, X < P]) ++ [P] ++ sort([X || X <- T, X >= P]).

negate([]) -> [];
negate([B | T]) -> [not B | negate(T)].

count_distinct([], Seen) -> {length(Seen), lists:reverse(Seen)};
count_distinct([H | T], Seen) ->
    case member(H, Seen) of
        true -> count_distinct(T, Seen);
        false -> count_distinct(T, [H | Seen])
    end.

member(_, []) -> false;
member(X, [X | _]) -> true;
member(X, [_ | T]) -> member(X, T).
