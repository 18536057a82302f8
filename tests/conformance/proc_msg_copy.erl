%% Messages of every shape through the receive paths of vm/signal.c: the
%% head of the queue copied onto the heap (small tuples of immediates
%% word for word, other small terms, refc binaries), big messages used in
%% place, immediates, messages matched past the head of the queue, a head
%% that does not match and is received later, trap_exit 'EXIT' messages
%% with immediate and compound reasons, 'DOWN' messages, and a process
%% whose heap fills with received messages between collections.
-module(proc_msg_copy).
-export([main/1]).

main(_) ->
    Self = self(),
    Bin = binary:copy(<<"refc">>, 100),
    Big = lists:seq(1, 200),
    Echo = spawn(fun() -> echo() end),
    Shapes = [ok, 42, -7, 1.5, [], {a, 1}, {a, b, c, d, e, f, g, h}, {a, b, c, d, e, f, g, h, i},
              {x, "str"}, <<"heap">>, Bin, {Bin, Bin}, Big, {Big}, #{k => v},
              #{k => Bin}, make_ref(), fun lists:reverse/1, {Self, Echo},
              12345678901234567890123, [{nested, [1, {2, <<3>>}]}]],
    Back = [begin Echo ! {Self, S}, receive {echo, R} -> R end end || S <- Shapes],
    erlang:display(Back =:= Shapes),
    erlang:display([byte_size(B) || B <- [lists:nth(11, Back)]]),
    %% A head that does not match stays, and is received later.
    self() ! {later, 1},
    self() ! {now, 2},
    self() ! {later, {3, Bin}},
    R1 = receive {now, X} -> X end,
    R2 = receive {later, Y} -> Y end,
    R3 = receive {later, {Z, B2}} -> {Z, byte_size(B2)} end,
    erlang:display({R1, R2, R3}),
    %% Selective receive far past the head.
    [self() ! {noise, I} || I <- lists:seq(1, 100)],
    self() ! {wanted, Big},
    W = receive {wanted, L} -> lists:sum(L) end,
    N = drain(0),
    erlang:display({W, N}),
    %% trap_exit: 'EXIT' with an immediate reason and with a compound one.
    process_flag(trap_exit, true),
    P1 = spawn_link(fun() -> exit(bye) end),
    P2 = spawn_link(fun() -> exit({shutdown, [1, 2, Bin]}) end),
    E1 = receive {'EXIT', P1, Why1} -> Why1 end,
    E2 = receive {'EXIT', P2, {shutdown, [A, B, C]}} -> {A, B, byte_size(C)} end,
    erlang:display({E1, E2}),
    {P3, Ref} = spawn_monitor(fun() -> exit(down_reason) end),
    D = receive {'DOWN', Ref, process, P3, Why3} -> Why3 end,
    erlang:display(D),
    %% Many received messages kept alive across collections.
    Acc = spawn(fun() -> keeper([]) end),
    [Acc ! {item, I, {I, [I]}, <<I:32>>} || I <- lists:seq(1, 3000)],
    Acc ! {done, Self},
    Kept = receive {kept, K} -> K end,
    erlang:display({length(Kept), lists:sum([I || {item, I, {I, [I]}, <<I:32>>} <- Kept])}),
    Echo ! stop,
    ok.

echo() ->
    receive
        {From, M} -> From ! {echo, M}, echo();
        stop -> ok
    end.

drain(N) ->
    receive {noise, _} -> drain(N + 1) after 0 -> N end.

keeper(Acc) ->
    receive
        {item, _, _, _} = M -> keeper([M | Acc]);
        {done, From} -> From ! {kept, lists:reverse(Acc)}
    end.
