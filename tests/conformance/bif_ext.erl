%% The external term format: term_to_binary/1,2 bytes for every term type
%% (integers at each encoding boundary, bignums, floats in both formats,
%% Latin-1 and UTF-8 atoms, strings, improper lists, tuples, binaries and
%% bitstrings, maps flat, large and deterministic, export funs), the
%% compressed, minor_version and deterministic options, external_size,
%% binary_to_term round trips (pids, refs and local funs included, by
%% equality), the safe and used options, and the badarg cases.
-module(bif_ext).
-export([main/1]).

t(F) -> try F() catch C:R -> {C, R} end.
id(X) -> X.

terms() ->
    [0, 1, 255, 256, -1, 1 bsl 31 - 1, 1 bsl 31, -(1 bsl 31), -(1 bsl 31) - 1, 1 bsl 40,
     -(1 bsl 40), 1 bsl 59, 1 bsl 64, -(1 bsl 64) + 1, 1 bsl 300, 1 bsl 2100,
     1.5, -0.0, 0.1, 1.0e300, abc, '', 'ÅÄÖ', 'λ', list_to_atom(lists:duplicate(255, $a)),
     list_to_atom(lists:duplicate(100, 955)), [], "abc", [1, 2 | 3], [256], [a, "b", <<"c">>],
     lists:duplicate(70000, $x), lists:seq(1, 300), {}, {a, b}, list_to_tuple(lists:seq(1, 300)),
     <<>>, <<1, 2>>, <<1:3>>, <<255, 7:5>>, sub(<<0:3, "abcdef", 5:5>>), sub(<<0:3, "abcdef">>),
     list_to_binary(lists:duplicate(300, 9)), #{}, #{a => 1, b => 2}, #{1 => a, 1.0 => b},
     maps:from_list([{I, I} || I <- lists:seq(1, 40)]), fun lists:map/2, fun erlang:'+'/2,
     {[#{k => [{v}]}], "nested", <<"x">>}].

sub(<<_:3, B/bitstring>>) -> B.

main(_) ->
    lists:foreach(fun(T) -> erlang:display(term_to_binary(T)) end, terms()),
    lists:foreach(fun(T) -> erlang:display(binary_to_term(term_to_binary(T)) =:= T) end, terms()),
    lists:foreach(fun(T) -> erlang:display(erlang:external_size(T) =:= byte_size(term_to_binary(T))) end,
                  terms()),
    Opts = [[{minor_version, 0}], [{minor_version, 2}], [compressed], [{compressed, 1}],
            [{compressed, 9}], [{compressed, 0}], [deterministic], [compressed, deterministic]],
    lists:foreach(fun(O) ->
                          erlang:display({O, [term_to_binary(T, O) || T <- [abc, 'ÅÄ', 1.5, "hi",
                                                                          lists:duplicate(100, 1),
                                                                          lists:seq(1, 10)]]})
                  end, Opts),
    Big = maps:from_list([{integer_to_list(I), I} || I <- lists:seq(1, 50)]),
    erlang:display(term_to_binary(Big, [deterministic])),
    erlang:display(term_to_binary(Big) =:= term_to_binary(maps:from_list(lists:reverse(maps:to_list(Big))))),
    Pid = self(),
    Ref = make_ref(),
    Y = id(7),
    Fun = fun(X) -> X + Y end,
    Round = [Pid, Ref, Fun, {Pid, [Ref]}],
    erlang:display([binary_to_term(term_to_binary(T)) =:= T || T <- Round]),
    erlang:display((binary_to_term(term_to_binary(Fun)))(1)),
    erlang:display(binary_to_term(term_to_binary(lists:duplicate(100, 1), [compressed])) =:=
                       lists:duplicate(100, 1)),
    Bin100 = list_to_binary(lists:seq(1, 100)),
    erlang:display(erlang:term_to_iovec(abc)),
    erlang:display(erlang:term_to_iovec({Bin100, a, [Bin100, <<1, 2>>]})),
    erlang:display(erlang:term_to_iovec(Bin100)),
    erlang:display(erlang:term_to_iovec(abc, [compressed])),
    erlang:display(iolist_to_binary(erlang:term_to_iovec({Bin100, sub(<<0:3, Bin100/binary>>)})) =:=
                       term_to_binary({Bin100, sub(<<0:3, Bin100/binary>>)})),
    Cases =
        [fun() -> erlang:term_to_iovec(a, id([foo])) end,
         fun() -> binary_to_term(<<131, 100, 0, 3, "abc", 1, 2, 3>>, [used]) end,
         fun() -> binary_to_term(<<131, 100, 0, 3, "abc">>, [used]) end,
         fun() -> binary_to_term(<<131, 100, 0, 3, "abc", 1, 2, 3>>) end,
         fun() -> binary_to_term(<<131, 100, 0, 12, "not_an_atom_">>, [safe]) end,
         fun() -> binary_to_term(<<131, 100, 0, 3, "abc">>, [safe]) end,
         fun() -> binary_to_term(<<131, 119, 2, 206, 187>>, [safe]) end,
         fun() -> binary_to_term(<<131, 104, 2, 97, 1, 107, 0, 2, "hi">>, [safe, used]) end,
         fun() -> binary_to_term(id(<<131>>)) end,
         fun() -> binary_to_term(id(<<130, 97, 1>>)) end,
         fun() -> binary_to_term(id(abc)) end,
         fun() -> binary_to_term(id(<<131, 97, 1>>), [foo]) end,
         fun() -> binary_to_term(id(<<131, 97, 1>>), x) end,
         fun() -> binary_to_term(id(<<131, 97, 1:7>>)) end,
         fun() -> term_to_binary(a, id([foo])) end,
         fun() -> term_to_binary(a, id([{compressed, 10}])) end,
         fun() -> term_to_binary(a, id([{minor_version, 3}])) end,
         fun() -> term_to_binary(a, id(x)) end,
         fun() -> term_to_binary(a, id([compressed | x])) end,
         fun() -> erlang:external_size(a, id([compressed])) end,
         fun() -> erlang:external_size(a, id([{minor_version, 0}])) end,
         fun() -> erlang:external_size(1.5, id([{minor_version, 0}])) end],
    lists:foreach(fun(F) -> erlang:display(t(F)) end, Cases).
