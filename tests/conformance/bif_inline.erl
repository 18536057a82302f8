%% Guard BIFs whose common case the loader inlines (vm/instrs/bifs.tab):
%% element/2, hd/1, tl/1, tuple_size/1, self/0, and BIFs of one and two
%% arguments in guards and bodies, with operands in x and y registers and
%% as literals; failures jump to the next clause in guards and raise
%% OTP's badarg with the BIF's frame in bodies.
-module(bif_inline).
-export([main/1]).

main(_) ->
    Vals = [{a, b, c}, {}, {x}, [1, 2], [x | y], [], foo, 3, <<1,2>>, #{a => 1}],
    [erlang:display({V, guards(V), body(V), yregs(V)}) || V <- Vals],
    [erlang:display({N, V, elem(N, V)}) || N <- [0, 1, 2, 3, 4, -1, a, 1.0, 1 bsl 64],
                                          V <- [{a, b, c}, {}, [a], foo]],
    erlang:display(self() =:= id(self())),
    erlang:display(is_pid(self())),
    errors(),
    ok.

guards(V) ->
    [if element(1, V) =:= a -> yes; true -> no end,
     if hd(V) =:= 1 -> yes; true -> no end,
     if tl(V) =:= y -> yes; true -> no end,
     if tuple_size(V) > 1 -> yes; true -> no end,
     if length(V) > 1 -> yes; true -> no end,
     if map_size(V) > 0 -> yes; true -> no end,
     if byte_size(V) =:= 2 -> yes; true -> no end,
     if abs(V) =:= 3 -> yes; true -> no end].

body(V) ->
    [t(fun() -> element(2, V) end), t(fun() -> hd(V) end), t(fun() -> tl(V) end),
     t(fun() -> tuple_size(V) end), t(fun() -> length(V) end),
     t(fun() -> map_size(V) end), t(fun() -> abs(V) end)].

%% Operands in y registers (live across calls).
yregs(V) ->
    W = id(V),
    id(0),
    A = t(fun() -> element(1, W) end),
    id(0),
    B = (catch hd(W)),
    C = (catch tuple_size(W)),
    id(0),
    {A, short(B), short(C), t(fun() -> element(id(2), W) end)}.

elem(N, V) -> t(fun() -> element(N, V) end).

errors() ->
    Fs = [fun() -> element(id(5), id({a})) end, fun() -> hd(id([])) end,
          fun() -> tl(id(foo)) end, fun() -> tuple_size(id([])) end,
          fun() -> element(id(a), id({a})) end, fun() -> y_elem(id(0), id({a})) end],
    [try F() of V -> erlang:display({ok, V})
     catch C:R:St -> erlang:display({C, R, frames(St)})
     end || F <- Fs],
    ok.

y_elem(N, T) ->
    id(0),
    X = element(N, T),
    id(X).

t(F) -> try F() catch error:R -> {error, R} end.
short({'EXIT', {R, _}}) -> {'EXIT', R};
short(X) -> X.
id(X) -> X.

frames(St) -> [{M, F, A, [I || {K, _} = I <- Loc, K =/= file]} || {M, F, A, Loc} <- lists:sublist(St, 2)].
