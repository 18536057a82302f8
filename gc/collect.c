/*
 * collect.c: when and how a process's heap is collected (generational).
 *
 * A process has a young heap (one block: heap terms grow up from its
 * start, the stack down from its end) and, once something has survived
 * two collections, an old heap.  A minor collection copies what is live
 * in the young heap and the heap fragments: words below the high-water
 * mark (they survived the previous collection) are promoted to the old
 * heap, the rest go to a new young block.  Old objects never point to
 * young ones (terms are immutable once built; the few updates in place,
 * such as set_tuple_element, touch only terms built since the last
 * collection), so the old heap is not scanned.  A major collection copies
 * everything live, old heap included, into one new young block and frees
 * the old heap.  It happens after `fullsweep_after` minor ones, when the
 * old heap has no room for what is to be promoted, when binaries
 * referenced from the old heap outgrow their budget, and on request
 * (erlang:garbage_collect/0, hibernate).
 *
 * Block sizes follow a table like OTP's (a Fibonacci-like series from 233
 * words, then 20% steps).  A young block grows a step when more than a
 * third of it survives a minor collection and shrinks when the survivors
 * of recent ones would fit in a sixth of it (see minor); a major
 * collection the heap's growth calls for keeps its young size, one asked
 * for (garbage_collect, hibernate) gives back what is unused.  The old
 * heap is sized when data is first promoted, a step above the young
 * generation's use, and is replaced only by a major collection.
 * Refc binaries referenced from each generation are counted (the virtual
 * binary heap): the scheduler collects a process whose young binaries
 * exceed bin_vheap, so a process that only passes large binaries along
 * does not keep them alive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../vm/print.h"
#include "../vm/vm.h"
#include "copier.h"
#include "heap.h"

/* Young blocks at or below this size are not shrunk by minor collections. */
#define GC_SHRINK_FLOOR 8192

size_t gc_heap_size(size_t words) {
    size_t a = GC_SMALLEST_HEAP, b = 376;
    if (words <= a) return a;
    while (b < words && b < 1000000) {
        size_t c = a + b + 1;
        a = b;
        b = c;
    }
    while (b < words) b += b / 5;
    return b;
}

size_t gc_total_heap_words(const Process *p) {
    return (size_t)(p->hend - p->heap) + (size_t)(p->old_hend - p->old_heap) + p->frag_words;
}

/* Binary bytes that call for a collection, when `bytes` survived one:
 * twice that, but not below min_bin_vheap_size. */
static size_t vheap_budget(const Process *p, size_t bytes) {
    size_t floor = (p->min_bin_vheap ? p->min_bin_vheap : GC_MIN_BIN_VHEAP) * sizeof(Term);
    return 2 * bytes > floor ? 2 * bytes : floor;
}

/* Bookkeeping after either collection; the max_heap_size check. */
static GcResult finish(Process *p, size_t before, size_t after) {
    p->high_water = p->htop;
    p->bin_vheap = vheap_budget(p, p->off_heap.bytes);
    if (p->bin_old_vheap < vheap_budget(p, 0)) p->bin_old_vheap = vheap_budget(p, 0);
    atomic_fetch_add(&p->vm->gc_count, 1);
    atomic_fetch_add(&p->vm->gc_reclaimed, before > after ? before - after : 0);
#ifdef GIRDER_GC_STRESS
    /* Poison the start of the free gap, where the next terms go, so a read
     * of a word never written is noticed (all of it would cost a large
     * young block a page walk at every collection). */
    for (Term *w = p->htop; w < p->stop && w < p->htop + 4096; w++) *w = (Term)0xdeadbeefdeadbee0ull;
#endif
    /* The old heap counts by what it holds: a block just made for the
     * worst case of a promotion is mostly untouched pages. */
    size_t total = (size_t)(p->hend - p->heap) + (size_t)(p->old_htop - p->old_heap) + p->frag_words;
    if (p->max_heap && total > p->max_heap) {
        if (p->max_heap_log) {
            StrBuf b = STRBUF_INIT;
            sb_puts(&b, "=ERROR REPORT==== maximum heap size reached\n    Process: ");
            print_term(&b, &p->vm->atoms, p->pid, PRINT_DISPLAY);
            sb_printf(&b, "\n    Max Heap Size: %zu\n    Total Heap Size: %zu\n    Kill: %s\n",
                      p->max_heap, total, p->max_heap_kill ? "true" : "false");
            if (!sb_failed(&b)) {
                fwrite(sb_str(&b), 1, b.len, p->vm->err);
                fflush(p->vm->err);
            }
            sb_free(&b);
        }
        if (p->max_heap_kill) return GC_KILLED;
    }
    return GC_OK;
}

