/*
 * term_copy.c: copying a term into a block of its own (see term_copy.h).
 *
 * Both passes work object by object: the size pass with an explicit stack
 * of terms still to visit, the copy pass Cheney-style, copying each object
 * shallowly to the end of the block and then scanning the block for
 * pointers that still lead out of it.
 */
#include <stdlib.h>
#include <string.h>

#include "term_copy.h"

unsigned boxed_first_term_word(Term h) {
    switch (HEADER_SUB(h)) {
    case SUB_TUPLE: return 1;
    case SUB_FUN: return 2;    /* header, FunEntry*, free variables */
    case SUB_MAP: return 2;    /* header, size, keys tuple, values */
    case SUB_SUB_BIN: return 3; /* header, bits, offset, underlying binary */
    default: return 0;
    }
}

typedef struct TermStack {
    Term *items;
    size_t n, cap;
} TermStack;

static bool push(TermStack *s, Term t) {
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        Term *n = realloc(s->items, cap * sizeof *n);
        if (!n) return false;
        s->items = n;
        s->cap = cap;
    }
    s->items[s->n++] = t;
    return true;
}

size_t term_flat_size(Term t) {
    TermStack st = {NULL, 0, 0};
    size_t words = 0;
    bool ok = true;
    for (;;) {
        if (is_list(t)) {
            Term *c = list_ptr(t);
            words += 2;
            if (!is_immed(CAR(c)) && !(ok = push(&st, CAR(c)))) break;
            t = CDR(c);
            continue;
        }
        if (is_boxed(t)) {
            Term *o = boxed_ptr(t);
            UWord arity = HEADER_ARITY(o[0]);
            words += 1 + arity;
            unsigned first = boxed_first_term_word(o[0]);
            if (first) {
                for (UWord i = first; i <= arity; i++)
                    if (!is_immed(o[i]) && !(ok = push(&st, o[i]))) break;
                if (!ok) break;
            }
        }
        if (!st.n) break;
        t = st.items[--st.n];
    }
    free(st.items);
    return ok ? words : (size_t)-1;
}

/* Copies the object t points to (shallowly) to *top; returns the new term. */
static Term copy_shallow(Term t, Term **top, OffHeap *oh) {
    Term *n = *top;
    if (is_list(t)) {
        Term *c = list_ptr(t);
        n[0] = c[0];
        n[1] = c[1];
        *top += 2;
        return make_list(n);
    }
    Term *o = boxed_ptr(t);
    size_t words = 1 + HEADER_ARITY(o[0]);
    memcpy(n, o, words * sizeof(Term));
    *top += words;
    if (HEADER_SUB(o[0]) == SUB_REFC_BIN) {
        BinRefc *b = (BinRefc *)(uintptr_t)o[2];
        bin_refc_retain(b);
        n[3] = (Term)(uintptr_t)oh->first;
        oh->first = n;
        oh->bytes += b->size;
    }
    return make_boxed(n);
}

Term term_copy(Term t, Term *hp, OffHeap *oh) {
    if (is_immed(t)) return t;
    Term *top = hp;
    Term root = copy_shallow(t, &top, oh);
    Term *scan = hp;
    while (scan < top) {
        Term w = *scan;
        if ((w & TAG_PRIMARY_MASK) == TAG_HEADER) {
            UWord arity = HEADER_ARITY(w);
            unsigned first = boxed_first_term_word(w);
            if (first) {
                for (UWord i = first; i <= arity; i++)
                    if (!is_immed(scan[i])) scan[i] = copy_shallow(scan[i], &top, oh);
            }
            scan += 1 + arity;
        } else {
            /* a cons cell: two terms */
            if (!is_immed(scan[0])) scan[0] = copy_shallow(scan[0], &top, oh);
            if (!is_immed(scan[1])) scan[1] = copy_shallow(scan[1], &top, oh);
            scan += 2;
        }
    }
    return root;
}
