/*
 * process.c: creating processes and allocating on their heaps (see
 * process.h).
 */
#include "process.h"

#include <stdlib.h>
#include <string.h>

#include "../gc/heap.h"
#include "vm.h"

#define DEFAULT_MIN_HEAP 233

Process *proc_new(girder_vm *vm, size_t min_heap) {
    if (min_heap < DEFAULT_MIN_HEAP) min_heap = DEFAULT_MIN_HEAP;
    Process *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    p->xsave = calloc(MAX_X_REGS, sizeof(Term));
    p->heap = heap_block_alloc(min_heap);
    if (!p->xsave || !p->heap) {
        free(p->xsave);
        heap_block_free(p->heap, min_heap);
        free(p);
        return NULL;
    }
    p->vm = vm;
    p->min_heap = min_heap;
    p->htop = p->heap;
    p->hend = p->heap + min_heap;
    p->stop = p->hend;
    p->dict = NIL;
    p->fail_reason = NIL;
    p->fail_args = NIL;
    p->stacktrace = NIL;
    p->exit_reason = NIL;
    p->fail_class = NIL;
    p->group_leader = NIL;
    p->reductions = 4000;
    return p;
}

void proc_free(Process *p) {
    if (!p) return;
    off_heap_release_all(&p->off_heap);
    heap_block_free(p->heap, (size_t)(p->hend - p->heap));
    HeapFrag *f = p->frags;
    while (f) {
        HeapFrag *next = f->next;
        free(f);
        f = next;
    }
    free(p->xsave);
    free(p);
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