/* Installs the new young block and frees the old one and the fragments. */
static void install(Process *p, Term *block, size_t size, Term *top, Term *stop) {
    heap_block_free(&p->vm->heap_cache, p->heap, (size_t)(p->hend - p->heap));
    proc_free_frags(p);
    p->heap = block;
    p->htop = top;
    p->hend = block + size;
    p->stop = stop;
}

/* Copies what is live (c holds from-space and, in a minor collection,
 * the old heap's top) into a new block of at least *size words (*size
 * gets its size) with the stack at its end; *stop gets the new stack
 * top.  NULL when out of memory. */
static Term *copy_live(Copier *c, size_t *size, Term *x, unsigned live, Term *old_scan,
                       Term **stop) {
    Process *p = c->p;
    Term *block = heap_block_alloc(&p->vm->heap_cache, *size, size);
    if (!block) return NULL;
    c->top = block;
    if (!copier_sort_frags(c)) {
        heap_block_free(&p->vm->heap_cache, block, *size);
        return NULL;
    }
    *stop = block + *size - (size_t)(p->hend - p->stop);
    copier_run(c, x, live, *stop, block, old_scan);
    free(c->frags);
    return block;
}

/* Shrinks a new block of *size words toward twice what lives in it (not
 * below at_least or min_heap), moving the stack to its new end; returns
 * the stack top. */
static Term *trim(const Process *p, Term *block, size_t *size, Term *stop, size_t live_words,
                  size_t need, size_t at_least) {
    size_t stack = (size_t)(block + *size - stop);
    size_t want = gc_heap_size(2 * live_words + stack + need + 1);
    if (want < at_least) want = at_least;
    if (want < p->min_heap) want = p->min_heap;
    size_t fit = heap_block_fit(*size, want);
    if (fit >= *size) return stop;
    memmove(block + fit - stack, stop, stack * sizeof(Term));
    heap_block_shrink(block, *size, fit);
    *size = fit;
    return block + fit - stack;
}

/* A major collection into a block of `force` words (0: sized by the
 * table, then trimmed to twice what lives, but not below `keep`). */
static GcResult major(Process *p, size_t need, Term *x, unsigned live, size_t force,
                      size_t keep) {
    size_t old_used = (size_t)(p->old_htop - p->old_heap);
    size_t used = (size_t)(p->htop - p->heap) + p->frag_words + old_used;
    size_t stack = (size_t)(p->hend - p->stop);
    size_t size = force ? force : gc_heap_size(used + stack + need + 1);
    if (size < p->min_heap) size = p->min_heap;
    Copier c = {.p = p, .minor = false, .lo = p->heap, .hw = p->heap, .hi = p->htop,
                .olo = p->old_heap, .ohi = p->old_htop};
    Term *stop, *block = copy_live(&c, &size, x, live, NULL, &stop);
    if (!block) return GC_NOMEM;

    size_t live_words = (size_t)(c.top - block);
    p->young_want = 0;
    p->gc_peak = live_words > UINT32_MAX ? UINT32_MAX : (uint32_t)live_words;
    if (!force) stop = trim(p, block, &size, stop, live_words, need, keep);
    copier_sweep(&p->off_heap);
    copier_sweep(&p->old_off_heap);
    p->off_heap = c.young_oh;
    heap_block_free(&p->vm->heap_cache, p->old_heap, (size_t)(p->old_hend - p->old_heap));
    p->old_heap = p->old_htop = p->old_hend = NULL;
    install(p, block, size, c.top, stop);
    p->minor_gcs = 0;
    p->bin_old_vheap = vheap_budget(p, p->off_heap.bytes);
    return finish(p, used, live_words);
}

/* A minor collection; GC_NOMEM also when the old heap has no room (the
 * caller then makes a major one).
 *
 * The young block keeps its size unless what survives says otherwise.
 * When more than a third of it survives (a list or tree being built),
 * the next minor collection gets a block one size up: each collection
 * then finds a smaller share of the young data live, so a growing
 * structure is not copied again and again, and promoted to die in the
 * old heap.  It shrinks (to three times the largest recent survivors, at
 * most halving) only when a slowly decaying maximum of the survivors
 * (1/16 less at each collection) is under a sixth of it: a heap whose
 * survivors depend on the moment of the collection does not swing
 * between sizes. */
