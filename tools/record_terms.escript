#!/usr/bin/env escript
%% record_terms.escript: records, from real OTP, the expected results that
%% the term unit tests (test_etf.c, test_print.c, test_compare.c,
%% test_big.c) check girder against.
%%
%% Usage: tools/record_terms.escript > tests/unit/data/terms.inc
%%
%% The output is C: an array of samples (term_to_binary bytes in several
%% encodings, erlang:display/1 text, io_lib ~w text), a set of terms with
%% the matrix of their comparisons (<, ==, =:=), and bignum arithmetic.
%% erlang:display/1 writes to the emulator's own stdout, so its text is
%% captured from a child emulator.
-mode(compile).

main(_) ->
    Samples = samples(),
    Display = displayed([T || {_, T} <- Samples]),
    io:format("/* generated from tools/record_terms.escript by erl ~s; do not edit */~n~n",
              [erlang:system_info(otp_release)]),
    io:format("static const TermSample term_samples[] = {~n"),
    lists:foreach(fun({{Name, T}, D}) -> emit_sample(Name, T, D) end, lists:zip(Samples, Display)),
    io:format("};~n~n"),
    Cmp = compare_terms(),
    io:format("static const CmpTerm cmp_terms[] = {~n"),
    [io:format("    {~s, ~w},~n", [c_bytes(term_to_binary(T)), byte_size(term_to_binary(T))]) || T <- Cmp],
    io:format("};~n~n"),
    %% One row per left-hand term: per right-hand term one of "<=>" for
    %% compare order, then whether == and =:= hold.
    io:format("static const char *const cmp_matrix[] = {~n"),
    [io:format("    \"~s\",~n", [[cmp_char(A, B) || B <- Cmp]]) || A <- Cmp],
    io:format("};~n~n"),
    io:format("static const BigCase big_cases[] = {~n"),
    [emit_big(A, B) || {A, B} <- big_pairs()],
    io:format("};~n").

cmp_char(A, B) ->
    Order = if A < B -> 0; A > B -> 2; true -> 1 end,
    Eq = case A == B of true -> 1; false -> 0 end,
    Exact = case A =:= B of true -> 1; false -> 0 end,
    $a + Order * 4 + Eq * 2 + Exact.

emit_sample(Name, T, D) ->
    Encs = [term_to_binary(T), term_to_binary(T, [{minor_version, 0}]),
            term_to_binary(T, [{minor_version, 2}]), term_to_binary(T, [compressed])],
    W = lists:flatten(io_lib:format("~w", [T])),
    io:format("    {~s,~n     {", [c_string(Name)]),
    io:format("~s", [lists:join(",\n      ", [io_lib:format("{~s, ~w}", [c_bytes(E), byte_size(E)]) || E <- Encs])]),
    io:format("},~n     ~s,~n     ~s},~n", [c_string(D), c_string(unicode:characters_to_binary(W))]).

displayed(Ts) ->
    Tmp = filename:join(temp_dir(), "record_terms_" ++ os:getpid() ++ ".bin"),
    ok = file:write_file(Tmp, term_to_binary(Ts)),
    Cmd = "erl -noshell -eval '{ok, B} = file:read_file(\"" ++ Tmp ++ "\"), "
          "[begin erlang:display(T), erlang:display(end_of_sample_text) end"
          " || T <- binary_to_term(B)], halt().'",
    Out = list_to_binary(os:cmd(Cmd)),
    ok = file:delete(Tmp),
    Parts = binary:split(Out, <<"\r\nend_of_sample_text\r\n">>, [global]),
    [<<>>] = lists:nthtail(length(Ts), Parts),
    lists:sublist(Parts, length(Ts)).

temp_dir() ->
    case os:getenv("TMPDIR") of
        false -> "/tmp";
        Dir -> Dir
    end.

%% C literals, with every byte outside printable ASCII (and the quote and
%% backslash) as a three-digit octal escape.
c_string(S) when is_list(S) -> c_string(list_to_binary(S));
c_string(B) ->
    [$", [c_char(C) || <<C>> <= B], $"].

