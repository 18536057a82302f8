/*
 * heap.h: allocation of process heap blocks.
 *
 * Large blocks are mapped pages of their own, so a block is returned to the
 * system when freed and the pages of a block that are never written are
 * never resident; small blocks come from malloc.
 */
#ifndef GIRDER_HEAP_H
#define GIRDER_HEAP_H

#include <stddef.h>

#include "../vm/term.h"

Term *heap_block_alloc(size_t words);
void heap_block_free(Term *block, size_t words);

/* The size a block of `words` can shrink to in place when `want` words
 * are enough: a mapped block gives back whole pages at its end (it stays
 * a mapped block); a malloc'd one keeps its size. */
size_t heap_block_fit(size_t words, size_t want);
/* Gives back the end of a block: new_words comes from heap_block_fit. */
void heap_block_shrink(Term *block, size_t words, size_t new_words);

#endif
