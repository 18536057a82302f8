%% More long natives that work in slices: '--' with a long right-hand
%% list (its sort is sliced too), term_to_binary/2 with `compressed`
%% (deflated in slices, byte for byte as OTP), and length/1 in guards
%% (it yields like the body's; an improper list fails the guard).  A
%% process printing every 10 ms keeps printing while they run.
%% timeout: 240
-module(proc_long_bif3).
-export([main/1]).

-define(N, 150000).

main(_) ->
    L = lists:seq(1, ?N),
    Self = self(),
    spawn(fun() -> Self ! {done, work(L)} end),
    tick(3),
    receive {done, R} -> erlang:display(R) end,
    subtract(L),
    compressed(L),
    guards(L),
    erlang:display(done).

tick(0) -> ok;
tick(N) -> receive after 10 -> erlang:display({tick, N}) end, tick(N - 1).

sum(T) -> erlang:phash2(T).

work(L) ->
    [length(L -- lists:reverse(L)), byte_size(term_to_binary(L, [compressed])), glen(L)].

glen(L) when length(L) > 5 -> big;
glen(_) -> small.

subtract(L) ->
    R = lists:reverse(L),
    Odds = lists:seq(1, ?N, 2),
    Dups = [X rem 1000 || X <- L],
    Mixed = [case X rem 3 of 0 -> X; 1 -> float(X); 2 -> {X} end || X <- L],
    erlang:display([
        sum(L -- R), sum(L -- Odds), sum(R -- Odds), sum(Odds -- R),
        sum((L ++ L) -- R), sum(Dups -- lists:seq(0, 500)), sum(lists:seq(0, 2000) -- Dups),
        sum(Dups -- (Dups ++ Dups)), sum((Dups ++ Dups) -- Dups),
        sum(Mixed -- L), sum(L -- Mixed), sum(Mixed -- [float(X) || X <- L]),
        sum(Mixed -- lists:reverse(Mixed)), sum([a, b, c | L] -- [c | R]),
        sum(L -- [x | lists:duplicate(?N, 7)]), length(L -- R), length(L -- (R ++ R))]),
    Improper = R ++ x,
    erlang:display([err(fun() -> L -- Improper end, [L, Improper]),
                    err(fun() -> tail_sub([a], Improper) end, [[a], Improper])]).

tail_sub(A, B) -> A -- B.

err(F, Args) ->
    try F() of
        V -> {value, sum(V)}
    catch
        C:Rs:S ->
            [{M, Fn, A, _} | Rest] = S,
            {C, Rs, M, Fn, A =:= Args, [{M2, F2, ar(A2)} || {M2, F2, A2, _} <- lists:sublist(Rest, 2)]}
    end.

ar(A) when is_list(A) -> length(A);
ar(A) -> A.

compressed(L) ->
    rand:seed(exsss, {1, 2, 3}),
    Noise = rand:bytes(300000),
    Ts = [L, [{X, integer_to_list(X)} || X <- lists:sublist(L, 50000)], Noise,
          [Noise, Noise], binary:copy(<<"ab">>, 200000), lists:duplicate(?N, {a, "bc", 1.5})],
    erlang:display([{byte_size(B), erlang:md5(B), binary_to_term(B) =:= T} ||
                       T <- Ts, O <- [[compressed], [{compressed, 0}], [{compressed, 1}],
                                      [{compressed, 9}], [{compressed, 6}, {minor_version, 2}]],
                       B <- [term_to_binary(T, O)]]).

%% length/1 in guards of every kind of clause.
g1(L) when length(L) > 100000 -> long;
g1(L) when length(L) >= 0 -> short;
g1(_) -> improper.

g2(L, N) when is_list(L), length(L) =:= N -> exact;
g2(L, _) when not is_list(L); length(L) < 0 -> impossible;
g2(_, _) -> other.

g3(L) when length(L) > 10; is_atom(L) -> yes;
g3(_) -> no.

g4(X, L) when X andalso length(L) > 3 -> yes;
g4(_, _) -> no.

guards(L) ->
    Improper = L ++ x,
    Deep = lists:duplicate(?N, L),
    erlang:display([g1(L), g1(lists:sublist(L, 10)), g1(Improper), g1(x),
                    g2(L, ?N), g2(L, ?N + 1), g2(Improper, ?N), g2(x, 0),
                    g3(L), g3(Improper), g3(atom), g3([1]),
                    g4(true, L), g4(true, Improper), g4(false, L),
                    [X || X <- [L, Improper, [], L ++ L], length(X) > 1],
                    if length(Improper) > 0 -> a; true -> b end,
                    case L of _ when length(L) > ?N - 1 -> ok; _ -> no end,
                    length(Deep), [length(X) || X <- lists:sublist(Deep, 3)],
                    err(fun() -> length(Improper) end, [Improper])]).
