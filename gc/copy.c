/*
 * copy.c: the per-process copying collector (Cheney).
 *
 * Everything reachable from the roots that lies in the process's heap or
 * its heap fragments is copied into a fresh block; anything else a term
 * points to (literal areas, other static data) is left where it is.  The
 * stack moves to the end of the new block.  Copied objects leave a
 * forwarding word behind: a boxed object's header becomes a boxed pointer
 * to its copy, a cons cell's head becomes THE_NON_VALUE and its tail the
 * new list pointer, so shared subterms stay shared.
 *
 * The new block is sized for the worst case (everything live) with room
 * to grow; blocks are mapped pages, so space that is never written costs
 * no memory.  Refc binary handles are relinked into a new off-heap list;
 * binaries whose handles did not survive are released.
 *
 * This is the simple collector of the foundation; the generational one of
 * DESIGN.md replaces it.
 */
#include <stdlib.h>
#include <string.h>

#include "../bif/dict.h"
#include "../vm/process.h"
#include "heap.h"

/* A heap fragment's used range. */
typedef struct FragRange {
    const Term *lo, *hi;
} FragRange;

typedef struct Copier {
    Process *p;
    Term *lo, *hi;       /* the main heap's used range */
    Term *top;           /* next free word of to-space */
    OffHeap off_heap;    /* handles that survived */
    FragRange *frags;    /* the fragments by address (received messages make many) */
    size_t nfrags;
} Copier;

static bool in_from_space(const Copier *c, const Term *ptr) {
    if (ptr >= c->lo && ptr < c->hi) return true;
    size_t lo = 0, hi = c->nfrags;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ptr < c->frags[mid].lo) hi = mid;
        else if (ptr >= c->frags[mid].hi) lo = mid + 1;
        else return true;
    }
    return false;
}

static int frag_order(const void *a, const void *b) {
    const Term *x = ((const FragRange *)a)->lo, *y = ((const FragRange *)b)->lo;
    return x < y ? -1 : x > y;
}

/* Lists p's fragments sorted by address; false when out of memory. */
static bool sort_frags(Copier *c) {
    size_t n = 0;
    for (HeapFrag *f = c->p->frags; f; f = f->next) n++;
    c->nfrags = n;
    c->frags = NULL;
    if (!n) return true;
    c->frags = malloc(n * sizeof *c->frags);
    if (!c->frags) return false;
    n = 0;
    for (HeapFrag *f = c->p->frags; f; f = f->next) c->frags[n++] = (FragRange){f->mem, f->mem + f->used};
    qsort(c->frags, n, sizeof *c->frags, frag_order);
    return true;
}

static Term copy_term(Copier *c, Term t) {
    switch (t & TAG_PRIMARY_MASK) {
    case TAG_LIST: {
        Term *old = list_ptr(t);
        if (!in_from_space(c, old)) return t;
        if (old[0] == THE_NON_VALUE) return old[1];
        Term *n = c->top;
        c->top += 2;
        n[0] = old[0];
        n[1] = old[1];
        Term moved = make_list(n);
        old[0] = THE_NON_VALUE;
        old[1] = moved;
        return moved;
    }
    case TAG_BOXED: {
        Term *old = boxed_ptr(t);
        if (!in_from_space(c, old)) return t;
        Term h = old[0];
        if (is_boxed(h)) return h; /* forwarded */
        size_t words = 1 + HEADER_ARITY(h);
        Term *n = c->top;
        c->top += words;
        memcpy(n, old, words * sizeof(Term));
        if (HEADER_SUB(h) == SUB_REFC_BIN) {
            n[3] = (Term)(uintptr_t)c->off_heap.first;
            c->off_heap.first = n;
            c->off_heap.bytes += ((BinRefc *)(uintptr_t)n[2])->size;
        }
        Term moved = make_boxed(n);
        old[0] = moved;
        return moved;
    }
    default:
        return t;
    }
}

/* Copies what the words of to-space from `scan` on refer to, until no new
 * words appear. */
