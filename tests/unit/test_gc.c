/*
 * test_gc.c: the process collector (gc_collect_may_gc) on random term
 * graphs.
 *
 * For each seed, random terms of every kind (see gc_graph.h: deep and
 * long lists, shared subterms, bignums, floats, flat and trie maps, heap,
 * refc and sub binaries, match contexts, funs with free variables, export
 * funs, local and external refs, pids and ports, tuples, improper lists,
 * literals) are put in every kind of root: x registers, y registers in
 * stack frames (beside continuation pointers and catch tags), the process
 * dictionary, the exception state, messages in the queue, and received
 * messages whose terms still lie in their fragments.  Each term has a
 * reference copy built in lockstep outside the process.  The process is
 * collected again and again (gc_collect_may_gc with need 0 and with a
 * large need, gc_collect_major, compacting or not; fullsweep_after and the
 * binary budget vary by seed so minor and major collections mix), with
 * mutations in between (new terms pointing at survivors, dropped and
 * replaced roots, messages sent and received), and after every one:
 *   - every root is the same as its reference: structurally word by word
 *     (which binary kind, which map kind, raw words), by =:= and term
 *     order, and by term_to_binary bytes;
 *   - literals are not copied (the pointer is the same);
 *   - the roots reach the same objects as before, each shared object once
 *     (sharing is kept), all of them in the young or old heap; the young
 *     block holds only what they reach; after a major collection the
 *     heap holds exactly that; no fragment is left;
 *   - the off-heap lists lie in their generations and hold every live
 *     handle (after a major collection, only those), and every refc
 *     binary's count is exactly the handles that exist;
 *   - the requested free space is there.
 * At the end every root is dropped: after a major collection the heap is
 * empty and small, and the binaries' counts fall to the generator's own.
 *
 * Then fixed tests: literals in roots (a LitArea, and a real module's
 * literal area when OTP is found), refc counts as handles die young or
 * old, the heap shrinking after big garbage, the young heap growing for
 * a long list built again and again, max_heap_size, and a
 * throughput loop that allocates as the interpreter does and must keep
 * the heap bounded.
 *
 * GIRDER_GC_SEED=N runs seed N alone; GIRDER_GC_SEEDS=N runs N seeds
 * (default 40).  A failure prints the seed.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bif.h"
#include "check.h"
#include "compare.h"
#include "dict.h"
#include "gc_graph.h"
#include "print.h"
#include "signal.h"
#include "vm.h"

#define MAX_X 200
#define MAX_STACK 400
#define MAX_D 40
#define MAX_M 16
#define NEXC 5
/* Trees larger than this are compared as graphs only (term_eq_exact and
 * term_to_binary would walk them as trees). */
#define TREE_CAP 50000

static uint64_t cur_seed;
static char stage[160]; /* what the seed was doing, for failure reports */
static size_t total_collections, total_compared, total_majors;
static bool seed_reported;

/* A CHECK that names the seed the first time it fails. */
#define SCHECK(cond)                                                                     \
    do {                                                                                 \
        int before_ = check_failed;                                                      \
        CHECK(cond);                                                                     \
        if (check_failed != before_ && !seed_reported) {                                 \
            seed_reported = true;                                                        \
            fprintf(stderr, "  (seed %llu, %s: rerun with GIRDER_GC_SEED=%llu)\n",      \
                    (unsigned long long)cur_seed, stage, (unsigned long long)cur_seed);  \
        }                                                                                \
    } while (0)

/* Code words that stand for continuation pointers on the stack. */
static Instr fake_code[16];

typedef struct Ctx {
    girder_vm *vm;
    Process *p;        /* collected */
    Process *scratch;  /* term_to_binary results go here */
    Graph g;
    Term x[MAX_X];     /* x registers */
    Pair xr[MAX_X];    /* their references (xr[i].h is stale after a collection) */
    bool xstrict[MAX_X]; /* false for received messages (their literals were copied) */
    unsigned live;
    Term stack_ref[MAX_STACK]; /* p->stop[i]'s reference, CPs and catches as themselves */
    size_t nstack;
    Pair dkey[MAX_D], dval[MAX_D]; /* dictionary pairs by index */
    bool dhave[MAX_D];
    Pair exc[NEXC];    /* exception state references */
    Pair msg[MAX_M];   /* queued messages' references, oldest first */
    unsigned nm;
    size_t collections;
    size_t compared;
} Ctx;

static Term *exc_slot(Process *p, unsigned i) {
    switch (i) {
    case 0: return &p->fail_reason;
    case 1: return &p->fail_args;
    case 2: return &p->stacktrace;
    case 3: return &p->fail_info;
    default: return &p->exit_reason;
    }
}

/* Words in use in the young and old heaps. */
static size_t heap_used(const Process *p) {
    return (size_t)(p->htop - p->heap) + (size_t)(p->old_htop - p->old_heap);
}
static size_t young_used(const Process *p) { return (size_t)(p->htop - p->heap); }

static unsigned below(Ctx *c, unsigned n) { return graph_below(&c->g, n); }

