%% main/1 raising error(badarg): the uncaught exception ends the program
%% with exit status 1 (and a report on stderr, which is not compared);
%% output written before it must appear.
-module(error_badarg).
-export([main/1]).

main(_) ->
    erlang:display(before_error),
    check(-1),
    erlang:display(not_reached).

check(N) when N < 0 -> error(badarg);
check(_) -> ok.
