%% binary_to_term/1,2 of large binaries decode in slices (the process
%% yields between them): results equal OTP's for every kind of term,
%% compressed or not, with the `used` and `safe` options, while a process
%% printing every 10 ms keeps printing; an error found in a later slice
%% (a truncated or corrupt input, trailing bytes, an unknown atom under
%% `safe`, a map with a duplicate key) is badarg from binary_to_term
%% itself, with its original arguments and its caller's frame (also in
%% tail position).
%% timeout: 240
-module(proc_long_b2t).
-export([main/1]).

-define(N, 150000).

main(_) ->
    L = lists:seq(1, ?N),
    Self = self(),
    spawn(fun() -> Self ! {done, length(binary_to_term(term_to_binary(L)))} end),
    tick(3),
    receive {done, R} -> erlang:display(R) end,
    results(L),
    errors(L),
    killed(L),
    erlang:display(done).

%% Processes killed in the middle of a sliced native: their state (a
%% fragment, a zlib stream) is freed with them.
killed(L) ->
    B = term_to_binary([<<X:800>> || X <- L]),
    Z = term_to_binary(L, [compressed]),
    Fs = [fun() -> binary_to_term(B) end, fun() -> binary_to_term(Z) end,
          fun() -> term_to_binary([{X, integer_to_list(X)} || X <- L], [compressed]) end,
          fun() -> L -- lists:reverse(L) end],
    erlang:display([begin
                        P = spawn(fun() -> F(), receive after infinity -> ok end end),
                        receive after 5 -> ok end,
                        M = monitor(process, P),
                        exit(P, kill),
                        receive {'DOWN', M, process, P, R} -> R end
                    end || F <- Fs]).

tick(0) -> ok;
tick(N) -> receive after 10 -> erlang:display({tick, N}) end, tick(N - 1).

sum(T) -> erlang:phash2(T).

