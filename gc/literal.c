/*
 * literal.c: literal areas and refc binaries (see literal.h).
 */
#include "literal.h"

#include <stdlib.h>

#define LIT_CHUNK_WORDS 4096

struct LitChunk {
    LitChunk *next; /* older chunk */
    size_t words;   /* words in data[] */
    Term data[];    /* the terms */
};

void lit_init(LitArea *a) {
    a->chunks = NULL;
    a->top = a->end = NULL;
    a->words = 0;
    a->off_heap.first = NULL;
    a->off_heap.bytes = 0;
}

Term *lit_alloc(LitArea *a, size_t n) {
    if (n == 0) n = 1;
    if (!a->top || (size_t)(a->end - a->top) < n) {
        size_t words = n > LIT_CHUNK_WORDS ? n : LIT_CHUNK_WORDS;
        LitChunk *c = malloc(sizeof *c + words * sizeof(Term));
        if (!c) return NULL;
        c->next = a->chunks;
        c->words = words;
        a->chunks = c;
        a->top = c->data;
        a->end = c->data + words;
    }
    Term *p = a->top;
    a->top += n;
    a->words += n;
    return p;
}

void lit_free(LitArea *a) {
    off_heap_release_all(&a->off_heap);
    LitChunk *c = a->chunks;
    while (c) {
        LitChunk *next = c->next;
        free(c);
        c = next;
    }
    lit_init(a);
}

int lit_contains(const LitArea *a, const Term *p) {
    for (const LitChunk *c = a->chunks; c; c = c->next)
        if (p >= c->data && p < c->data + c->words) return 1;
    return 0;
}

BinRefc *bin_refc_new(size_t size) {
    BinRefc *b = malloc(sizeof *b + (size ? size : 1));
    if (!b) return NULL;
    b->refc = 1;
    b->size = size;
    b->wbits = BIN_NOT_WRITABLE;
    return b;
}

void bin_refc_retain(BinRefc *b) { b->refc++; }

void bin_refc_release(BinRefc *b) {
    if (--b->refc == 0) {
        if (b->wbits == BIN_MAGIC) bin_magic_destroy(b);
        free(b);
    }
}

Term bin_make_refc_handle(Term *hp, BinRefc *b, OffHeap *oh) {
    hp[0] = MAKE_HEADER(SUB_REFC_BIN, REFC_BIN_WORDS - 1);
    hp[1] = (Term)b->size;
    hp[2] = (Term)(uintptr_t)b;
    hp[3] = (Term)(uintptr_t)oh->first;
    oh->first = hp;
    oh->bytes += b->size;
    return make_boxed(hp);
}

void off_heap_release_all(OffHeap *oh) {
    Term *h = oh->first;
    while (h) {
        Term *next = (Term *)(uintptr_t)h[3];
        bin_refc_release((BinRefc *)(uintptr_t)h[2]);
        h = next;
    }
    oh->first = NULL;
    oh->bytes = 0;
}
