%% Binary literals from the literal table, printed by erlang:display/1:
%% empty, printable and not, just below and above 64 bytes (heap versus
%% reference-counted binaries in BEAM), and sub-byte bitstrings.
-module(binary_literals).
-export([main/1]).

main(_) ->
    each([<<>>, <<1, 2, 3>>, <<"abc">>, <<"hello world">>, <<0, 255>>,
          <<"line\n">>, <<"é"/utf8>>, <<"é">>,
          <<"0123456789012345678901234567890123456789012345678901234567890123">>,
          <<"01234567890123456789012345678901234567890123456789012345678901234">>,
          <<1:1>>, <<5:3>>, <<255, 1:2>>, {<<"in">>, [<<"a list">>]}]),
    erlang:display([byte_size(B) || B <- [<<>>, <<"abc">>, big()]]),
    erlang:display(big()).

each([H | T]) ->
    erlang:display(H),
    each(T);
each([]) -> ok.

big() ->
    <<"A binary literal long enough to be stored off the process heap, "
      "shared between every call that returns it.">>.
