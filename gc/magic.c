/*
 * magic.c: magic binaries (see magic.h).  The bytes are the destructor,
 * padded to 16 bytes so the state is aligned for any type, then the state.
 */
#include "magic.h"

#include <stdlib.h>
#include <string.h>

#define MAGIC_HEAD 16

Term bin_magic_new(Process *p, size_t size, MagicDtor *dtor, void **state) {
    Term *hp = proc_alloc(p, REFC_BIN_WORDS);
    BinRefc *b = hp ? bin_refc_new(MAGIC_HEAD + size) : NULL;
    if (!b) return THE_NON_VALUE;
    memset(b->data, 0, MAGIC_HEAD + size);
    memcpy(b->data, &dtor, sizeof dtor);
    b->wbits = BIN_MAGIC;
    *state = b->data + MAGIC_HEAD;
    return bin_make_refc_handle(hp, b, &p->off_heap);
}

void *bin_magic_state(Term t) {
    const BinRefc *b = (const BinRefc *)(uintptr_t)boxed_ptr(t)[2];
    return (void *)(uintptr_t)(b->data + MAGIC_HEAD);
}

void bin_magic_destroy(BinRefc *b) {
    MagicDtor *dtor;
    memcpy(&dtor, b->data, sizeof dtor);
    dtor(b->data + MAGIC_HEAD);
}
