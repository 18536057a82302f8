/*
 * heap.c: process heap blocks (see heap.h).
 */
#include "heap.h"

#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* Blocks of at least this many words are mapped directly. */
#define MAP_THRESHOLD_WORDS 8192

static size_t page_words(size_t words) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE) / sizeof(Term);
    return (words + page - 1) / page * page;
}

/* Mapped blocks freed on this thread, kept for reuse: a collection
 * allocates its to-space just before it frees the from-space, so sizes
 * repeat and the pages of a kept block are already faulted in. */
#define CACHE_SLOTS 4
#define CACHE_MAX_WORDS ((size_t)8 << 20) /* 64 MB per thread */
typedef struct CachedBlock {
    Term *block;
    size_t words;
} CachedBlock;
static _Thread_local CachedBlock cache[CACHE_SLOTS];
static _Thread_local size_t cache_words;

void heap_cache_flush(void) {
    for (unsigned i = 0; i < CACHE_SLOTS; i++) {
        if (cache[i].block) munmap(cache[i].block, cache[i].words * sizeof(Term));
        cache[i].block = NULL;
    }
    cache_words = 0;
}

Term *heap_block_alloc(size_t words) {
    if (words < MAP_THRESHOLD_WORDS) return malloc(words * sizeof(Term));
    /* The smallest kept block that is big enough; its tail beyond the
     * pages asked for is given back, so the caller's size stays true. */
    int best = -1;
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (cache[i].block && cache[i].words >= words &&
            (best < 0 || cache[i].words < cache[best].words))
            best = i;
    if (best >= 0) {
        Term *b = cache[best].block;
        size_t have = page_words(cache[best].words), want = page_words(words);
        cache_words -= cache[best].words;
        cache[best].block = NULL;
        if (have > want) munmap(b + want, (have - want) * sizeof(Term));
        return b;
    }
    void *p = mmap(NULL, words * sizeof(Term), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
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
    if (words < MAP_THRESHOLD_WORDS) {
        free(block);
        return;
    }
    if (cache_words + words <= CACHE_MAX_WORDS) {
        for (unsigned i = 0; i < CACHE_SLOTS; i++) {
            if (!cache[i].block) {
                cache[i] = (CachedBlock){block, words};
                cache_words += words;
                return;
            }
        }
    }
    munmap(block, words * sizeof(Term));
}
