/*
 * heap.h: allocation of process heap blocks.
 *
 * Large blocks are mapped pages of their own, so the pages of a block that
 * are never written are never resident; a freed one is kept for reuse in
 * its VM's HeapCache (up to 6 blocks, 32 MB: its pages need no faulting in
 * again) or returned to the system.
 * Small blocks come from malloc.
 */
#ifndef GIRDER_HEAP_H
#define GIRDER_HEAP_H

#include <pthread.h>
#include <stddef.h>

#include "../vm/term.h"

/* Mapped blocks freed and kept for reuse, one cache per VM (heap.c says
 * why one for all its schedulers). */
#define HEAP_CACHE_SLOTS 6
typedef struct HeapCachedBlock {
    Term *block;         /* NULL: a free slot */
    size_t words;        /* its mapped size, whole pages */
    unsigned long stamp; /* when it was freed (larger: more recently) */
} HeapCachedBlock;
typedef struct HeapCache {
    pthread_mutex_t lock;
    HeapCachedBlock slot[HEAP_CACHE_SLOTS];
    size_t words;        /* in all slots */
    unsigned long clock; /* the last stamp given */
} HeapCache;

void heap_cache_init(HeapCache *c);
/* Unmaps the blocks kept (at the end of a run, and by heap_cache_destroy). */
void heap_cache_flush(HeapCache *c);
void heap_cache_destroy(HeapCache *c);

/* A block of at least `words` words, NULL when out of memory.  With
 * `got`, the block may be somewhat bigger than asked (a kept block reused
 * whole) and *got is its size; the caller uses that size from then on
 * (heap_block_free, heap_block_fit).  Without, it is `words`. */
Term *heap_block_alloc(HeapCache *c, size_t words, size_t *got);
void heap_block_free(HeapCache *c, Term *block, size_t words);

/* The size a block of `words` can shrink to in place when `want` words
 * are enough: a mapped block gives back whole pages at its end (it stays
 * a mapped block); a malloc'd one keeps its size. */
size_t heap_block_fit(size_t words, size_t want);
/* Gives back the end of a block: new_words comes from heap_block_fit. */
void heap_block_shrink(Term *block, size_t words, size_t new_words);

#endif
