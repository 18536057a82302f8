%% OTP's digraph and digraph_utils modules (built on ets), unmodified.
-module(std_digraph).
-export([main/1]).

d(X) -> erlang:display(X).

main(_) ->
    G = digraph:new(),
    [digraph:add_vertex(G, V) || V <- [a, b, c, d]],
    digraph:add_edge(G, a, b),
    digraph:add_edge(G, b, c),
    digraph:add_edge(G, a, d),
    d(lists:sort(digraph:vertices(G))),
    d(digraph:get_path(G, a, c)),
    d(lists:sort(digraph:out_neighbours(G, a))),
    d(digraph_utils:topsort(G) =/= false),
    d(lists:sort(digraph_utils:reachable([a], G))),
    d(digraph_utils:is_acyclic(G)),
    digraph:delete(G),
    G2 = digraph:new([acyclic]),
    digraph:add_vertex(G2, x),
    digraph:add_vertex(G2, y),
    d(digraph:add_edge(G2, x, y) =/= false),
    d(digraph:add_edge(G2, y, x)),
    d(digraph:info(G2) =/= []),
    d(digraph_utils:components(G2)).
