/*
 * gc_graph.h: random term graphs for the collector's tests (test_gc.c).
 *
 * Every term is built twice, in lockstep from one seeded generator: once
 * on a process heap (proc_alloc: the heap, or heap fragments when it is
 * full) and once in a reference area the collector never sees.  The two
 * copies have the same shape word for word, and a subterm shared in one is
 * shared in the other, so after collections the heap copy must still be
 * the same as its reference.  A third area plays a module's literal area:
 * its terms are referenced from both copies and must never be copied.
 *
 * graph_same() compares a heap term with its reference structurally
 * (headers, raw words, which binary kind, which map kind), without
 * recursing on the C stack; graph_census() measures what the roots reach
 * on the process heap, counting each shared object once.
 */
#ifndef GIRDER_TEST_GC_GRAPH_H
#define GIRDER_TEST_GC_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "girder.h"
#include "literal.h"
#include "module.h"
#include "process.h"

/* A term and its reference copy. */
typedef struct Pair {
    Term h;         /* on the process heap (or a literal, then h == r) */
    Term r;         /* in the reference area */
    unsigned flags; /* PAIR_* */
} Pair;

enum {
    PAIR_HUGE = 1,  /* sharing makes its tree exponentially large: walk it as a graph only */
    PAIR_MATCH = 2, /* is a match context (only ever a root) */
};

/* A refc binary made by the generator, and who holds it. */
typedef struct TrackedBin {
    BinRefc *b;             /* the payload (the generator holds one reference) */
    unsigned area_handles;  /* handles in the reference and literal areas */
    unsigned seen;          /* handles found by the last census, and in messages */
} TrackedBin;

#define GRAPH_POOL 256
#define GRAPH_LITS 64
#define GRAPH_ATOMS 12
#define GRAPH_FUNS 5
#define GRAPH_EXPORTS 3

typedef struct Graph {
    girder_vm *vm;       /* atoms and export entries */
    Process *p;          /* the heap terms are built on */
    LitArea ref;         /* the reference copies */
    LitArea lit;         /* the literal area */
    bool lit_mode;       /* building literals: one copy, in `lit` */
    uint64_t rng;        /* generator state */
    long budget;         /* nodes left to build in this batch */
    Pair pool[GRAPH_POOL]; /* built subterms, for sharing */
    unsigned npool;
    Pair lits[GRAPH_LITS]; /* terms of the literal area */
    unsigned nlits;
    TrackedBin *bins;    /* every refc binary made */
    size_t nbins, capbins;
    Term atoms[GRAPH_ATOMS]; /* atoms to use */
    Term node;           /* node name of external pids, ports and refs */
    FunEntry funs[GRAPH_FUNS]; /* fun entries with 0..4 free variables */
    Export *exports[GRAPH_EXPORTS]; /* for export funs */
} Graph;

/* Sets up g to build on p (a process of vm) from `seed`; fills the
 * literal area.  Aborts when out of memory (a test). */
void graph_init(Graph *g, girder_vm *vm, Process *p, uint64_t seed);
/* Frees the areas and drops the generator's references to binaries. */
void graph_free(Graph *g);

uint64_t graph_rand(Graph *g);
/* A random number in [0, n) (n > 0). */
unsigned graph_below(Graph *g, unsigned n);

/* A random term of at most `budget` nodes (no match context). */
Pair graph_term(Graph *g, long budget);
/* A long list, a deep nesting or an exponentially shared tree. */
Pair graph_deep(Graph *g);
/* A match context over a heap or refc binary. */
Pair graph_match(Graph *g);
/* One of the literal area's terms. */
Pair graph_literal(Graph *g);
/* A random subterm of t (the same in both copies), found by a walk down. */
Pair graph_subterm(Graph *g, Pair t);
/* The 2-tuple {a, b}. */
Pair graph_tuple2(Graph *g, Pair a, Pair b);
/* Offers t for sharing by later terms. */
void graph_pool_add(Graph *g, Pair t);
/* Forgets the pool (its heap terms are stale after a collection). */
void graph_pool_clear(Graph *g);

/* Compares heap term h with its reference r: same shape, same raw words,
 * the same binary payloads; with strict_lit, a reference that is a
 * literal must be the very same pointer in h.  On a difference writes a
 * description to why and returns false. */
bool graph_same(const Graph *g, Term h, Term r, bool strict_lit, char *why, size_t whylen);

/* What roots reach on the process heap (young, old and fragments). */
typedef struct Census {
    size_t words;       /* words of distinct objects (each shared one once) */
    size_t young_words; /* those in the young heap block */
    size_t old_words;   /* those in the old heap */
    size_t objects;     /* distinct objects */
    size_t handles;     /* refc binary handles */
    size_t handle_bytes; /* bytes of the binaries they refer to */
    size_t stray;       /* pointers outside the process heap and the literal area */
    size_t lit_refs;    /* pointers into the literal area */
} Census;

/* Walks from roots[0..n); counts handles of tracked binaries in their `seen`
 * (which it does not reset).  Aborts when out of memory. */
void graph_census(Graph *g, const Term *roots, size_t n, Census *out);
/* Adds the handles of an off-heap list to the tracked binaries' `seen`. */
void graph_count_offheap(Graph *g, const OffHeap *oh);
/* Nodes of t as a tree (shared subterms counted at each reference), or
 * cap + 1 when there are more than cap. */
size_t graph_tree_size(Term t, size_t cap);
/* True when ptr lies in p's young or old heap or one of its fragments. */
bool graph_in_process(const Process *p, const Term *ptr);

#endif
