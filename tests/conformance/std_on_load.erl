%% A module's -on_load function runs before anything else of the module
%% (here: before main/1), exactly once, with the module's local functions
%% callable and its result `ok` letting the module stay loaded.
-module(std_on_load).
-export([main/1, helper_call/0]).
-on_load(init/0).

init() ->
    erlang:display({on_load, helper(3)}),
    persistent_term:put({?MODULE, state}, initialised),
    ok.

helper(N) -> lists:seq(1, N).

main(_) ->
    erlang:display(persistent_term:get({?MODULE, state})),
    erlang:display(std_on_load:helper_call()),
    erlang:display(done).
helper_call() -> helper(2).
