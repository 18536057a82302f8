%% args: alpha -x "two words" 42 --flag= ""
%% The command line reaches main/1 as a list of strings, in order, with
%% options-like strings untouched; whatever main/1 returns, the exit status
%% is 0.
-module(main_args).
-export([main/1]).

main(Args) ->
    erlang:display(Args),
    erlang:display(length(Args)),
    erlang:display([is_string(A) || A <- Args]),
    {not_ok, "a return value that is not ok"}.

is_string([]) -> true;
is_string([C | T]) when is_integer(C), C >= 0 -> is_string(T);
is_string(_) -> false.
