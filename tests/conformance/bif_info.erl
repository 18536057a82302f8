%% Code, fun and system introspection: module_info/0,1 (through
%% get_module_info), function_exported/3, is_builtin/3, module_loaded/1,
%% fun_info/2 and fun_info_mfa/1 of export and local funs, node/0,1,
%% nodes/0,1, is_alive/0, system_info/1 for common keys,
%% erts_internal:cmp_term/2 and term_type/1, with the badarg cases.
-module(bif_info).
-export([main/1, a/0, b/1]).
-vsn(1).
-custom_attr([x, y]).

t(F) -> try F() catch C:R -> {C, R} end.
id(X) -> X.

a() -> ok.
b(X) -> fun(Y) -> {X, Y} end.
c() -> fun() -> ok end.

main(_) ->
    %% OTP loads lists at boot; girder when first called (not by its BIFs).
    [2] = lists:map(fun(X) -> X + 1 end, [1]),
    erlang:display(bif_info:module_info(module)),
    erlang:display(bif_info:module_info(exports)),
    erlang:display(bif_info:module_info(attributes)),
    erlang:display(bif_info:module_info(nifs)),
    erlang:display(is_binary(bif_info:module_info(md5))),
    erlang:display(bif_info:module_info(md5) =:= proplists:get_value(md5, bif_info:module_info())),
    erlang:display([K || {K, _} <- bif_info:module_info()]),
    erlang:display(lists:member({c, 0}, bif_info:module_info(functions))),
    erlang:display(lists:keyfind(options, 1, bif_info:module_info(compile))),
    F = b(1),
    G = fun lists:map/2,
    H = c(),
    erlang:display([erlang:fun_info(F, K) || K <- [module, name, arity, env, type, index, new_index]]),
    erlang:display(element(2, erlang:fun_info(F, new_uniq)) =:= bif_info:module_info(md5)),
    erlang:display(is_integer(element(2, erlang:fun_info(F, uniq)))),
    erlang:display(erlang:fun_info(F, pid) =:= {pid, self()}),
    erlang:display([erlang:fun_info(G, K) || K <- [module, name, arity, env, type, index, pid]]),
    erlang:display([erlang:fun_info(H, K) || K <- [name, arity, env]]),
    erlang:display({erlang:fun_info_mfa(F), erlang:fun_info_mfa(G)}),
    erlang:display([K || {K, _} <- erlang:fun_info(F)]),
    erlang:display(erlang:fun_info(G)),
    erlang:display([erlang:function_exported(M, Fn, A) ||
                       {M, Fn, A} <- [{bif_info, a, 0}, {bif_info, c, 0}, {lists, map, 2},
                                      {erlang, length, 1}, {erlang, display, 1},
                                      {nonexistent_zz, a, 1}, {bif_info, main, 1}]]),
    erlang:display([erlang:is_builtin(M, Fn, A) ||
                       {M, Fn, A} <- [{bif_info, a, 0}, {lists, reverse, 2}, {erlang, length, 1},
                                      {erlang, apply, 3}, {erlang, '+', 2}, {lists, map, 2}]]),
    erlang:display([erlang:module_loaded(M) || M <- [bif_info, lists, nonexistent_zz]]),
    erlang:display(lists:member(erlang, erlang:pre_loaded())),
    erlang:display(lists:member(bif_info, erlang:loaded())),
    erlang:display([erlang:system_info(K) || K <- [wordsize, {wordsize, internal},
                                                   {wordsize, external}, otp_release, machine,
                                                   smp_support, threads, compat_rel, creation,
                                                   heap_type]]),
    erlang:display([is_integer(erlang:system_info(K)) || K <- [schedulers, schedulers_online,
                                                                logical_processors, process_count,
                                                                atom_count, process_limit]]),
    erlang:display({node(), node(self()), nodes(), nodes(connected), nodes([this]), is_alive()}),
    erlang:display([erts_internal:cmp_term(A, B) || {A, B} <- [{1, 1.0}, {1, 2}, {b, a}, {[a], [a]},
                                                               {1.0, 1}, {{}, []}]]),
    erlang:display([erts_internal:term_type(T) ||
                       T <- [1, 1 bsl 64, -(1 bsl 64), 1.0, a, [], [a], {}, #{}, <<1>>, <<1:1>>,
                             self(), make_ref(), F, G]]),
    erlang:display([erlang:system_flag(K, V) ||
                       {K, V} <- [{backtrace_depth, 20}, {backtrace_depth, 8}, {min_heap_size, 500},
                                  {fullsweep_after, 10}, {scheduler_wall_time, true},
                                  {microstate_accounting, false}, {multi_scheduling, block},
                                  {multi_scheduling, unblock}, {max_heap_size, 0},
                                  {min_bin_vheap_size, 46422}, {time_offset, finalize},
                                  {trace_control_word, 0}]]),
    erlang:display(erlang:system_info(max_heap_size)),
    Cases =
        [fun() -> erlang:system_flag(id(foo), 1) end,
         fun() -> erlang:system_flag(backtrace_depth, id(-1)) end,
         fun() -> erlang:system_flag(multi_scheduling, id(x)) end,
         fun() -> erlang:system_flag(time_offset, id(x)) end,
         fun() -> erlang:system_info(id(backtrace_depth)) end,
         fun() -> erlang:get_module_info(id(nonexistent_mod_zz)) end,
         fun() -> erlang:get_module_info(id(nonexistent_mod_zz), exports) end,
         fun() -> erlang:get_module_info(bif_info, id(foo)) end,
         fun() -> erlang:get_module_info(id("bif_info")) end,
         fun() -> erlang:fun_info(G, id(index)) end,
         fun() -> erlang:fun_info(G, id(foo)) end,
         fun() -> erlang:fun_info(id(x), module) end,
         fun() -> erlang:fun_info_mfa(id(x)) end,
         fun() -> erlang:function_exported(id(1), 2, 3) end,
         fun() -> erlang:function_exported(a, b, id(-1)) end,
         fun() -> erlang:module_loaded(id("bif_info")) end,
         fun() -> erlang:system_info(id(no_such_key_zz)) end,
         fun() -> erlang:system_info(id({wordsize, foo})) end,
         fun() -> node(id(x)) end,
         fun() -> nodes(id(x)) end,
         fun() -> nodes(id([visible | x])) end,
         fun() -> erlang:nodes(visible, id(#{})) end,
         fun() -> erlang:nodes(visible, id(#{node_type => true})) end,
         fun() -> erlang:nodes(id(x), #{}) end,
         fun() -> erlang:nodes(visible, id(x)) end,
         fun() -> erlang:make_fun(lists, map, id(2)) end,
         fun() -> (erlang:make_fun(lists, reverse, id(1)))([1, 2]) end,
         fun() -> erlang:make_fun(lists, map, id(2)) =:= fun lists:map/2 end,
         fun() -> erlang:make_fun(lists, map, id(255)) end,
         fun() -> erlang:make_fun(lists, map, id(256)) end,
         fun() -> erlang:make_fun(lists, map, id(-1)) end,
         fun() -> erlang:make_fun(id("lists"), map, 2) end,
         fun() -> erlang:is_function(id(fun lists:map/2), id(2)) end,
         fun() -> erlang:is_function(id(fun lists:map/2), id(3)) end,
         fun() -> erlang:is_function(id(F), id(1)) end,
         fun() -> erlang:is_function(id(x), id(3)) end,
         fun() -> erlang:is_function(id(x), id(-1)) end,
         fun() -> erlang:is_function(id(x), id(a)) end,
         fun() -> erlang:is_function(id(F), id(1 bsl 70)) end,
         fun() -> erlang:is_function(id(F), id(-(1 bsl 70))) end],
    lists:foreach(fun(C) -> erlang:display(t(C)) end, Cases).
