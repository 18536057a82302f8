%% otp26: bs_match
%% Binaries built and matched in loops by an OTP 26+ compiler: appends that
%% it turns into private_append segments of bs_create_bin, accumulators
%% matched again with bs_match, binary comprehensions, match contexts
%% handed to bit_size/byte_size (OTP 26+ pass the context itself), and
%% matches whose context lives across calls in a y register.
-module(otp26_bs_build).
-export([main/1]).

main(_) ->
    show(rev(id(<<"hello, world">>), <<>>)),
    show(hex(id(<<0, 1, 127, 128, 255, 16#ab>>))),
    show(escape(id(<<"a\"b\\c\nd">>))),
    show(bitrev(id(<<2#10110011, 2#1:1>>), <<>>)),
    show(pack(id([1, 300, 70000, -5]), <<>>)),
    show(unpack(pack(id([1, 300, 70000, -5]), <<>>), [])),
    show(varint_encode(id([0, 1, 127, 128, 300, 16#fffff, 1 bsl 40]))),
    show(varint_decode(varint_encode(id([0, 1, 127, 128, 300, 16#fffff, 1 bsl 40])), [])),
    show(sizes(id(<<1, 2, 3>>))),
    show(sizes(id(<<1, 2, 3, 4:4>>))),
    show(sizes(id(<<>>))),
    show(tail_size(id(<<9, 1, 2, 3, 4, 5>>))),
    show(tail_size(id(<<9, 1:3>>))),
    show(tail_size(id(<<>>))),
    show(split_lines(id(<<"one\ntwo\r\nthree\n\nlast">>), <<>>, [])),
    show(with_calls(id(<<3, 10, 20, 30, 99, 98>>))),
    show(with_calls(id(<<1, 10>>))),
    show(csv(id(<<"a,bb,,ccc">>))),
    show(<< <<X:4, Y:4>> || <<X:4, Y:4>> <= id(<<16#12, 16#34, 16#56>>), X =/= 3 >>),
    show(<< <<B/binary, B/binary>> || <<B:2/binary>> <= id(<<"abcdefg">>) >>),
    show([{N, B} || <<N:3, B:5/bitstring>> <= id(<<255, 0, 170>>)]),
    show(zip_bins(id(<<1, 2, 3>>), id(<<4, 5, 6, 7>>), <<>>)),
    show(lists:foldl(fun(X, Acc) -> <<Acc/binary, X:16>> end, <<>>, id([1, 2, 3]))),
    show(build_bits(id(10), <<>>)),
    ok.

show(T) -> erlang:display(T).

rev(<<C, Rest/binary>>, Acc) -> rev(Rest, <<C, Acc/binary>>);
rev(<<>>, Acc) -> Acc.

hex(Bin) -> hex(Bin, <<>>).
hex(<<H:4, L:4, Rest/binary>>, Acc) -> hex(Rest, <<Acc/binary, (d(H)), (d(L))>>);
hex(<<>>, Acc) -> Acc.
d(N) when N < 10 -> $0 + N;
d(N) -> $a + N - 10.

escape(Bin) -> escape(Bin, <<>>).
escape(<<$", R/binary>>, Acc) -> escape(R, <<Acc/binary, "\\\"">>);
escape(<<$\\, R/binary>>, Acc) -> escape(R, <<Acc/binary, "\\\\">>);
escape(<<$\n, R/binary>>, Acc) -> escape(R, <<Acc/binary, "\\n">>);
escape(<<C, R/binary>>, Acc) -> escape(R, <<Acc/binary, C>>);
escape(<<>>, Acc) -> Acc.

bitrev(<<B:1, R/bitstring>>, Acc) -> bitrev(R, <<B:1, Acc/bitstring>>);
bitrev(<<>>, Acc) -> Acc.

pack([X | Xs], Acc) -> pack(Xs, <<Acc/binary, X:32/signed-little>>);
pack([], Acc) -> Acc.

unpack(<<X:32/signed-little, R/binary>>, Acc) -> unpack(R, [X | Acc]);
unpack(<<>>, Acc) -> lists:reverse(Acc).

varint_encode(Ns) -> varint_encode(Ns, <<>>).
varint_encode([N | Ns], Acc) -> varint_encode(Ns, varint(N, Acc));
varint_encode([], Acc) -> Acc.
varint(N, Acc) when N < 128 -> <<Acc/binary, 0:1, N:7>>;
varint(N, Acc) -> varint(N bsr 7, <<Acc/binary, 1:1, (N band 127):7>>).

varint_decode(<<>>, Acc) -> lists:reverse(Acc);
varint_decode(Bin, Acc) ->
    {N, Rest} = vdec(Bin, 0, 0),
    varint_decode(Rest, [N | Acc]).
vdec(<<1:1, X:7, R/binary>>, Shift, N) -> vdec(R, Shift + 7, N bor (X bsl Shift));
vdec(<<0:1, X:7, R/binary>>, Shift, N) -> {N bor (X bsl Shift), R}.

sizes(<<_:8, Rest/bitstring>>) -> {byte_size(Rest), bit_size(Rest)};
sizes(Other) -> {empty, byte_size(Other), bit_size(Other)}.

tail_size(<<N:8, Rest/bitstring>>) when bit_size(Rest) > 8 -> {long, N, bit_size(Rest)};
tail_size(<<N:8, Rest/bitstring>>) when byte_size(Rest) =:= 1 -> {short, N, byte_size(Rest)};
tail_size(B) -> {other, byte_size(B)}.

split_lines(<<"\r\n", R/binary>>, Line, Acc) -> split_lines(R, <<>>, [Line | Acc]);
split_lines(<<"\n", R/binary>>, Line, Acc) -> split_lines(R, <<>>, [Line | Acc]);
split_lines(<<C, R/binary>>, Line, Acc) -> split_lines(R, <<Line/binary, C>>, Acc);
split_lines(<<>>, Line, Acc) -> lists:reverse([Line | Acc]).

with_calls(<<N:8, Rest/binary>>) ->
    X = id(N),
    case Rest of
        <<A:8, More/binary>> when X > 1 ->
            Y = id(A),
            case More of
                <<B:8, C:8, Tail/binary>> -> {X, Y, id(B), C, Tail};
                _ -> {X, Y, More}
            end;
        _ -> {short, X, id(Rest)}
    end.

csv(Bin) -> csv(Bin, <<>>, []).
csv(<<$,, R/binary>>, F, Acc) -> csv(R, <<>>, [F | Acc]);
csv(<<C, R/binary>>, F, Acc) -> csv(R, <<F/binary, C>>, Acc);
csv(<<>>, F, Acc) -> lists:reverse([F | Acc]).

zip_bins(<<A, RA/binary>>, <<B, RB/binary>>, Acc) -> zip_bins(RA, RB, <<Acc/binary, A, B>>);
zip_bins(RA, RB, Acc) -> {Acc, RA, RB}.

build_bits(0, Acc) -> {bit_size(Acc), Acc};
build_bits(N, Acc) -> build_bits(N - 1, <<Acc/bitstring, (N rem 2):1>>).

id(X) -> X.
