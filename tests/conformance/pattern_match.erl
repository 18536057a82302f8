%% Pattern matching on tuples and lists: nested patterns, repeated
%% variables, literals inside patterns, string prefixes, aliases (=),
%% improper tails, and matches that must fail and fall through.
-module(pattern_match).
-export([main/1]).

main(_) ->
    show(shape, [{point, 1, 2}, {circle, {0, 0}, 5}, {rect, {0, 0}, {3, 4}},
                 {rect, {1, 1}, {1, 1}}, {triangle}, point]),
    show(list_shape, [[], [a], [a, b], [a, b, c], [x | y], [[1]], "hello"]),
    show(same, [{1, 1}, {1, 2}, {a, a}, {{x}, {x}}, {[1, 2], [1, 2]},
                {[1], [2]}]),
    show(prefix, ["get /index", "put x", "get", "post /", "g"]),
    show(alias, [{ok, {1, 2}}, {ok, {3}}, {error, why}]),
    show(deep, [{a, [b, {c, [d, e]}]}, {a, [b, {c, [d]}]}, {a, [b]}]),
    show(tagged, [{1, one}, {2, two}, {3, three}, {1, two}]),
    {A, [B, C | Rest]} = {first, [second, third, fourth, fifth]},
    erlang:display({A, B, C, Rest}),
    [{K, V} | _] = [{key, value}, ignored],
    erlang:display({K, V}).

show(F, [H | T]) ->
    erlang:display({F, H, apply_fn(F, H)}),
    show(F, T);
show(_, []) -> ok.

apply_fn(shape, X) -> shape(X);
apply_fn(list_shape, X) -> list_shape(X);
apply_fn(same, {X, Y}) -> same(X, Y);
apply_fn(prefix, X) -> prefix(X);
apply_fn(alias, X) -> alias(X);
apply_fn(deep, X) -> deep(X);
apply_fn(tagged, X) -> tagged(X).

shape({point, X, Y}) -> {x_plus_y, X + Y};
shape({circle, {_, _}, R}) -> {diameter, 2 * R};
shape({rect, {X, Y}, {X, Y}}) -> degenerate;
shape({rect, {X1, Y1}, {X2, Y2}}) -> {area, (X2 - X1) * (Y2 - Y1)};
shape(T) when is_tuple(T) -> unknown_tuple;
shape(_) -> not_a_shape.

list_shape([]) -> empty;
list_shape([_]) -> one;
list_shape([_, _]) -> two;
list_shape([_, _ | T]) when is_list(T) -> {more, length(T)};
list_shape([_ | T]) -> {improper_tail, T}.

same(X, X) -> true;
same(_, _) -> false.

prefix("get " ++ Path) -> {get, Path};
prefix("put " ++ Arg) -> {put, Arg};
prefix([$p, $o | _]) -> post_like;
prefix([C | _]) -> {first_char, C}.

alias({ok, {X, _} = Pair} = Whole) -> {Pair, X, tuple_size(Whole)};
alias({ok, Other}) -> {other, Other};
alias(E = {error, _}) -> {failed, E}.

deep({a, [b, {c, [d, E]}]}) -> {found, E};
deep({a, [_, {c, L}]}) -> {partial, L};
deep(_) -> none.

tagged({1, one}) -> first;
tagged({2, two}) -> second;
tagged({N, Name}) -> {mismatch, N, Name}.