/* A term small enough to copy into a message or to hash as a key. */
static Pair small_term(Ctx *c, long budget) {
    for (int tries = 0; tries < 8; tries++) {
        Pair t = graph_term(&c->g, budget);
        if (!(t.flags & PAIR_HUGE) && graph_tree_size(t.h, 20000) <= 20000) return t;
    }
    return (Pair){make_small(7), make_small(7), 0};
}

/* A term for a root of any kind. */
static Pair root_term(Ctx *c, bool allow_match) {
    unsigned k = below(c, 40);
    if (k == 0) return graph_deep(&c->g);
    if (k < 4 && allow_match) return graph_match(&c->g);
    if (k < 7) return graph_literal(&c->g);
    if (k < 9) return (Pair){make_small(k), make_small(k), 0};
    return graph_term(&c->g, 1 + below(c, below(c, 4) ? 60 : 600));
}

/* ---- the dictionary ---- */

/* The heap key {I, _} of dictionary entry i, or THE_NON_VALUE. */
static Term dict_key(Process *p, unsigned i) {
    size_t n;
    Term *d = dict_roots(p, &n);
    for (size_t s = 0; s < n; s++) {
        for (Term b = d[s]; !is_nil(b);) {
            Term pair = is_list(b) ? list_ptr(b)[0] : b;
            Term k = tuple_elems(pair)[0];
            if (small_val(tuple_elems(k)[0]) == (SWord)i) return k;
            if (!is_list(b)) break;
            b = list_ptr(b)[1];
        }
    }
    return THE_NON_VALUE;
}

static void dict_put(Ctx *c, unsigned i) {
    Term args[2];
    if (c->dhave[i]) {
        args[0] = dict_key(c->p, i); /* keep its key: put replaces the value */
    } else {
        Pair k = small_term(c, 1 + below(c, 20));
        c->dkey[i] = graph_tuple2(&c->g, (Pair){make_small(i), make_small(i), 0}, k);
        args[0] = c->dkey[i].h;
    }
    Pair v = root_term(c, false);
    args[1] = v.h;
    SCHECK(bif_erlang_put_2(c->p, args) != THE_NON_VALUE);
    c->dval[i] = v;
    c->dhave[i] = true;
}

static void dict_erase(Ctx *c, unsigned i) {
    if (!c->dhave[i]) return;
    Term k = dict_key(c->p, i);
    SCHECK(k != THE_NON_VALUE);
    if (k == THE_NON_VALUE) return;
    SCHECK(bif_erlang_erase_1(c->p, &k) != THE_NON_VALUE);
    c->dhave[i] = false;
}

/* ---- messages ---- */

static void send_messages(Ctx *c, unsigned n) {
    for (unsigned i = 0; i < n && c->nm < MAX_M; i++) {
        Pair t = small_term(c, 1 + below(c, 80));
        Signal *s = sig_make_message(make_pid(77), t.h);
        SCHECK(s != NULL);
        if (!s) return;
        sig_deliver(c->vm, c->p, s);
        c->msg[c->nm++] = t;
    }
    SCHECK(sig_take(c->p));
}

/* Receives the oldest n messages into x registers (their terms stay in
 * the fragments they came in until the next collection). */
static void receive_messages(Ctx *c, unsigned n) {
    for (unsigned i = 0; i < n && c->nm && c->live < MAX_X; i++) {
        Process *p = c->p;
        Term t = p->mq_first->term;
        p->save = &p->mq_first;
        sig_remove_message(p);
        if (below(c, 4)) { /* else dropped: garbage in a fragment */
            c->x[c->live] = t;
            c->xr[c->live] = c->msg[0];
            c->xstrict[c->live] = false;
            c->live++;
        }
        memmove(c->msg, c->msg + 1, --c->nm * sizeof c->msg[0]);
    }
}

/* ---- the stack ---- */

static void reseed_pool(Ctx *c);

/* Pushes frames (continuation pointer, then y registers) of nwords in all. */
static void push_frames(Ctx *c, size_t nwords) {
    Process *p = c->p;
    if (nwords > MAX_STACK - c->nstack) nwords = MAX_STACK - c->nstack;
    if ((size_t)(p->stop - p->htop) < nwords + 1) {
        GcResult r = gc_collect_may_gc(p, nwords + 1, c->x, c->live);
        SCHECK(r == GC_OK);
        c->collections++;
        reseed_pool(c);
    }
    p->stop -= nwords;
    size_t base = c->nstack;
    memmove(c->stack_ref + nwords, c->stack_ref, base * sizeof(Term));
    c->nstack += nwords;
    for (size_t i = 0; i < nwords;) {
        size_t ny = below(c, 8);
        if (ny > nwords - i - 1) ny = nwords - i - 1;
        Term cp = (Term)(uintptr_t)&fake_code[below(c, 16)];
        p->stop[i] = c->stack_ref[i] = cp;
        i++;
        for (size_t j = 0; j < ny; j++, i++) p->stop[i] = c->stack_ref[i] = NIL;
    }
}

/* Sets some y registers (never a continuation pointer). */
static void set_ys(Ctx *c, unsigned n) {
    for (unsigned k = 0; k < n && c->nstack; k++) {
        size_t i = below(c, (unsigned)c->nstack);
        if (term_primary(c->stack_ref[i]) == TAG_HEADER) continue;
        unsigned kind = below(c, 8);
        if (kind == 0) {
            c->p->stop[i] = c->stack_ref[i] = make_catch(below(c, 100));
            continue;
        }
        Pair t = root_term(c, true);
        c->p->stop[i] = t.h;
        c->stack_ref[i] = t.r;
    }
}

