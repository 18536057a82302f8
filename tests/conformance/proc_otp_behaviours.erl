%% OTP's own gen_server, gen_statem-free supervisor basics and aliases,
%% running unmodified: calls through monitor aliases, casts, info, stop,
%% a supervisor restarting a child.
-module(proc_otp_behaviours).
-export([main/1, init/1, handle_call/3, handle_cast/2, handle_info/2, terminate/2]).
-export([start_child/1]).

main(_) ->
    %% Aliases.
    A = alias(),
    A ! via_alias,
    receive via_alias -> erlang:display(got_via_alias) end,
    erlang:display(unalias(A)),
    A ! lost,
    erlang:display(receive lost -> got_lost after 50 -> lost_dropped end),
    R = alias([reply]),
    spawn(fun() -> R ! one, R ! two end),
    erlang:display(receive one -> one end),
    erlang:display(receive two -> two after 50 -> second_dropped end),
    M = monitor(process, self(), [{alias, demonitor}]),
    erlang:display(demonitor(M)),
    M ! after_demonitor,
    erlang:display(receive after_demonitor -> kept after 50 -> dropped end),
    %% gen_server.
    {ok, Pid} = gen_server:start(?MODULE, 10, []),
    erlang:display(gen_server:call(Pid, {add, 5})),
    gen_server:cast(Pid, {add, 1}),
    Pid ! {info, 100},
    erlang:display(gen_server:call(Pid, get)),
    erlang:display(gen_server:call(Pid, get, 1000)),
    register(named_server, Pid),
    erlang:display(gen_server:call(named_server, get)),
    erlang:display(try gen_server:call(no_such_server, get) catch exit:{noproc, _} -> noproc end),
    erlang:display(gen_server:stop(Pid)),
    erlang:display(is_process_alive(Pid)),
    {ok, Pid2} = gen_server:start({local, other_server}, ?MODULE, 1, []),
    erlang:display(whereis(other_server) =:= Pid2),
    erlang:display(gen_server:call(other_server, {add, 2})),
    ok = gen_server:stop(other_server, normal, infinity),
    %% A supervisor restarts a child that dies.
    {ok, Sup} = supervisor:start_link(?MODULE, supervisor),
    [{child1, C1, worker, _}] = supervisor:which_children(Sup),
    erlang:display(gen_server:call(C1, get)),
    exit(C1, kill),
    receive after 50 -> ok end,
    [{child1, C2, worker, _}] = supervisor:which_children(Sup),
    erlang:display({restarted, is_pid(C2), C2 =/= C1, gen_server:call(C2, get)}),
    unlink(Sup),
    ok.

start_child(N) -> gen_server:start_link(?MODULE, N, []).

%% The same module is the supervisor's callback: init(supervisor) is its spec.
init(supervisor) ->
    {ok, {#{strategy => one_for_one, intensity => 5, period => 10},
          [#{id => child1, start => {?MODULE, start_child, [42]}}]}};
init(N) -> {ok, N}.
handle_call({add, K}, _From, N) -> {reply, N + K, N + K};
handle_call(get, _From, N) -> {reply, N, N}.
handle_cast({add, K}, N) -> {noreply, N + K}.
handle_info({info, K}, N) -> {noreply, N + K}.
terminate(_Reason, _N) -> ok.
