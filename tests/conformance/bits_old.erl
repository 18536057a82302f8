%% Construction as OTP 24 and older compilers emit it (bs_init2,
%% bs_init_bits, bs_put_integer/binary/float/string/utf8/16/32, bs_add,
%% bs_append, bs_private_append, bs_init_writable, bs_utf8_size,
%% bs_utf16_size): this module is compiled with no_bs_create_bin.
-module(bits_old).
-compile([no_bs_create_bin, no_type_opt, no_ssa_opt]).
%% (no_type_opt: OTP 25 cannot emit the old forms with typed registers)
-export([main/1, ext/1]).

%% Called as ?MODULE:ext/1 so the compiler cannot see the type.
ext(X) -> X.

main(_) ->
    X = ?MODULE:ext(16#ABC), N = ?MODULE:ext(-5), B = ?MODULE:ext(<<1, 2, 3>>), F = ?MODULE:ext(1.5),
    erlang:display(<<X:8, X:16, X:16/little, X:12, X:12/little, X:3>>),
    erlang:display(<<N:8, N:16/signed, N:7, N:13/little>>),
    erlang:display(<<X:(?MODULE:ext(4))/unit:8, X:(?MODULE:ext(3))/unit:3>>),
    erlang:display(<<(?MODULE:ext(1 bsl 70 + 5)):80, (?MODULE:ext(-3)):70/little>>),
    erlang:display(<<F/float, F:32/float, F:64/float-little>>),
    erlang:display(<<B/binary, B:2/binary, "str", X:4>>),
    erlang:display(<<(?MODULE:ext($a))/utf8, (?MODULE:ext(16#20AC))/utf8, (?MODULE:ext(16#1F600))/utf16,
                     (?MODULE:ext(16#E9))/utf16-little, (?MODULE:ext($z))/utf32, (?MODULE:ext(16#1F600))/utf32-little>>),
    erlang:display(<<X:8, "ab", X/utf8, "longer string segment">>),
    erlang:display(<<(?MODULE:ext(<<5:3>>))/bits, B/binary, (?MODULE:ext(<<1:1>>))/bitstring>>),
    Big = list_to_binary(lists:seq(1, 100)),
    erlang:display(byte_size(<<Big/binary, Big/binary, X:8>>)),
    erlang:display(appends(?MODULE:ext([1, 2, 3, 300]), <<>>)),
    erlang:display(byte_size(appends(lists:seq(1, 300), Big))),
    erlang:display(bits_append(?MODULE:ext([1, 0, 1, 1, 0, 1, 1, 1, 1]), <<>>)),
    erlang:display(<< <<C:8>> || C <- ?MODULE:ext("comprehension") >>),
    erlang:display(<< <<C/utf8>> || C <- ?MODULE:ext([16#E9, $a, 16#1F600]) >>),
    erlang:display(catch_it(fun() -> <<(?MODULE:ext(a)):8>> end)),
    erlang:display(catch_it(fun() -> <<(?MODULE:ext(1)):(?MODULE:ext(-1))>> end)),
    erlang:display(catch_it(fun() -> <<(?MODULE:ext(<<1:3>>))/binary>> end)),
    erlang:display(catch_it(fun() -> <<(?MODULE:ext(a))/float>> end)),
    erlang:display(catch_it(fun() -> <<(?MODULE:ext(-1))/utf8>> end)),
    erlang:display(catch_it(fun() -> <<(?MODULE:ext(<<1, 2>>)):3/binary>> end)),
    erlang:display(catch_it(fun() -> A = ?MODULE:ext(a), <<A/binary, 1>> end)),
    ok.

appends([H | T], Acc) -> appends(T, <<Acc/binary, H:16>>);
appends([], Acc) -> Acc.

bits_append([H | T], Acc) -> bits_append(T, <<Acc/bits, H:1>>);
bits_append([], Acc) -> Acc.

catch_it(F) ->
    try F() of
        V -> {ok, V}
    catch
        C:R -> {C, R}
    end.
