/*
 * heap.h: allocation of process heap blocks.
 *
 * Large blocks are mapped pages of their own, so the pages of a block that
 * are never written are never resident; a freed one is kept for reuse (up
 * to 6 blocks, 32 MB for the whole program: its pages need no faulting in
 * again) or returned to the system.
 * Small blocks come from malloc.
 */
#ifndef GIRDER_HEAP_H
#define GIRDER_HEAP_H

#include <stddef.h>

#include "../vm/term.h"

/* A block of at least `words` words, NULL when out of memory.  With
 * `got`, the block may be somewhat bigger than asked (a kept block reused
 * whole) and *got is its size; the caller uses that size from then on
 * (heap_block_free, heap_block_fit).  Without, it is `words`. */
Term *heap_block_alloc(size_t words, size_t *got);
void heap_block_free(Term *block, size_t words);
/* Unmaps the blocks kept for reuse (a thread that ran processes calls
 * it when it ends). */
void heap_cache_flush(void);

/* The size a block of `words` can shrink to in place when `want` words
 * are enough: a mapped block gives back whole pages at its end (it stays
 * a mapped block); a malloc'd one keeps its size. */
size_t heap_block_fit(size_t words, size_t want);
/* Gives back the end of a block: new_words comes from heap_block_fit. */
void heap_block_shrink(Term *block, size_t words, size_t new_words);

#endif
