/*
 * process.c: creating processes and allocating on their heaps (see
 * process.h).
 */
#include "process.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../bif/dict.h"
#include "../gc/heap.h"
#include "signal.h"
#include "vm.h"

/* Small: an idle process should cost under 1 KB; the first collection
 * grows the heap to the collector's sizes (from 233 words). */
#define DEFAULT_MIN_HEAP 48

Process *proc_new(girder_vm *vm, size_t min_heap) {
    if (min_heap < DEFAULT_MIN_HEAP) min_heap = DEFAULT_MIN_HEAP;
    Process *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->xsave = p->xinline;
    p->xcap = sizeof p->xinline / sizeof p->xinline[0];
    p->heap = heap_block_alloc(&vm->heap_cache, min_heap, NULL);
    if (!p->heap) {
        free(p);
        return NULL;
    }
    p->vm = vm;
    p->min_heap = min_heap;
    p->htop = p->heap;
    p->high_water = p->heap; /* nothing has survived a collection yet */
    p->hend = p->heap + min_heap;
    p->stop = p->hend;
    p->fail_reason = NIL;
    p->fail_args = NIL;
    p->stacktrace = NIL;
    p->fail_info = THE_NON_VALUE;
    p->exit_reason = NIL;
    p->fail_class = NIL;
    p->group_leader = NIL;
    p->reductions = 4000;
    p->mq_last = &p->mq_first;
    p->save = &p->mq_first;
    p->pending_exit = THE_NON_VALUE;
    p->reg_name = NIL;
    p->priority = 2;
    p->fullsweep_after = GC_FULLSWEEP_DEFAULT;
    p->min_bin_vheap = GC_MIN_BIN_VHEAP;
    p->bin_vheap = p->bin_old_vheap = p->min_bin_vheap * sizeof(Term);
    p->max_heap_kill = true;
    p->max_heap_log = true;
    return p;
}

void proc_free(Process *p) {
    if (!p) return;
    /* Signals never taken and messages never received. */
    Signal *s = atomic_exchange(&p->inbox, NULL);
    while (s) {
        Signal *next = s->next;
        sig_free(s);
        s = next;
    }
    for (s = p->mq_first; s;) {
        Signal *next = s->next;
        sig_free(s);
        s = next;
    }
    free(p->links);
    free(p->aliases);
    free(p->monitors);
    dict_free(p);
    off_heap_release_all(&p->off_heap);
    off_heap_release_all(&p->old_off_heap);
    heap_block_free(&p->vm->heap_cache, p->heap, (size_t)(p->hend - p->heap));
    heap_block_free(&p->vm->heap_cache, p->old_heap, (size_t)(p->old_hend - p->old_heap));
    proc_free_frags(p);
    if (p->xsave != p->xinline) free(p->xsave);
    free(p);
}

void proc_lock(Process *p) {
    /* Held by a reader only for one process_info, or by the scheduler
     * that ran p until it returns from a wait: spin, then sleep a little. */
    for (unsigned spins = 0; !proc_trylock(p); spins++) {
        if (spins < 100) continue;
        struct timespec ts = {0, 1000};
        nanosleep(&ts, NULL);
    }
}

void proc_free_frags(Process *p) {
    HeapFrag *f = p->frags;
    while (f) {
        HeapFrag *next = f->next;
        free(f);
        f = next;
    }
    p->frags = NULL;
    p->frag_words = 0;
}

Term *proc_alloc(Process *p, size_t n) {
#ifndef GIRDER_GC_STRESS
    /* One stack word stays free for the return address of the next call. */
    if ((size_t)(p->stop - p->htop) >= n + 1) {
        Term *hp = p->htop;
        p->htop += n;
        return hp;
    }
#endif
    size_t size = n < 256 ? 256 : n;
    if (p->frags && p->frags->size - p->frags->used >= n) {
        Term *hp = p->frags->mem + p->frags->used;
        p->frags->used += n;
        p->frag_words += n;
        return hp;
    }
    HeapFrag *f = malloc(sizeof *f + size * sizeof(Term));
    if (!f) return NULL;
    f->next = p->frags;
    f->size = size;
    f->used = n;
    p->frags = f;
    p->frag_words += n;
    return f->mem;
}