/* ---- checks ---- */

static Term roots_buf[MAX_X + MAX_STACK + 4096 + NEXC];

/* Every heap-side root, for a census. */
static size_t gather_roots(Ctx *c) {
    size_t n = 0;
    for (unsigned i = 0; i < c->live; i++) roots_buf[n++] = c->x[i];
    for (size_t i = 0; i < c->nstack; i++) roots_buf[n++] = c->p->stop[i];
    size_t nd;
    Term *d = dict_roots(c->p, &nd);
    if (nd > 4096) abort(); /* a dictionary of at most MAX_D pairs is smaller */
    for (size_t i = 0; i < nd; i++) roots_buf[n++] = d[i];
    for (unsigned i = 0; i < NEXC; i++) roots_buf[n++] = *exc_slot(c->p, i);
    return n;
}

/* term_to_binary(t) on p, running its continuations when it traps (no
 * collection happens in between, so t stays where it is). */
static Term to_binary(Process *p, Term t) {
    Term args[8] = {t};
    Term r = bif_erlang_term_to_binary_1(p, args);
    while (r == THE_NON_VALUE && p->trap) {
        Export *e = p->trap;
        p->trap = NULL;
        r = e->bif(p, args);
    }
    return r;
}

/* Compares h with reference r in every way that applies. */
static void compare_root(Ctx *c, const char *what, Term h, Term r, bool strict) {
    char why[200];
    bool same = graph_same(&c->g, h, r, strict, why, sizeof why);
    SCHECK(same);
    if (!same) fprintf(stderr, "  %s: %s\n", what, why);
    c->compared++;
    if (!same || r == THE_NON_VALUE || is_immed(r)) return;
    if (is_boxed(r) && HEADER_SUB(boxed_header(r)) == SUB_MATCH) return;
    if (graph_tree_size(r, TREE_CAP) > TREE_CAP) return;
    SCHECK(term_eq_exact(h, r));
    SCHECK(term_compare_exact(&c->vm->atoms, h, r) == 0);
    Term hb = to_binary(c->scratch, h);
    Term rb = to_binary(c->scratch, r);
    SCHECK(hb != THE_NON_VALUE && rb != THE_NON_VALUE);
    if (hb == THE_NON_VALUE || rb == THE_NON_VALUE) {
        StrBuf sb = STRBUF_INIT;
        print_term(&sb, &c->vm->atoms, c->scratch->fail_reason, PRINT_DISPLAY);
        sb_puts(&sb, " on ");
        print_term(&sb, &c->vm->atoms, r, PRINT_DISPLAY);
        fprintf(stderr, "  %s: term_to_binary failed: %.300s\n", what, sb_str(&sb));
        sb_free(&sb);
    }
    if (hb != THE_NON_VALUE && rb != THE_NON_VALUE) {
        const unsigned char *hbase, *rbase;
        UWord hoff, hbits, roff, rbits;
        binary_get(hb, &hbase, &hoff, &hbits);
        binary_get(rb, &rbase, &roff, &rbits);
        bool eq = hbits == rbits && memcmp(hbase + hoff / 8, rbase + roff / 8, hbits / 8) == 0;
        SCHECK(eq);
        if (!eq) fprintf(stderr, "  %s: term_to_binary differs\n", what);
    }
    GcResult g = gc_collect_may_gc(c->scratch, 0, NULL, 0);
    SCHECK(g == GC_OK);
}

static void compare_all(Ctx *c) {
    char what[64];
    for (unsigned i = 0; i < c->live; i++) {
        snprintf(what, sizeof what, "x%u", i);
        compare_root(c, what, c->x[i], c->xr[i].r, c->xstrict[i]);
    }
    for (size_t i = 0; i < c->nstack; i++) {
        Term w = c->p->stop[i], r = c->stack_ref[i];
        if (term_primary(r) == TAG_HEADER || is_immed(r)) {
            SCHECK(w == r);
            continue;
        }
        snprintf(what, sizeof what, "stack word %zu", i);
        compare_root(c, what, w, r, true);
    }
    unsigned found = 0, want = 0;
    for (unsigned i = 0; i < MAX_D; i++) {
        if (!c->dhave[i]) continue;
        want++;
        Term k = dict_key(c->p, i);
        SCHECK(k != THE_NON_VALUE);
        if (k == THE_NON_VALUE) continue;
        found++;
        snprintf(what, sizeof what, "dictionary key %u", i);
        compare_root(c, what, k, c->dkey[i].r, true);
        Term v = bif_erlang_get_1(c->p, &k);
        snprintf(what, sizeof what, "dictionary value %u", i);
        compare_root(c, what, v, c->dval[i].r, true);
    }
    SCHECK(found == want);
    SCHECK((c->p->pdict ? c->p->pdict->n : 0) == want);
    for (unsigned i = 0; i < NEXC; i++) {
        snprintf(what, sizeof what, "exception field %u", i);
        compare_root(c, what, *exc_slot(c->p, i), c->exc[i].r, true);
    }
    unsigned k = 0;
    for (Signal *s = c->p->mq_first; s; s = s->next, k++) {
        SCHECK(k < c->nm);
        if (k >= c->nm) break;
        snprintf(what, sizeof what, "message %u", k);
        compare_root(c, what, s->term, c->msg[k].r, false);
    }
    SCHECK(k == c->nm);
}

