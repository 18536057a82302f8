%% Benchmark: small maps (at most 32 keys, OTP's flat maps): build a map
%% of 16 atom keys, then update and read it in a loop with both map
%% syntax and maps:get/put. Argument: iterations N. Prints {maps_small, N,
%% the final map's values, checksum of every read}.
-module(bench_maps_small).
-export([main/1]).

-define(KEYS, [k01, k02, k03, k04, k05, k06, k07, k08,
               k09, k10, k11, k12, k13, k14, k15, k16]).

main([Arg]) ->
    N = list_to_integer(Arg),
    M0 = maps:from_list([{K, 0} || K <- ?KEYS]),
    Keys = list_to_tuple(?KEYS),
    {M, Sum} = loop(N, Keys, M0, 0),
    erlang:display({maps_small, N, [maps:get(K, M) || K <- ?KEYS], Sum}).

loop(0, _, M, Sum) -> {M, Sum};
loop(I, Keys, M, Sum) ->
    K = element(I rem 16 + 1, Keys),
    #{K := V, k03 := A, k07 := B} = M,
    M1 = M#{K := V + I rem 7, k16 := (A + 1) rem 65521},
    M2 = maps:put(element((I * 5) rem 16 + 1, Keys), (B + V) rem 65521, M1),
    S = maps:get(k01, M2) + maps:get(k09, M2, 0) + map_size(M2),
    loop(I - 1, Keys, M2, (Sum + S) rem 1000000007).
