%% max_heap_size: a process whose heap outgrows it is killed (reason
%% killed, seen by monitors and links) while others carry on; with
%% kill => false it lives on.  The report on stderr is not compared.
-module(gc_max_heap).
-export([main/1]).

main(_) ->
    P = fun(X) -> erlang:display(X) end,
    process_flag(trap_exit, true),
    Grow = fun() -> grow([], 0) end,
    {A, RA} = spawn_opt(Grow, [monitor, {max_heap_size, #{size => 20000, error_logger => false}}]),
    receive {'DOWN', RA, process, A, Ra} -> P({a, Ra}) end,
    B = spawn_opt(Grow, [link, {max_heap_size, 30000}]),
    receive {'EXIT', B, Rb} -> P({b, Rb}) end,
    Self = self(),
    {C, RC} = spawn_opt(fun() -> L = build(100000, []), Self ! {c, length(L)} end,
                        [monitor, {max_heap_size, #{size => 20000, kill => false, error_logger => false}}]),
    receive {c, N} -> P({c, N}) after 100000 -> P(c_timeout) end,
    receive {'DOWN', RC, process, C, Rc} -> P({c, Rc}) end,
    {D, RD} = spawn_opt(fun() -> L = build(1000, []), Self ! {d, lists:sum(L)} end,
                        [monitor, {max_heap_size, 100000}]),
    receive {d, S} -> P({d, S}) end,
    receive {'DOWN', RD, process, D, Rd} -> P({d, Rd}) end,
    P([is_process_alive(X) || X <- [A, B, C, D]]),
    P(survivor(lists:seq(1, 100))).

grow(L, N) -> grow([N | L], N + 1).

build(0, L) -> L;
build(N, L) -> build(N - 1, [N | L]).

survivor(L) -> lists:sum(L).
