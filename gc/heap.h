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

#endif
