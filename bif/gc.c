/*
 * gc.c: erlang:garbage_collect/0,1,2's natives, and the heap settings of
 * spawn_opt/process_flag/process_info (see gcopts.h).
 *
 * A native never collects, so erts_internal:garbage_collect/1 records the
 * request and traps (bif_trap) to girder_gc:done/1: the process yields
 * before the continuation runs, the scheduler's yield path collects with
 * the live registers known (vm/interp.c), and done/1 answers true.
 * Another process is asked with a signal (erts_internal:
 * request_system_task/3, vm/signal.c): it collects at its next yield or
 * wait, then answers {garbage_collect, ReqId, true}; a process that is
 * gone answers false.
 */
#include "bif.h"
#include "build.h"
#include "gcopts.h"
#include "vm.h"
#include "../vm/map.h"
#include "../vm/signal.h"

Term bif_erts_internal_garbage_collect_1(Process *p, Term *args) {
    if (args[0] != ATOM_major && args[0] != ATOM_minor) return bif_badarg(p);
    if (args[0] == ATOM_major || p->gc_request != GC_REQ_MAJOR)
        p->gc_request = args[0] == ATOM_major ? GC_REQ_MAJOR : GC_REQ_MINOR;
    Export *done = export_find(p->vm, ATOM_girder_gc, ATOM_done, 1);
    if (!done) return bif_error(p, ATOM_system_limit);
    return bif_trap(p, done);
}

/* Runs after the collection erts_internal:garbage_collect/1 asked for. */
Term bif_girder_gc_done_1(Process *p, Term *args) {
    (void)p;
    (void)args;
    return ATOM_true;
}

/* request_system_task(Pid, Priority, {garbage_collect, ReqId, Type}): the
 * only system task girder has. */
Term bif_erts_internal_request_system_task_3(Process *p, Term *args) {
    Term pid = args[0], req = args[2];
    if (!is_local_pid(pid) || !is_atom(args[1]) || !is_tuple(req) || tuple_arity(req) != 3)
        return bif_badarg(p);
    const Term *r = tuple_elems(req);
    if (r[0] != ATOM_garbage_collect || (r[2] != ATOM_major && r[2] != ATOM_minor))
        return bif_badarg(p);
    Process *t = pid == p->pid ? NULL : vm_find_process(p->vm, pid);
    if (t && sig_send_to(p->vm, p->pid, t, SIG_GC_REQUEST, req, NULL)) return ATOM_true;
    /* Gone (or ourselves, whose collection is not worth a round trip): answer now. */
    if (pid == p->pid) p->gc_request = r[2] == ATOM_major ? GC_REQ_MAJOR : GC_REQ_MINOR;
    if (!sig_gc_reply(p->vm, p->pid, p->pid, r[1], t || pid == p->pid))
        return bif_error(p, ATOM_system_limit);
    return ATOM_true;
}

bool gc_parse_max_heap(Term v, GcMaxHeap *out) {
    GcMaxHeap m = {0, true, true};
    if (is_small(v)) {
        if (small_val(v) < 0) return false;
        m.size = (size_t)small_val(v);
    } else if (is_map(v)) {
        const Term *sp = map_get(v, ATOM_size), *kp = map_get(v, ATOM_kill),
                   *lp = map_get(v, ATOM_error_logger);
        Term size = sp ? *sp : THE_NON_VALUE, kill = kp ? *kp : THE_NON_VALUE,
             log = lp ? *lp : THE_NON_VALUE;
        if (size == THE_NON_VALUE || !is_small(size) || small_val(size) < 0) return false;
        if (kill != THE_NON_VALUE && !bif_is_bool(kill)) return false;
        if (log != THE_NON_VALUE && !bif_is_bool(log)) return false;
        m.size = (size_t)small_val(size);
        if (kill != THE_NON_VALUE) m.kill = kill == ATOM_true;
        if (log != THE_NON_VALUE) m.log = log == ATOM_true;
    } else {
        return false;
    }
    if (m.size && m.size < GC_SMALLEST_HEAP) return false;
    *out = m;
    return true;
}

Term gc_max_heap_map(Process *p, const GcMaxHeap *m) {
    Term *hp = proc_alloc(p, 4 + 6);
    if (!hp) return THE_NON_VALUE;
    /* The keys tuple, then the flat map: header, size, keys, values. */
    hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
    hp[1] = ATOM_error_logger;
    hp[2] = ATOM_kill;
    hp[3] = ATOM_size;
    Term *mp = hp + 4;
    mp[0] = MAKE_HEADER(SUB_MAP, 2 + 3);
    mp[1] = 3;
    mp[2] = make_boxed(hp);
    mp[3] = m->log ? ATOM_true : ATOM_false;
    mp[4] = m->kill ? ATOM_true : ATOM_false;
    mp[5] = make_small((SWord)m->size);
    return make_boxed(mp);
}

GcMaxHeap gc_max_heap_of(const Process *t) {
    return (GcMaxHeap){t->max_heap, t->max_heap_kill, t->max_heap_log};
}

void gc_set_max_heap(Process *t, const GcMaxHeap *m) {
    t->max_heap = m->size;
    t->max_heap_kill = m->kill;
    t->max_heap_log = m->log;
}

size_t gc_min_heap_words(SWord v) { return gc_heap_size(v > 0 ? (size_t)v : 0); }

SWord gc_min_heap_reported(const Process *t) {
    return t->min_heap > GC_SMALLEST_HEAP ? (SWord)t->min_heap : GC_SMALLEST_HEAP;
}

size_t gc_min_bin_vheap_words(SWord v) {
    return v > GC_MIN_BIN_VHEAP ? gc_min_heap_words(v) : GC_MIN_BIN_VHEAP;
}

Term gc_info_list(Process *p, const Process *t) {
    GcMaxHeap m = gc_max_heap_of(t);
    Term map = gc_max_heap_map(p, &m);
    if (map == THE_NON_VALUE) return THE_NON_VALUE;
    Term items[5] = {
        build_tuple2(p, ATOM_max_heap_size, map),
        build_tuple2(p, ATOM_min_bin_vheap_size, make_small((SWord)t->min_bin_vheap)),
        build_tuple2(p, ATOM_min_heap_size, make_small(gc_min_heap_reported(t))),
        build_tuple2(p, ATOM_fullsweep_after, make_small((SWord)t->fullsweep_after)),
        build_tuple2(p, ATOM_minor_gcs, make_small((SWord)t->minor_gcs)),
    };
    Term l = NIL;
    for (int i = 4; i >= 0 && l != THE_NON_VALUE; i--)
        l = items[i] == THE_NON_VALUE ? THE_NON_VALUE : build_cons(p, items[i], l);
    return l;
}