/* Walks an off-heap list: its length and bytes; every handle must lie
 * in [lo, hi). */
static size_t list_handles(const OffHeap *oh, const Term *lo, const Term *hi, size_t *bytes) {
    size_t len = 0;
    *bytes = 0;
    for (const Term *h = oh->first; h && len < 10000000; h = (const Term *)(uintptr_t)h[3]) {
        SCHECK(h >= lo && h < hi);
        len++;
        *bytes += ((const BinRefc *)(uintptr_t)h[2])->size;
    }
    return len;
}

/* The off-heap lists hold every live handle (and, after a minor
 * collection, maybe dead ones in the old heap); every refc binary's count
 * is exactly the handles that exist. */
static void check_refcs(Ctx *c, const Census *after, bool major) {
    Graph *g = &c->g;
    Process *p = c->p;
    size_t ybytes, obytes;
    size_t young = list_handles(&p->off_heap, p->heap, p->htop, &ybytes);
    size_t old = list_handles(&p->old_off_heap, p->old_heap, p->old_htop, &obytes);
    SCHECK(p->off_heap.bytes == ybytes);
    SCHECK(p->old_off_heap.bytes == obytes);
    SCHECK(young + old >= after->handles);
    if (major) {
        SCHECK(old == 0);
        SCHECK(young == after->handles);
        SCHECK(ybytes == after->handle_bytes);
    }
    for (size_t i = 0; i < g->nbins; i++) g->bins[i].seen = 0;
    graph_count_offheap(g, &p->off_heap);
    graph_count_offheap(g, &p->old_off_heap);
    for (Signal *s = p->mq_first; s; s = s->next) graph_count_offheap(g, &s->off_heap);
    for (size_t i = 0; i < g->nbins; i++) {
        long want = 1 + (long)g->bins[i].area_handles + (long)g->bins[i].seen;
        long have = atomic_load(&g->bins[i].b->refc);
        SCHECK(have == want);
        if (have != want) fprintf(stderr, "  binary %zu: refc %ld, handles %ld\n", i, have, want);
    }
}

enum { GC_ANY, GC_MAJOR, GC_COMPACT };

/* Collects with `need` (a collection of the given kind) and checks everything. */
static void collect_and_check(Ctx *c, size_t need, int kind) {
    Process *p = c->p;
    size_t n = gather_roots(c);
    Census before, after;
    graph_census(&c->g, roots_buf, n, &before);
    SCHECK(before.stray == 0);
    size_t stack = c->nstack;
    snprintf(stage, sizeof stage,
             "collection %zu (%s, need %zu; minor collections before it %u, fullsweep_after %u)",
             c->collections + 1, kind == GC_ANY ? "gc_collect_may_gc" : "gc_collect_major", need,
             p->minor_gcs, p->fullsweep_after);
    GcResult r = kind == GC_ANY ? gc_collect_may_gc(p, need, c->x, c->live)
                                : gc_collect_major(p, need, c->x, c->live, kind == GC_COMPACT);
    SCHECK(r == GC_OK);
    c->collections++;
    SCHECK(p->frags == NULL && p->frag_words == 0);
    SCHECK((size_t)(p->hend - p->stop) == stack);
    SCHECK((size_t)(p->stop - p->htop) >= need);
    n = gather_roots(c);
    graph_census(&c->g, roots_buf, n, &after);
    SCHECK(after.stray == 0);
    /* Copying keeps sharing: the same objects, once each. */
    SCHECK(after.objects == before.objects);
    SCHECK(after.words == before.words);
    /* The young block holds only what was copied into it; the old heap
     * may keep garbage until a major collection. */
    SCHECK(young_used(p) == after.young_words);
    SCHECK(after.young_words + after.old_words == after.words);
    bool major = p->old_heap == NULL;
    if (p->minor_gcs == 0) total_majors++;
    if (kind != GC_ANY) SCHECK(major);
    if (major) SCHECK(heap_used(p) == after.words);
    if (young_used(p) != after.young_words || after.words != before.words ||
        (major && heap_used(p) != after.words))
        fprintf(stderr,
                "  heap %zu young + %zu old words; reachable before %zu, after %zu (%zu young)\n",
                young_used(p), heap_used(p) - young_used(p), before.words, after.words,
                after.young_words);
    compare_all(c);
    check_refcs(c, &after, major);
    reseed_pool(c);
}

/* After a collection the pool's heap terms are stale: refills it with
 * subterms of the roots, so new terms point at survivors. */
