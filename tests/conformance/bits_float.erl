%% Float segments: every 16-bit pattern read as a half float (the finite
%% ones match, infinities and NaNs do not), doubles written back as
%% 16/32/64-bit floats in both byte orders (rounding, overflow to
%% infinity, subnormals), summarised as checksums of the bits.
-module(bits_float).
-export([main/1]).

id(X) -> X.

main(_) ->
    {N16, S16} = halves(0, 0, 0),
    erlang:display({finite_halves, N16, S16}),
    Ds = id([0.0, -0.0, 1.0, -1.5, 0.1, 1.0e-5, 6.0e-8, 3.0e-8, 65504.0, 65519.0, 65520.0,
             1.0e10, -1.0e300, 3.4028234663852886e38, 3.5e38, 1.0e-40, 1.0e-46,
             2.5, 1.0009765625, 1.00048828125, 1.00146484375, 123456.789]),
    erlang:display([bits16(D) || D <- Ds]),
    erlang:display([bits32(D) || D <- Ds]),
    erlang:display([bits64(D) || D <- Ds]),
    erlang:display([roundtrip(D) || D <- Ds]),
    erlang:display([f32(B) || B <- id([<<0, 0, 128, 127>>, <<0, 0, 192, 127>>, <<1, 0, 0, 0>>, <<0, 0, 128, 63>>])]),
    ok.

halves(65536, N, S) -> {N, S};
halves(I, N, S) ->
    case <<I:16>> of
        <<F:16/float>> ->
            <<B:64>> = <<F:64/float>>,
            halves(I + 1, N + 1, (S + B) rem 4294967291);
        _ ->
            halves(I + 1, N, S)
    end.

bits16(D) -> <<B:16>> = <<D:16/float>>, <<L:16>> = <<D:16/float-little>>, {B, L}.
bits32(D) -> <<B:32>> = <<D:32/float>>, B.
bits64(D) -> <<B:64>> = <<D:64/float-little>>, B.
roundtrip(D) -> {back(<<D:32/float>>, D), back(<<D:16/float>>, D)}.
back(B, D) ->
    S = bit_size(B),
    case B of
        <<F:S/float>> -> F == D;
        _ -> not_finite
    end.
f32(B) -> case B of <<F:32/float-little>> -> F; _ -> nomatch end.
