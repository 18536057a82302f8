%% otp26: bs_match
%% Binary matching compiled by an OTP 26+ compiler, where it becomes
%% bs_match (ensure_at_least, ensure_exactly, integer, binary, skip,
%% get_tail, =:=): integer and binary segments of fixed and variable size,
%% units, signed and little-endian integers, skipped segments, tails,
%% literal strings, big integers, matches that fail part-way, in function
%% heads, in case and in receive; float and utf8 segments in between.
-module(otp26_bs_match).
-export([main/1]).

main(_) ->
    Bins = [<<>>, <<1>>, <<1, 2>>, <<1, 2, 3>>, <<1, 2, 3, 4>>,
            <<255, 254, 253, 252, 251, 250, 249, 248, 247>>,
            <<"GIF89a", 10:16/little, 20:16/little, 0>>,
            <<16#80, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9>>,
            <<3:3, 5:5, 7:8, 1:1>>, <<0:7>>, <<2, "ab", 9>>,
            <<5, "hello world">>, <<0:64>>, <<-1:64>>],
    [show({B, fixed(B)}) || B <- id(Bins)],
    [show({B, head(B)}) || B <- id(Bins)],
    [show({B, signed(B)}) || B <- id(Bins)],
    [show({B, var(B)}) || B <- id(Bins)],
    [show({B, units(B)}) || B <- id(Bins)],
    [show({B, strings(B)}) || B <- id(Bins)],
    [show({B, exact(B)}) || B <- id(Bins)],
    [show({B, bits(B)}) || B <- id(Bins)],
    [show({B, big(B)}) || B <- id(Bins)],
    show(gif(id(<<"GIF89a", 10:16/little, 20:16/little, 0>>))),
    show(gif(id(<<"GIF87a", 1:16/little, 2:16/little>>))),
    show(gif(id(<<"PNG">>))),
    show(tlv(id(<<1, 2, "ab", 2, 3, "xyz", 3, 0>>), [])),
    show(tlv(id(<<1, 5, "ab">>), [])),
    show(words(id(<<"one two  three">>), <<>>, [])),
    show(sum16(id(<<1:16, 2:16, 3:16, 4:16>>), 0)),
    show(sum16(id(<<1:16, 2:16, 3:8>>), 0)),
    show(mixed(id(<<1.5/float, "é"/utf8, 7:16, "rest">>))),
    show(mixed(id(<<2.5:32/float, "€"/utf8, 7:16>>))),
    show(mixed(id(<<1, 2, 3>>))),
    show(floats(id(<<1.0/float>>))),
    show(floats(id(<<2.0:32/float, 1>>))),
    show(floats(id(<<1:1, 3.0/float>>))),
    show(utf(id(<<"añ€𝄞"/utf8>>), [])),
    show(utf(id(<<"a", 16#ff>>), [])),
    self() ! {data, <<7:8, 1000:16, "tail">>},
    self() ! {data, <<"hdr", 42:32/little>>},
    self() ! {data, <<9>>},
    show(recv()), show(recv()), show(recv()),
    show(catch_match(id(<<1, 2>>))),
    show(catch_match(id(<<1, 2, 3>>))),
    show(catch_size(id(<<4, 1, 2, 3, 4>>), id(2))),
    show(catch_size(id(<<4, 1, 2, 3, 4>>), id(-1))),
    show(catch_size(id(<<4, 1, 2, 3, 4>>), id(100))),
    show(catch_size(id(<<4, 1, 2, 3, 4>>), id(foo))),
    show(nested(id(<<2, 3, 1, 2, 3, 4, 5, 6>>))),
    show(sub_sizes(id(<<3, 1, 2, 3, 2, 4, 5>>))),
    show([X || <<X:4>> <= id(<<16#12, 16#34, 16#5>>)]),
    show([{A, B} || <<A:8, B:8/signed>> <= id(<<1, 255, 2, 128, 3>>)]),
    show(<< <<(X + 1)>> || <<X>> <= id(<<1, 2, 3>>) >>),
    show(guarded(id(<<5, 1, 2, 3, 4, 5>>))),
    show(guarded(id(<<5, 1, 2, 3, 4, 6>>))),
    show(guarded(id(<<200, 1>>))),
    ok.

show(T) -> erlang:display(T).

fixed(<<A:8, B:16, C:8>>) -> {four, A, B, C};
fixed(<<A:8, B:8>>) -> {two, A, B};
fixed(<<A:4, B:4, _/binary>>) -> {nibbles, A, B};
fixed(_) -> none.

head(<<A:2/little-integer-unit:8, Rest/binary>>) -> {le, A, Rest};
head(<<A:1, B:7>>) -> {bits, A, B};
head(Other) -> {other, bit_size(Other)}.

signed(<<A:8/signed, B:16/signed-little, _/bitstring>>) -> {A, B};
signed(<<A:4/signed, B:4/signed, _/bitstring>>) -> {A, B};
signed(_) -> no.

var(<<N:8, Data:N/binary, Rest/binary>>) -> {N, Data, Rest};
var(<<N:8, _/binary>>) -> {short, N};
var(_) -> empty.

units(<<N:4, X:N/unit:4, _:4, Rest/bitstring>>) -> {N, X, Rest};
units(<<N:2, B:N/binary-unit:3, _/bitstring>>) -> {N, B};
units(_) -> no.

strings(<<"GIF8", V, "a", _/binary>>) -> {gif, V};
strings(<<2, "ab", X>>) -> {ab, X};
strings(<<5, "hello", Rest/binary>>) -> {hello, Rest};
strings(<<1, 2, 3>>) -> three;
strings(_) -> no.

exact(<<A:16, B:16>>) -> {32, A, B};
exact(<<A:24>>) -> {24, A};
exact(<<_:8, _:8>>) -> 16;
exact(<<>>) -> 0;
exact(_) -> other.

bits(<<A:3, B:5, C:8, D:1>>) -> {A, B, C, D};
bits(<<A:7>>) -> {seven, A};
bits(<<_:1, Rest/bitstring>>) -> {rest, bit_size(Rest)};
bits(<<>>) -> empty.

big(<<X:64, Y:8/binary, _/binary>>) -> {X, Y};
big(<<X:72/signed>>) -> X;
big(<<X:64/little-signed>>) -> X;
big(<<X:64/signed>>) -> X;
big(<<_:8, X:88>>) -> X;
big(_) -> small.

gif(<<"GIF8", V, "a", W:16/little, H:16/little, _/binary>>) when V =:= $7; V =:= $9 ->
    {gif, [V], W, H};
gif(_) -> not_gif.

tlv(<<T:8, L:8, V:L/binary, Rest/binary>>, Acc) -> tlv(Rest, [{T, V} | Acc]);
tlv(<<>>, Acc) -> lists:reverse(Acc);
tlv(Bad, Acc) -> {bad, Bad, lists:reverse(Acc)}.

words(<<" ", Rest/binary>>, <<>>, Acc) -> words(Rest, <<>>, Acc);
words(<<" ", Rest/binary>>, W, Acc) -> words(Rest, <<>>, [W | Acc]);
words(<<C, Rest/binary>>, W, Acc) -> words(Rest, <<W/binary, C>>, Acc);
words(<<>>, <<>>, Acc) -> lists:reverse(Acc);
words(<<>>, W, Acc) -> lists:reverse([W | Acc]).

sum16(<<X:16, Rest/binary>>, S) -> sum16(Rest, S + X);
sum16(<<>>, S) -> S;
sum16(Rest, S) -> {S, Rest}.

mixed(<<F/float, C/utf8, N:16, Rest/binary>>) -> {F, C, N, Rest};
mixed(<<F:32/float, C/utf8, N:16>>) -> {f32, F, C, N};
mixed(B) -> {no, B}.

floats(<<F/float>>) -> {f64, F};
floats(<<F:32/float, X>>) -> {f32, F, X};
floats(<<_:1, F/float>>) -> {shifted, F};
floats(_) -> no.

utf(<<C/utf8, Rest/binary>>, Acc) -> utf(Rest, [C | Acc]);
utf(<<>>, Acc) -> lists:reverse(Acc);
utf(Bad, Acc) -> {bad, Bad, lists:reverse(Acc)}.

recv() ->
    receive
        {data, <<T:8, N:16, Rest/binary>>} when T =:= 7 -> {seven, N, Rest};
        {data, <<"hdr", N:32/little>>} -> {hdr, N};
        {data, <<X>>} -> {byte, X}
    after 0 -> timeout
    end.

catch_match(B) ->
    try
        <<A:8, B2:8, C:8>> = B,
        {A, B2, C}
    catch
        E:R -> {E, R}
    end.

catch_size(Bin, N) ->
    try
        <<_:8, X:N/binary, _/binary>> = Bin,
        X
    catch
        E:R -> {E, R}
    end.

nested(<<N:8, M:8, Rest/binary>>) ->
    case Rest of
        <<A:N/binary, B:M/binary, C/binary>> -> {A, B, C};
        _ -> no
    end.

sub_sizes(<<N, A:N/binary, M, B:M/binary>>) -> {A, B};
sub_sizes(_) -> no.

guarded(<<N, Data:N/binary>>) when binary_part(Data, N - 1, 1) =:= <<5>> -> {ends5, Data};
guarded(<<N, Data/binary>>) when N > 100 -> {big, Data};
guarded(<<N, _/binary>>) -> {other, N}.

id(X) -> X.