/* Decodes one UTF-8 sequence at s[i]; a byte that does not start a valid
 * sequence stands for itself.  Returns the code point, *used the bytes. */
static unsigned utf8_next(const unsigned char *s, size_t len, size_t i, size_t *used) {
    unsigned c = s[i], cp = c, extra = 0;
    if (c >= 0xF0 && c < 0xF8) { cp = c & 0x07; extra = 3; }
    else if (c >= 0xE0 && c < 0xF0) { cp = c & 0x0F; extra = 2; }
    else if (c >= 0xC0 && c < 0xE0) { cp = c & 0x1F; extra = 1; }
    if (i + extra >= len) {
        *used = 1;
        return c;
    }
    for (unsigned j = 1; j <= extra; j++) {
        if ((s[i + j] & 0xC0) != 0x80) {
            *used = 1;
            return c;
        }
        cp = (cp << 6) | (s[i + j] & 0x3F);
    }
    *used = extra + 1;
    return cp;
}

Term proc_utf8_list(Process *p, const unsigned char *s, size_t len) {
    size_t n = 0, used;
    for (size_t i = 0; i < len; i += used, n++) utf8_next(s, len, i, &used);
    Term *hp = proc_alloc(p, 2 * n);
    if (!hp && n) return THE_NON_VALUE;
    /* Cells in order: cell k's tail is cell k+1, the last one's []. */
    size_t k = 0;
    for (size_t i = 0; i < len; i += used, k++) {
        hp[2 * k] = make_small(utf8_next(s, len, i, &used));
        hp[2 * k + 1] = k + 1 < n ? make_list(hp + 2 * (k + 1)) : NIL;
    }
    return n ? make_list(hp) : NIL;
}

bool proc_has_link(const Process *p, Term pid) {
    for (unsigned i = 0; i < p->nlinks; i++)
        if (p->links[i] == pid) return true;
    return false;
}

bool proc_add_link(Process *p, Term pid) {
    if (proc_has_link(p, pid)) return true;
    if (p->nlinks == p->cap_links) {
        unsigned cap = p->cap_links ? p->cap_links * 2 : 4;
        Term *n = realloc(p->links, cap * sizeof *n);
        if (!n) return false;
        p->links = n;
        p->cap_links = cap;
    }
    p->links[p->nlinks++] = pid;
    return true;
}

bool proc_remove_link(Process *p, Term pid) {
    for (unsigned i = 0; i < p->nlinks; i++) {
        if (p->links[i] == pid) {
            p->links[i] = p->links[--p->nlinks];
            return true;
        }
    }
    return false;
}

bool proc_add_monitor(Process *p, const Monitor *m) {
    if (p->nmonitors == p->cap_monitors) {
        unsigned cap = p->cap_monitors ? p->cap_monitors * 2 : 4;
        Monitor *n = realloc(p->monitors, cap * sizeof *n);
        if (!n) return false;
        p->monitors = n;
        p->cap_monitors = cap;
    }
    p->monitors[p->nmonitors++] = *m;
    return true;
}

bool proc_remove_monitor(Process *p, const RefId *ref, Monitor *out) {
    for (unsigned i = 0; i < p->nmonitors; i++) {
        if (ref_id_eq(&p->monitors[i].ref, ref)) {
            if (out) *out = p->monitors[i];
            p->monitors[i] = p->monitors[--p->nmonitors];
            return true;
        }
    }
    return false;
}

bool proc_save_x(Process *p, const Term *x, unsigned n) {
    if (n > p->xcap) {
        Term *a = malloc(n * sizeof *a);
        if (!a) return false;
        if (p->xsave != p->xinline) free(p->xsave);
        p->xsave = a;
        p->xcap = n;
    }
    for (unsigned i = 0; i < n; i++) p->xsave[i] = x[i];
    p->arity = n;
    return true;
}
