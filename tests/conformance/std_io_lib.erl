%% OTP's io_lib:format with every control sequence: field widths,
%% padding, precision, and the flattened strings they make.
-module(std_io_lib).
-export([main/1]).

d(X) -> erlang:display(X).

f(Fmt, Args) ->
    try lists:flatten(io_lib:format(Fmt, Args))
    catch C:R -> {C, R}
    end.

main(_) ->
    T = {a, [1, 2, "str"], <<"bin">>, 3.5, 'quoted atom'},
    d(f("~p", [T])),
    d(f("~w", [T])),
    d(f("~s", ["string"])),
    d(f("~s", [<<"binary">>])),
    d(f("~s", [atom])),
    d(f("~10s|", ["abc"])),
    d(f("~-10s|", ["abc"])),
    d(f("~.2s|", ["abcdef"])),
    d(f("~10.3s|", ["abcdef"])),
    d(f("~b ~.2b ~8.2.0b ~.16b ~.16B ~#", [10, 5, 5, 255, 255, 255])),
    d(f("~.16x ~.16X ~.10x|", [255, "0x", 255, "pre", -31, "n"])),
    d(f("~e ~.3e ~15.2e|", [3.14159, 3.14159, 1234.5])),
    d(f("~f ~.2f ~10.3f| ~-10.1f|", [3.14159, 3.14159, 2.5, 2.5])),
    d(f("~g ~.3g ~g ~g", [3.14159, 0.000123, 1.0e20, 100.0])),
    d(f("~c~c ~5c| ~-3c|", [$a, $b, $x, $y])),
    d(f("~i~w", [ignored, shown])),
    d(f("a~nb~n", [])),
    d(f("~~ ~p", [x])),
    d(f("~tp", [[1050, 1072]])),
    d(f("~p", [[1050, 1072]])),
    d(f("~ts", [[1050, 1072]])),
    d(f("~P", [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5])),
    d(f("~W", [{a, {b, {c, {d, {e}}}}}, 3])),
    d(f("~p", [lists:seq(1, 40)])),
    d(f("~p", [[{key, value}, {other_key, "a string value here"}, {k3, [1, 2, 3]}, {k4, {x, y}}]])),
    d(f("~40p", [[{key, value}, {other_key, "long string"}]])),
    d(f("~p", [#{a => 1, b => "two"}])),
    d(f("~w", [#{a => 1}])),
    d(f("~p", ["printable"])),
    d(f("~p", [<<1, 2, 3>>])),
    d(f("~p", [<<"text">>])),
    d(f("~w", [-1234567890123456789012])),
    d(f("~p", [[]])),
    d(f("~w ~w ~w", [1.0, 0.1, 1.0e-10])),
    d(f("~5w|~-5w|", [ab, cd])),
    d(f("~*w|", [6, x])),
    d(f("~.*f", [3, 1.0])),
    d(f("~-*c|", [4, $z])),
    d(f("~+", [])),
    d(f("~d", [1])),
    d(f("~s", [1])),
    d(f("~w", [])),
    d(io_lib:write(T)),
    d(lists:flatten(io_lib:write_atom('Q a'))),
    d(lists:flatten(io_lib:write_string("a\"b"))),
    d(io_lib:fwrite("~w", [x])),
    d(io_lib:printable_list("abc")),
    d(io_lib:printable_list([1, 2])),
    d(io_lib:char_list("ok")),
    d(io_lib:deep_char_list(["a", ["b"]])),
    d(io_lib:fread("~d ~s", "12 abc")),
    d(io_lib:indentation("ab\n c", 0)),
    d(lists:flatten(io_lib:print({x, y}))),
    d(lists:flatten(io_lib:format("~p~n", [{deep, [nested, {structures, [with, many, elements, that, should, wrap, across, lines]}]}]))).
