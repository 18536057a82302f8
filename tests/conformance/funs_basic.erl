%% Funs: local funs, closures over variables, funs passed to and returned
%% from functions, recursion through a fun, external funs (fun M:F/A),
%% calling with the wrong arity caught as badarity. Funs themselves are not
%% printed (their printed form is VM-specific).
-module(funs_basic).
-export([main/1, triple/1]).

main(_) ->
    Double = fun(X) -> 2 * X end,
    erlang:display(Double(21)),
    erlang:display(map(Double, [1, 2, 3])),
    Add = adder(10),
    erlang:display(map(Add, [1, 2, 3])),
    erlang:display(map(fun ?MODULE:triple/1, [1, 2, 3])),
    erlang:display(map(fun triple/1, [4, 5])),
    erlang:display(foldl(fun(X, Acc) -> X + Acc end, 0, [1, 2, 3, 4])),
    erlang:display(foldl(fun(X, Acc) -> [X | Acc] end, [], [a, b, c])),
    Compose = compose(Double, Add),
    erlang:display(Compose(5)),
    Fact = fun F(0) -> 1; F(N) -> N * F(N - 1) end,
    erlang:display(Fact(20)),
    Counter = make_counter(3),
    erlang:display([Counter(I) || I <- [1, 2, 3]]),
    erlang:display(apply(Double, [50])),
    erlang:display(apply(?MODULE, triple, [7])),
    erlang:display(is_function(Double)),
    erlang:display(is_function(Double, 1)),
    erlang:display(is_function(Double, 2)),
    erlang:display(try Double(1, 2) catch error:{badarity, _} -> badarity end),
    erlang:display(try (not_a_fun())(1) catch error:{badfun, F0} -> {badfun, F0} end),
    erlang:display(loop_with_fun(100000, fun(X) -> X + 1 end, 0)).

triple(X) -> 3 * X.

adder(N) -> fun(X) -> X + N end.

compose(F, G) -> fun(X) -> F(G(X)) end.

make_counter(Base) ->
    Offsets = {Base, Base * 10},
    fun(I) -> {I + element(1, Offsets), I * element(2, Offsets)} end.

map(_, []) -> [];
map(F, [H | T]) -> [F(H) | map(F, T)].

foldl(_, Acc, []) -> Acc;
foldl(F, Acc, [H | T]) -> foldl(F, F(H, Acc), T).

not_a_fun() -> not_a_fun.

loop_with_fun(0, _, Acc) -> Acc;
loop_with_fun(N, F, Acc) -> loop_with_fun(N - 1, F, F(Acc)).