terms(L) ->
    Deep = lists:foldl(fun(X, A) -> {A, X, [X]} end, [], lists:sublist(L, 50000)),
    Mixed = [{K, float(K), integer_to_list(K), <<K:40>>, binary:copy(<<K:16>>, 40), [a | K],
              #{K => K}, -K * 1000000000000000000000, list_to_pid("<0.5.0>"), list_to_ref("#Ref<0.1.2.3>")} || K <- lists:sublist(L, 10000)],
    Map = maps:from_list([{K, {K}} || K <- lists:sublist(L, 40000)]),
    [L, Deep, Mixed, Map, lists:duplicate(100000, "abc"),
     [<<X:8>> || X <- lists:sublist(L, 100000)], binary:copy(<<"0123456789">>, 200000),
     list_to_tuple(L), [atom_a, atom_b, 'été', '日本' | L]].

results(L) ->
    Ts = terms(L),
    erlang:display([{sum(T), binary_to_term(B) =:= T, byte_size(B)} ||
                       T <- Ts, B <- [term_to_binary(T), term_to_binary(T, [compressed]),
                                      term_to_binary(T, [{minor_version, 2}])]]),
    %% a fun's encoding holds its creator's pid: only the round trip is shown
    Fun = fun(X) -> X + length(L) end,
    FL = [Fun | lists:sublist(L, 100000)],
    [F2 | _] = FL2 = binary_to_term(term_to_binary(FL, [compressed])),
    erlang:display([FL2 =:= FL, binary_to_term(term_to_binary(FL)) =:= FL, F2(1)]),
    B = term_to_binary(L),
    Z = term_to_binary(L, [compressed]),
    Odd = <<0:3, B/binary, 0:5>>,
    <<_:3, Unaligned:(byte_size(B))/binary, _:5>> = Odd,
    {T1, U1} = binary_to_term(<<B/binary, "more">>, [used]),
    {T2, U2} = binary_to_term(<<Z/binary, 1, 2, 3>>, [used, safe]),
    erlang:display([T1 =:= L, U1 =:= byte_size(B), T2 =:= L, U2 =:= byte_size(Z),
                    binary_to_term(B, [safe]) =:= L, binary_to_term(Unaligned) =:= L,
                    binary_to_term(B, [used]) =:= {L, byte_size(B)},
                    sum(binary_to_term(Z, [safe, used])), sum(binary_to_term(B, []))]).

%% An error: the class, reason, native, whether its arguments are the
%% original ones, and the two frames under it.
err(F, Args) ->
    try F() of
        V -> {value, sum(V)}
    catch
        C:R:S ->
            [{M, Fn, A, _} | Rest] = S,
            {C, R, M, Fn, A =:= Args, [{M2, F2, ar(A2)} || {M2, F2, A2, _} <- lists:sublist(Rest, 2)]}
    end.

ar(A) when is_list(A) -> length(A);
ar(A) -> A.

tail_b2t(X) -> binary_to_term(X).
tail_b2t(X, O) -> binary_to_term(X, O).

%% A list of the ?N small integers, then `Last` as its last element, then
%% `Tail` as its tail (all in the external format, after the version byte).
list_with(Last, Tail) ->
    Ints = << <<97, (X band 255)>> || X <- lists:seq(1, ?N) >>,
    <<131, 108, (?N + 1):32, Ints/binary, Last/binary, Tail/binary>>.

errors(L) ->
    B = term_to_binary(L),
    Z = term_to_binary(L, [compressed]),
    Short = binary:part(B, 0, byte_size(B) - 1),
    Trailing = <<B/binary, 0>>,
    NoAtom = list_with(<<119, 22, "no_such_atom_xyzzy_123">>, <<106>>),
    NewAtom = list_with(<<119, 22, "no_such_atom_xyzzy_456">>, <<106>>),
    DupMap = list_with(<<116, 2:32, 97, 1, 97, 1, 97, 1, 97, 2>>, <<106>>),
    GoodMap = list_with(<<116, 2:32, 97, 1, 97, 1, 97, 2, 97, 2>>, <<106>>),
    BadTag = list_with(<<97, 1>>, <<255>>),
    BadFloat = list_with(<<70, 16#7FF00000:32, 0:32>>, <<106>>),
    Zs = byte_size(Z),
    <<ZHead:(Zs - 12)/binary, ZMid:4/binary, ZTail/binary>> = Z,
    ZBad = <<ZHead/binary, (bnot binary:decode_unsigned(ZMid)):32, ZTail/binary>>,
    <<131, 80, Size:32, ZBody/binary>> = Z,
    ZLong = <<131, 80, (Size + 1):32, ZBody/binary>>,
    ZShort = <<131, 80, (Size - 1):32, ZBody/binary>>,
    ZCut = binary:part(Z, 0, Zs - 100),
    %% past the one-go size (8 KB), decoded in one slice: refc binaries, then a bad map
    Bins = << <<109, 100:32, (binary:copy(<<X>>, 100))/binary>> || X <- lists:seq(1, 100) >>,
    BinsDup = <<131, 108, 101:32, Bins/binary, 116, 2:32, 97, 1, 97, 1, 97, 1, 97, 2, 106>>,
    BinsOk = <<131, 108, 101:32, Bins/binary, 116, 2:32, 97, 1, 97, 1, 97, 2, 97, 2, 106>>,
    erlang:display([
        err(fun() -> binary_to_term(Short) end, [Short]),
        err(fun() -> tail_b2t(Short) end, [Short]),
        err(fun() -> binary_to_term(Short, [used]) end, [Short, [used]]),
        err(fun() -> binary_to_term(Trailing) end, [Trailing]),
        err(fun() -> tail_b2t(Trailing, [safe]) end, [Trailing, [safe]]),
        err(fun() -> binary_to_term(NoAtom, [safe]) end, [NoAtom, [safe]]),
        err(fun() -> tail_b2t(NoAtom, [safe, used]) end, [NoAtom, [safe, used]]),
        err(fun() -> length(binary_to_term(NewAtom)) end, [NewAtom]),
        err(fun() -> binary_to_term(DupMap) end, [DupMap]),
        err(fun() -> lists:last(binary_to_term(GoodMap)) end, [GoodMap]),
        err(fun() -> binary_to_term(BadTag) end, [BadTag]),
        err(fun() -> binary_to_term(BadFloat) end, [BadFloat]),
        err(fun() -> binary_to_term(ZBad) end, [ZBad]),
        err(fun() -> binary_to_term(ZLong) end, [ZLong]),
        err(fun() -> binary_to_term(ZShort) end, [ZShort]),
        err(fun() -> binary_to_term(ZCut, [used]) end, [ZCut, [used]]),
        err(fun() -> binary_to_term(BinsDup) end, [BinsDup]),
        err(fun() -> binary_to_term(BinsOk, [used]) end, [BinsOk, [used]]),
        err(fun() -> binary_to_term(B, [bad]) end, [B, [bad]]),
        err(fun() -> binary_to_term(B, [used | safe]) end, [B, [used | safe]]),
        err(fun() -> binary_to_term(<<0:7>>) end, [<<0:7>>]),
        err(fun() -> binary_to_term(<<131, 1>>) end, [<<131, 1>>])]).
