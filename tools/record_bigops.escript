#!/usr/bin/env escript
%% record_bigops.escript: records, from real OTP, the results that
%% tests/unit/test_bigops.c checks girder's bignum operators against:
%% div, rem, band, bor, bxor, bnot, bsl/bsr by several amounts, and
%% conversions to floats (float/1) and back (trunc/1), on random integers
%% of up to four limbs (a fixed seed) and values around the limb and small
%% boundaries.
%%
%% Usage: tools/record_bigops.escript > tests/unit/data/bigops.inc
-mode(compile).

main(_) ->
    rand:seed(exsss, {1, 2, 3}),
    Edges = [0, 1, -1, 2, -2, 7, -7, (1 bsl 59) - 1, -(1 bsl 59), 1 bsl 59, -(1 bsl 59) - 1,
             (1 bsl 64) - 1, 1 bsl 64, -(1 bsl 64), -(1 bsl 64) + 1, (1 bsl 128) - 1,
             -(1 bsl 128), 1 bsl 127, 16#FFFFFFFFFFFFFFFF0000000000000000],
    Randoms = [random_int() || _ <- lists:seq(1, 25)],
    Vals = Edges ++ Randoms,
    io:format("/* generated from tools/record_bigops.escript by erl ~s; do not edit */~n~n",
              [erlang:system_info(otp_release)]),
    io:format("static const BigOpCase bigop_cases[] = {~n"),
    [emit_pair(A, B) || A <- Vals, B <- Vals, B =/= 0],
    io:format("};~n~n"),
    io:format("static const BigShiftCase bigshift_cases[] = {~n"),
    [emit_shift(A, S) || A <- Vals, S <- [0, 1, 5, 63, 64, 65, 127, 128, 200, 1000]],
    io:format("};~n~n"),
    io:format("static const BigFloatCase bigfloat_cases[] = {~n"),
    [emit_float(A) || A <- Vals ++ float_edges()],
    io:format("};~n~n"),
    io:format("static const BigTruncCase bigtrunc_cases[] = {~n"),
    [emit_trunc(F) || F <- trunc_floats()],
    io:format("};~n").

random_int() ->
    Limbs = rand:uniform(4),
    Bits = Limbs * 64 - rand:uniform(64) + 1,
    V = rand:uniform(1 bsl Bits) - 1,
    case rand:uniform(2) of 1 -> V; 2 -> -V end.

float_edges() ->
    H = ((1 bsl 52) + 2) * (1 bsl 64),
    [H + (1 bsl 63) + 1, H + (1 bsl 63), -(H + (1 bsl 63) + 1), (1 bsl 1024) - (1 bsl 970),
     (1 bsl 1024) - (1 bsl 971), 1 bsl 1023, (1 bsl 53) + 1, (1 bsl 64) + (1 bsl 11) + 1,
     1 bsl 1024, -(1 bsl 1024), 1 bsl 2000].

trunc_floats() ->
    [0.0, -0.0, 1.5, -1.5, 9.223372036854775807e18, -9.223372036854775808e18, 1.8446744073709552e19,
     1.0e20, -1.0e20, 1.0e300, -1.7976931348623157e308, 4.5e15, 1.2345678901234567e30,
     5.764607523034235e17, -5.764607523034235e17] ++
    [rand:uniform() * math:pow(2, rand:uniform(1000)) * (rand:uniform(2) * 2 - 3) || _ <- lists:seq(1, 40)].

s(I) -> ["\"", integer_to_list(I), "\""].

emit_pair(A, B) ->
    io:format("    {~s, ~s, ~s, ~s, ~s, ~s, ~s, ~s},~n",
              [s(A), s(B), s(A div B), s(A rem B), s(A band B), s(A bor B), s(A bxor B), s(bnot A)]).

emit_shift(A, S) ->
    io:format("    {~s, ~w, ~s, ~s},~n", [s(A), S, s(A bsl S), s(A bsr S)]).

emit_float(A) ->
    case catch float(A) of
        F when is_float(F) ->
            <<Bits:64>> = <<F/float>>,
            io:format("    {~s, 1, 0x~16.16.0bULL},~n", [s(A), Bits]);
        _ ->
            io:format("    {~s, 0, 0},~n", [s(A)])
    end.

emit_trunc(F) ->
    <<Bits:64>> = <<F/float>>,
    io:format("    {0x~16.16.0bULL, ~s},~n", [Bits, s(trunc(F))]).