static void scan_to_space(Copier *c, Term *scan) {
    while (scan < c->top) {
        Term w = *scan;
        if ((w & TAG_PRIMARY_MASK) != TAG_HEADER) {
            *scan = copy_term(c, w);
            scan++;
            continue;
        }
        UWord arity = HEADER_ARITY(w);
        switch (HEADER_SUB(w)) {
        case SUB_TUPLE:
            scan++; /* elements are scanned as terms */
            break;
        case SUB_FUN:
            scan += 2; /* header, FunEntry*; free variables follow as terms */
            break;
        case SUB_MAP:
            scan += 2; /* header, raw word 1; then only terms (vm/map.h) */
            break;
        case SUB_SUB_BIN:
            scan[3] = copy_term(c, scan[3]);
            scan += 1 + arity;
            break;
        case SUB_MATCH: /* the binary, then positions (vm/bits.h) */
            scan[1] = copy_term(c, scan[1]);
            scan += 1 + arity;
            break;
        default: /* no term words inside */
            scan += 1 + arity;
            break;
        }
    }
}

static size_t next_heap_size(size_t words) {
    size_t s = 233;
    while (s < words) s = s + s / 2;
    return s;
}

/* Releases the binaries whose handles were not copied. */
static void sweep_off_heap(OffHeap *old) {
    Term *h = old->first;
    while (h) {
        Term *next = (Term *)(uintptr_t)h[3];
        if (!is_boxed(h[0])) bin_refc_release((BinRefc *)(uintptr_t)h[2]);
        h = next;
    }
}

GcResult gc_collect_may_gc(Process *p, size_t need, Term *x, unsigned live) {
    size_t used = (size_t)(p->htop - p->heap) + p->frag_words;
    size_t stack = (size_t)(p->hend - p->stop);
    size_t size = next_heap_size(2 * used + stack + need);
    if (size < p->min_heap) size = p->min_heap;
    Term *block = heap_block_alloc(size);
    if (!block) return GC_NOMEM;

    Copier c = {p, p->heap, p->htop, block, {NULL, 0}, NULL, 0};
    if (!sort_frags(&c)) {
        heap_block_free(block, size);
        return GC_NOMEM;
    }
    for (unsigned i = 0; i < live; i++) x[i] = copy_term(&c, x[i]);
    Term *new_stop = block + size - stack;
    for (size_t i = 0; i < stack; i++) {
        Term w = p->stop[i];
        new_stop[i] = ((w & TAG_PRIMARY_MASK) == TAG_HEADER) ? w : copy_term(&c, w);
    }
    size_t ndict;
    Term *dict = dict_roots(p, &ndict);
    for (size_t i = 0; i < ndict; i++) dict[i] = copy_term(&c, dict[i]);
    p->fail_reason = copy_term(&c, p->fail_reason);
    p->fail_args = copy_term(&c, p->fail_args);
    p->stacktrace = copy_term(&c, p->stacktrace);
    p->fail_info = copy_term(&c, p->fail_info);
    p->exit_reason = copy_term(&c, p->exit_reason);
    scan_to_space(&c, block);

    /* The block was sized for everything being live; when little was,
     * give the rest back (else the heap would double at each collection
     * whatever survived). */
    size_t live_words = (size_t)(c.top - block);
    size_t want = next_heap_size(2 * live_words + stack + need);
    if (want < p->min_heap) want = p->min_heap;
    size_t fit = heap_block_fit(size, want);
    if (fit < size) {
        memmove(block + fit - stack, new_stop, stack * sizeof(Term));
        new_stop = block + fit - stack;
        heap_block_shrink(block, size, fit);
        size = fit;
    }

    free(c.frags);
    sweep_off_heap(&p->off_heap);
    p->off_heap = c.off_heap;
    heap_block_free(p->heap, (size_t)(p->hend - p->heap));
    proc_free_frags(p);
    p->heap = block;
    p->htop = c.top;
    p->hend = block + size;
    p->stop = new_stop;
    p->gcs++;
#ifdef GIRDER_GC_STRESS
    /* Poison the free gap so a stale pointer into it is noticed. */
    for (Term *w = p->htop; w < p->stop; w++) *w = (Term)0xdeadbeefdeadbee0ull;
#endif
    return GC_OK;
}
