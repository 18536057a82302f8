%% Bit syntax matching: integers of any size, signedness and byte order,
%% floats, binaries and bitstrings (sized, `all`, tails), strings, skips,
%% unit tests, sizes bound earlier in the same pattern, positions restored
%% between clauses, matching in function heads and loops (reused match
%% contexts), refc binaries (>64 bytes) and sub binaries of them, and
%% failures ({badmatch, _}, case_clause, function_clause).
-module(bits_match).
-export([main/1]).

id(X) -> X.

big() -> list_to_binary(lists:seq(1, 200)).

main(_) ->
    B = id(<<16#ABC:12, 16#ABC:12/little, -3:8, 16#FFFF:16/little, 1, 2, 3, 4, 5, 6, 7, 8, 9>>),
    <<A:12, L:12/little, S:8/signed, U:16/little-unsigned, R/binary>> = B,
    erlang:display({A, L, S, U, R}),
    <<I64:64, I64L:64/little, _/binary>> = id(<<1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16>>),
    erlang:display({I64, I64L}),
    <<N64:64/signed, N64L:64/little-signed>> = id(<<255, 255, 255, 255, 255, 255, 255, 254,
                                                    254, 255, 255, 255, 255, 255, 255, 255>>),
    erlang:display({N64, N64L}),
    <<Big:100, BigL:100/little, BigS:100/signed, Rest/bits>> = id(<<(1 bsl 99 + 12345):100,
                                                                 (1 bsl 98 + 7):100/little,
                                                                 (-(1 bsl 90)):100, 5:3>>),
    erlang:display({Big, BigL, BigS, Rest}),
    <<X3:3, X5:5/signed, X9:9/little, X7:7/little-signed>> = id(<<5:3, -7:5, 300:9/little, -50:7/little>>),
    erlang:display({X3, X5, X9, X7}),
    <<F64/float, F32:32/float, F16:16/float, FL:64/float-little>> =
        id(<<1.5/float, 2.25:32/float, 0.5:16/float, -7.125:64/float-little>>),
    erlang:display({F64, F32, F16, FL}),
    erlang:display(float_or_not(id(<<0:1, 16#7FF:11, 0:52>>))),
    erlang:display(float_or_not(id(<<1.0:64/float>>))),
    <<Sz:8, Data:Sz/binary, Tail/binary>> = id(<<3, "abcdef">>),
    erlang:display({Sz, Data, Tail}),
    <<Bits:13/bits, More/bitstring>> = id(<<"hello">>),
    erlang:display({Bits, More}),
    <<_:4, Mid:3/binary-unit:4, _/bits>> = id(<<"abcdef">>),
    erlang:display(Mid),
    erlang:display([classify(id(V)) || V <- [<<"GET /a">>, <<"POST /bb">>, <<"PUT">>,
                                             <<1, 2>>, <<7:3>>, <<>>, <<"GET ">>, atom]]),
    erlang:display(parse_tlv(id(<<1, 3, "abc", 2, 0, 3, 2, 1, 2>>), [])),
    erlang:display(count_bits(id(<<16#F0F0:16, 5:3>>), 0)),
    erlang:display(words(id(<<"split these words now">>), <<>>, [])),
    BigB = big(),
    <<_:50/binary, Part:100/binary, _/binary>> = BigB,
    erlang:display({byte_size(Part), sum(Part, 0)}),
    <<_:3, Shift:150/binary, _/bits>> = BigB,
    erlang:display(sum(Shift, 0)),
    <<P1:7/binary, _/binary>> = Part,
    erlang:display(P1),
    erlang:display(tail_len(BigB)),
    erlang:display(unit_check(id(<<1, 2, 3, 4>>))),
    erlang:display(unit_check(id(<<1, 2, 3>>))),
    erlang:display(unit_check(id(<<1:4>>))),
    erlang:display(skip_all(id(<<1, 2, 3, 4, 5, 6>>))),
    erlang:display(skip_all(id(<<1, 2, 3, 4, 5>>))),
    erlang:display(size_var(id(<<2:4, 3:2, 1, 2, 3>>))),
    erlang:display(bad_size(id(<<1, 2, 3>>), id(-1))),
    erlang:display(bad_size(id(<<1, 2, 3>>), id(a))),
    erlang:display(bad_size(id(<<1, 2, 3>>), id(1 bsl 70))),
    erlang:display(bad_size(id(<<1, 2, 3>>), id(2))),
    erlang:display(catch_it(fun() -> <<Y:8>> = id(<<1, 2>>), Y end)),
    erlang:display(catch_it(fun() -> <<_:8, Z/binary>> = id(<<1:4>>), Z end)),
    erlang:display(catch_it(fun() -> case id(<<1>>) of <<2>> -> ok end end)),
    erlang:display(catch_it(fun() -> head(id(<<9>>)) end)),
    erlang:display(catch_it(fun() -> <<Q:8>> = id(not_a_binary), Q end)),
    ok.

float_or_not(<<F/float>>) -> {float, F};
float_or_not(Other) -> {not_float, Other}.

classify(<<"GET ", Path/binary>>) -> {get, Path};
classify(<<"POST ", Path/binary>>) -> {post, Path};
classify(<<A, B>>) -> {two, A, B};
classify(<<X:3>>) -> {three_bits, X};
classify(<<>>) -> empty;
classify(B) when is_binary(B) -> {other, B};
classify(_) -> not_binary.

parse_tlv(<<T, Len, V:Len/binary, Rest/binary>>, Acc) -> parse_tlv(Rest, [{T, V} | Acc]);
parse_tlv(<<>>, Acc) -> lists:reverse(Acc);
parse_tlv(Junk, Acc) -> {junk, Junk, Acc}.

count_bits(<<1:1, R/bits>>, N) -> count_bits(R, N + 1);
count_bits(<<0:1, R/bits>>, N) -> count_bits(R, N);
count_bits(<<>>, N) -> N.

words(<<" ", R/binary>>, W, Acc) -> words(R, <<>>, [W | Acc]);
words(<<C, R/binary>>, W, Acc) -> words(R, <<W/binary, C>>, Acc);
words(<<>>, W, Acc) -> lists:reverse([W | Acc]).

sum(<<X, R/binary>>, S) -> sum(R, S + X);
sum(<<>>, S) -> S.

tail_len(<<_:8, T/binary>>) when byte_size(T) > 100 -> tail_len(T);
tail_len(T) -> {byte_size(T), T}.

unit_check(<<X:16, _/binary-unit:16>>) -> {even, X};
unit_check(<<X:8, _/binary>>) -> {odd, X};
unit_check(_) -> neither.

skip_all(<<_:16, _/binary-unit:32>>) -> yes;
skip_all(_) -> no.

size_var(<<N:4, M:2, _:2, A:N/binary, B:M/bits>>) -> {N, M, A, B};
size_var(_) -> nomatch.

bad_size(Bin, S) ->
    case Bin of
        <<X:S/binary, _/binary>> -> {ok, X};
        _ -> nomatch
    end.

head(<<1>>) -> one.

catch_it(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.
