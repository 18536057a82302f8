/*
 * binary.c: making binaries on a process heap (see binary.h).
 */
#include <string.h>

#include "binary.h"
#include "sched.h"

Term bin_new(Process *p, size_t nbytes, unsigned char **data) {
    if (nbytes <= HEAP_BIN_MAX) {
        Term *hp = proc_alloc(p, HEAP_BIN_WORDS(nbytes));
        if (!hp) return THE_NON_VALUE;
        hp[0] = MAKE_HEADER(SUB_HEAP_BIN, HEAP_BIN_WORDS(nbytes) - 1);
        hp[1] = nbytes;
        hp[HEAP_BIN_WORDS(nbytes) - 1] = 0; /* no stray bits in the last word */
        *data = (unsigned char *)(hp + 2);
        return make_boxed(hp);
    }
    BinRefc *b = bin_refc_new(nbytes);
    if (!b) return THE_NON_VALUE;
    Term *hp = proc_alloc(p, REFC_BIN_WORDS);
    if (!hp) {
        bin_refc_release(b);
        return THE_NON_VALUE;
    }
    *data = b->data;
    Term t = bin_make_refc_handle(hp, b, &p->off_heap);
    /* Past the virtual binary heap: yield soon, to collect (vm/interp.c). */
    if (p->off_heap.bytes > p->bin_vheap) p->reds_bump += REDUCTIONS_PER_SLICE;
    return t;
}

Term bin_from_bytes(Process *p, const void *src, size_t n) {
    unsigned char *data;
    Term t = bin_new(p, n, &data);
    if (t != THE_NON_VALUE && n) memcpy(data, src, n);
    return t;
}

Term bin_sub(Process *p, Term of, UWord bit_off, UWord bits) {
    Term *o = boxed_ptr(of);
    if (HEADER_SUB(o[0]) == SUB_SUB_BIN) {
        bit_off += o[2];
        of = o[3];
    }
    Term *hp = proc_alloc(p, SUB_BIN_WORDS);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_SUB_BIN, SUB_BIN_WORDS - 1);
    hp[1] = bits;
    hp[2] = bit_off;
    hp[3] = of;
    return make_boxed(hp);
}
