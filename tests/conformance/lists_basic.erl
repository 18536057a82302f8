%% Lists: length/1, hd/1, tl/1, ++, lists:reverse/1, building lists
%% forwards and backwards, folding, list comprehensions, nested lists.
-module(lists_basic).
-export([main/1]).

main(_) ->
    L = [3, 1, 4, 1, 5, 9, 2, 6],
    erlang:display(length(L)),
    erlang:display(length([])),
    erlang:display({hd(L), tl(L)}),
    erlang:display(hd(tl(tl(L)))),
    erlang:display(L ++ [5, 3]),
    erlang:display([] ++ L),
    erlang:display(L ++ []),
    erlang:display([a] ++ b),
    erlang:display(lists:reverse(L)),
    erlang:display(lists:reverse([])),
    erlang:display(lists:reverse("stressed")),
    erlang:display(foldl(L, 0)),
    erlang:display(max_of(L)),
    erlang:display(squares(L)),
    erlang:display([X || X <- L, X rem 2 =:= 1]),
    erlang:display([{X, Y} || X <- [1, 2, 3], Y <- [a, b], X =/= 2]),
    erlang:display(flatten([1, [2, [3, [4]], []], [[[5]]]])),
    erlang:display(zip([a, b, c], [1, 2, 3])),
    erlang:display(insertion_sort(L)),
    erlang:display(nth(5, L)),
    erlang:display(append_all([[1, 2], [], [3], [4, 5, 6]])),
    erlang:display(chunks(seq(1, 10), 3)),
    Long = seq(1, 100000),
    erlang:display(length(Long ++ Long)),
    erlang:display(foldl(lists:reverse(Long), 0)),
    erlang:display(take(5, lists:reverse(Long))).

foldl([], Acc) -> Acc;
foldl([H | T], Acc) -> foldl(T, Acc + H).

max_of([H | T]) -> max_of(T, H).
max_of([], M) -> M;
max_of([H | T], M) when H > M -> max_of(T, H);
max_of([_ | T], M) -> max_of(T, M).

squares([]) -> [];
squares([H | T]) -> [H * H | squares(T)].

flatten([]) -> [];
flatten([H | T]) when is_list(H) -> flatten(H) ++ flatten(T);
flatten([H | T]) -> [H | flatten(T)].

zip([A | As], [B | Bs]) -> [{A, B} | zip(As, Bs)];
zip([], []) -> [].

insertion_sort(L) -> insertion_sort(L, []).
insertion_sort([], Sorted) -> Sorted;
insertion_sort([H | T], Sorted) -> insertion_sort(T, insert(H, Sorted)).

insert(X, [H | T]) when X > H -> [H | insert(X, T)];
insert(X, L) -> [X | L].

nth(1, [H | _]) -> H;
nth(N, [_ | T]) -> nth(N - 1, T).

append_all([]) -> [];
append_all([L | Ls]) -> L ++ append_all(Ls).

chunks([], _) -> [];
chunks(L, N) -> {Chunk, Rest} = split(L, N, []), [Chunk | chunks(Rest, N)].

split(Rest, 0, Acc) -> {lists:reverse(Acc), Rest};
split([], _, Acc) -> {lists:reverse(Acc), []};
split([H | T], N, Acc) -> split(T, N - 1, [H | Acc]).

seq(I, N) when I > N -> [];
seq(I, N) -> [I | seq(I + 1, N)].

take(0, _) -> [];
take(N, [H | T]) -> [H | take(N - 1, T)].