static void reseed_pool(Ctx *c) {
    Graph *g = &c->g;
    graph_pool_clear(g);
    for (unsigned k = 0; k < 40 && c->live; k++) {
        unsigned i = below(c, c->live);
        if (!c->xstrict[i] || (c->xr[i].flags & PAIR_MATCH)) continue;
        graph_pool_add(g, graph_subterm(g, (Pair){c->x[i], c->xr[i].r, c->xr[i].flags}));
    }
    for (unsigned i = 0; i < MAX_D; i++)
        if (c->dhave[i] && below(c, 3) == 0) {
            Term k = dict_key(c->p, i);
            Pair v = {bif_erlang_get_1(c->p, &k), c->dval[i].r, c->dval[i].flags};
            graph_pool_add(g, graph_subterm(g, v));
        }
}

/* New terms (some pointing at survivors), dropped and replaced roots. */
static void mutate(Ctx *c) {
    if (below(c, 3) == 0) c->live = below(c, c->live + 1); /* drop the last ones */
    for (unsigned k = below(c, 10); k > 0 && c->live; k--) {
        unsigned i = below(c, c->live);
        Pair t = root_term(c, true);
        c->x[i] = t.h;
        c->xr[i] = t;
        c->xstrict[i] = true;
    }
    for (unsigned k = below(c, 6); k > 0 && c->live < MAX_X - MAX_M; k--) {
        Pair t = root_term(c, true);
        c->x[c->live] = t.h;
        c->xr[c->live] = t;
        c->xstrict[c->live++] = true;
    }
    set_ys(c, below(c, 6));
    for (unsigned k = below(c, 6); k > 0; k--) {
        unsigned i = below(c, MAX_D);
        if (below(c, 3) == 0)
            dict_erase(c, i);
        else
            dict_put(c, i);
    }
    if (below(c, 2)) {
        unsigned i = below(c, NEXC);
        c->exc[i] = below(c, 3) ? root_term(c, false) : (Pair){NIL, NIL, 0};
        *exc_slot(c->p, i) = c->exc[i].h;
    }
    send_messages(c, below(c, 3));
    receive_messages(c, below(c, 3));
}

static void run_seed(girder_vm *vm, uint64_t seed) {
    cur_seed = seed;
    seed_reported = false;
    snprintf(stage, sizeof stage, "building");
    static Ctx ctx;
    Ctx *c = &ctx;
    memset(c, 0, sizeof *c);
    c->vm = vm;
    c->p = proc_new(vm, 0);
    c->scratch = proc_new(vm, 0);
    if (!c->p || !c->scratch) abort();
    c->p->pid = make_pid(100);
    c->scratch->pid = make_pid(101);
    graph_init(&c->g, vm, c->p, seed);
    static const unsigned fullsweep[] = {0, 2, 5, 65535, 65535};
    c->p->fullsweep_after = fullsweep[below(c, 5)];
    if (below(c, 3) == 0) { /* a small binary budget: old binaries call for major collections */
        c->p->min_bin_vheap = 1 + below(c, 300);
        c->p->bin_vheap = c->p->bin_old_vheap = c->p->min_bin_vheap * sizeof(Term);
    }
    for (unsigned i = 0; i < NEXC; i++) {
        Term t = *exc_slot(c->p, i);
        c->exc[i] = (Pair){t, t, 0};
    }

    push_frames(c, below(c, 2) ? below(c, MAX_STACK / 2) : 0);
    set_ys(c, below(c, 40));
    unsigned live = below(c, 50);
    for (unsigned i = 0; i < live; i++) {
        Pair t = root_term(c, true);
        c->x[c->live] = t.h;
        c->xr[c->live] = t;
        c->xstrict[c->live++] = true;
    }
    for (unsigned k = below(c, 12); k > 0; k--) dict_put(c, below(c, MAX_D));
    for (unsigned i = 0; i < NEXC; i++)
        if (below(c, 2)) {
            c->exc[i] = root_term(c, false);
            *exc_slot(c->p, i) = c->exc[i].h;
        }
    send_messages(c, below(c, 6));
    receive_messages(c, below(c, 4));

    collect_and_check(c, 0, GC_ANY);
    collect_and_check(c, 1000 + below(c, 200000), GC_ANY); /* growth */
    for (unsigned round = 0; round < 8; round++) {
        if (below(c, 3)) mutate(c);
        if (below(c, 4) == 0) {
            push_frames(c, below(c, 40));
            set_ys(c, 10);
        }
        unsigned k = below(c, 10);
        collect_and_check(c, below(c, 4) ? 0 : below(c, 50000),
                          k == 0 ? GC_MAJOR : k == 1 ? GC_COMPACT : GC_ANY);
    }

    /* Drop everything: the heap empties and the binaries lose their handles. */
    c->live = 0;
    c->p->stop = c->p->hend;
    c->nstack = 0;
    SCHECK(bif_erlang_erase_0(c->p, NULL) != THE_NON_VALUE);
    memset(c->dhave, 0, sizeof c->dhave);
    for (unsigned i = 0; i < NEXC; i++) {
        c->exc[i] = (Pair){NIL, NIL, 0};
        *exc_slot(c->p, i) = NIL;
    }
    receive_messages(c, MAX_M);
    c->live = 0;
    collect_and_check(c, 0, GC_ANY);
    SCHECK(young_used(c->p) == 0);
    collect_and_check(c, 0, GC_MAJOR);
    SCHECK(heap_used(c->p) == 0);
    SCHECK(c->p->off_heap.first == NULL && c->p->old_off_heap.first == NULL);
    SCHECK(gc_total_heap_words(c->p) <= 8192);

    total_collections += c->collections;
    total_compared += c->compared;
    proc_free(c->p);
    proc_free(c->scratch);
    graph_free(&c->g);
}

