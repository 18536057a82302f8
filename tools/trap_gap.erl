%% tools/trap_gap.erl: the longest pause a long native gives another process.
%% Run on +S 1: girder +S 1 -pa DIR trap_gap CASE (erlc this file into DIR).
%% A ticker process wakes every 10 ms and records the longest gap between
%% its wakeups, in wall time and in process CPU time (statistics(runtime),
%% 1 ms resolution; less disturbed by a busy machine), while another
%% process, whose heap is big enough that no collection runs, calls the
%% native of CASE once.
-module(trap_gap).
-export([main/1]).

main([Case]) -> main([Case, "60000000"]);
main([Case, Heap]) ->
    Self = self(),
    C = list_to_atom(Case),
    %% the native runs in a process whose heap holds input and result, so
    %% no collection (which does not yield) is measured with it
    W = spawn_opt(fun() ->
                          In = input(C),
                          Self ! {ready, self()},
                          receive go -> ok end,
                          T0 = erlang:monotonic_time(microsecond),
                          R = run(C, In),
                          T1 = erlang:monotonic_time(microsecond),
                          Self ! {result, T1 - T0, erlang:phash2(R)},
                          %% its exit (freeing a big heap) is not measured
                          receive exit -> ok end
                  end, [{min_heap_size, list_to_integer(Heap)}, {min_bin_vheap_size, 1000000000}]),
    receive {ready, W} -> ok end,
    T = spawn(fun() -> ticker(Self, erlang:monotonic_time(microsecond), 0, cpu(), 0) end),
    receive after 30 -> ok end,
    W ! go,
    receive {result, Us, R} -> ok end,
    T ! {stop, Self},
    receive {gap, G, Cpu} -> ok end,
    W ! exit,
    io:format("~s: native ~.1f ms, longest tick gap ~.1f ms wall, ~p ms cpu (result ~p)~n",
              [Case, Us / 1000, G / 1000, Cpu, R]).

cpu() -> element(1, erlang:statistics(runtime)).

ticker(Parent, Last, Max, LastC, MaxC) ->
    receive {stop, P} ->
        %% the gap that ends with the stop counts too
        P ! {gap, max(Max, erlang:monotonic_time(microsecond) - Last), max(MaxC, cpu() - LastC)}
    after 10 ->
        Now = erlang:monotonic_time(microsecond),
        C = cpu(),
        ticker(Parent, Now, max(Max, Now - Last), C, max(MaxC, C - LastC))
    end.

input(b2t_list) -> term_to_binary(lists:seq(1, 10000000));
input(b2t_deep) -> term_to_binary(lists:foldl(fun(X, A) -> {A, X, [X]} end, [], lists:seq(1, 1000000)));
input(b2t_zip) -> term_to_binary(lists:seq(1, 2000000), [compressed]);
input(b2t_bins) -> term_to_binary([<<X:800>> || X <- lists:seq(1, 300000)]);
input(subtract) -> {lists:seq(1, 1000000), lists:reverse(lists:seq(1, 1000000, 2))};
input(subtract_big) -> {lists:seq(1, 100), [{X} || X <- lists:seq(1, 1000000)]};
input(t2b_zip) -> [{X, integer_to_list(X)} || X <- lists:seq(1, 1000000)];
input(t2b_zip1) -> [{X, integer_to_list(X)} || X <- lists:seq(1, 1000000)];
input(glen) -> lists:seq(1, 10000000);
input(blen) -> lists:seq(1, 10000000).

run(b2t_list, B) -> length(binary_to_term(B));
run(b2t_deep, B) -> element(2, binary_to_term(B));
run(b2t_zip, B) -> length(binary_to_term(B));
run(b2t_bins, B) -> length(binary_to_term(B));
run(subtract, {A, B}) -> length(A -- B);
run(subtract_big, {A, B}) -> length(A -- B);
run(t2b_zip, T) -> byte_size(term_to_binary(T, [compressed]));
run(t2b_zip1, T) -> byte_size(term_to_binary(T, [{compressed, 1}]));
run(glen, L) -> glen(L);
run(blen, L) -> length(L).

glen(L) when length(L) > 5 -> big;
glen(_) -> small.
