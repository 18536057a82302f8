%% io through the group leader: format, put_chars, write, nl, encodings,
%% standard_error, and reading standard input (io_basic.input).
-module(io_basic).
-export([main/1]).

main(_) ->
    io:format("plain text~n"),
    io:format("~p and ~w and ~s~n", [{a, [1, 2]}, "str", "chars"]),
    io:fwrite("fwrite ~b ~.16b ~8.2f|~-6s|~6s|~n", [42, 255, 3.14159, "ab", "cd"]),
    io:put_chars("put_chars list\n"),
    io:put_chars(<<"put_chars binary\n">>),
    io:put_chars(["deep ", [$i, "o", [<<"list">>]], $\n]),
    io:write({write, 1, "two", <<3>>}),
    io:nl(),
    io:format(user, "to user~n", []),
    io:format(standard_io, "to standard_io~n", []),
    io:format(standard_error, "to standard_error~n", []),
    io:format(group_leader(), "to group_leader~n", []),
    %% Characters above 255 on a latin1 device.
    io:format("~ts~n", [[104, 233, 8364]]),
    io:put_chars([8364, $\n]),
    erlang:display(io:getopts()),
    ok = io:setopts([{encoding, unicode}]),
    io:format("~ts~n", [[104, 233, 8364]]),
    io:format("~tp~n", [[8364, 233]]),
    ok = io:setopts([{encoding, latin1}]),
    %% Errors: a bad format and bad chardata.
    erlang:display(try io:format("~p~n", []) catch C:E -> {C, E} end),
    erlang:display(try io:put_chars([foo]) catch C2:E2 -> {C2, E2} end),
    %% Output and erlang:display/1 stay in program order.
    erlang:display(between),
    io:format("after display~n"),
    %% Input.
    erlang:display(io:get_line("prompt> ")),
    erlang:display(io:get_line('')),
    erlang:display(io:get_chars("", 3)),
    erlang:display(io:get_line("")),
    erlang:display(io:read("term? ")),
    erlang:display(io:get_line("")),
    erlang:display(io:get_line("")),
    ok.
