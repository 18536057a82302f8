%% Tuples: element/2, setelement/3, tuple_size/1, erlang:make_tuple/2,3,
%% tuple_to_list/1, list_to_tuple/1, records (tuples updated in place by
%% the compiler's setelement chains), and large tuples built at run time.
-module(tuples).
-export([main/1]).

-record(point, {x = 0, y = 0, label = none}).

main(_) ->
    T = {a, 2, "three", {four}, [5]},
    erlang:display(tuple_size(T)),
    erlang:display(elements(T, 1)),
    T2 = setelement(3, T, 3),
    erlang:display(T2),
    erlang:display(T),
    erlang:display(setelement(1, setelement(5, T, last), first)),
    erlang:display(erlang:make_tuple(3, x)),
    erlang:display(erlang:make_tuple(0, x)),
    erlang:display(erlang:make_tuple(6, 0, [{2, a}, {5, b}, {2, c}])),
    erlang:display(tuple_to_list(T)),
    erlang:display(list_to_tuple([1, 2, 3])),
    erlang:display(list_to_tuple([])),
    Big = list_to_tuple(seq(1, 1000)),
    erlang:display({tuple_size(Big), element(1, Big), element(500, Big),
                    element(1000, Big)}),
    erlang:display(sum_elements(Big, tuple_size(Big), 0)),
    Big2 = bump(Big, 1000),
    erlang:display(sum_elements(Big2, tuple_size(Big2), 0)),
    P = #point{x = 3},
    erlang:display(P),
    P2 = P#point{y = 4, label = origin_distance},
    erlang:display(P2),
    erlang:display({P2#point.x, P2#point.y, P2#point.label}),
    erlang:display(is_record_point(P2)),
    erlang:display(is_record_point({point, 1})),
    erlang:display(swap({left, right})),
    erlang:display({{}, {{}}, {{}, {}}}),
    erlang:display(counter(10000, {0, 0, 0})).

elements(T, I) when I > tuple_size(T) -> [];
elements(T, I) -> [element(I, T) | elements(T, I + 1)].

seq(I, N) when I > N -> [];
seq(I, N) -> [I | seq(I + 1, N)].

sum_elements(_, 0, Acc) -> Acc;
sum_elements(T, I, Acc) -> sum_elements(T, I - 1, Acc + element(I, T)).

%% Adds 1 to every element, one setelement at a time.
bump(T, 0) -> T;
bump(T, I) -> bump(setelement(I, T, element(I, T) + 1), I - 1).

is_record_point(#point{}) -> true;
is_record_point(_) -> false.

swap({A, B}) -> {B, A}.

%% Cycles a three-field tuple through updates.
counter(0, T) -> T;
counter(N, {A, B, C}) when N rem 3 =:= 0 -> counter(N - 1, {A + 1, B, C});
counter(N, {A, B, C}) when N rem 3 =:= 1 -> counter(N - 1, {A, B + 1, C});
counter(N, {A, B, C}) -> counter(N - 1, {A, B, C + 1}).
