%% Exceptions caught in the same process: try/catch of each class,
%% try ... of ... after, nested try, old-style catch, and the error terms
%% the VM raises itself (badarith, badmatch, function_clause, case_clause,
%% if_clause, badarg). Stack traces are not printed: they are VM-specific.
-module(try_catch).
-export([main/1]).

main(_) ->
    erlang:display([classify(K) || K <- [none, error, throw, exit]]),
    erlang:display([vm_error(K) || K <- [badarith, badmatch, function_clause,
                                         case_clause, if_clause, badarg,
                                         element]]),
    erlang:display(with_after(ok)),
    erlang:display(with_after(fail)),
    erlang:display(nested()),
    erlang:display(old_catch(throw)),
    erlang:display(old_catch(value)),
    erlang:display(reason(old_catch(error))),
    erlang:display(rethrow()),
    erlang:display(deep_throw(1000)).

raise(none) -> no_exception;
raise(error) -> error(my_error);
raise(throw) -> throw(my_throw);
raise(exit) -> exit(my_exit).

classify(K) ->
    try raise(K) of
        V -> {returned, V}
    catch
        error:R -> {error, R};
        throw:R -> {thrown, R};
        exit:R -> {exited, R}
    end.

vm_error(K) ->
    try provoke(K, zero()) of
        V -> {no_error, V}
    catch
        error:{badmatch, V} -> {badmatch, V};
        error:{case_clause, V} -> {case_clause, V};
        error:R -> R
    end.

zero() -> 0.

provoke(badarith, Z) -> 1 div Z;
provoke(badmatch, Z) -> {ok, _} = {error, Z};
provoke(function_clause, Z) -> only_one(Z);
provoke(case_clause, Z) -> case Z of 1 -> one end;
provoke(if_clause, Z) -> if Z > 0 -> positive end;
provoke(badarg, Z) -> atom_to_list(Z);
provoke(element, Z) -> element(Z, {a}).

only_one(1) -> one.

%% Each step is displayed as it happens, so the order shows when the
%% after clause runs.
with_after(K) ->
    try
        erlang:display({K, started}),
        case K of fail -> throw(failed); ok -> ok end,
        erlang:display({K, finished}),
        done
    catch
        throw:failed -> erlang:display({K, caught}), caught
    after
        erlang:display({K, cleanup})
    end.

nested() ->
    try
        try throw(inner)
        catch throw:inner -> error(from_handler)
        end
    catch
        error:from_handler -> outer_caught
    end.

old_catch(throw) -> catch throw(thrown_value);
old_catch(value) -> catch 42;
old_catch(error) -> catch error(oops).

reason({'EXIT', {R, _Stack}}) -> {exit_tuple, R};
reason(Other) -> Other.

rethrow() ->
    try
        try error(first)
        catch error:E -> erlang:raise(throw, {again, E}, [])
        end
    catch
        throw:T -> T
    end.

deep_throw(N) ->
    try down(N) catch throw:{bottom, D} -> D end.

down(0) -> throw({bottom, reached});
down(N) -> [N | down(N - 1)].
