/*
 * copy.c: the copying machinery of the collector (see copier.h): finding
 * where a pointer lies, moving one object, Cheney scanning of to-space,
 * and sweeping refc binaries whose handles died.
 */
#include <stdlib.h>
#include <string.h>

#include "../bif/dict.h"
#include "copier.h"

enum { STAY, TO_YOUNG, TO_OLD };

static int frag_order(const void *a, const void *b) {
    const Term *x = ((const FragRange *)a)->lo, *y = ((const FragRange *)b)->lo;
    return x < y ? -1 : x > y;
}

bool copier_sort_frags(Copier *c) {
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

/* Where the object at ptr goes when it is not in the young heap: the old
 * heap (a major collection's from-space), a fragment, or elsewhere
 * (STAY: the old heap in a minor collection, literals). */
static int destination_far(const Copier *c, const Term *ptr) {
    if (ptr >= c->olo && ptr < c->ohi) return c->minor ? STAY : TO_YOUNG;
    size_t lo = 0, hi = c->nfrags;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ptr < c->frags[mid].lo) hi = mid;
        else if (ptr >= c->frags[mid].hi) lo = mid + 1;
        else return TO_YOUNG;
    }
    return STAY;
}

/* Where the object at ptr goes: STAY when it is not in from-space. */
static inline int destination(const Copier *c, const Term *ptr) {
    if (ptr >= c->lo && ptr < c->hi) return ptr < c->hw ? TO_OLD : TO_YOUNG;
    return destination_far(c, ptr);
}

static inline Term *reserve(Copier *c, int dest, size_t words) {
    Term **top = dest == TO_OLD ? &c->otop : &c->top;
    Term *n = *top;
    *top += words;
    return n;
}

/* Moves a boxed object (its header h not yet forwarded) to dest. */
static Term move_boxed(Copier *c, Term *old, Term h, int dest) {
    size_t words = 1 + HEADER_ARITY(h);
    Term *n = reserve(c, dest, words);
    memcpy(n, old, words * sizeof(Term));
    if (HEADER_SUB(h) == SUB_REFC_BIN) {
        OffHeap *oh = dest == TO_OLD ? &c->old_oh : &c->young_oh;
        n[3] = (Term)(uintptr_t)oh->first;
        oh->first = n;
        oh->bytes += ((BinRefc *)(uintptr_t)n[2])->size;
    }
    Term moved = make_boxed(n);
    old[0] = moved;
    return moved;
}

/* copier_copy, inline for the scanning loop: cons cells, the common
 * case, are moved in place here. */
static inline Term copy_term(Copier *c, Term t) {
    switch (t & TAG_PRIMARY_MASK) {
    case TAG_LIST: {
        Term *old = list_ptr(t);
        int dest = destination(c, old);
        if (dest == STAY) return t;
        Term head = old[0];
        if (head == THE_NON_VALUE) return old[1];
        Term *n = reserve(c, dest, 2);
        n[0] = head;
        n[1] = old[1];
        Term moved = make_list(n);
        old[0] = THE_NON_VALUE;
        old[1] = moved;
        return moved;
    }
    case TAG_BOXED: {
        Term *old = boxed_ptr(t);
        int dest = destination(c, old);
        if (dest == STAY) return t;
        Term h = old[0];
        if (is_boxed(h)) return h; /* forwarded */
        return move_boxed(c, old, h, dest);
    }
    default:
        return t;
    }
}

Term copier_copy(Copier *c, Term t) { return copy_term(c, t); }

/* Copies what the words of to-space from `scan` up to *end refer to
 * (*end moves as objects are copied); returns where it stopped. */
static Term *scan_range(Copier *c, Term *scan, Term *const *end) {
    while (scan < *end) {
        Term w = *scan;
        if ((w & TAG_PRIMARY_MASK) != TAG_HEADER) {
            if (w & 1) { /* an immediate or a cons cell */
                if ((w & TAG_PRIMARY_MASK) == TAG_LIST) *scan = copy_term(c, w);
            } else {
                *scan = copy_term(c, w);
            }
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
            scan[3] = copier_copy(c, scan[3]);
            scan += 1 + arity;
            break;
        case SUB_MATCH: /* the binary, then positions (vm/bits.h) */
            scan[1] = copier_copy(c, scan[1]);
            scan += 1 + arity;
            break;
        default: /* no term words inside */
            scan += 1 + arity;
            break;
        }
    }
    return scan;
}

void copier_run(Copier *c, Term *x, unsigned live, Term *new_stop, Term *young_scan,
                Term *old_scan) {
    Process *p = c->p;
    for (unsigned i = 0; i < live; i++) x[i] = copier_copy(c, x[i]);
    size_t stack = (size_t)(p->hend - p->stop);
    for (size_t i = 0; i < stack; i++) {
        Term w = p->stop[i];
        new_stop[i] = ((w & TAG_PRIMARY_MASK) == TAG_HEADER) ? w : copier_copy(c, w);
    }
    size_t ndict;
    Term *dict = dict_roots(p, &ndict);
    for (size_t i = 0; i < ndict; i++) dict[i] = copier_copy(c, dict[i]);
    p->fail_reason = copier_copy(c, p->fail_reason);
    p->fail_args = copier_copy(c, p->fail_args);
    p->stacktrace = copier_copy(c, p->stacktrace);
    p->fail_info = copier_copy(c, p->fail_info);
    p->exit_reason = copier_copy(c, p->exit_reason);
    for (;;) {
        young_scan = scan_range(c, young_scan, &c->top);
        if (!c->minor) break;
        old_scan = scan_range(c, old_scan, &c->otop);
        if (young_scan == c->top) break;
    }
}

void copier_sweep(OffHeap *oh) {
    Term *h = oh->first;
    while (h) {
        Term *next = (Term *)(uintptr_t)h[3];
        if (!is_boxed(h[0])) bin_refc_release((BinRefc *)(uintptr_t)h[2]);
        h = next;
    }
    oh->first = NULL;
    oh->bytes = 0;
}
