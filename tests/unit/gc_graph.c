/*
 * gc_graph.c: random term graphs built twice, their comparison and their
 * census (see gc_graph.h).
 *
 * Each builder allocates the same number of words in both places
 * (alloc2) and writes the same words, with each child's heap term on
 * the heap side and its reference on the other; in literal mode both
 * sides are one allocation in the literal area.  Composite terms go into
 * a pool from which later terms take shared subterms.
 */
#include "gc_graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "map.h"
#include "vm.h"

#define MAX_DEPTH 5

static void oom(void) {
    fprintf(stderr, "gc_graph: out of memory\n");
    abort();
}

uint64_t graph_rand(Graph *g) {
    /* splitmix64: every seed gives a good stream */
    uint64_t z = (g->rng += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

unsigned graph_below(Graph *g, unsigned n) { return (unsigned)(graph_rand(g) % n); }

/* n words on each side (the same words in literal mode). */
static void alloc2(Graph *g, size_t n, Term **hp, Term **rp) {
    if (g->lit_mode) {
        *hp = *rp = lit_alloc(&g->lit, n);
    } else {
        *hp = proc_alloc(g->p, n);
        *rp = lit_alloc(&g->ref, n);
    }
    if (!*hp || !*rp) oom();
}

static Pair same(Term t) { return (Pair){t, t, 0}; }

static Term *lit_fn(void *ctx, size_t n) { return lit_alloc((LitArea *)ctx, n); }

/* ---- leaves ---- */

static Pair gen_small(Graph *g) {
    switch (graph_below(g, 4)) {
    case 0: return same(make_small((SWord)graph_below(g, 256)));
    case 1: return same(make_small(graph_below(g, 2) ? MAX_SMALL : MIN_SMALL));
    default: return same(make_small((SWord)graph_rand(g) >> 4));
    }
}

static Pair gen_float(Graph *g) {
    uint64_t bits = graph_rand(g);
    if (((bits >> 52) & 0x7FF) == 0x7FF) bits &= ~((uint64_t)1 << 60); /* no inf or NaN */
    double d;
    memcpy(&d, &bits, sizeof d);
    if (graph_below(g, 8) == 0) d = graph_below(g, 2) ? -0.0 : 1.5;
    Term *hp, *rp;
    alloc2(g, FLOAT_WORDS, &hp, &rp);
    return (Pair){make_float_at(hp, d), make_float_at(rp, d), 0};
}

static Pair gen_big(Graph *g) {
    unsigned n = 1 + graph_below(g, graph_below(g, 8) ? 4 : 40);
    unsigned sub = graph_below(g, 2) ? SUB_NEG_BIG : SUB_POS_BIG;
    Term *hp, *rp;
    alloc2(g, 1 + n, &hp, &rp);
    hp[0] = rp[0] = MAKE_HEADER(sub, n);
    for (unsigned i = 1; i <= n; i++) hp[i] = rp[i] = graph_rand(g);
    /* normalised: a top limb, and beyond a small integer */
    hp[n] = rp[n] = hp[n] | ((Term)1 << 63);
    return (Pair){make_boxed(hp), make_boxed(rp), 0};
}

static Pair gen_ref(Graph *g) {
    unsigned kind = graph_below(g, 4);
    unsigned n = 3 + (kind == 1 ? graph_below(g, 3) : 0);
    if (kind == 3) { /* external */
        Term *hp, *rp;
        alloc2(g, 3 + n, &hp, &rp);
        hp[0] = rp[0] = MAKE_HEADER(SUB_EXT_REF, 2 + n);
        hp[1] = rp[1] = g->node;
        hp[2] = rp[2] = graph_rand(g) & 0xFFFFFFFF;
        for (unsigned i = 0; i < n; i++) hp[3 + i] = rp[3 + i] = graph_rand(g) & 0xFFFFFFFF;
        return (Pair){make_boxed(hp), make_boxed(rp), 0};
    }
    Term *hp, *rp;
    alloc2(g, 1 + n, &hp, &rp);
    hp[0] = rp[0] = MAKE_HEADER(SUB_REF, n);
    for (unsigned i = 0; i < n; i++) hp[1 + i] = rp[1 + i] = graph_rand(g) & 0xFFFFFFFF;
    return (Pair){make_boxed(hp), make_boxed(rp), 0};
}

static Pair gen_ext_pid_port(Graph *g) {
    Term *hp, *rp;
    if (graph_below(g, 2)) {
        alloc2(g, 5, &hp, &rp);
        hp[0] = rp[0] = MAKE_HEADER(SUB_EXT_PID, 4);
        hp[1] = rp[1] = g->node;
        hp[2] = rp[2] = graph_rand(g) & 0xFFFFFFFF;
        hp[3] = rp[3] = graph_rand(g) & 0x7FFF;
        hp[4] = rp[4] = graph_rand(g) & 0x1FFF;
    } else {
        alloc2(g, 4, &hp, &rp);
        hp[0] = rp[0] = MAKE_HEADER(SUB_EXT_PORT, 3);
        hp[1] = rp[1] = g->node;
        hp[2] = rp[2] = graph_rand(g) & 0xFFFFFFFF;
        hp[3] = rp[3] = graph_rand(g) >> graph_below(g, 64);
    }
    return (Pair){make_boxed(hp), make_boxed(rp), 0};
}

static Pair gen_heap_bin(Graph *g, unsigned len) {
    Term *hp, *rp;
    alloc2(g, HEAP_BIN_WORDS(len), &hp, &rp);
    hp[0] = rp[0] = MAKE_HEADER(SUB_HEAP_BIN, HEAP_BIN_WORDS(len) - 1);
    hp[1] = rp[1] = len;
    for (unsigned i = 2; i < HEAP_BIN_WORDS(len); i++) hp[i] = rp[i] = graph_rand(g);
    return (Pair){make_boxed(hp), make_boxed(rp), 0};
}

static TrackedBin *track(Graph *g, BinRefc *b) {
    if (g->nbins == g->capbins) {
        g->capbins = g->capbins ? 2 * g->capbins : 64;
        g->bins = realloc(g->bins, g->capbins * sizeof *g->bins);
        if (!g->bins) oom();
    }
    TrackedBin *t = &g->bins[g->nbins++];
    t->b = b;
    t->area_handles = 0;
    t->seen = 0;
    return t;
}

static Pair gen_refc_bin(Graph *g) {
    size_t len = graph_below(g, 4) ? 65 + graph_below(g, 2000) : graph_below(g, 65);
    BinRefc *b = bin_refc_new(len);
    if (!b) oom();
    for (size_t i = 0; i < len; i++) b->data[i] = (unsigned char)graph_rand(g);
    TrackedBin *t = track(g, b); /* the generator keeps the first reference */
    Term *hp, *rp;
    alloc2(g, REFC_BIN_WORDS, &hp, &rp);
    if (g->lit_mode) {
        bin_refc_retain(b);
        t->area_handles++;
        Term h = bin_make_refc_handle(hp, b, &g->lit.off_heap);
        return same(h);
    }
    bin_refc_retain(b);
    Term h = bin_make_refc_handle(hp, b, &g->p->off_heap);
    bin_refc_retain(b);
    t->area_handles++;
    Term r = bin_make_refc_handle(rp, b, &g->ref.off_heap);
    return (Pair){h, r, 0};
}

/* A heap or refc binary (new, or shared from the pool). */
static Pair gen_whole_bin(Graph *g) {
    for (unsigned tries = 0; g->npool && tries < 4; tries++) {
        Pair c = g->pool[graph_below(g, g->npool)];
        if (is_boxed(c.h) && (HEADER_SUB(boxed_header(c.h)) == SUB_HEAP_BIN ||
                              HEADER_SUB(boxed_header(c.h)) == SUB_REFC_BIN))
            return c;
    }
    return graph_below(g, 2) ? gen_heap_bin(g, graph_below(g, HEAP_BIN_MAX + 1)) : gen_refc_bin(g);
}

static Pair gen_sub_bin(Graph *g) {
    Pair whole = gen_whole_bin(g);
    UWord bits = boxed_ptr(whole.h)[1] * 8;
    UWord off = bits ? graph_rand(g) % (bits + 1) : 0;
    UWord size = graph_rand(g) % (bits - off + 1);
    Term *hp, *rp;
    alloc2(g, SUB_BIN_WORDS, &hp, &rp);
    hp[0] = rp[0] = MAKE_HEADER(SUB_SUB_BIN, SUB_BIN_WORDS - 1);
    hp[1] = rp[1] = size;
    hp[2] = rp[2] = off;
    hp[3] = whole.h;
    rp[3] = whole.r;
    return (Pair){make_boxed(hp), make_boxed(rp), 0};
}

Pair graph_match(Graph *g) {
    Pair whole = gen_whole_bin(g);
    UWord bits = boxed_ptr(whole.h)[1] * 8;
    UWord start = bits ? graph_rand(g) % (bits + 1) : 0;
    UWord end = start + graph_rand(g) % (bits - start + 1);
    UWord pos = start + graph_rand(g) % (end - start + 1);
    Term *hp, *rp;
    alloc2(g, 5, &hp, &rp);
    hp[0] = rp[0] = MAKE_HEADER(SUB_MATCH, 4);
    hp[1] = whole.h;
    rp[1] = whole.r;
    hp[2] = rp[2] = start;
    hp[3] = rp[3] = pos;
    hp[4] = rp[4] = end;
    return (Pair){make_boxed(hp), make_boxed(rp), PAIR_MATCH};
}

static Pair gen_export_fun(Graph *g) {
    Term *hp, *rp;
    alloc2(g, 2, &hp, &rp);
    hp[0] = rp[0] = MAKE_HEADER(SUB_EXPORT, 1);
    hp[1] = rp[1] = (Term)(uintptr_t)g->exports[graph_below(g, GRAPH_EXPORTS)];
    return (Pair){make_boxed(hp), make_boxed(rp), 0};
}

Pair graph_literal(Graph *g) {
    if (!g->nlits) return same(NIL);
    return g->lits[graph_below(g, g->nlits)];
}

static Pair gen_leaf(Graph *g) {
    switch (graph_below(g, 16)) {
    case 0: case 1: case 2: return gen_small(g);
    case 3: case 4: return same(g->atoms[graph_below(g, GRAPH_ATOMS)]);
    case 5: return same(graph_below(g, 2) ? NIL : make_pid(graph_rand(g) & 0xFFFFFFF));
    case 6: return same(make_port(graph_rand(g) & 0xFFFFFFF));
    case 7: return gen_float(g);
    case 8: return gen_big(g);
    case 9: return gen_ref(g);
    case 10: return gen_ext_pid_port(g);
    case 11: return gen_heap_bin(g, graph_below(g, HEAP_BIN_MAX + 1));
    case 12: return gen_refc_bin(g);
    case 13: return gen_sub_bin(g);
    case 14: return gen_export_fun(g);
    default: return g->lit_mode ? gen_small(g) : graph_literal(g);
    }
}

/* ---- composites ---- */

void graph_pool_add(Graph *g, Pair t) {
    if (t.flags & PAIR_MATCH) return;
    if (g->lit_mode) {
        if (g->nlits < GRAPH_LITS) g->lits[g->nlits++] = t;
        return;
    }
    if (g->npool < GRAPH_POOL)
        g->pool[g->npool++] = t;
    else
        g->pool[graph_below(g, GRAPH_POOL)] = t;
}

void graph_pool_clear(Graph *g) { g->npool = 0; }

static Pair gen(Graph *g, unsigned depth);

static Pair gen_tuple(Graph *g, unsigned depth) {
    unsigned n = graph_below(g, 9);
    Pair el[8];
    unsigned flags = 0;
    for (unsigned i = 0; i < n; i++) {
        el[i] = gen(g, depth + 1);
        flags |= el[i].flags;
    }
    Term *hp, *rp;
    alloc2(g, 1 + n, &hp, &rp);
    hp[0] = rp[0] = MAKE_HEADER(SUB_TUPLE, n);
    for (unsigned i = 0; i < n; i++) {
        hp[1 + i] = el[i].h;
        rp[1 + i] = el[i].r;
    }
    return (Pair){make_boxed(hp), make_boxed(rp), flags};
}

Pair graph_tuple2(Graph *g, Pair a, Pair b) {
    Term *hp, *rp;
    alloc2(g, 3, &hp, &rp);
    hp[0] = rp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = a.h;
    hp[2] = b.h;
    rp[1] = a.r;
    rp[2] = b.r;
    return (Pair){make_boxed(hp), make_boxed(rp), a.flags | b.flags};
}

static Pair cons2(Graph *g, Pair head, Pair tail) {
    Term *hp, *rp;
    alloc2(g, CONS_WORDS, &hp, &rp);
    hp[0] = head.h;
    hp[1] = tail.h;
    rp[0] = head.r;
    rp[1] = tail.r;
    return (Pair){make_list(hp), make_list(rp), head.flags | tail.flags};
}

/* A proper list, an improper one, or a string. */
static Pair gen_list(Graph *g, unsigned depth) {
    unsigned kind = graph_below(g, 4), n = graph_below(g, 12);
    Pair tail = same(NIL);
    if (kind == 0) { /* improper: any non-list tail */
        do tail = gen(g, depth + 1);
        while (is_list(tail.h) || is_nil(tail.h));
        n++;
    }
    for (unsigned i = 0; i < n; i++) {
        Pair head = kind == 1 ? same(make_small((SWord)graph_below(g, 300))) : gen(g, depth + 1);
        tail = cons2(g, head, tail);
    }
    return tail;
}

/* A key: no large trees (keys are hashed and sorted as trees). */
static Pair gen_key(Graph *g, unsigned depth) {
    for (;;) {
        Pair k = graph_below(g, 3) ? gen_leaf(g) : gen(g, depth + 2);
        if (!(k.flags & PAIR_HUGE) && graph_tree_size(k.h, 2000) <= 2000) return k;
    }
}

static Pair gen_map(Graph *g, unsigned depth) {
    unsigned n = graph_below(g, 4) ? graph_below(g, MAP_FLAT_MAX + 1) : 33 + graph_below(g, 60);
    Term *hk = malloc(4 * (n + 1) * sizeof(Term));
    if (!hk) oom();
    Term *hv = hk + (n + 1), *rk = hv + (n + 1), *rv = rk + (n + 1);
    unsigned flags = 0;
    for (unsigned i = 0; i < n; i++) {
        Pair k = gen_key(g, depth), v = gen(g, depth + 1);
        hk[i] = k.h;
        rk[i] = k.r;
        hv[i] = v.h;
        rv[i] = v.r;
        flags |= v.flags;
    }
    const AtomTable *atoms = &g->vm->atoms;
    bool dup = false;
    MapAlloc ra = {lit_fn, g->lit_mode ? &g->lit : &g->ref};
    Term r = map_from_arrays(atoms, ra, rk, rv, n, true, &dup);
    Term h = g->lit_mode ? r : map_from_arrays(atoms, map_proc_alloc(g->p), hk, hv, n, true, &dup);
    free(hk);
    if (h == THE_NON_VALUE || r == THE_NON_VALUE) oom();
    return (Pair){h, r, flags};
}

static Pair gen_fun(Graph *g, unsigned depth) {
    FunEntry *fe = &g->funs[graph_below(g, GRAPH_FUNS)];
    Pair fv[GRAPH_FUNS];
    unsigned flags = 0;
    for (unsigned i = 0; i < fe->nfree; i++) {
        fv[i] = gen(g, depth + 1);
        flags |= fv[i].flags;
    }
    Term *hp, *rp;
    alloc2(g, 2 + fe->nfree, &hp, &rp);
    hp[0] = rp[0] = MAKE_HEADER(SUB_FUN, 1 + fe->nfree);
    hp[1] = rp[1] = (Term)(uintptr_t)fe;
    for (unsigned i = 0; i < fe->nfree; i++) {
        hp[2 + i] = fv[i].h;
        rp[2 + i] = fv[i].r;
    }
    return (Pair){make_boxed(hp), make_boxed(rp), flags};
}

static Pair gen(Graph *g, unsigned depth) {
    g->budget--;
    if (g->budget <= 0 || depth >= MAX_DEPTH) {
        if (g->lit_mode || !g->npool || graph_below(g, 4)) return gen_leaf(g);
        return g->pool[graph_below(g, g->npool)];
    }
    Pair t;
    unsigned k = graph_below(g, 20);
    if (k < 5) {
        t = gen_leaf(g);
    } else if (k < 8) {
        if (g->lit_mode ? !g->nlits : !g->npool) return gen_leaf(g);
        return g->lit_mode ? graph_literal(g) : g->pool[graph_below(g, g->npool)];
    } else if (k < 12) {
        t = gen_tuple(g, depth);
    } else if (k < 16) {
        t = gen_list(g, depth);
    } else if (k < 18) {
        t = gen_map(g, depth);
    } else {
        t = gen_fun(g, depth);
    }
    if (!is_immed(t.h)) graph_pool_add(g, t);
    return t;
}

Pair graph_term(Graph *g, long budget) {
    g->budget = budget;
    return gen(g, 0);
}

Pair graph_deep(Graph *g) {
    unsigned kind = graph_below(g, 4);
    Pair t = same(NIL);
    if (kind == 0) { /* a long list */
        unsigned n = 1000 + graph_below(g, 20000);
        for (unsigned i = 0; i < n; i++) {
            g->budget = 1;
            t = cons2(g, gen(g, MAX_DEPTH), t);
        }
    } else if (kind == 1 || kind == 2) { /* deep nesting: {{{...}, x}, x} or [[[...]]] */
        unsigned n = 500 + graph_below(g, 5000);
        for (unsigned i = 0; i < n; i++) {
            g->budget = 1;
            Pair x = gen(g, MAX_DEPTH);
            if (kind == 2) {
                t = cons2(g, t, x);
                continue;
            }
            Term *hp, *rp;
            alloc2(g, 3, &hp, &rp);
            hp[0] = rp[0] = MAKE_HEADER(SUB_TUPLE, 2);
            hp[1] = t.h;
            rp[1] = t.r;
            hp[2] = x.h;
            rp[2] = x.r;
            t = (Pair){make_boxed(hp), make_boxed(rp), t.flags | x.flags};
        }
    } else { /* {T, T} doubled: a small graph, an exponential tree */
        g->budget = 3;
        t = gen(g, MAX_DEPTH - 1);
        unsigned n = 20 + graph_below(g, 60);
        for (unsigned i = 0; i < n; i++) {
            Term *hp, *rp;
            alloc2(g, 3, &hp, &rp);
            hp[0] = rp[0] = MAKE_HEADER(SUB_TUPLE, 2);
            hp[1] = hp[2] = t.h;
            rp[1] = rp[2] = t.r;
            t = (Pair){make_boxed(hp), make_boxed(rp), t.flags | PAIR_HUGE};
        }
    }
    if (!is_immed(t.h)) graph_pool_add(g, t);
    return t;
}

/* ---- walking the two copies together ---- */

/* The term words of the object at b (header h): [*first, *end). */
static void term_words(const Term *b, unsigned *first, unsigned *end) {
    Term h = b[0];
    unsigned a = (unsigned)HEADER_ARITY(h);
    *first = 1;
    *end = 1 + a;
    switch (HEADER_SUB(h)) {
    case SUB_TUPLE: break;
    case SUB_FUN:
    case SUB_MAP: *first = 2; break;
    case SUB_SUB_BIN: *first = 3; *end = 4; break;
    case SUB_MATCH: *end = 2; break;
    default: *end = 1; break;
    }
}

Pair graph_subterm(Graph *g, Pair t) {
    for (unsigned steps = graph_below(g, 8); steps > 0; steps--) {
        Term h = t.h, r = t.r;
        if (is_list(h)) {
            unsigned i = graph_below(g, 2);
            t.h = list_ptr(h)[i];
            t.r = list_ptr(r)[i];
        } else if (is_map(h) && map_is_hamt(h)) {
            /* a pair's key or value: inner nodes are no terms */
            UWord n = map_size(h), k = graph_rand(g) % n;
            MapIter hi, ri;
            Term hk = NIL, hv = NIL, rk = NIL, rv = NIL;
            map_iter_init(&hi, h);
            map_iter_init(&ri, r);
            for (UWord i = 0; i <= k; i++) {
                map_iter_next(&hi, &hk, &hv);
                map_iter_next(&ri, &rk, &rv);
            }
            bool key = graph_below(g, 2);
            t.h = key ? hk : hv;
            t.r = key ? rk : rv;
        } else if (is_boxed(h)) {
            unsigned first, end;
            term_words(boxed_ptr(h), &first, &end);
            if (first >= end) break;
            unsigned i = first + graph_below(g, end - first);
            t.h = boxed_ptr(h)[i];
            t.r = boxed_ptr(r)[i];
        } else {
            break;
        }
        t.flags &= ~(unsigned)PAIR_MATCH;
    }
    return t;
}

/* ---- comparison ---- */

/* A growable set of pointers (or pointer pairs), open addressing. */
typedef struct PtrSet {
    uintptr_t *k;   /* keys; 0 is empty */
    uintptr_t *v;   /* values */
    size_t cap, n;
} PtrSet;

static size_t ps_slot(const PtrSet *s, uintptr_t k) {
    uint64_t x = (uint64_t)k * 0x9E3779B97F4A7C15ull;
    size_t i = (size_t)(x >> 20) & (s->cap - 1);
    while (s->k[i] && s->k[i] != k) i = (i + 1) & (s->cap - 1);
    return i;
}

/* Inserts k => v; false when k was already there (its value in *old). */
static bool ps_put(PtrSet *s, uintptr_t k, uintptr_t v, uintptr_t *old) {
    if (2 * (s->n + 1) > s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 1024;
        PtrSet b = {calloc(cap, sizeof(uintptr_t)), calloc(cap, sizeof(uintptr_t)), cap, 0};
        if (!b.k || !b.v) oom();
        for (size_t i = 0; i < s->cap; i++)
            if (s->k[i]) {
                size_t j = ps_slot(&b, s->k[i]);
                b.k[j] = s->k[i];
                b.v[j] = s->v[i];
                b.n++;
            }
        free(s->k);
        free(s->v);
        *s = b;
    }
    size_t i = ps_slot(s, k);
    if (s->k[i]) {
        if (old) *old = s->v[i];
        return false;
    }
    s->k[i] = k;
    s->v[i] = v;
    s->n++;
    return true;
}

static void ps_free(PtrSet *s) {
    free(s->k);
    free(s->v);
}

typedef struct Work {
    Term *w;
    size_t n, cap;
} Work;

static void push(Work *s, Term t) {
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 256;
        s->w = realloc(s->w, s->cap * sizeof *s->w);
        if (!s->w) oom();
    }
    s->w[s->n++] = t;
}

static bool in_lit(const Graph *g, Term t) {
    return lit_contains(&g->lit, is_list(t) ? list_ptr(t) : boxed_ptr(t)) != 0;
}

static bool differ(char *why, size_t len, const char *what, Term h, Term r) {
    snprintf(why, len, "%s (heap word %#llx, reference %#llx)", what, (unsigned long long)h,
             (unsigned long long)r);
    return false;
}

bool graph_same(const Graph *g, Term h0, Term r0, bool strict_lit, char *why, size_t whylen) {
    Work s = {0};
    PtrSet seen = {0};
    bool ok = true;
    push(&s, h0);
    push(&s, r0);
    while (ok && s.n) {
        Term r = s.w[--s.n], h = s.w[--s.n];
        if (is_immed(r) || r == THE_NON_VALUE) {
            if (h != r) ok = differ(why, whylen, "immediate differs", h, r);
            continue;
        }
        if (term_primary(h) != term_primary(r)) {
            ok = differ(why, whylen, "primary tag differs", h, r);
            continue;
        }
        if (strict_lit && in_lit(g, r)) {
            if (h != r) ok = differ(why, whylen, "literal was copied", h, r);
            continue;
        }
        if (h == r) continue;
        uintptr_t old;
        if (!ps_put(&seen, (uintptr_t)h, (uintptr_t)r, &old) && old == (uintptr_t)r) continue;
        if (is_list(r)) {
            push(&s, list_ptr(h)[1]);
            push(&s, list_ptr(r)[1]);
            push(&s, list_ptr(h)[0]);
            push(&s, list_ptr(r)[0]);
            continue;
        }
        const Term *hb = boxed_ptr(h), *rb = boxed_ptr(r);
        if (hb[0] != rb[0]) {
            ok = differ(why, whylen, "header differs", hb[0], rb[0]);
            continue;
        }
        unsigned first, end, n = 1 + (unsigned)HEADER_ARITY(rb[0]);
        term_words(rb, &first, &end);
        for (unsigned i = 1; i < n && ok; i++) {
            if (i >= first && i < end) {
                push(&s, hb[i]);
                push(&s, rb[i]);
            } else if (HEADER_SUB(rb[0]) == SUB_REFC_BIN && i == 3) {
                /* the off-heap list link differs */
            } else if (hb[i] != rb[i]) {
                ok = differ(why, whylen, "raw word differs", hb[i], rb[i]);
            }
        }
        if (ok && HEADER_SUB(rb[0]) == SUB_REFC_BIN) {
            const BinRefc *b = (const BinRefc *)(uintptr_t)hb[2];
            if (b->refc < 1 || b->size != hb[1])
                ok = differ(why, whylen, "refc binary payload", hb[2], rb[2]);
        }
    }
    free(s.w);
    ps_free(&seen);
    return ok;
}

/* ---- census ---- */

bool graph_in_process(const Process *p, const Term *ptr) {
    if (ptr >= p->heap && ptr < p->htop) return true;
    if (ptr >= p->old_heap && ptr < p->old_htop) return true;
    for (const HeapFrag *f = p->frags; f; f = f->next)
        if (ptr >= f->mem && ptr < f->mem + f->used) return true;
    return false;
}

static void count_handle(Graph *g, const BinRefc *b) {
    for (size_t i = 0; i < g->nbins; i++)
        if (g->bins[i].b == b) {
            g->bins[i].seen++;
            return;
        }
}

void graph_count_offheap(Graph *g, const OffHeap *oh) {
    for (const Term *h = oh->first; h; h = (const Term *)(uintptr_t)h[3])
        count_handle(g, (const BinRefc *)(uintptr_t)h[2]);
}

size_t graph_tree_size(Term t, size_t cap) {
    Work s = {0};
    size_t n = 0;
    push(&s, t);
    while (s.n && n <= cap) {
        t = s.w[--s.n];
        n++;
        if (is_list(t)) {
            push(&s, list_ptr(t)[0]);
            push(&s, list_ptr(t)[1]);
        } else if (is_boxed(t)) {
            unsigned first, end;
            term_words(boxed_ptr(t), &first, &end);
            for (unsigned i = first; i < end; i++) push(&s, boxed_ptr(t)[i]);
        }
    }
    free(s.w);
    return n;
}

void graph_census(Graph *g, const Term *roots, size_t n, Census *out) {
    memset(out, 0, sizeof *out);
    const Process *p = g->p;
    Work s = {0};
    PtrSet seen = {0};
    for (size_t i = 0; i < n; i++) push(&s, roots[i]);
    while (s.n) {
        Term t = s.w[--s.n];
        if (t == THE_NON_VALUE || is_immed(t) || term_primary(t) == TAG_HEADER) continue;
        const Term *b = is_list(t) ? list_ptr(t) : boxed_ptr(t);
        if (!graph_in_process(p, b)) {
            if (lit_contains(&g->lit, b))
                out->lit_refs++;
            else
                out->stray++;
            continue;
        }
        if (!ps_put(&seen, (uintptr_t)b, 1, NULL)) continue;
        out->objects++;
        size_t words = is_list(t) ? CONS_WORDS : 1 + HEADER_ARITY(b[0]);
        if (b >= p->old_heap && b < p->old_htop) out->old_words += words;
        if (b >= p->heap && b < p->htop) out->young_words += words;
        if (is_list(t)) {
            out->words += CONS_WORDS;
            push(&s, b[0]);
            push(&s, b[1]);
            continue;
        }
        out->words += 1 + HEADER_ARITY(b[0]);
        if (HEADER_SUB(b[0]) == SUB_REFC_BIN) {
            const BinRefc *bin = (const BinRefc *)(uintptr_t)b[2];
            out->handles++;
            out->handle_bytes += bin->size;
            count_handle(g, bin);
        }
        unsigned first, end;
        term_words(b, &first, &end);
        for (unsigned i = first; i < end; i++) push(&s, b[i]);
    }
    free(s.w);
    ps_free(&seen);
}

/* ---- set-up ---- */

void graph_init(Graph *g, girder_vm *vm, Process *p, uint64_t seed) {
    memset(g, 0, sizeof *g);
    g->vm = vm;
    g->p = p;
    g->rng = seed;
    lit_init(&g->ref);
    lit_init(&g->lit);
    static const char *const names[GRAPH_ATOMS] = {
        "ok", "error", "undefined", "true", "false", "a", "hello_world", "\xc3\xa9toile",
        "[]", "with space", "z", "gc_graph"};
    for (unsigned i = 0; i < GRAPH_ATOMS; i++)
        if (atom_put(&vm->atoms, names[i], strlen(names[i]), &g->atoms[i]) != ATOM_OK) oom();
    if (atom_put(&vm->atoms, "other@host", 10, &g->node) != ATOM_OK) oom();
    for (unsigned i = 0; i < GRAPH_FUNS; i++) {
        FunEntry *fe = &g->funs[i];
        fe->module = g->atoms[11];
        fe->name = g->atoms[5 + i];
        fe->arity = i % 3;
        fe->nfree = i;
        fe->index = i;
        fe->old_uniq = 0x1234567u + i;
        for (unsigned j = 0; j < 16; j++) fe->md5[j] = (uint8_t)(i * 16 + j);
    }
    for (unsigned i = 0; i < GRAPH_EXPORTS; i++) {
        g->exports[i] = export_get(vm, g->atoms[11], g->atoms[i], i);
        if (!g->exports[i]) oom();
    }
    /* The literal area: a few terms made of each other. */
    g->lit_mode = true;
    for (unsigned i = 0; i < 24; i++) {
        g->budget = 1 + graph_below(g, 40);
        Pair t = gen(g, 1);
        if (!is_immed(t.h)) graph_pool_add(g, t);
    }
    g->lit_mode = false;
}

void graph_free(Graph *g) {
    lit_free(&g->ref);
    lit_free(&g->lit);
    for (size_t i = 0; i < g->nbins; i++) bin_refc_release(g->bins[i].b);
    free(g->bins);
    g->bins = NULL;
    g->nbins = g->capbins = 0;
}
