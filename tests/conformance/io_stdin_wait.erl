%% A process waiting for a line of standard input holds no scheduler: on
%% one scheduler, another process keeps printing ticks meanwhile.  With
%% stdin at its end the line is eof; tests/conformance/stdin_open.py runs
%% it with a pipe that stays open and silent, where the read is still
%% pending after the ticks.
-module(io_stdin_wait).
-export([main/1]).

main(_) ->
    Self = self(),
    spawn(fun() -> Self ! {line, io:get_line("")} end),
    tick(5),
    receive {line, L} -> erlang:display({line, L}) after 200 -> erlang:display(still_waiting) end,
    erlang:halt(0).

tick(0) -> ok;
tick(N) -> receive after 10 -> erlang:display({tick, N}) end, tick(N - 1).
