%% unicode:characters_to_list/1,2 and characters_to_binary/1,2,3 (whose
%% natives girder provides) on lists, binaries, deep and improper
%% chardata in latin1, utf8, utf16 and utf32, with {error, ...} and
%% {incomplete, ...} results and badarg; unicode:bin_is_7bit/1.
-module(unicode_conv).
-export([main/1]).

id(X) -> X.

main(_) ->
    Long = unicode:characters_to_binary(lists:duplicate(40, 16#E9)),
    erlang:display(byte_size(Long)),
    <<_:2/binary, Sub:70/binary, _/binary>> = Long,
    Cases = [fun() -> unicode:characters_to_list(id([97, -1, 98])) end,
             fun() -> unicode:characters_to_list(id([97, [98, 16#D800, 99], 100])) end,
             fun() -> unicode:characters_to_list(id([97, <<"bc", 255, "d">>, 101]), unicode) end,
             fun() -> unicode:characters_to_list(id(<<"ab", 16#E2, 16#82>>), unicode) end,
             fun() -> unicode:characters_to_list(id([<<"ab", 16#E2, 16#82>>, <<16#AC>>]), unicode) end,
             fun() -> unicode:characters_to_list(id([97 | <<"b">>]), unicode) end,
             fun() -> unicode:characters_to_list(id([97, atom]), unicode) end,
             fun() -> unicode:characters_to_list(id(atom), unicode) end,
             fun() -> unicode:characters_to_list(id(<<200, 201>>), latin1) end,
             fun() -> unicode:characters_to_list(id([300, <<200>>]), latin1) end,
             fun() -> unicode:characters_to_binary(id([300, <<200>>]), latin1) end,
             fun() -> unicode:characters_to_binary(id([97, 300, <<"é"/utf8>>])) end,
             fun() -> unicode:characters_to_binary(id([97, 16#110000, 98])) end,
             fun() -> unicode:characters_to_binary(id(<<"ab", 16#C3>>)) end,
             fun() -> unicode:characters_to_binary(id(<<"ab", 16#C3, 16#28>>)) end,
             fun() -> unicode:characters_to_binary(id(<<"abc">>), unicode, utf16) end,
             fun() -> unicode:characters_to_binary(id(<<"aé">>), latin1, utf8) end,
             fun() -> unicode:characters_to_binary(id([16#1F600]), unicode, {utf32, little}) end,
             fun() -> unicode:characters_to_list(id(<<0, 97, 216, 61, 222, 0>>), utf16) end,
             fun() -> unicode:characters_to_list(id(<<97, 0, 0, 0>>), {utf32, little}) end,
             fun() -> unicode:characters_to_list(id(<<97, 0, 61, 216, 0, 222>>), {utf16, little}) end,
             fun() -> unicode:characters_to_binary(id(<<0, 97, 0>>), utf16) end,
             fun() -> unicode:characters_to_list(id(<<0, 97, 0>>), utf16) end,
             fun() -> unicode:characters_to_list(id(<<0, 0, 0, 97, 0, 17, 0, 0>>), utf32) end,
             fun() -> unicode:characters_to_list(id(<<0, 97, 0>>), bad) end,
             fun() -> unicode:characters_to_binary(id(<<>>)) end,
             fun() -> unicode:characters_to_list(id(<<"abc">>)) end,
             fun() -> unicode:characters_to_binary(id(<<"a", 16#ED, 16#A0, 16#80>>)) end,
             fun() -> unicode:characters_to_binary(id(<<"a", 16#C0, 16#80>>)) end,
             fun() -> unicode:characters_to_binary(id(<<"a", 16#F0, 16#90>>)) end,
             fun() -> unicode:characters_to_binary(id([<<"a">> | <<"b">>])) end,
             fun() -> unicode:characters_to_list(Sub) end,
             fun() -> length(unicode:characters_to_list([Long, Long])) end,
             fun() -> byte_size(unicode:characters_to_binary([Sub, "xyz", [[Long]]])) end,
             fun() -> unicode:bin_is_7bit(id(<<"abc">>)) end,
             fun() -> unicode:bin_is_7bit(id(<<"abc", 200>>)) end,
             fun() -> unicode:bin_is_7bit(Long) end],
    [erlang:display(catch_it(F)) || F <- Cases],
    ok.

catch_it(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.
