%% module_info(md5), erlang:get_module_info(M, md5), a fun's new_uniq and
%% the md5 inside a fun's external form: girder digests a module's MD5
%% only when first asked (loader/module_md5.c), so ask in every order,
%% from several processes at once, and for a module loaded but never asked.
-module(module_md5).
-export([main/1]).

main(_) ->
    F = fun(X) -> X + 1 end,
    {new_uniq, U} = erlang:fun_info(F, new_uniq),
    M = module_info(md5),
    io:format("own ~p~n", [M]),
    io:format("fun uniq is module md5: ~p~n", [U =:= M]),
    io:format("get_module_info: ~p~n", [erlang:get_module_info(?MODULE, md5) =:= M]),
    Ext = term_to_binary(F),
    io:format("fun ext holds md5: ~p~n", [binary:match(Ext, M) =/= nomatch]),
    %% a stdlib module, its fun uniq asked before its md5
    G = lists:map(fun erlang:abs/1, [-1]),
    io:format("~p~n", [G]),
    SF = orddict:fetch_keys(orddict:new()),
    io:format("~p~n", [SF]),
    Mods = [lists, orddict, string, ordsets],
    Self = self(),
    Pids = [spawn(fun() -> Self ! {self(), [Mod:module_info(md5) || Mod <- Mods]} end)
            || _ <- lists:seq(1, 4)],
    Rs = [receive {P, R} -> R end || P <- Pids],
    io:format("same across processes: ~p~n", [lists:usort(Rs) =:= [hd(Rs)]]),
    [io:format("~p ~p~n", [Mod, byte_size(D)]) || {Mod, D} <- lists:zip(Mods, hd(Rs))],
    io:format("~p~n", [[D =:= Mod:module_info(md5) || {Mod, D} <- lists:zip(Mods, hd(Rs))]]),
    ok.
