%% The process dictionary: put/2 returning the old value, get/1, erase/1,
%% get_keys/1, erase/0, with keys compared exactly (1 and 1.0 differ),
%% many keys, and overwrites.  With keys that are not atoms, get/0,
%% get_keys/0,1 and erase/0 list pairs in OTP's hash-table order, through
%% growing and shrinking; with atom keys (hashed by their index in the atom
%% table, which differs between VMs; so do keys holding atoms) the lists
%% are printed sorted.
-module(bif_dict).
-export([main/1]).

id(X) -> X.

main(_) ->
    erlang:display(get()),
    erlang:display(get(id(a))),
    erlang:display(put(id(a), 1)),
    erlang:display(put(id(a), 2)),
    erlang:display(put(id(1), int)),
    erlang:display(put(id(1.0), float)),
    erlang:display({get(1), get(1.0), get(a)}),
    erlang:display(put(id({k, "x"}), tuple)),
    erlang:display(get({k, "x"})),
    erlang:display(xsort(get())),
    erlang:display(xsort(get_keys())),
    erlang:display(put(id(b), 2)),
    erlang:display(lists:sort(get_keys(2))),
    erlang:display(get_keys(nothing)),
    erlang:display(erase(id(a))),
    erlang:display(erase(id(a))),
    erlang:display(get(a)),
    [put(N, N * N) || N <- lists:seq(1, 500)],
    erlang:display(get(250)),
    [put(N, -N) || N <- lists:seq(1, 500, 7)],
    erlang:display({get(8), get(9)}),
    [erase(N) || N <- lists:seq(1, 500, 2)],
    erlang:display(length(get())),
    erlang:display(lists:sum([V || {K, V} <- get(), is_integer(K)])),
    erlang:display(lists:sort(erase()) =:= lists:sort(get_keys_pairs())),
    erlang:display(get()),
    erlang:display(erase()),
    erlang:display(put(x, y)),
    erlang:display(erase()),
    %% OTP's order: integer, tuple, list, binary and float keys.
    [put(K, v) || K <- [1, 2, 3, 17, 9, -1, -100, 1 bsl 40]],
    erlang:display(get()),
    [put(K, w) || K <- [{7, 1}, "str", <<"bin">>, 2.5, [1, 2], {}]],
    erlang:display(get()),
    erlang:display(get_keys()),
    erlang:display(get_keys(w)),
    erlang:display(process_info(self(), dictionary)),
    Self = self(),
    Other = spawn(fun() -> [put(K, {v, K}) || K <- lists:seq(1, 20)], Self ! ready,
                           receive stop -> ok end end),
    receive ready -> ok end,
    erlang:display(process_info(Other, dictionary)),
    Other ! stop,
    [put(K, K * 2) || K <- lists:seq(1, 300)],
    erlang:display(get_keys()),
    [erase(K) || K <- lists:seq(1, 300, 3)],
    erlang:display(get()),
    [erase(K) || K <- lists:seq(2, 300, 3)],
    erlang:display(get()),
    [put(K, u) || K <- lists:seq(1000, 1040)],
    [erase(K) || K <- lists:seq(1, 300)],
    erlang:display(get_keys()),
    erlang:display(erase()),
    erlang:display(get()).

get_keys_pairs() -> [].

%% Sorted in the exact order, so that 1 and 1.0 have one place.
xsort(L) -> lists:sort(fun(A, B) -> erts_internal:cmp_term(A, B) =< 0 end, L).
