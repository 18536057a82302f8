%% Tail calls must not grow the stack: long self loops, mutual recursion,
%% argument shuffles between registers, and tail calls through a remote
%% (fully qualified) call to this module.
-module(tail_calls).
-export([main/1, remote_loop/2]).

main(_) ->
    erlang:display(loop(3000000, 0)),
    erlang:display(is_even(1000001)),
    erlang:display(is_even(1000000)),
    erlang:display(rotate(a, b, c, d, e, 1000003)),
    erlang:display(remote_loop(500000, 0)),
    erlang:display(chain(1000000, 0)),
    erlang:display(countdown(200000)).

loop(0, Acc) -> Acc;
loop(N, Acc) -> loop(N - 1, Acc + 2).

is_even(0) -> true;
is_even(N) -> is_odd(N - 1).

is_odd(0) -> false;
is_odd(N) -> is_even(N - 1).

%% Every iteration moves each argument to a different register.
rotate(A, B, C, D, E, 0) -> {A, B, C, D, E};
rotate(A, B, C, D, E, N) -> rotate(B, C, D, E, A, N - 1).

remote_loop(0, Acc) -> Acc;
remote_loop(N, Acc) -> ?MODULE:remote_loop(N - 1, Acc + 1).

%% Three functions of different arities calling each other in tail position.
chain(0, Acc) -> Acc;
chain(N, Acc) -> chain3(N, Acc, 1).

chain3(N, Acc, Step) -> chain1({N - 1, Acc + Step}).

chain1({N, Acc}) -> chain(N, Acc).

%% A tail call after a non-tail call in the same function body.
countdown(0) -> done;
countdown(N) ->
    _ = identity(N),
    countdown(N - 1).

identity(X) -> X.
