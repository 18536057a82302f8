%% Benchmark: the Mandelbrot set on an N x N grid over [-2,1] x [-1.5,1.5],
%% at most 64 iterations a point. Float arithmetic and float compares.
%% Argument: N. Prints {mandel, N, points inside, total iterations}.
-module(bench_mandel).
-export([main/1]).

-define(MAX_ITER, 64).

main([Arg]) ->
    N = list_to_integer(Arg),
    {In, Iters} = rows(N, 0, 0, 0),
    erlang:display({mandel, N, In, Iters}).

rows(N, N, In, Iters) -> {In, Iters};
rows(N, Y, In, Iters) ->
    Ci = 3.0 * Y / N - 1.5,
    {In1, Iters1} = cols(N, 0, Ci, In, Iters),
    rows(N, Y + 1, In1, Iters1).

cols(N, N, _, In, Iters) -> {In, Iters};
cols(N, X, Ci, In, Iters) ->
    Cr = 3.0 * X / N - 2.0,
    case iter(Cr, Ci, 0.0, 0.0, 0) of
        ?MAX_ITER -> cols(N, X + 1, Ci, In + 1, Iters + ?MAX_ITER);
        K -> cols(N, X + 1, Ci, In, Iters + K)
    end.

iter(_, _, _, _, ?MAX_ITER) -> ?MAX_ITER;
iter(Cr, Ci, Zr, Zi, K) ->
    Zr2 = Zr * Zr,
    Zi2 = Zi * Zi,
    if
        Zr2 + Zi2 > 4.0 -> K;
        true -> iter(Cr, Ci, Zr2 - Zi2 + Cr, 2.0 * Zr * Zi + Ci, K + 1)
    end.