/* ---- fixed tests ---- */

/* Literals stay where they are, in roots and inside heap terms. */
static void test_literals(girder_vm *vm) {
    cur_seed = 0;
    seed_reported = false;
    snprintf(stage, sizeof stage, "literals test");
    Process *p = proc_new(vm, 0);
    Graph g;
    graph_init(&g, vm, p, 12345);
    SCHECK(g.nlits > 0);
    Term x[3];
    Pair lit = graph_literal(&g);
    for (unsigned i = 0; i < g.nlits && is_immed(lit.h); i++) lit = g.lits[i];
    x[0] = lit.h;
    Term *hp = proc_alloc(p, 3);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = lit.h;
    hp[2] = make_small(1);
    x[1] = make_boxed(hp);
    hp = proc_alloc(p, 2);
    hp[0] = lit.h;
    hp[1] = lit.h;
    x[2] = make_list(hp);
    for (int i = 0; i < 3; i++) {
        GcResult r = gc_collect_may_gc(p, i == 1 ? 100000 : 0, x, 3);
        SCHECK(r == GC_OK);
        SCHECK(x[0] == lit.h);
        SCHECK(tuple_elems(x[1])[0] == lit.h);
        SCHECK(list_ptr(x[2])[0] == lit.h && list_ptr(x[2])[1] == lit.h);
        SCHECK(heap_used(p) == 5);
    }
    proc_free(p);
    graph_free(&g);
}

static long refc_of(BinRefc *b) { return atomic_load(&b->refc); }

/* The literals of a real module (OTP's lists.beam, when OTP is found):
 * its attribute and compile-info lists stay in its literal area. */
static void test_module_literals(girder_vm *vm) {
    snprintf(stage, sizeof stage, "module literals test");
    const char *root = getenv("GIRDER_OTP_ROOT");
    glob_t gl;
    char pattern[4096];
    snprintf(pattern, sizeof pattern, "%s/lib/stdlib-*/ebin/lists.beam", root ? root : "");
    if (!root || !*root || glob(pattern, 0, NULL, &gl) != 0) {
        printf("module literals: no OTP found, skipped\n");
        return;
    }
    girder_error err = {0};
    char name[64];
    girder_status st = girder_load_file(vm, gl.gl_pathv[0], name, sizeof name, &err);
    globfree(&gl);
    SCHECK(st == GIRDER_OK);
    Term lists;
    if (st != GIRDER_OK || atom_put(&vm->atoms, "lists", 5, &lists) != ATOM_OK) return;
    Module *m = code_current(vm, lists);
    SCHECK(m != NULL);
    if (!m) return;
    Term a = m->attributes, ci = m->compile_info;
    SCHECK(is_list(a) && is_list(ci));
    SCHECK(lit_contains(&m->literals, list_ptr(a)) && lit_contains(&m->literals, list_ptr(ci)));
    Process *p = proc_new(vm, 0);
    Term x[2];
    x[0] = a;
    Term *hp = proc_alloc(p, 3);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = ci;
    hp[2] = a;
    x[1] = make_boxed(hp);
    for (int i = 0; i < 4; i++) {
        GcResult r = i == 3 ? gc_collect_major(p, 0, x, 2, true) : gc_collect_may_gc(p, 0, x, 2);
        SCHECK(r == GC_OK);
        SCHECK(x[0] == a && tuple_elems(x[1])[0] == ci && tuple_elems(x[1])[1] == a);
        SCHECK(heap_used(p) == 3);
    }
    printf("module literals: %s's attributes and compile info stay in its literal area\n", name);
    proc_free(p);
}

/* A refc binary's count follows its handles through collections: a
 * handle that dies young is released by the next minor collection, one
 * that died in the old heap by the next major one. */
