%% Benchmark: a proxy process forwards large binaries. A producer makes N
%% distinct 1 MB binaries and sends them to a proxy, which passes each on
%% to a consumer that counts them and their bytes. Off-heap binaries must
%% be freed as soon as the proxy drops them. Argument: N. Prints
%% {proxy, N, Count, Bytes}.
-module(bench_proxy).
-export([main/1]).

main([Arg]) ->
    N = list_to_integer(Arg),
    Self = self(),
    C = spawn(fun() -> consume(Self, 0, 0) end),
    P = spawn(fun() -> proxy(C) end),
    Base = binary:copy(<<7>>, 1048576),
    produce(P, Base, N),
    P ! stop,
    receive {total, Count, Bytes} -> erlang:display({proxy, N, Count, Bytes}) end.

produce(_, _, 0) -> ok;
produce(P, Base, K) ->
    P ! {bin, binary:copy(Base)},
    produce(P, Base, K - 1).

proxy(C) ->
    receive
        {bin, B} -> C ! {bin, B}, proxy(C);
        stop -> C ! stop
    end.

consume(Parent, N, Bytes) ->
    receive
        {bin, B} -> consume(Parent, N + 1, Bytes + byte_size(B));
        stop -> Parent ! {total, N, Bytes}
    end.
