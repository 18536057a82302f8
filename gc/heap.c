/*
 * heap.c: process heap blocks (see heap.h).
 */
#include "heap.h"

#include <stdlib.h>
#include <sys/mman.h>

/* Blocks of at least this many words are mapped directly. */
#define MAP_THRESHOLD_WORDS 8192

Term *heap_block_alloc(size_t words) {
    if (words < MAP_THRESHOLD_WORDS) return malloc(words * sizeof(Term));
    void *p = mmap(NULL, words * sizeof(Term), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

void heap_block_free(Term *block, size_t words) {
    if (!block) return;
    if (words < MAP_THRESHOLD_WORDS)
        free(block);
    else
        munmap(block, words * sizeof(Term));
}