static void test_refc(girder_vm *vm) {
    cur_seed = 0;
    seed_reported = false;
    snprintf(stage, sizeof stage, "refc test");
    Process *p = proc_new(vm, 0);
    BinRefc *b = bin_refc_new(1000);
    if (!p || !b) abort();
    memset(b->data, 7, 1000);
    bin_refc_retain(b); /* ours, to watch it */
    Term x[4];
    x[0] = bin_make_refc_handle(proc_alloc(p, REFC_BIN_WORDS), b, &p->off_heap);
    bin_refc_retain(b);
    x[1] = bin_make_refc_handle(proc_alloc(p, REFC_BIN_WORDS), b, &p->off_heap);
    Term *sub = proc_alloc(p, SUB_BIN_WORDS);
    sub[0] = MAKE_HEADER(SUB_SUB_BIN, 3);
    sub[1] = 800 * 8;
    sub[2] = 3;
    sub[3] = x[1];
    x[2] = make_boxed(sub);
    Term *mc = proc_alloc(p, 5);
    mc[0] = MAKE_HEADER(SUB_MATCH, 4);
    mc[1] = x[0];
    mc[2] = 0;
    mc[3] = 8;
    mc[4] = 8000;
    x[3] = make_boxed(mc);
    SCHECK(refc_of(b) == 3);
    GcResult r = gc_collect_may_gc(p, 0, x, 4);
    SCHECK(r == GC_OK && refc_of(b) == 3);
    SCHECK(p->off_heap.bytes == 2000);
    /* x[1] is gone but the sub binary holds its handle; all is promoted. */
    x[1] = x[3];
    r = gc_collect_may_gc(p, 0, x, 3);
    SCHECK(r == GC_OK && refc_of(b) == 3);
    SCHECK(p->old_off_heap.bytes + p->off_heap.bytes == 2000);
    /* Only the match context holds the first handle now. */
    x[0] = x[1];
    x[1] = x[2];
    r = gc_collect_may_gc(p, 0, x, 2);
    SCHECK(r == GC_OK && refc_of(b) == 3);
    SCHECK(boxed_ptr(boxed_ptr(x[0])[1])[2] == (Term)(uintptr_t)b); /* the context's binary */
    /* The sub binary and its handle die: in the old heap, so a minor
     * collection may keep them, a major one does not. */
    r = gc_collect_may_gc(p, 0, x, 1);
    SCHECK(r == GC_OK && refc_of(b) >= 2);
    r = gc_collect_major(p, 0, x, 1, false);
    SCHECK(r == GC_OK && refc_of(b) == 2);
    SCHECK(p->off_heap.bytes == 1000 && p->old_off_heap.bytes == 0);
    r = gc_collect_major(p, 0, x, 0, false);
    SCHECK(r == GC_OK && refc_of(b) == 1);
    SCHECK(p->off_heap.first == NULL && p->off_heap.bytes == 0);

    /* Young deaths: a handle that survives one minor collection and dies
     * before the next is released by that next minor collection. */
    bin_refc_retain(b);
    x[0] = bin_make_refc_handle(proc_alloc(p, REFC_BIN_WORDS), b, &p->off_heap);
    r = gc_collect_may_gc(p, 0, x, 1);
    SCHECK(r == GC_OK && refc_of(b) == 2);
    r = gc_collect_may_gc(p, 0, x, 0);
    SCHECK(r == GC_OK && refc_of(b) == 1);
    bin_refc_retain(b);
    x[0] = bin_make_refc_handle(proc_alloc(p, REFC_BIN_WORDS), b, &p->off_heap);
    r = gc_collect_may_gc(p, 0, x, 0); /* never survived one */
    SCHECK(r == GC_OK && refc_of(b) == 1);
    SCHECK(p->off_heap.first == NULL && p->old_off_heap.first == NULL);
    bin_refc_release(b);
    proc_free(p);
}

/* Allocates n words as the interpreter does: collects first when they do
 * not fit (one word stays free for a return address). */
static Term *heap_words(Process *p, size_t n, Term *x, unsigned live, unsigned long *gcs) {
    if ((size_t)(p->stop - p->htop) < n + 1) {
        GcResult r = gc_collect_may_gc(p, n + 1, x, live);
        if (r != GC_OK) abort();
        (*gcs)++;
    }
    Term *hp = p->htop;
    p->htop += n;
    return hp;
}

static Term build_list(Process *p, size_t len, Term *x, unsigned live, unsigned slot,
                       unsigned long *gcs) {
    x[slot] = NIL;
    for (size_t i = 0; i < len; i++) {
        Term *hp = heap_words(p, 2, x, live, gcs);
        hp[0] = make_small((SWord)i);
        hp[1] = x[slot];
        x[slot] = make_list(hp);
    }
    return x[slot];
}

/* The heap grows for a big live list and shrinks back when it dies. */
static void test_shrink(girder_vm *vm) {
    snprintf(stage, sizeof stage, "shrink test");
    Process *p = proc_new(vm, 0);
    Term x[1];
    unsigned long gcs = 0;
    build_list(p, 300000, x, 1, 0, &gcs);
    GcResult r = gc_collect_major(p, 0, x, 1, false);
    SCHECK(r == GC_OK);
    size_t big = gc_total_heap_words(p);
    SCHECK(big >= 600000);
    SCHECK(heap_used(p) == 600000);
    /* Dropped: minor collections empty the young block, which halves... */
    r = gc_collect_may_gc(p, 0, x, 0);
    SCHECK(r == GC_OK);
    size_t after_minor = gc_total_heap_words(p);
    r = gc_collect_may_gc(p, 0, x, 0);
    SCHECK(r == GC_OK);
    size_t after_minor2 = gc_total_heap_words(p);
    SCHECK(young_used(p) == 0);
    /* ... and a major collection gives back the rest. */
    r = gc_collect_major(p, 0, x, 0, false);
    SCHECK(r == GC_OK);
    size_t small = gc_total_heap_words(p);
    SCHECK(heap_used(p) == 0);
    SCHECK(small <= 8192);
    printf("shrink: 600000 words live: heap %zu words; dropped: %zu, %zu after minor "
           "collections, %zu after a major one\n",
           big, after_minor, after_minor2, small);
    proc_free(p);
}

/* A long list built and dropped round after round (bench_lists): the
 * young block grows until a collection finds only part of the list live,
 * so the rounds settle into minor collections that promote nothing, not
 * a copy to the old heap and a major collection per round. */
