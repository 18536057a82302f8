%% Maps of more than 32 keys (hash tries): the order of iteration, keys,
%% values, to_list, fold, iterators and erlang:display must be OTP's; the
%% change from flat to trie at 33 keys and back at 32; updates, removals,
%% merges and lookups on thousands of keys; equality and ordering
%% whatever the order the keys went in; literal maps of many keys.
-module(maps_large).
-export([main/1]).

main(_) ->
    M40 = maps:from_list([{I, I * I} || I <- lists:seq(1, 40)]),
    show([M40, maps:keys(M40), maps:values(M40), maps:to_list(M40),
          maps:fold(fun(K, _, A) -> [K | A] end, [], M40), iter(maps:iterator(M40))]),
    io_order(M40),
    %% 32 -> 33 -> 32
    M32 = maps:from_list([{I, x} || I <- lists:seq(1, 32)]),
    M33 = M32#{33 => y},
    show([M32, M33, maps:remove(33, M33), maps:remove(1, M33), map_size(M33),
          maps:remove(1, M33) =:= maps:from_list([{I, x} || I <- lists:seq(2, 32)] ++ [{33, y}])]),
    {V1, M33b} = maps:take(5, M33),
    show([V1, M33b]),
    %% many keys, one at a time and at once
    Big = lists:foldl(fun(I, M) -> M#{I => -I} end, #{}, lists:seq(1, 5000)),
    Big2 = maps:from_list([{I, -I} || I <- lists:reverse(lists:seq(1, 5000))]),
    show([map_size(Big), Big =:= Big2, Big == Big2, sig(Big), lists:sublist(maps:keys(Big), 30),
          lists:sublist(maps:values(Big2), 30), maps:get(4321, Big), maps:find(5001, Big),
          is_map_key(2500, Big), err(fun() -> maps:get(0, Big) end),
          err(fun() -> maps:update(0, x, Big) end), err(fun() -> Big#{0 := x} end)]),
    Shrunk = lists:foldl(fun(I, M) -> maps:remove(I, M) end, Big, lists:seq(1, 4990)),
    show([Shrunk, map_size(Shrunk)]),
    Upd = lists:foldl(fun(I, M) -> M#{I := I} end, Big, lists:seq(1, 5000, 7)),
    show([sig(Upd), maps:get(8, Upd), maps:get(9, Upd), Upd =:= Big, Upd < Big, Big < Upd]),
    Merged = maps:merge(Big, maps:from_list([{I, m} || I <- lists:seq(4990, 5100)])),
    show([map_size(Merged), sig(Merged), maps:get(5000, Merged), maps:get(4989, Merged),
          map_size(maps:merge(M40, M32)), maps:merge(M40, M32)]),
    %% other key types
    Keys = [<<I:16>> || I <- lists:seq(1, 50)] ++ [{I, I} || I <- lists:seq(1, 20)]
        ++ [1.0, 2.0, 3.0, 4.0, 5.0, 6.5, 7.25, 8.0, 1.0e10, -1.5, 0.1, 1.0e-10, 13.0, 14.0] ++ [integer_to_list(I) || I <- lists:seq(1, 20)]
        ++ [1 bsl (60 + I) || I <- lists:seq(1, 10)] ++ [-I || I <- lists:seq(1, 10)]
        ++ [[], {}, <<>>, [[]], {[]}, [1 | 2]],
    Mixed = maps:from_list([{K, k} || K <- Keys]),
    show([Mixed, maps:keys(Mixed), maps:get(<<0, 7>>, Mixed), maps:get(3.0, Mixed),
          maps:find(3, Mixed), maps:get("7", Mixed), maps:get({[]}, Mixed)]),
    %% maps (big and small) as keys
    M32i = maps:from_list([{I, I} || I <- lists:seq(1, 32)]),
    Nested = maps:from_list([{M40, 1}, {M32i, 2}, {#{}, 3} | [{I, I} || I <- lists:seq(1, 31)]]),
    show([Nested, maps:get(maps:from_list(maps:to_list(M40)), Nested), maps:get(M32i, Nested)]),
    %% atom keys: the order follows the atom table, so compare sorted
    Atoms = maps:from_list([{list_to_atom("k" ++ integer_to_list(I)), I} || I <- lists:seq(1, 60)]),
    show([lists:sort(maps:to_list(Atoms)), maps:get(k42, Atoms), map_size(Atoms)]),
    %% 0.0 and -0.0 are one key: a trie takes the newer one
    ZM = maps:from_list([{0.0, a} | [{I, I} || I <- lists:seq(1, 40)]]),
    NZ = id(-0.0),
    show([[K || K <- maps:keys(F(ZM)), is_float(K)]
          || F <- [fun(M) -> maps:put(NZ, b, M) end, fun(M) -> maps:update(NZ, b, M) end,
                   fun(M) -> M#{NZ := b} end, fun(M) -> M#{NZ => b} end,
                   fun(M) -> maps:merge(M, #{NZ => c}) end,
                   fun(_) -> maps:from_list([{0.0, a}, {NZ, b} | [{I, I} || I <- lists:seq(1, 40)]]) end]]),
    %% equality and order of big maps
    A = maps:from_list([{I, I} || I <- lists:seq(1, 40)]),
    B = maps:from_list([{I, I} || I <- lists:seq(1, 39)] ++ [{40, 40.0}]),
    C = maps:from_list([{I, I} || I <- lists:seq(2, 41)]),
    show([A == B, A =:= B, A < B, B < A, A < C, C < A, lists:sort([C, B, A, M32, M33]) =:= [M32, M33, A, B, C],
          A =:= maps:remove(41, A#{41 => x}), A < {x}, A > {x}]),
    %% Erlang-coded maps functions over big maps
    show([maps:map(fun(K, V) -> K + V end, M40), maps:filter(fun(K, _) -> K rem 3 =:= 0 end, M40),
          maps:filter(fun(K, _) -> K rem 20 =:= 0 end, M40), maps:with(lists:seq(1, 40, 2), M40),
          maps:without(lists:seq(1, 10), M40), maps:update_with(7, fun(V) -> -V end, M40)]),
    %% matching on big maps
    #{7 := Seven, 39 := ThirtyNine} = M40,
    show([Seven, ThirtyNine, case M40 of #{41 := _} -> yes; #{40 := F} -> {no, F} end]),
    show([lists:sort(maps:to_list(literal())), maps:get(z35, literal()), map_size(literal()),
          literal2(), maps:keys(literal2())]),
    ok.

err(F) ->
    try F() catch error:R -> {error, R} end.

sig(M) ->
    {_, S} = lists:foldl(fun(K, {I, Acc}) -> {I + 1, (Acc * 31 + I * K) rem 1000000007} end,
                         {1, 0}, maps:keys(M)),
    S.

iter(I) ->
    case maps:next(I) of
        none -> [];
        {K, _, Next} -> [K | iter(Next)]
    end.

%% maps:next through several map_next/3 calls and paths.
io_order(M) ->
    Big = maps:from_list([{I, I} || I <- lists:seq(1, 3000)]),
    Ks = iter(maps:iterator(Big)),
    show([length(Ks), lists:sublist(Ks, 10), lists:nthtail(2990, Ks),
          Ks =:= lists:reverse(maps:keys(Big)), maps:fold(fun(K, _, Acc) -> [K | Acc] end, [], Big) =:= maps:keys(Big),
          iter(maps:iterator(M)) =:= lists:reverse(maps:keys(M))]).

literal() ->
    #{z1 => 1, z2 => 2, z3 => 3, z4 => 4, z5 => 5, z6 => 6, z7 => 7, z8 => 8, z9 => 9, z10 => 10,
      z11 => 11, z12 => 12, z13 => 13, z14 => 14, z15 => 15, z16 => 16, z17 => 17, z18 => 18,
      z19 => 19, z20 => 20, z21 => 21, z22 => 22, z23 => 23, z24 => 24, z25 => 25, z26 => 26,
      z27 => 27, z28 => 28, z29 => 29, z30 => 30, z31 => 31, z32 => 32, z33 => 33, z34 => 34,
      z35 => 35, 100 => a, 101 => b, 102 => c}.

id(X) -> X.

show([H | T]) ->
    erlang:display(H),
    show(T);
show([]) -> ok.

literal2() ->
    #{1 => a, 2 => b, 3 => c, 4 => d, 5 => e, 6 => f, 7 => g, 8 => h, 9 => i, 10 => j,
      11 => k, 12 => l, 13 => m, 14 => n, 15 => o, 16 => p, 17 => q, 18 => r, 19 => s,
      20 => t, 21 => u, 22 => v, 23 => w, 24 => x, 25 => y, 26 => z, 27 => "aa", 28 => "bb",
      29 => <<"cc">>, 30 => {dd}, 31 => [ee], 32 => 32.0, 33 => 33, 34 => -34, 35 => 1 bsl 64}.