c_char($") -> "\\\"";
c_char($\\) -> "\\\\";
c_char($?) -> "\\?";
c_char(C) when C >= 32, C < 127 -> C;
c_char(C) -> io_lib:format("\\~3.8.0b", [C]).

c_bytes(B) ->
    ["(const uint8_t[]){", lists:join(",", [integer_to_list(C) || <<C>> <= B]), "}"].

eval_fun(Src) ->
    {ok, Toks, _} = erl_scan:string(Src),
    {ok, [Expr]} = erl_parse:parse_exprs(Toks),
    {value, F, _} = erl_eval:expr(Expr, [{'Y', 42}]),
    F.

samples() ->
    Big = 1 bsl 200 + 12345,
    Long = lists:seq(1, 300),
    [{"small ints", [0, 1, -1, 255, 256, -256, 134217727, -134217728, 2147483647, -2147483648]},
     {"small limits", [576460752303423487, -576460752303423488, 576460752303423488, -576460752303423489]},
     {"bignums", [Big, -Big, 1 bsl 64, -(1 bsl 64), (1 bsl 64) - 1, 1 bsl 1000 - 1, 12345678901234567890]},
     {"huge bignum", 1 bsl 2100 + 7},
     {"floats", [0.0, 1.0, -1.5, 0.1, 1.0e10, 1.0e-5, 123456789.0, 5.0e-324, 1.7976931348623157e308,
                 2.2250738585072014e-308, 1.0e100, 3.141592653589793]},
     {"atoms", [a, 'A', '', 'hello world', 'if', 'a@b', 'a.b', 'é', 'Élan', 'ÿ', '€uro', 'a\nb',
                'quote\'s', 'back\\slash', '_x', aB9_, 'ñandú', 'tab\tx', '\x{1F600}']},
     {"one-char atoms", [list_to_atom([C]) || C <- lists:seq(0, 300) ++ [16#7FF, 16#800, 16#FFFF, 16#10000]]},
     {"atoms after a", [list_to_atom([$a, C]) || C <- lists:seq(0, 300) ++ [16#7FF, 16#800, 16#10FFFF]]},
     {"long atom", list_to_atom(lists:duplicate(255, $x))},
     {"long utf8 atom", list_to_atom(lists:duplicate(255, 16#3B1))},
     {"tuples", {{}, {a}, {1, {2, {3}}}, {"x", [y], <<"z">>}}},
     {"large tuple", list_to_tuple(Long)},
     {"nil and lists", [[], [1], [1, 2, 3], [a | b], [1, 2 | 3], [[]], [[1], [2, [3]]]]},
     {"strings", ["abc", "", "a\nb", "tab\there", "quote\"d", "back\\slash", [233, 234], [255],
                  [256], [31], [127], [160], "a\rb" ++ [7], "é€", [0]]},
     {"long list", Long},
     {"binaries", [<<>>, <<1, 2, 3>>, <<"abc">>, <<"a\"b">>, <<"a b~">>, <<127>>, <<"é">>,
                   list_to_binary(lists:seq(0, 255))]},
     {"refc binary", list_to_binary(lists:duplicate(100, $z))},
     {"64 byte binary", list_to_binary(lists:duplicate(64, $y))},
     {"65 byte binary", list_to_binary(lists:duplicate(65, $w))},
     {"bitstrings", [<<1:1>>, <<5:3>>, <<1, 2, 3:4>>, <<"abc", 1:1>>, <<255, 255:7>>,
                     <<0:63>>, <<(list_to_binary(lists:duplicate(80, 7)))/binary, 3:2>>]},
     {"maps", [#{}, #{a => 1}, #{b => 2, a => 1, 1 => x, 1.0 => y, "s" => [], {t} => <<>>},
               #{#{k => v} => #{}, [a] => -1, 2.5 => 1 bsl 70}]},
     {"map keys order", #{-1 => a, 1 => b, 2.5 => c, -2.5 => d, 1 bsl 64 => e, -(1 bsl 64) => f,
                          a => g, "a" => h, {a} => i, <<"a">> => j, [] => k}},
     {"32 key map", maps:from_list([{K, K * K} || K <- lists:seq(1, 32)])},
     {"local pids and ports", [list_to_pid("<0.0.0>"), list_to_pid("<0.77.5>"), list_to_pid("<0.32767.8191>"),
                               hd(erlang:ports())]},
     {"export funs", [fun lists:map/2, fun erlang:'++'/2, fun 'Weird Mod':'my f'/0, fun 'if':'andalso'/1]},
     {"local funs", [eval_fun("fun(X) -> X + Y end."), eval_fun("fun() -> ok end.")]},
     {"nested", [{a, [#{k => [<<1, 2>>, 3.5 | tail]}, "str"]}, {[]}, [{}], #{[] => {}}]}].

compare_terms() ->
    [0, 1, -1, 1.0, -1.0, 0.0, 2, 1.5, 1 bsl 64, -(1 bsl 64), 1.8446744073709552e19,
     9007199254740993, 9007199254740992.0, 576460752303423488, 5.764607523034235e17,
     1 bsl 1100, 1.0e300, -1.0e300,
     a, b, aa, 'B', 'é', '€', '',
     list_to_pid("<0.1.2>"), list_to_pid("<0.2.1>"), list_to_pid("<0.3.0>"),
     hd(erlang:ports()),
     binary_to_term(<<131, 89, 100, 0, 13, "nonode@nohost", 0, 0, 0, 5, 0, 0, 0, 0>>),
     binary_to_term(<<131, 88, 100, 0, 7, "a@b.com", 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3>>),
     binary_to_term(<<131, 88, 100, 0, 7, "a@b.com", 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3>>),
     binary_to_term(<<131, 88, 100, 0, 7, "b@b.com", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1>>),
     binary_to_term(<<131, 90, 0, 3, 100, 0, 13, "nonode@nohost", 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3>>),
     binary_to_term(<<131, 90, 0, 3, 100, 0, 13, "nonode@nohost", 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 1>>),
     binary_to_term(<<131, 90, 0, 2, 100, 0, 7, "a@b.com", 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2>>),
     binary_to_term(<<131, 90, 0, 1, 100, 0, 7, "a@b.com", 0, 0, 0, 2, 0, 0, 0, 1>>),
     binary_to_term(<<131, 90, 0, 1, 100, 0, 3, "z@b", 0, 0, 0, 1, 0, 0, 0, 0>>),
     binary_to_term(<<131, 89, 100, 0, 3, "a@b", 0, 0, 0, 1, 0, 0, 0, 1>>),
     binary_to_term(<<131, 89, 100, 0, 3, "a@b", 0, 0, 0, 1, 0, 0, 0, 2>>),
     binary_to_term(<<131, 89, 100, 0, 3, "a@b", 0, 0, 0, 2, 0, 0, 0, 1>>),
     binary_to_term(<<131, 89, 100, 0, 3, "z@b", 0, 0, 0, 0, 0, 0, 0, 1>>),
     binary_to_term(<<131, 88, 100, 0, 3, "a@b", 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 6>>),
     binary_to_term(<<131, 88, 100, 0, 3, "z@b", 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 5>>),
     binary_to_term(<<131, 88, 100, 0, 13, "nonode@nohost", 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3>>),
     fun lists:map/2, fun lists:map/3, fun lists:filter/2, fun erlang:abs/1,
     eval_fun("fun(X) -> X + Y end."), eval_fun("fun() -> ok end."),
     {}, {a}, {b}, {a, b}, {1}, {1.0}, {a, {b}},
     #{}, #{a => 1}, #{a => 1.0}, #{1 => a}, #{1.0 => a}, #{a => 1, b => 2}, #{b => 1}, #{1 => a, 2 => b},
     [], [a], [a, b], [b], [a | b], [1], [1.0], "abc", "abd", [[]],
     <<>>, <<0>>, <<1>>, <<1, 2>>, <<1:1>>, <<0:1>>, <<1, 0:1>>, <<1, 1:1>>, <<2:2>>, <<"abc">>,
     <<1:7>>, <<2:7>>, <<2:8>>, <<3:3>>].

big_pairs() ->
    Vals = [0, 1, -1, 576460752303423487, 576460752303423488, -576460752303423488, -576460752303423489,
            1 bsl 63, 1 bsl 64, -(1 bsl 64), (1 bsl 128) - 1, 1 bsl 200 + 3, -(1 bsl 200) + 99,
            123456789012345678901234567890, -98765432109876543210, 7],
    [{A, B} || A <- Vals, B <- Vals].

emit_big(A, B) ->
    io:format("    {\"~w\", \"~w\", \"~w\", \"~w\", \"~w\", \"~s\", \"~s\", \"~s\"},~n",
              [A, B, A + B, A - B, A * B, integer_to_list(A, 16), integer_to_list(A, 36),
               integer_to_list(A, 2)]).
