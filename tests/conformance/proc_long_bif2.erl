%% Long natives trap between chunks of work: list_to_binary/1,
%% iolist_to_binary/1, iolist_size/1, '++'/2, '--'/2, length/1,
%% term_to_binary/1,2, lists:reverse/2,
%% member/2, keyfind/3, keymember/3, keysearch/3, list_to_tuple/1,
%% tuple_to_list/1 and binary_to_list/1 on huge inputs give whole
%% results while a process printing every 10 ms keeps printing, and an
%% error found in a later chunk is the original native's, with its
%% original arguments and its caller's frame (also in tail position).
%% Inputs of 120,000 elements take several chunks (traps.h's budget is
%% 64,000 units) and stay quick under the GC-stress build.
%% timeout: 240
-module(proc_long_bif2).
-export([main/1]).

-define(N, 120000).

main(_) ->
    L = lists:seq(1, ?N),
    Bytes = [X band 255 || X <- L],
    Self = self(),
    spawn(fun() -> Self ! {done, work(Bytes, L)} end),
    tick(5),
    receive {done, R} -> erlang:display(R) end,
    results(Bytes, L),
    errors(Bytes, L),
    erlang:display(done).

%% Every converted native once on a huge input, in another process.
work(Bytes, L) ->
    B = list_to_binary(Bytes),
    KL = [{K, K} || K <- L],
    [byte_size(B), erlang:phash2(B), iolist_size([Bytes, B]),
     byte_size(iolist_to_binary([[Bytes], B | B])),
     length(L ++ L), hd(lists:reverse(L)), lists:member(?N, L),
     lists:keyfind(?N, 1, KL), lists:keymember(?N, 2, KL),
     lists:keysearch(?N, 1, KL), tuple_size(list_to_tuple(L)),
     length(tuple_to_list(list_to_tuple(L))), length(binary_to_list(B)),
     length(L -- [x]), length(L -- L), length(Bytes), erlang:phash2(L -- lists:seq(2, ?N, 2)),
     byte_size(term_to_binary(L)), byte_size(term_to_binary(KL, [{minor_version, 2}]))].

tick(0) -> ok;
tick(N) -> receive after 10 -> erlang:display({tick, N}) end, tick(N - 1).

sum(T) -> erlang:phash2(T).

