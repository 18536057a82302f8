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
 * written).  One cache for all of a VM's schedulers, under a lock (a
 * block is taken or given back once per collection of a heap of 64 KB or
 * more): a cache per thread would keep a block on the thread a process
 * left, resident and of no use.  The least recently freed block goes
 * first when room is needed. */
#define CACHE_MAX_WORDS ((size_t)4 << 20) /* 32 MB */

void heap_cache_init(HeapCache *c) {
    *c = (HeapCache){0};
    pthread_mutex_init(&c->lock, NULL);
}

void heap_cache_destroy(HeapCache *c) {
    heap_cache_flush(c);
    pthread_mutex_destroy(&c->lock);
}

/* Takes slot i out of the cache (lock held); the caller unmaps it. */
static HeapCachedBlock cache_take(HeapCache *c, unsigned i) {
    HeapCachedBlock b = c->slot[i];
    c->words -= b.words;
    c->slot[i].block = NULL;
    return b;
}

/* Unmaps the blocks taken out of a cache. */
static void unmap_taken(const HeapCachedBlock *gone) {
    for (unsigned i = 0; i < HEAP_CACHE_SLOTS; i++)
        if (gone[i].block) munmap(gone[i].block, gone[i].words * sizeof(Term));
}

void heap_cache_flush(HeapCache *c) {
    HeapCachedBlock gone[HEAP_CACHE_SLOTS] = {0};
    pthread_mutex_lock(&c->lock);
    for (unsigned i = 0; i < HEAP_CACHE_SLOTS; i++)
        if (c->slot[i].block) gone[i] = cache_take(c, i);
    pthread_mutex_unlock(&c->lock);
    unmap_taken(gone);
}

Term *heap_block_alloc(HeapCache *c, size_t words, size_t *got) {
    if (got) *got = words;
    if (words < MAP_THRESHOLD_WORDS) return malloc(words * sizeof(Term));
    size_t want = page_words(words);
    /* The smallest kept block that is big enough. */
    HeapCachedBlock b = {0};
    pthread_mutex_lock(&c->lock);
    int best = -1;
    for (int i = 0; i < HEAP_CACHE_SLOTS; i++)
        if (c->slot[i].block && c->slot[i].words >= want &&
            (best < 0 || c->slot[i].words < c->slot[best].words))
            best = i;
    if (best >= 0) b = cache_take(c, (unsigned)best);
    pthread_mutex_unlock(&c->lock);
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

void heap_block_free(HeapCache *c, Term *block, size_t words) {
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
    HeapCachedBlock gone[HEAP_CACHE_SLOTS] = {0};
    pthread_mutex_lock(&c->lock);
    for (unsigned n = 0;; n++) {
        int slot = -1, oldest = -1;
        for (int i = 0; i < HEAP_CACHE_SLOTS; i++) {
            if (!c->slot[i].block) slot = i;
            else if (oldest < 0 || c->slot[i].stamp < c->slot[oldest].stamp) oldest = i;
        }
        if (slot >= 0 && c->words + words <= CACHE_MAX_WORDS) {
            c->slot[slot] = (HeapCachedBlock){block, words, ++c->clock};
            c->words += words;
            break;
        }
        gone[n] = cache_take(c, (unsigned)oldest);
    }
    pthread_mutex_unlock(&c->lock);
    unmap_taken(gone);
}
