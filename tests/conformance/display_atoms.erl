%% erlang:display/1 of atoms: which ones it quotes (capitals, spaces,
%% punctuation, the empty atom, digits first) and how it escapes them;
%% reserved words and latin-1 letters are printed bare by OTP's display.
-module(display_atoms).
-export([main/1]).

main(_) ->
    each([ok, a, abc_123, aB, 'Abc', '_under', 'a b', '', '9lives',
          'a-b', 'a.b', 'a@b', 'a+b', 'it\'s', 'back\\slash', 'new\nline',
          'tab\tbed', 'quote"d', '[]', '{}', '!', '$',
          'if', 'case', 'end', 'receive', 'and', 'not', 'when', 'fun',
          'é', 'épée', 'Élan', 'naïve', '×', 'ÿ', 'ßa', 'aÀ',
          true, false, undefined, nil, 'TRUE', [], {'Quoted', unquoted}]).

each([H | T]) ->
    erlang:display(H),
    each(T);
each([]) -> ok.
