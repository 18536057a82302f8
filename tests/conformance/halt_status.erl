%% erlang:halt(3) ends the program at once with exit status 3; output
%% written before it must appear, nothing after it runs.
-module(halt_status).
-export([main/1]).

main(_) ->
    erlang:display(before_halt),
    erlang:halt(exit_code()),
    erlang:display(after_halt).

exit_code() -> 3.
