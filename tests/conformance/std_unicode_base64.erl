%% OTP's unicode (Erlang-coded parts) and base64 modules, unmodified.
-module(std_unicode_base64).
-export([main/1]).

d(X) -> erlang:display(X).

main(_) ->
    d(unicode:characters_to_binary("héllo")),
    d(unicode:characters_to_binary([<<"ab">>, $c, [1024]])),
    d(unicode:characters_to_list(<<"h", 195, 169, "llo">>)),
    d(unicode:characters_to_list(<<"abc">>, latin1)),
    d(unicode:characters_to_binary("abc", unicode, utf16)),
    d(unicode:characters_to_binary(<<0, 97>>, utf16, utf8)),
    d(unicode:characters_to_binary([233], unicode, latin1)),
    d(unicode:characters_to_binary([300], unicode, latin1)),
    d(unicode:characters_to_list(<<97, 255>>)),
    d(unicode:characters_to_nfc_list([$a, 769])),
    d(unicode:characters_to_nfd_list("á")),
    d(unicode:characters_to_nfkc_list("ﬁ")),
    d(unicode:characters_to_nfc_binary(<<"e", 204, 129>>)),
    d(unicode:bom_to_encoding(<<239, 187, 191, "x">>)),
    d(unicode:bom_to_encoding(<<"x">>)),
    d(unicode:encoding_to_bom(utf8)),
    d(base64:encode(<<"hello world">>)),
    d(base64:encode("hi")),
    d(base64:encode_to_string(<<1, 2, 3, 4>>)),
    d(base64:decode(<<"aGVsbG8gd29ybGQ=">>)),
    d(base64:decode("aGk=")),
    d(base64:decode_to_string(<<"AQIDBA==">>)),
    d(base64:mime_decode(<<"aGVs\nbG8=">>)),
    d(base64:encode(list_to_binary(lists:seq(0, 255)))),
    d(base64:decode(base64:encode(list_to_binary(lists:seq(0, 99)))) =:= list_to_binary(lists:seq(0, 99))),
    d(err(fun() -> base64:decode(<<"a">>) end)).

err(F) -> try F() of V -> {ok, V} catch C:R -> {C, R} end.
