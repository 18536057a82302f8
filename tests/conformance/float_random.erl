%% Random floats (random bit patterns and random decimal magnitudes, fixed
%% seed) through float_to_list/2 with short, {decimals,N}, {scientific,N}
%% and the default format, and back through list_to_float/1: the text
%% must be OTP's byte for byte.
-module(float_random).
-export([main/1]).

main(_) ->
    rand:seed(exsss, {3, 5, 8}),
    [one() || _ <- lists:seq(1, 1500)],
    ok.

one() ->
    X = case rand:uniform(3) of
            1 -> <<F:64/float>> = <<(rand:uniform(16#7FEFFFFFFFFFFFFF)):64>>,
                 case rand:uniform(2) of 1 -> F; 2 -> -F end;
            2 -> (rand:uniform() - 0.5) * math:pow(10, rand:uniform(40) - 20);
            3 -> rand:uniform(100000) / 8 + rand:uniform(1000) / 1000
        end,
    D = rand:uniform(20) - 1,
    S = float_to_list(X, [short]),
    erlang:display({S, float_to_list(X), float_to_list(X, [{scientific, D}]),
                    try float_to_list(X, [{decimals, D}]) catch error:badarg -> badarg end,
                    try float_to_list(X, [{decimals, D}, compact]) catch error:badarg -> badarg end,
                    list_to_float(S) =:= X}).
