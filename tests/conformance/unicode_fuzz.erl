%% Differential check of unicode:characters_to_list/2 and
%% characters_to_binary/2: 600 pseudo-random chardata terms (deep lists,
%% improper tails, bad code points, truncated and invalid sequences) in
%% every input encoding, each result printed.
-module(unicode_fuzz).
-export([main/1]).
lcg(S) -> (S * 1103515245 + 12345) band 16#7FFFFFFF.
pick(S, N) -> S1 = lcg(S), {S1 rem N, S1}.
gen(S, 0) -> {[], S};
gen(S, D) ->
    {K, S1} = pick(S, 9),
    case K of
        0 -> {[], S1};
        1 -> {C, S2} = pick(S1, 300), {T, S3} = gen(S2, D - 1), {[C | T], S3};
        2 -> {C, S2} = pick(S1, 16#11000), {T, S3} = gen(S2, D - 1), {[C | T], S3};
        3 -> {B, S2} = bin(S1, 4), {T, S3} = gen(S2, D - 1), {[B | T], S3};
        4 -> {H, S2} = gen(S1, D - 1), {T, S3} = gen(S2, D - 1), {[H | T], S3};
        5 -> {B, S2} = bin(S1, 3), {B, S2};
        6 -> {C, S2} = pick(S1, 128), {T, S3} = gen(S2, D - 1), {[C | T], S3};
        7 -> {B, S2} = utf8bin(S1, 3), {T, S3} = gen(S2, D - 1), {[B | T], S3};
        8 -> {C, S2} = pick(S1, 100), {T, S3} = gen(S2, D - 1), {[C - 3 | T], S3}
    end.
bin(S, N) -> {L, S1} = pick(S, N + 1), bytes(S1, L, []).
bytes(S, 0, A) -> {list_to_binary(A), S};
bytes(S, N, A) -> {B, S1} = pick(S, 256), bytes(S1, N - 1, [B | A]).
utf8bin(S, N) -> {L, S1} = pick(S, N + 1), cps(S1, L, []).
cps(S, 0, A) -> {unicode:characters_to_binary(A), S};
cps(S, N, A) -> {C, S1} = pick(S, 16#D000), cps(S1, N - 1, [C | A]).
t(F) -> try F() catch C:R -> {C, R} end.
main(_) -> loop(12345, 600).
loop(_, 0) -> ok;
loop(S, N) ->
    {D, S1} = gen(S, 5),
    {E, S2} = pick(S1, 6),
    Enc = element(E + 1, {unicode, latin1, utf16, {utf16, little}, utf32, {utf32, little}}),
    erlang:display({D, Enc, t(fun() -> unicode:characters_to_list(D, Enc) end),
                    t(fun() -> unicode:characters_to_binary(D, Enc) end)}),
    loop(S2, N - 1).
