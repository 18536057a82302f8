%% OTP's filename and uri_string modules, unmodified (pure string and
%% binary manipulation).
-module(std_filename).
-export([main/1]).

d(X) -> erlang:display(X).

main(_) ->
    d(filename:join("a", "b")),
    d(filename:join(["/usr", "local", "bin/", "x.erl"])),
    d(filename:join(<<"a">>, "b")),
    d(filename:basename("/a/b/c.erl")),
    d(filename:basename("/a/b/c.erl", ".erl")),
    d(filename:basename(<<"/x/y.beam">>)),
    d(filename:dirname("/a/b/c.erl")),
    d(filename:dirname("c.erl")),
    d(filename:extension("foo.tar.gz")),
    d(filename:rootname("foo.tar.gz")),
    d(filename:rootname("foo.erl", ".erl")),
    d(filename:split("/a/b//c/")),
    d(filename:split(<<"x/y">>)),
    d(filename:absname_join("/base", "rel")),
    d(filename:pathtype("/abs")),
    d(filename:pathtype("rel/x")),
    d(filename:flatten([a, "b", [<<"c">>]])),
    d(filename:nativename("/a//b/")),
    d(uri_string:parse("https://user@example.com:8080/p/a?q=1&r=2#frag")),
    d(uri_string:parse(<<"http://h/x">>)),
    d(uri_string:recompose(#{scheme => "http", host => "h", path => "/p", query => "a=1"})),
    d(uri_string:normalize("HTTP://Example.COM:80/a/./b/../c")),
    d(uri_string:dissect_query("a=1&b=two&c")),
    d(uri_string:compose_query([{"a", "1"}, {"b", "x y"}])),
    d(uri_string:resolve("../c", "http://h/a/b/")),
    d(uri_string:transcode(<<"x%20y">>, [{in_encoding, utf8}, {out_encoding, utf8}])).
