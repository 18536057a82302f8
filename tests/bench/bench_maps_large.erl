%% Benchmark: large maps (hash-trie maps past 32 keys): insert N integer
%% keys in a scrambled order, look every key up, update half of them, then
%% delete a third. Argument: N keys. Prints {maps_large, N, final size,
%% checksum of every lookup}.
-module(bench_maps_large).
-export([main/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    M1 = insert(0, N, #{}),
    S1 = lookup(0, N, M1, 0),
    M2 = update(0, N, M1),
    S2 = lookup(0, N, M2, S1),
    M3 = delete(0, N, M2),
    S3 = lookup_opt(0, N, M3, S2),
    erlang:display({maps_large, N, map_size(M1), map_size(M3), S3}).

key(I, N) -> (I * 7919) rem N.

insert(N, N, M) -> M;
insert(I, N, M) -> insert(I + 1, N, M#{key(I, N) => I}).

lookup(N, N, _, S) -> S;
lookup(I, N, M, S) ->
    #{I := V} = M,
    lookup(I + 1, N, M, (S * 3 + V) rem 1000000007).

update(I, N, M) when I >= N -> M;
update(I, N, M) -> update(I + 2, N, maps:update(I, I * 3, M)).

delete(I, N, M) when I >= N -> M;
delete(I, N, M) -> delete(I + 3, N, maps:remove(I, M)).

lookup_opt(N, N, _, S) -> S;
lookup_opt(I, N, M, S) ->
    case M of
        #{I := V} -> lookup_opt(I + 1, N, M, (S * 3 + V) rem 1000000007);
        _ -> lookup_opt(I + 1, N, M, (S * 3 + 1) rem 1000000007)
    end.
