%% Stack traces of arithmetic failures: the top frame (the BIF, with its
%% arguments and error_info, or the function itself for the float
%% instructions) as OTP builds it.
-module(num_traces).
-export([main/1]).

main(_) ->
    Fs = [fun() -> id(1) + id(foo) end, fun() -> id(1.0e308) * id(10.0) end,
          fun() -> fmul(id(1.0e308), id(10.0)) end, fun() -> fdiv(id(1.0), id(0.0)) end,
          fun() -> conv(id(1 bsl 2000)) end, fun() -> id(1) div id(0) end,
          fun() -> id(1) / id(0) end, fun() -> float(id(foo)) end, fun() -> round(id(foo)) end,
          fun() -> math:sqrt(id(-1)) end, fun() -> math:log(id(foo)) end,
          fun() -> list_to_float(id("x")) end, fun() -> float_to_list(id(1)) end,
          fun() -> integer_to_list(id(1), id(99)) end, fun() -> id(1) bsl id(1 bsl 70) end,
          fun() -> -id(foo) end, fun() -> abs(id(foo)) end, fun() -> bnot id(1.0) end],
    [begin
         try F() of V -> erlang:display({ok, V})
         catch C:R:St -> erlang:display({C, R, top(St)})
         end
     end || F <- Fs],
    ok.

fmul(A, B) when is_float(A), is_float(B) -> A * B.
fdiv(A, B) when is_float(A), is_float(B) -> A / B.
conv(N) -> X = N * 1.0, {X}.
id(X) -> X.

%% The top frame without the file name (it depends on where erlc ran).
top([{M, F, A, Loc} | _]) -> {M, F, A, [I || {K, _} = I <- Loc, K =/= file]}.
