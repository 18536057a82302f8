%% otp26: executable_line bs_match update_record
%% otp26-options: line_coverage
%% Code compiled with OTP 27's line_coverage option, which adds an
%% executable_line instruction before every executable line: it must load
%% and run unchanged, and errors must still carry the right line numbers
%% (printed without file names, which depend on how it was compiled, and
%% without frames of OTP's own modules, whose lines change between releases).
-module(otp26_line_coverage).
-export([main/1]).

-record(c, {n = 0, log = []}).

main(_) ->
    C = id(#c{}),
    C1 = step(C, <<1, 2, 3>>),
    show(C1),
    show(trace(fun() -> step(C1, <<1>>) end)),
    show(trace(fun() -> divide(id(1), id(0)) end)),
    show(trace(fun() -> step(id(notrec), <<1, 2, 3>>) end)),
    show(trace(fun() -> nested(id([1, 2, x])) end)),
    show(loop(id(5), C)),
    ok.

show(T) -> erlang:display(T).

step(C, <<A, B, Rest/binary>>) ->
    N = C#c.n + A + B,
    C#c{n = N,
        log = [Rest | C#c.log]}.

divide(A, B) ->
    X = A + 1,
    X div B.

nested(L) ->
    lists:map(fun(X) ->
                      X * 2
              end, L).

loop(0, C) -> C;
loop(K, #c{n = N} = C) ->
    loop(K - 1, C#c{n = N + K}).

trace(F) ->
    try F() of
        V -> {ok, V}
    catch
        Class:Reason:St ->
            {Class, Reason, [{M, Fn, arity(A), proplists:get_value(line, Loc)}
                             || {M, Fn, A, Loc} <- St,
                                M =:= ?MODULE orelse M =:= erlang]}
    end.

arity(A) when is_list(A) -> length(A);
arity(A) -> A.

id(X) -> X.
