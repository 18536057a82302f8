%% The os module's natives: putenv/2, getenv/1,2, unsetenv/1, env/0,
%% getenv/0 (Erlang code over env/0), getpid/0, with Unicode names and
%% values, deep character lists, and the badarg cases.
-module(bif_os).
-export([main/1]).

t(F) -> try F() catch C:R -> {C, R} end.
id(X) -> X.

main(_) ->
    Cases =
        [fun() -> os:getenv(id("GIRDER_TEST_SURELY_UNSET")) end,
         fun() -> os:getenv(id("GIRDER_TEST_SURELY_UNSET"), "default") end,
         fun() -> os:putenv(id("GIRDER_TEST_A"), "value one") end,
         fun() -> os:getenv(id("GIRDER_TEST_A")) end,
         fun() -> os:getenv(id(["GIRDER", "_TEST", [$_, [$A]]])) end,
         fun() -> os:putenv(id("GIRDER_TEST_A"), "x=y") end,
         fun() -> os:getenv(id("GIRDER_TEST_A")) end,
         fun() -> os:putenv(id("GIRDER_TEST_Ü"), [955, 252]) end,
         fun() -> os:getenv(id("GIRDER_TEST_Ü")) end,
         fun() -> lists:keyfind("GIRDER_TEST_A", 1, os:env()) end,
         fun() -> lists:member("GIRDER_TEST_A=x=y", os:getenv()) end,
         fun() -> os:unsetenv(id("GIRDER_TEST_A")) end,
         fun() -> os:getenv(id("GIRDER_TEST_A")) end,
         fun() -> lists:keyfind("GIRDER_TEST_A", 1, os:env()) end,
         fun() -> os:putenv(id("GIRDER_TEST_E"), "") end,
         fun() -> os:getenv(id("GIRDER_TEST_E")) end,
         fun() -> is_list(os:getpid()) andalso list_to_integer(os:getpid()) > 0 end,
         fun() -> os:getenv(id("")) end,
         fun() -> os:getenv(id(<<"HOME">>)) end,
         fun() -> os:getenv(id(home)) end,
         fun() -> os:putenv(id("A=B"), "c") end,
         fun() -> os:putenv(id(""), "c") end,
         fun() -> os:putenv(id("GIRDER_TEST_B"), [$c, 0]) end,
         fun() -> os:putenv(id("GIRDER_TEST_B"), id(c)) end,
         fun() -> os:unsetenv(id("")) end,
         fun() -> os:unsetenv(id("A=B")) end,
         fun() -> os:unsetenv(id(x)) end],
    lists:foreach(fun(F) -> erlang:display(t(F)) end, Cases).