static void test_growth(girder_vm *vm) {
    snprintf(stage, sizeof stage, "growth test");
    Process *p = proc_new(vm, 0);
    Term x[1] = {NIL};
    unsigned long gcs = 0, majors = 0, late_majors = 0;
    size_t max_heap = 0, cells = 200000;
    for (unsigned round = 0; round < 30; round++) {
        x[0] = NIL;
        for (size_t i = 0; i < cells; i++) {
            unsigned minors = p->minor_gcs;
            unsigned long before = gcs;
            Term *hp = heap_words(p, 2, x, 1, &gcs);
            if (gcs != before && p->minor_gcs <= minors) {
                majors++;
                if (round >= 10) late_majors++;
            }
            hp[0] = make_small((SWord)i);
            hp[1] = x[0];
            x[0] = make_list(hp);
        }
        if (gc_total_heap_words(p) > max_heap) max_heap = gc_total_heap_words(p);
    }
    SCHECK(late_majors == 0);
    SCHECK(max_heap <= 12 * 2 * cells);
    printf("growth: 30 rounds of a %zu-cell list: %lu collections, %lu major (%lu after "
           "round 10), largest heap %zu words\n",
           cells, gcs, majors, late_majors, max_heap);
    proc_free(p);
}

/* Builds and drops lists, a few kept alive at a time: the heap stays bounded. */
static void test_throughput(girder_vm *vm, unsigned iterations) {
    snprintf(stage, sizeof stage, "throughput test");
    Process *p = proc_new(vm, 0);
    Term x[8] = {NIL, NIL, NIL, NIL, NIL, NIL, NIL, NIL};
    unsigned long gcs = 0;
    size_t max_heap = 0, words = 0;
    clock_t t0 = clock();
    for (unsigned i = 0; i < iterations; i++) {
        unsigned slot = i % 8;
        size_t len = 200 + (i * 7919u) % 800;
        build_list(p, len, x, 8, slot, &gcs);
        words += 2 * len;
        if (gc_total_heap_words(p) > max_heap) max_heap = gc_total_heap_words(p);
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    /* At most 8 lists of 1000 cells live: 16,000 words. */
    SCHECK(max_heap <= 16 * 16000);
    size_t live_words = 0;
    for (unsigned i = 0; i < 8; i++)
        for (Term l = x[i]; is_list(l); l = list_ptr(l)[1]) live_words += 2;
    GcResult r = gc_collect_major(p, 0, x, 8, false);
    SCHECK(r == GC_OK);
    SCHECK(heap_used(p) == live_words);
    printf("throughput: %zu words allocated in %.3f s (%.0f Mwords/s), %lu collections, "
           "largest heap %zu words\n",
           words, secs, secs > 0 ? (double)words / secs / 1e6 : 0.0, gcs, max_heap);
    proc_free(p);
}

/* max_heap_size: a collection that leaves more than that reports
 * GC_KILLED (when kill is set), with the heap collected and intact. */
static void test_max_heap(girder_vm *vm) {
    cur_seed = 0;
    seed_reported = false;
    snprintf(stage, sizeof stage, "max_heap_size");
    Process *p = proc_new(vm, 0);
    Term x[1];
    unsigned long gcs = 0;
    build_list(p, 2000, x, 1, 0, &gcs);
    p->max_heap = 1000;
    p->max_heap_log = false;
    p->max_heap_kill = false;
    GcResult r = gc_collect_may_gc(p, 0, x, 1);
    SCHECK(r == GC_OK);
    p->max_heap_kill = true;
    r = gc_collect_may_gc(p, 0, x, 1);
    SCHECK(r == GC_KILLED);
    SWord n = 0;
    Term l = x[0];
    for (; is_list(l) && n < 3000; l = list_ptr(l)[1], n++)
        if (list_ptr(l)[0] != make_small(1999 - n)) break;
    SCHECK(n == 2000 && is_nil(l));
    p->max_heap = 0;
    r = gc_collect_major(p, 0, x, 0, false);
    SCHECK(r == GC_OK && heap_used(p) == 0);
    proc_free(p);
}

int main(void) {
    girder_options opts = {0};
    opts.no_otp = 1;
    girder_error err = {0};
    girder_vm *vm = girder_vm_new(&opts, &err);
    if (!vm) {
        fprintf(stderr, "cannot create a VM: %s\n", err.message);
        return 1;
    }
    test_literals(vm);
    test_module_literals(vm);
    test_refc(vm);
    test_shrink(vm);
    test_growth(vm);
    test_throughput(vm, 20000);
    test_max_heap(vm);

    const char *one = getenv("GIRDER_GC_SEED");
    const char *count = getenv("GIRDER_GC_SEEDS");
    unsigned long nseeds = count ? strtoul(count, NULL, 10) : 40;
    size_t seeds_run = 0;
    if (one) {
        run_seed(vm, strtoull(one, NULL, 10));
        seeds_run = 1;
    } else {
        for (unsigned long s = 1; s <= nseeds; s++, seeds_run++) run_seed(vm, s);
    }
    printf("random graphs: %zu seeds, %zu collections (%zu major), %zu roots compared\n",
           seeds_run, total_collections, total_majors, total_compared);
    girder_vm_free(vm);
    return check_report("gc");
}
