%% UTF-8/16/32 segments in the bit syntax: construction of every length
%% class and byte order, matching (get and skip) including invalid
%% sequences, surrogates, overlong forms, truncated input and unaligned
%% positions, over refc binaries and sub binaries.
-module(bits_utf).
-export([main/1]).

id(X) -> X.

main(_) ->
    Cps = id([0, $a, 16#7F, 16#80, 16#7FF, 16#800, 16#FFFF, 16#10000, 16#10FFFF, 16#E9, 16#20AC, 16#1F600]),
    U8 = << <<C/utf8>> || C <- Cps >>,
    U16 = << <<C/utf16>> || C <- Cps >>,
    U16L = << <<C/utf16-little>> || C <- Cps >>,
    U32 = << <<C/utf32>> || C <- Cps >>,
    U32L = << <<C/utf32-little>> || C <- Cps >>,
    erlang:display(U8),
    erlang:display(U16),
    erlang:display(U16L),
    erlang:display({byte_size(U32), byte_size(U32L)}),
    erlang:display(dec8(U8, [])),
    erlang:display(dec16(U16, [])),
    erlang:display(dec16l(U16L, [])),
    erlang:display(dec32(U32, [])),
    erlang:display(dec32l(U32L, [])),
    erlang:display(count8(U8, 0)),
    Big = list_to_binary([U8, U8, U8, U8]),
    erlang:display({byte_size(Big), length(dec8(Big, []))}),
    <<_:5/binary, Sub/binary>> = Big,
    erlang:display(lists:sublist(dec8(Sub, []), 6)),
    Unaligned = <<1:3, U8/binary, 0:5>>,
    <<_:3, Rest/bits>> = Unaligned,
    erlang:display(lists:sublist(dec8_bits(Rest, []), 5)),
    Invalid = [<<16#C0, 16#80>>, <<16#ED, 16#A0, 16#80>>, <<16#F4, 16#90, 16#80, 16#80>>,
               <<16#E2, 16#82>>, <<16#80>>, <<16#FF>>, <<16#F0, 16#9F, 16#98>>, <<16#C3>>,
               <<16#E0, 16#80, 16#80>>, <<16#C3, 16#28>>, <<>>, <<1:4>>],
    erlang:display([first8(B) || B <- Invalid]),
    erlang:display([first16(B) || B <- [<<16#D8, 16#3D>>, <<16#DC, 16#00, 0, 1>>,
                                        <<16#D8, 16#3D, 0, 1>>, <<0>>, <<16#D8, 16#3D, 16#DE, 0>>]]),
    erlang:display([first32(B) || B <- [<<0, 16#11, 0, 0>>, <<0, 0, 16#D8, 0>>, <<0, 0, 0>>,
                                        <<0, 0, 0, 65>>]]),
    erlang:display(skip_all(U8, 0)),
    ok.

dec8(<<C/utf8, R/binary>>, A) -> dec8(R, [C | A]);
dec8(<<>>, A) -> lists:reverse(A).
dec8_bits(<<C/utf8, R/bits>>, A) -> dec8_bits(R, [C | A]);
dec8_bits(_, A) -> lists:reverse(A).
dec16(<<C/utf16, R/binary>>, A) -> dec16(R, [C | A]);
dec16(<<>>, A) -> lists:reverse(A).
dec16l(<<C/utf16-little, R/binary>>, A) -> dec16l(R, [C | A]);
dec16l(<<>>, A) -> lists:reverse(A).
dec32(<<C/utf32, R/binary>>, A) -> dec32(R, [C | A]);
dec32(<<>>, A) -> lists:reverse(A).
dec32l(<<C/utf32-little, R/binary>>, A) -> dec32l(R, [C | A]);
dec32l(<<>>, A) -> lists:reverse(A).

count8(<<_/utf8, R/binary>>, N) -> count8(R, N + 1);
count8(<<>>, N) -> N.

skip_all(<<_/utf8, R/binary>>, N) -> skip_all(R, N + 1);
skip_all(Other, N) -> {N, Other}.

first8(<<C/utf8, R/bits>>) -> {C, R};
first8(B) -> {no, B}.
first16(<<C/utf16, R/bits>>) -> {C, R};
first16(B) -> {no, B}.
first32(<<C/utf32, R/bits>>) -> {C, R};
first32(B) -> {no, B}.