/* The young block's size for the next collection: what the last minor
 * collection asked for when it is bigger than the current block. */
static size_t young_target(const Process *p) {
    size_t cur = (size_t)(p->hend - p->heap);
    return p->young_want > cur ? p->young_want : cur;
}

static GcResult minor(Process *p, size_t need, Term *x, unsigned live) {
    if (p->high_water < p->heap || p->high_water > p->htop) p->high_water = p->heap;
    size_t mature = (size_t)(p->high_water - p->heap);
    size_t young = (size_t)(p->htop - p->high_water) + p->frag_words;
    if (mature && !p->old_heap) {
        /* Room to promote more than now (OTP: the size above the young
         * generation's use), so the next promotions fit too. */
        size_t osize = gc_heap_size(gc_heap_size(mature + young) + 1);
        p->old_heap = heap_block_alloc(&p->vm->heap_cache, osize, &osize);
        if (!p->old_heap) return GC_NOMEM;
        p->old_htop = p->old_heap;
        p->old_hend = p->old_heap + osize;
    }
    if ((size_t)(p->old_hend - p->old_htop) < mature) return GC_NOMEM;

    size_t stack = (size_t)(p->hend - p->stop);
    /* Room for the worst case (all young data lives). */
    size_t cur = (size_t)(p->hend - p->heap), worst = young + stack + need + 1;
    size_t size = young_target(p);
    if (size < worst) size = gc_heap_size(worst);
    if (size < p->min_heap) size = p->min_heap;
    Term *old_start = p->old_htop;
    Copier c = {.p = p, .minor = true, .lo = p->heap, .hw = p->high_water, .hi = p->htop,
                .olo = p->old_heap, .ohi = p->old_htop, .otop = p->old_htop,
                .old_oh = p->old_off_heap};
    Term *stop, *block = copy_live(&c, &size, x, live, old_start, &stop);
    if (!block) return GC_NOMEM;

    size_t live_young = (size_t)(c.top - block), promoted = (size_t)(c.otop - old_start);
    size_t survived = live_young + promoted;
    p->gc_peak -= p->gc_peak / 16;
    if (survived > p->gc_peak) p->gc_peak = survived > UINT32_MAX ? UINT32_MAX : (uint32_t)survived;
    p->young_want = 0;
    if (3 * survived > cur) {
        size_t want = gc_heap_size(size + 1);
        if (want <= UINT32_MAX) p->young_want = (uint32_t)want;
    } else if (6 * (size_t)p->gc_peak < size && size > GC_SHRINK_FLOOR) {
        size_t peak = p->gc_peak;
        stop = trim(p, block, &size, stop, peak + peak / 2, need, size / 2);
    }

    copier_sweep(&p->off_heap);
    p->off_heap = c.young_oh;
    p->old_off_heap = c.old_oh;
    p->old_htop = c.otop;
    size_t before = (size_t)(p->htop - p->heap) + p->frag_words;
    install(p, block, size, c.top, stop);
    p->minor_gcs++;
    return finish(p, before, survived);
}

GcResult gc_collect_major(Process *p, size_t need, Term *x, unsigned live, bool compact) {
    GcResult r = major(p, need, x, live, 0, 0);
    if (r != GC_OK || !compact) return r;
    /* Now that the live size is known, once more into a block that fits. */
    size_t fit = (size_t)(p->htop - p->heap) + (size_t)(p->hend - p->stop) + need + 1;
    return major(p, need, x, live, fit < p->min_heap ? p->min_heap : fit, 0);
}

GcResult gc_collect_may_gc(Process *p, size_t need, Term *x, unsigned live) {
    bool full = p->minor_gcs >= p->fullsweep_after || p->old_off_heap.bytes > p->bin_old_vheap ||
                p->gc_request == GC_REQ_MAJOR;
    if (!full) {
        GcResult r = minor(p, need, x, live);
        if (r != GC_NOMEM) return r;
    }
    /* A major collection the heap's own growth calls for keeps the young
     * block's size (minor collections shrink it when it is too big);
     * one asked for (gc_collect_major) gives back what is not used. */
    return major(p, need, x, live, 0, young_target(p));
}
