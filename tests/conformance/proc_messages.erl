%% Spawning, sending and receiving: selective receive, receive ... after,
%% registered names, message order between two processes.
-module(proc_messages).
-export([main/1, echo/0, counter/1]).

main(_) ->
    Self = self(),
    erlang:display(is_pid(Self)),
    %% A round trip with a fun process.
    P = spawn(fun() -> receive {ping, From} -> From ! {pong, self()} end end),
    P ! {ping, Self},
    receive {pong, P} -> erlang:display(pong) end,
    %% spawn/3 with arguments; many messages arrive in order.
    C = spawn(?MODULE, counter, [[]]),
    [C ! {item, N} || N <- lists:seq(1, 200)],
    C ! {done, Self},
    receive {items, Items} -> erlang:display({length(Items), Items =:= lists:seq(1, 200)}) end,
    %% Selective receive: take the later message first, the others stay queued.
    Self ! first, Self ! second, Self ! {third, 3},
    receive {third, X} -> erlang:display({third, X}) end,
    receive second -> erlang:display(second) end,
    receive M1 -> erlang:display(M1) end,
    %% after 0 with an empty queue, then a real timeout.
    erlang:display(receive _ -> got after 0 -> empty end),
    erlang:display(receive _ -> got after 20 -> timed_out end),
    %% A message that arrives while waiting with a timeout.
    Self2 = self(),
    spawn(fun() -> Self2 ! late end),
    erlang:display(receive late -> late after 5000 -> too_late end),
    %% Registered names.
    E = spawn(?MODULE, echo, []),
    erlang:display(register(echo_server, E)),
    erlang:display(whereis(echo_server) =:= E),
    echo_server ! {self(), hello},
    receive {echo, hello} -> erlang:display(echoed) end,
    erlang:display(try register(echo_server, self()) catch C1:E1 -> {C1, E1} end),
    erlang:display(try no_such_name ! msg catch C2:E2 -> {C2, E2} end),
    erlang:display({no_such_name, 'nonode@nohost'} ! msg2),
    erlang:display(unregister(echo_server)),
    erlang:display(whereis(echo_server)),
    erlang:display(try unregister(echo_server) catch C3:E3 -> {C3, E3} end),
    E ! stop,
    %% erlang:send/2 returns the message; send/3 returns ok.
    erlang:display(erlang:send(self(), via_send)),
    erlang:display(erlang:send(self(), via_send3, [])),
    receive via_send -> ok end,
    receive via_send3 -> ok end,
    %% Big and structured messages keep their value.
    Big = {lists:seq(1, 1000), <<"binary payload that is longer than sixty-four bytes, so it is refc">>,
           3.25, 123456789012345678901234567890, #{a => 1}, "text"},
    B = spawn(fun() -> receive {From, T} -> From ! {back, T} end end),
    B ! {self(), Big},
    receive {back, Big2} -> erlang:display(Big2 =:= Big) end,
    %% Many processes, each answering once.
    Pids = [spawn(fun() -> receive {From, N} -> From ! {N, N * N} end end) || _ <- lists:seq(1, 100)],
    [Pid ! {self(), N} || {Pid, N} <- lists:zip(Pids, lists:seq(1, 100))],
    Squares = [receive {N, Sq} -> Sq end || N <- lists:seq(1, 100)],
    erlang:display(lists:sum(Squares)),
    erlang:display(is_process_alive(self())),
    ok.

counter(Acc) ->
    receive
        {item, N} -> counter([N | Acc]);
        {done, From} -> From ! {items, lists:reverse(Acc)}
    end.

echo() ->
    receive
        {From, Msg} -> From ! {echo, Msg}, echo();
        stop -> ok
    end.
