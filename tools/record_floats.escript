#!/usr/bin/env escript
%% record_floats.escript: records how OTP prints doubles, for
%% tests/unit/test_print.c.
%%
%% Usage: tools/record_floats.escript > tests/unit/data/floats.txt
%%
%% Each output line is one double: its IEEE bits in 16 hex digits, its
%% io_lib ~w text (which must equal float_to_list(F, [short])), and its
%% erlang:display/1 text.  The values cover powers of two and ten,
%% subnormals, the extremes, integers around 2^53, short decimals and
%% random bit patterns (seeded, so the file is reproducible).
-mode(compile).

main(_) ->
    rand:seed(exsss, {1789, 1848, 1871}),
    Fs = lists:usort(values()),
    Shown = displayed(Fs),
    lists:foreach(fun emit/1, lists:zip(Fs, Shown)).

emit({F, D}) ->
    <<Bits:64>> = <<F:64/float>>,
    W = lists:flatten(io_lib:format("~w", [F])),
    W = float_to_list(F, [short]),
    io:format("~16.16.0b ~s ~s~n", [Bits, W, D]).

%% erlang:display/1 writes straight to the emulator's stdout, so its text
%% is captured from a child emulator that displays every value in turn.
displayed(Fs) ->
    Tmp = filename:join(temp_dir(), "record_floats_" ++ os:getpid() ++ ".bin"),
    ok = file:write_file(Tmp, term_to_binary(Fs)),
    Cmd = "erl -noshell -eval '{ok, B} = file:read_file(\"" ++ Tmp ++ "\"), "
          "[erlang:display(F) || F <- binary_to_term(B)], halt().'",
    Out = os:cmd(Cmd),
    ok = file:delete(Tmp),
    Lines = [L || L <- string:split(Out, "\r\n", all), L =/= ""],
    length(Lines) =:= length(Fs) orelse error({display_lines, length(Lines)}),
    Lines.

temp_dir() ->
    case os:getenv("TMPDIR") of
        false -> "/tmp";
        Dir -> Dir
    end.

values() ->
    Pos = lists:append([
        [math:pow(2, E) || E <- lists:seq(-1074, 1023, 7)],
        [math:pow(2, E) || E <- [-1074, -1073, -1022, -1021, -1, 0, 1, 52, 53, 54, 63, 64, 1022, 1023]],
        [list_to_float("1.0e" ++ integer_to_list(E)) || E <- lists:seq(-323, 308)],
        [5.0e-324, 1.0e-323, 2.2250738585072009e-308, 2.2250738585072014e-308,
         1.7976931348623157e308, 1.7976931348623155e308, 4.9406564584124654e-324],
        [float(N) || N <- [9007199254740991, 9007199254740992, 9007199254740993,
                           123456789, 1234567890123, 100, 1000, 10000, 12345, 99999,
                           1 bsl 60, 1 bsl 62, 1 bsl 70]],
        [N / D || N <- [1, 2, 3, 7, 11, 123, 999], D <- [3, 7, 10, 100, 1000, 10000, 100000]],
        [0.1, 0.2, 0.3, 0.5, 1.5, 2.5, 0.01, 0.001, 0.0001, 0.00001, 1.0e-6,
         123456789.0, 1.0e10, 1.0e15, 1.0e16, 1.0e17, 1.0e21, 1.0e22, 1.0e23,
         0.1 + 0.2, 1.0 / 3.0, 2.0 / 3.0, math:pi(), math:exp(1)],
        [rand_short() || _ <- lists:seq(1, 300)],
        [rand_bits() || _ <- lists:seq(1, 600)]]),
    Pos ++ [-X || X <- Pos, rand:uniform(4) =:= 1] ++ [0.0, -0.0].

%% A decimal with a few digits, scaled by a modest power of ten.
rand_short() ->
    M = rand:uniform(99999),
    E = rand:uniform(40) - 20,
    M * math:pow(10, E).

%% A random finite double from its bits.
rand_bits() ->
    B = rand:uniform(1 bsl 64) - 1,
    case <<B:64>> of
        <<_:1, 2047:11, _:52>> -> rand_bits();
        <<F:64/float>> -> F
    end.
