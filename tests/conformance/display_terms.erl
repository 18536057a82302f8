%% erlang:display/1 of every simple term kind: integers (including the
%% ends of the small range), nested tuples and lists, improper lists,
%% strings and their escapes, empty list and tuple, lists that are and are
%% not printable as strings.
-module(display_terms).
-export([main/1]).

main(_) ->
    each([0, 1, -1, 42, -42, 255, 256, 65535, -65536, 1000000,
          576460752303423487, -576460752303423488,
          {}, {1}, {1, 2}, {a, {b, {c, {d}}}}, {[], {}, ""},
          [], [1], [1, 2, 3], [[]], [[], []], [{}], [[1, 2], [3, [4, [5]]]],
          [1 | 2], [a, b | c], [[] | []], [{} | {}],
          "", "abc", "hello world", "with\nnewline", "tab\there",
          "quote\"inside", "back\\slash", "ctrl\e\v\f\b\r\d\0end",
          "é", "ÿ", [$a, 255, 256], [$a, -1], [$a, 31], [127], [$a | $b],
          "$~@{}[]()'`", [1, "ab", [$c, [$d]]], {"tuple", "of", "strings"},
          [true, false, undefined], {ok, "done"}, [10], [9, 10, 13]]).

each([H | T]) ->
    erlang:display(H),
    each(T);
each([]) -> ok.
