/*
 * heap.c: process heap blocks (see heap.h).
 */
#include "heap.h"

#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

/* Blocks of at least this many words are mapped directly. */
#define MAP_THRESHOLD_WORDS 8192

static size_t page_words(size_t words) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE) / sizeof(Term);
    return (words + page - 1) / page * page;
}

/* Mapped blocks freed, kept for reuse.  A collection allocates its
 * to-space just before it frees the from-space, so the sizes repeat from
 * one collection to the next, and the pages of a kept block are already
 * faulted in: reusing one costs no page faults, which is most of what a
 * fresh block of a busy heap costs (a fault and a zeroed page per 4 KB
 * written).  One cache for the whole program, under a lock (a block is
 * taken or given back once per collection of a heap of 64 KB or more):
 * a cache per thread would keep a block on the thread a process left,
 * resident and of no use.  Like malloc's free lists, it is memory, not
 * state of any VM.  The least recently freed block goes first when room
 * is needed. */
#define CACHE_SLOTS 6
#define CACHE_MAX_WORDS ((size_t)4 << 20) /* 32 MB */
typedef struct CachedBlock {
    Term *block;         /* NULL: a free slot */
    size_t words;        /* its mapped size, whole pages */
    unsigned long stamp; /* when it was freed (larger: more recently) */
} CachedBlock;
static struct {
    pthread_mutex_t lock;
    CachedBlock slot[CACHE_SLOTS];
    size_t words;        /* in all slots */
    unsigned long clock; /* the last stamp given */
} cache = {.lock = PTHREAD_MUTEX_INITIALIZER};

/* Takes slot i out of the cache (lock held); the caller unmaps it. */
static CachedBlock cache_take(unsigned i) {
    CachedBlock b = cache.slot[i];
    cache.words -= b.words;
    cache.slot[i].block = NULL;
    return b;
}

void heap_cache_flush(void) {
    CachedBlock gone[CACHE_SLOTS] = {0};
    pthread_mutex_lock(&cache.lock);
    for (unsigned i = 0; i < CACHE_SLOTS; i++)
        if (cache.slot[i].block) gone[i] = cache_take(i);
    pthread_mutex_unlock(&cache.lock);
    for (unsigned i = 0; i < CACHE_SLOTS; i++)
        if (gone[i].block) munmap(gone[i].block, gone[i].words * sizeof(Term));
}

Term *heap_block_alloc(size_t words, size_t *got) {
    if (got) *got = words;
    if (words < MAP_THRESHOLD_WORDS) return malloc(words * sizeof(Term));
    size_t want = page_words(words);
    /* The smallest kept block that is big enough. */
    CachedBlock b = {0};
    pthread_mutex_lock(&cache.lock);
    int best = -1;
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (cache.slot[i].block && cache.slot[i].words >= want &&
            (best < 0 || cache.slot[i].words < cache.slot[best].words))
            best = i;
    if (best >= 0) b = cache_take((unsigned)best);
    pthread_mutex_unlock(&cache.lock);
    if (b.block) {
        /* A caller that takes what it gets has all of a block that is not
         * much bigger than asked; otherwise the tail goes back. */
        if (got && b.words - want <= want / 4) {
            *got = b.words;
            return b.block;
        }
        if (b.words > want) munmap(b.block + want, (b.words - want) * sizeof(Term));
        if (got) *got = want;
        return b.block;
    }
    void *p = mmap(NULL, want * sizeof(Term), PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
    if (got) *got = want;
    return p;
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
    words = page_words(words);
    if (words > CACHE_MAX_WORDS) {
        munmap(block, words * sizeof(Term));
        return;
    }
    /* Room: drop the least recently freed blocks until it fits. */
    CachedBlock gone[CACHE_SLOTS] = {0};
    pthread_mutex_lock(&cache.lock);
    for (unsigned n = 0;; n++) {
        int slot = -1, oldest = -1;
        for (int i = 0; i < CACHE_SLOTS; i++) {
            if (!cache.slot[i].block) slot = i;
            else if (oldest < 0 || cache.slot[i].stamp < cache.slot[oldest].stamp) oldest = i;
        }
        if (slot >= 0 && cache.words + words <= CACHE_MAX_WORDS) {
            cache.slot[slot] = (CachedBlock){block, words, ++cache.clock};
            cache.words += words;
            break;
        }
        gone[n] = cache_take((unsigned)oldest);
    }
    pthread_mutex_unlock(&cache.lock);
    for (unsigned i = 0; i < CACHE_SLOTS; i++)
        if (gone[i].block) munmap(gone[i].block, gone[i].words * sizeof(Term));
}
