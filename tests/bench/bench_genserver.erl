%% Benchmark: gen_server, unmodified from OTP's stdlib. A counter server
%% gets N synchronous calls (each adds to the count and replies with
%% twice what it added, so replies do not depend on the clients'
%% interleaving) and N casts from each of C client processes, then one
%% final call reads the state. Arguments: "C" "N" (N per client). Prints
%% {genserver, C, N, sum of the call replies, final count}.
-module(bench_genserver).
-behaviour(gen_server).
-export([main/1]).
-export([init/1, handle_call/3, handle_cast/2]).

main([CArg, NArg]) ->
    C = list_to_integer(CArg),
    N = list_to_integer(NArg),
    {ok, Server} = gen_server:start(?MODULE, 0, []),
    Self = self(),
    Clients = [spawn(fun() -> Self ! {self(), client(Server, I, N, 0)} end)
               || I <- lists:seq(1, C)],
    Sum = lists:foldl(fun(P, Acc) -> receive {P, S} -> Acc + S end end, 0, Clients),
    Final = gen_server:call(Server, get),
    gen_server:stop(Server),
    erlang:display({genserver, C, N, Sum, Final}).

client(_, _, 0, Sum) -> Sum;
client(Server, I, K, Sum) ->
    gen_server:cast(Server, {add, 1}),
    Reply = gen_server:call(Server, {add, I}),
    client(Server, I, K - 1, Sum + Reply).

init(Count) -> {ok, Count}.

handle_call({add, X}, _From, Count) -> {reply, 2 * X, Count + X};
handle_call(get, _From, Count) -> {reply, Count, Count}.

handle_cast({add, X}, Count) -> {noreply, Count + X}.
