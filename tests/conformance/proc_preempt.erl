%% Preemption: processes spinning in endless loops (with several live
%% arguments) do not stop another one from running and printing.
-module(proc_preempt).
-export([main/1]).

spin(A, B, C, D, E) -> spin(B, C, D, E, A + 1).
spin1(N) -> spin1(N + 1).

tick(0) -> ok;
tick(N) ->
    receive after 10 -> ok end,
    erlang:display({tick, N}),
    tick(N - 1).

sum(A, B, C, D, E, F, 0) -> A + B + C + D + E + F;
sum(A, B, C, D, E, F, N) -> sum(B, C, D, E, F, A + N, N - 1).

main(_) ->
    spawn(fun() -> spin(1, 2, 3, 4, 5) end),
    spawn(fun() -> spin1(0) end),
    tick(5),
    %% A long computation with many live registers, preempted many times,
    %% next to the spinners, still gets its exact result.
    Self = self(),
    spawn(fun() -> Self ! {sum, sum(1, 2, 3, 4, 5, 6, 300000)} end),
    receive {sum, S} -> erlang:display(S) end,
    ok.
