%% process_info/2 of processes that are busy on other schedulers: their
%% dictionary, message queue, links and stack change all the time while
%% observers read them.  Every answer must be well formed (girder reads
%% another process's state with its run lock held).
-module(proc_info_cross).
-export([main/1]).

-define(ITEMS, [dictionary, messages, links, monitors, current_stacktrace, heap_size,
                total_heap_size, memory, message_queue_len, status, garbage_collection]).

main(_) ->
    Self = self(),
    Workers = [spawn(fun() -> work(Self, 0) end) || _ <- lists:seq(1, 4)],
    Observers = [spawn(fun() -> observe(Self, Workers, 200, 0) end) || _ <- lists:seq(1, 3)],
    Counts = [receive {observed, O, N} -> N end || O <- Observers],
    [W ! stop || W <- Workers],
    Done = [receive {worked, W, K} -> K > 0 end || W <- Workers],
    erlang:display({lists:sum(Counts), Done}).

work(Parent, N) ->
    receive
        stop -> Parent ! {worked, self(), N}
    after 0 ->
        K = N rem 50,
        put({key, K}, lists:seq(1, K)),
        N rem 3 =:= 0 andalso erase({key, (N + 7) rem 50}),
        self() ! {note, N},
        Pid = spawn(fun() -> receive after infinity -> ok end end),
        link(Pid),
        M = monitor(process, Pid),
        receive {note, N} -> ok end,
        unlink(Pid),
        demonitor(M),
        exit(Pid, kill),
        work(Parent, N + 1)
    end.

observe(Parent, _, 0, Good) -> Parent ! {observed, self(), Good};
observe(Parent, Workers, I, Good) ->
    W = lists:nth(I rem length(Workers) + 1, Workers),
    Info = process_info(W, ?ITEMS),
    OK = is_list(Info) andalso length(Info) =:= length(?ITEMS)
        andalso lists:all(fun well_formed/1, Info),
    observe(Parent, Workers, I - 1, Good + (case OK of true -> 1; false -> 0 end)).

well_formed({dictionary, D}) -> lists:all(fun({{key, _}, L}) -> is_list(L); (_) -> true end, D);
well_formed({messages, M}) -> is_list(M);
well_formed({links, L}) -> lists:all(fun is_pid/1, L);
well_formed({monitors, L}) -> is_list(L);
well_formed({current_stacktrace, S}) -> is_list(S);
well_formed({status, S}) -> lists:member(S, [running, runnable, waiting, exiting, garbage_collecting]);
well_formed({garbage_collection, G}) -> is_list(G);
well_formed({_, N}) -> is_integer(N) andalso N >= 0.
