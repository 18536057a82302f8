/*
 * heap.c: process heap blocks (see heap.h).
 */
#include "heap.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* Blocks of at least this many words are mapped directly. */
#define MAP_THRESHOLD_WORDS 8192

Term *heap_block_alloc(size_t words) {
    if (words < MAP_THRESHOLD_WORDS) return malloc(words * sizeof(Term));
    void *p = mmap(NULL, words * sizeof(Term), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

static size_t page_words(size_t words) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE) / sizeof(Term);
    return (words + page - 1) / page * page;
}

size_t heap_block_fit(size_t words, size_t want) {
    if (words < MAP_THRESHOLD_WORDS) return words;
    if (want < MAP_THRESHOLD_WORDS) want = MAP_THRESHOLD_WORDS;
    size_t keep = page_words(want);
    return keep < page_words(words) ? keep : words;
}

void heap_block_shrink(Term *block, size_t words, size_t new_words) {
    size_t old_end = page_words(words);
    if (words < MAP_THRESHOLD_WORDS || new_words >= old_end) return;
    munmap(block + new_words, (old_end - new_words) * sizeof(Term));
}

void heap_block_free(Term *block, size_t words) {
    if (!block) return;
    if (words < MAP_THRESHOLD_WORDS)
        free(block);
    else
        munmap(block, words * sizeof(Term));
}
