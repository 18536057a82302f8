%% Calls the loader fuses with the instructions before them (moves,
%% get_list, a cons onto an accumulator, vm/instrs/fused.tab): results,
%% and stack traces whose caller frames name the calls' lines.
-module(fused_calls).
-export([main/1]).

main(_) ->
    erlang:display(walk([1, 2, 0, 1])),
    erlang:display(acc([1, 2, 3], [])),
    erlang:display(two(1, 2)),
    erlang:display(last(5, 7)),
    erlang:display(body([a, b, c])),
    [begin
         try F() of V -> erlang:display({ok, V})
         catch C:R:St -> erlang:display({C, R, frames(St)})
         end
     end || F <- [fun() -> walk([1, 2, 7, 1]) end,
                  fun() -> two(id(5), 9) end,
                  fun() -> last(id(bad), 1) end,
                  fun() -> acc([1, x], []) end,
                  fun() -> body([a, 7]) end]],
    ok.

walk([H | T]) ->
    [check(H) |
     walk(T)];
walk([]) -> [].

check(X) when X < 3 -> X;
check(X) -> erlang:error({bad, X}).

acc([H | T], A) when is_integer(H) -> acc(T, [H | A]);
acc([H | _], _) -> erlang:error({acc, H});
acc([], A) -> A.

two(A, B) ->
    R = deep(B,
             A),
    {R, A}.

deep(A, B) ->
    Z = check(A + B - 10),
    [Z, B].

last(A, B) -> loop(B, A + 0).

loop(N, M) when N > 0 -> loop(N - 1, M);
loop(_, M) -> M.

body([H | T]) ->
    X = atom_to_list(H),
    [X | body(T)];
body([]) -> [].

id(X) -> X.

%% Frames of this module, without file names (they depend on where erlc ran).
frames(St) -> [{F, A, [I || {K, _} = I <- Loc, K =/= file]} || {?MODULE, F, A, Loc} <- St].
