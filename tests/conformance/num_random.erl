%% Random differential test of the integer and float operators: integers
%% of up to 300 bits and floats drawn by rand (fixed seed, so OTP and
%% girder see the same values) go through every operator; the results
%% are folded into checksums printed every 250 draws, and a failing
%% operation contributes its error.
-module(num_random).
-export([main/1]).

main(_) ->
    rand:seed(exsss, {7, 11, 13}),
    loop(2000, 0),
    ok.

loop(0, Acc) -> erlang:display({final, Acc});
loop(N, Acc) ->
    A = rand_int(), B = rand_int(), S = rand:uniform(400) - 200,
    F = rand_float(),
    Ints = [A + B, A - B, A * B, safe(fun() -> A div B end), safe(fun() -> A rem B end),
            A band B, A bor B, A bxor B, bnot A, A bsl (S rem 130), A bsr S, abs(A), -A,
            safe(fun() -> trunc(F) end), safe(fun() -> round(F * 1.0e6) end),
            safe(fun() -> list_to_integer(integer_to_list(A, 36), 36) end)],
    Floats = [safe(fun() -> A * F end), safe(fun() -> F + B end), safe(fun() -> A / B end),
              safe(fun() -> F / A end), safe(fun() -> float(A) end), safe(fun() -> F - A end)],
    Texts = [safe(fun() -> list_to_float(float_to_list(X, [short])) =:= X end) || X <- Floats, is_float(X)] ++
            [safe(fun() -> float_to_list(X, [{decimals, 5}, compact]) end) || X <- Floats, is_float(X), abs(X) < 1.0e30],
    Acc1 = fold(Ints ++ [fbits(X) || X <- Floats] ++ [erlang:phash2(T) || T <- Texts], Acc),
    case N rem 250 of
        0 -> erlang:display({N, Acc1, A, B, Ints});
        _ -> ok
    end,
    loop(N - 1, Acc1).

rand_int() ->
    Bits = rand:uniform(300),
    V = rand:uniform(1 bsl Bits) - 1,
    case rand:uniform(3) of 1 -> -V; _ -> V end.

rand_float() ->
    M = rand:uniform() * 2 - 1,
    M * math:pow(10, rand:uniform(40) - 20).

safe(F) -> try F() catch C:R -> {C, R} end.

fbits(X) when is_float(X) -> <<I:64>> = <<X/float>>, I;
fbits(X) -> X.

fold([H | T], Acc) when is_integer(H) -> fold(T, (Acc * 31 + H) rem 1000000000000000003);
fold([H | T], Acc) -> fold(T, (Acc * 31 + erlang:phash2(H)) rem 1000000000000000003);
fold([], Acc) -> Acc.