results(Bytes, L) ->
    Small = [1, 2, [3, <<4, 5>>], [], [[[6]]] | <<7>>],
    Deep = [[[X band 255], <<"ab">>, [[]]] || X <- L],
    Big = binary:copy(<<"0123456789abcdef">>, 70000),
    Odd = <<0:3, Big/binary, 0:5>>,
    <<_:3, Unaligned:(byte_size(Big))/binary, _:5>> = Odd,
    Nest = lists:foldl(fun(X, Acc) -> [Acc, X band 255] end, [], lists:seq(1, 100000)),
    erlang:display([
        list_to_binary(Small), iolist_to_binary(Small), iolist_size(Small),
        list_to_binary([]), iolist_to_binary(<<"bin">>), iolist_size(<<"bin">>),
        sum(list_to_binary(Bytes)), sum(iolist_to_binary(Deep)), iolist_size(Deep),
        sum(list_to_binary([Big, Bytes, Big | Big])), iolist_size([Big, [Big | Big]]),
        sum(iolist_to_binary([Unaligned, Bytes | Unaligned])),
        sum(list_to_binary(Nest)), iolist_size(Nest),
        iolist_to_binary([Big]) =:= Big]),
    KL = [{K, -K, K rem 7} || K <- L],
    erlang:display([
        sum(L ++ [x]), sum([a, b] ++ L), sum(L ++ L) =:= sum(L ++ L), length(L ++ L),
        [] ++ x, [a] ++ b, lists:nthtail(?N - 1, L ++ tail),
        sum(lists:reverse(L)), sum(lists:reverse(L, [x, y])),
        lists:member(?N, L), lists:member(?N + 1, L), lists:member(1.0, L),
        lists:keyfind(?N, 1, KL), lists:keyfind(-?N, 2, KL), lists:keyfind(x, 1, KL),
        lists:keyfind(2.0, 1, KL), lists:keymember(?N, 1, KL), lists:keymember(0, 1, KL),
        lists:keysearch(?N - 1, 1, KL), lists:keysearch(7, 3, KL), lists:keysearch(7, 9, KL),
        sum(list_to_tuple(L)), sum(tuple_to_list(list_to_tuple(L))),
        list_to_tuple([]), tuple_to_list({}), list_to_tuple([a, b]),
        sum(binary_to_list(list_to_binary(Bytes))), binary_to_list(<<1, 2, 3>>),
        binary_to_list(Unaligned) =:= binary_to_list(Big),
        length(binary_to_list(Big))]),
    Odds = lists:seq(1, ?N, 2),
    erlang:display([
        sum(L -- [x]), sum(L -- [?N, 1, 500000]), sum(L -- Odds), sum(Odds -- L),
        sum((L ++ L) -- L), sum(L -- (L ++ [y])), sum(L -- lists:seq(?N, 1, -1)),
        [1, 2, 3, 2, 1] -- [2, 1], [1, 1.0, 1] -- [1.0], [a, b] -- [], [] -- L,
        sum([{X rem 10} || X <- L] -- [{X} || X <- lists:seq(1, 40)]),
        length(L), length(Bytes ++ L), length([]), len(L)]),
    S = lists:seq(1, 200000),
    M = maps:from_list([{K, [K]} || K <- lists:seq(1, 40000)]),
    Nest2 = lists:foldl(fun(X, A) -> [A, X, <<X:24>>] end, [], lists:seq(1, 40000)),
    Mixed = [{K, float(K), integer_to_list(K), <<K:40>>, [a | K], #{K => K}} || K <- lists:seq(1, 20000)],
    erlang:display([{byte_size(B), sum(B), binary_to_term(B) =:= T} ||
                       T <- [S, lists:sublist(Bytes, 200000), M, Nest2, Mixed, {S, [S]}, a, [], 1, <<>>],
                       B <- [term_to_binary(T), term_to_binary(T, [{minor_version, 1}, deterministic])]]),
    erlang:display([{byte_size(B), sum(B)} || B <- [term_to_binary(lists:sublist(Bytes, 200000), [compressed]),
                                                   term_to_binary(S, [{compressed, 1}])]]).

len(L) -> {length(L), ok}.

%% An error: the class, reason, native, whether its arguments are the
%% original ones, and the two frames under it.  OTP's lists:reverse/2,
%% member/2 and key* name the arguments of the chunk that failed, which
%% depend on where its slices end: `any` skips that check.
err(F, Args) ->
    try F() of
        V -> {value, sum(V)}
    catch
        C:R:S ->
            [{M, Fn, A, _} | Rest] = S,
            {C, R, M, Fn, A =:= Args orelse Args =:= any, [{M2, F2, ar(A2)} || {M2, F2, A2, _} <- lists:sublist(Rest, 2)]}
    end.

ar(A) when is_list(A) -> length(A);
ar(A) -> A.

tail_l2b(X) -> list_to_binary(X).
tail_size(X) -> iolist_size(X).
tail_app(X, Y) -> X ++ Y.
tail_rev(X) -> lists:reverse(X, []).

errors(Bytes, L) ->
    Improper = Bytes ++ x,
    BadAt = fun(At, Bad) -> {A, B} = lists:split(At, Bytes), A ++ [Bad | B] end,
    B300 = BadAt(100000, 300),
    BAtom = BadAt(100000, atom),
    BBits = BadAt(100000, <<1:1>>),
    BEarly = BadAt(10, -1),
    KL = [{K} || K <- L] ++ x,
    erlang:display([
        err(fun() -> list_to_binary(Improper) end, [Improper]),
        err(fun() -> list_to_binary(B300) end, [B300]),
        err(fun() -> list_to_binary(BAtom) end, [BAtom]),
        err(fun() -> list_to_binary(BBits) end, [BBits]),
        err(fun() -> list_to_binary(BEarly) end, [BEarly]),
        err(fun() -> list_to_binary(<<"bin">>) end, [<<"bin">>]),
        err(fun() -> tail_l2b(B300) end, [B300]),
        err(fun() -> iolist_to_binary(Improper) end, [Improper]),
        err(fun() -> iolist_to_binary([Bytes, [[B300]]]) end, [[Bytes, [[B300]]]]),
        err(fun() -> iolist_size(BAtom) end, [BAtom]),
        err(fun() -> tail_size([Bytes | foo]) end, [[Bytes | foo]]),
        err(fun() -> iolist_size(<<1:7>>) end, [<<1:7>>]),
        err(fun() -> Improper ++ [] end, [Improper, []]),
        err(fun() -> tail_app(Improper, [a]) end, [Improper, [a]]),
        err(fun() -> [a | b] ++ [] end, [[a | b], []]),
        err(fun() -> lists:reverse(Improper, []) end, any),
        err(fun() -> tail_rev(Improper) end, any),
        err(fun() -> lists:member(z, Improper) end, any),
        err(fun() -> lists:keyfind(z, 1, KL) end, any),
        err(fun() -> lists:keymember(z, 1, KL) end, any),
        err(fun() -> lists:keysearch(z, 1, KL) end, any),
        err(fun() -> lists:keyfind(z, 0, KL) end, [z, 0, KL]),
        err(fun() -> list_to_tuple(Improper) end, [Improper]),
        err(fun() -> tuple_to_list(Improper) end, [Improper]),
        err(fun() -> binary_to_list(<<1:9>>) end, [<<1:9>>]),
        err(fun() -> Improper -- [1] end, [Improper, [1]]),
        err(fun() -> L -- Improper end, [L, Improper]),
        err(fun() -> [a] -- Improper end, [[a], Improper]),
        err(fun() -> a -- [] end, [a, []]),
        err(fun() -> length(Improper) end, [Improper]),
        err(fun() -> tail_len(Improper) end, [Improper]),
        err(fun() -> {length(BAtom ++ y), ok} end, [BAtom ++ y]),
        err(fun() -> term_to_binary(L, [bad]) end, [L, [bad]]),
        err(fun() -> term_to_binary(L, [{minor_version, 3}]) end, [L, [{minor_version, 3}]])]).

tail_len(X) -> length(X).
