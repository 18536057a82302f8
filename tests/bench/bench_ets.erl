%% Benchmark: ETS. A set table and an ordered_set table each get N
%% {Key, Value} rows inserted in a scrambled order, then every key is
%% looked up, updated with ets:update_counter/3 and read back with
%% ets:lookup_element/3, half the rows are deleted, and the ordered_set
%% is walked with ets:next/2 from its first key. Argument: N. Prints
%% {ets, N, checksum of the reads, rows left in each table, keys walked}.
-module(bench_ets).
-export([main/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    Set = ets:new(bench_set, [set, public]),
    Ord = ets:new(bench_ord, [ordered_set, public]),
    Keys = [scramble(I, N) || I <- lists:seq(1, N)],
    insert(Set, Keys),
    insert(Ord, Keys),
    S1 = read(Set, Keys, 0) + read(Ord, Keys, 0),
    S2 = bump(Set, Keys, 0) + bump(Ord, Keys, 0),
    delete_odd(Set, Keys),
    delete_odd(Ord, Keys),
    Walked = walk(Ord, ets:first(Ord), 0),
    erlang:display({ets, N, (S1 + S2) rem 1000000007,
                    ets:info(Set, size), ets:info(Ord, size), Walked}).

%% Distinct keys in a scrambled order: multiplying by an odd number is a
%% bijection on integers modulo 2^32.
scramble(I, _N) -> (I * 2654435761) band 16#ffffffff.

insert(_, []) -> ok;
insert(T, [K | Ks]) -> ets:insert(T, {K, K rem 1000}), insert(T, Ks).

read(_, [], S) -> S;
read(T, [K | Ks], S) ->
    [{K, V}] = ets:lookup(T, K),
    read(T, Ks, (S + V) rem 1000000007).

bump(_, [], S) -> S;
bump(T, [K | Ks], S) ->
    V = ets:update_counter(T, K, 3),
    V = ets:lookup_element(T, K, 2),
    bump(T, Ks, (S + V) rem 1000000007).

delete_odd(_, []) -> ok;
delete_odd(T, [K | Ks]) when K rem 2 =:= 1 -> ets:delete(T, K), delete_odd(T, Ks);
delete_odd(T, [_ | Ks]) -> delete_odd(T, Ks).

walk(_, '$end_of_table', C) -> C;
walk(T, K, C) -> walk(T, ets:next(T, K), C + 1).
