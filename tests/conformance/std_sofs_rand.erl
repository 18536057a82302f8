%% OTP's sofs module and rand with a fixed seed (exsss, exro928ss, exs1024s),
%% unmodified: set algebra on ordered sets, and reproducible random streams.
-module(std_sofs_rand).
-export([main/1]).

d(X) -> erlang:display(X).

main(_) ->
    R = sofs:relation([{a, 1}, {b, 2}, {a, 3}]),
    d(sofs:to_external(R)),
    d(sofs:to_external(sofs:domain(R))),
    d(sofs:to_external(sofs:range(R))),
    d(sofs:to_external(sofs:converse(R))),
    d(sofs:to_external(sofs:relation_to_family(R))),
    S1 = sofs:set([1, 2, 3]),
    S2 = sofs:set([2, 3, 4]),
    d(sofs:to_external(sofs:union(S1, S2))),
    d(sofs:to_external(sofs:intersection(S1, S2))),
    d(sofs:to_external(sofs:difference(S1, S2))),
    d(sofs:to_external(sofs:product(S1, sofs:set([x])))),
    d(sofs:is_subset(sofs:set([2]), S1)),
    d(sofs:no_elements(S1)),
    d(sofs:to_external(sofs:image(R, sofs:set([a])))),
    S = rand:seed_s(exsss, {1, 2, 3}),
    {L, S3} = lists:mapfoldl(fun(_, St) -> rand:uniform_s(100, St) end, S, lists:seq(1, 10)),
    d(L),
    {F, S4} = rand:uniform_s(S3),
    d(F),
    {N, _} = rand:normal_s(S4),
    d(N),
    T = rand:seed_s(exro928ss, {4, 5, 6}),
    d(element(1, lists:mapfoldl(fun(_, St) -> rand:uniform_s(1000, St) end, T, lists:seq(1, 5)))),
    U = rand:seed_s(exs1024s, {7, 8, 9}),
    d(element(1, rand:uniform_s(1 bsl 70, U))),
    d(element(1, rand:bytes_s(8, rand:seed_s(exsss, {1, 1, 1})))),
    d(rand:export_seed_s(rand:seed_s(exsplus, {1, 2, 3}))).
