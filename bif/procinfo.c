/*
 * procinfo.c: erlang:process_info/1,2 for local processes.
 */
#include "../gc/term_copy.h"
#include "../vm/sched.h"
#include "../vm/exception.h"
#include "../vm/signal.h"
#include "bif.h"
#include "gcopts.h"
#include "build.h"
#include "dict.h"
#include "vm.h"

static Term mfa(Process *p, Term m, Term f, UWord a) {
    Term *hp = proc_alloc(p, 4);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
    hp[1] = m;
    hp[2] = f;
    hp[3] = make_small((SWord)a);
    return make_boxed(hp);
}

/* The function the process is in: {M, F, A}, or undefined. */
static Term current_function(Process *p, Process *t) {
    const Instr *ip = t == p ? NULL : t->ip;
    if (!ip) {
        /* The caller itself is inside process_info/2: OTP reports the caller. */
        for (Term *sp = t->stop; sp < t->hend; sp++) {
            Term w = *sp;
            if ((w & TAG_PRIMARY_MASK) == TAG_HEADER && w) {
                ip = (const Instr *)(uintptr_t)w;
                break;
            }
        }
    }
    const Module *m = ip ? code_find_module(p->vm, ip) : NULL;
    const FuncInfo *fi = m ? code_find_function(m, ip) : NULL;
    if (!fi) return ATOM_undefined;
    return mfa(p, m->name, fi->name, fi->arity);
}

/* A term of process t made p's: copied unless t is p. */
static Term own(Process *p, Process *t, Term v) {
    if (t == p || is_immed(v) || v == THE_NON_VALUE) return v;
    size_t words = term_flat_size(v);
    Term *hp = words == (size_t)-1 ? NULL : proc_alloc(p, words);
    return hp ? term_copy(v, hp, &p->off_heap) : THE_NON_VALUE;
}

static size_t queue_len(Process *t) {
    size_t n = t->mq_len;
    for (Signal *s = atomic_load(&t->inbox); s; s = s->next) n += s->kind == SIG_MESSAGE;
    return n;
}

/* The value of one item for process t, or THE_NON_VALUE with *bad set
 * when the item is unknown. */
static Term item_value(Process *p, Process *t, Term item, bool *bad) {
    *bad = false;
    if (item == ATOM_registered_name) return t->reg_name == NIL ? NIL : t->reg_name;
    if (item == ATOM_status) {
        int s = atomic_load(&t->state);
        return t == p || s == PS_RUNNING ? ATOM_running : s == PS_WAITING ? ATOM_waiting
             : s == PS_EXITED ? ATOM_exiting : ATOM_runnable;
    }
    if (item == ATOM_message_queue_len) return make_small((SWord)queue_len(t));
    if (item == ATOM_messages) {
        if (t == p) sig_take(p);
        size_t n = t->mq_len;
        Term *hp = proc_alloc(p, 2 * n);
        if (!hp && n) return THE_NON_VALUE;
        Term l = NIL;
        size_t i = 0;
        /* Build back to front: collect the queue into the cells in order. */
        for (Signal *s = t->mq_first; s; s = s->next, i++) {
            hp[2 * i] = own(p, t, s->term);
            if (hp[2 * i] == THE_NON_VALUE) return THE_NON_VALUE;
        }
        for (size_t k = n; k-- > 0;) {
            hp[2 * k + 1] = l;
            l = make_list(hp + 2 * k);
        }
        return l;
    }
    if (item == ATOM_links) {
        Term l = NIL;
        for (unsigned i = 0; i < t->nlinks && l != THE_NON_VALUE; i++)
            l = build_cons(p, t->links[i], l);
        return l;
    }
    if (item == ATOM_monitors || item == ATOM_monitored_by) {
        Term l = NIL;
        bool want_origin = item == ATOM_monitors;
        for (unsigned i = 0; i < t->nmonitors && l != THE_NON_VALUE; i++) {
            Monitor *m = &t->monitors[i];
            if (m->origin != want_origin) continue;
            Term e = m->other;
            if (want_origin) {
                Term who = m->name != NIL ? build_tuple2(p, m->name, ATOM_nonode_nohost) : m->other;
                e = build_tuple2(p, ATOM_process, who);
            }
            l = e == THE_NON_VALUE ? e : build_cons(p, e, l);
        }
        return l;
    }
    if (item == ATOM_dictionary) return dict_snapshot(p, t);
    if (item == ATOM_trap_exit) return t->trap_exit ? ATOM_true : ATOM_false;
    if (item == ATOM_group_leader) return t->group_leader;
    if (item == ATOM_priority)
        return t->priority == 0 ? ATOM_max_atom : t->priority == 1 ? ATOM_high
             : t->priority == 2 ? ATOM_normal : ATOM_low;
    /* As OTP: heap_size is the young heap's block (stack included), total
     * adds the old heap and the fragments. */
    if (item == ATOM_heap_size) return make_small((SWord)(t->hend - t->heap));
    if (item == ATOM_total_heap_size) return make_small((SWord)gc_total_heap_words(t));
    if (item == ATOM_stack_size) return make_small((SWord)(t->hend - t->stop));
    if (item == ATOM_memory)
        return make_small((SWord)(sizeof(Process) + gc_total_heap_words(t) * sizeof(Term)));
    if (item == ATOM_min_heap_size) return make_small(gc_min_heap_reported(t));
    if (item == ATOM_min_bin_vheap_size) return make_small((SWord)t->min_bin_vheap);
    if (item == ATOM_fullsweep_after) return make_small((SWord)t->fullsweep_after);
    if (item == ATOM_max_heap_size) {
        GcMaxHeap m = gc_max_heap_of(t);
        return gc_max_heap_map(p, &m);
    }
    if (item == ATOM_reductions) return make_small((SWord)t->total_reductions);
    if (item == ATOM_current_function) return current_function(p, t);
    if (item == ATOM_current_stacktrace) return exc_current_stacktrace(p, t);
    if (item == ATOM_initial_call) return mfa(p, ATOM_erlang, ATOM_apply, 2);
    if (item == ATOM_error_handler) return ATOM_error_handler;
    if (item == ATOM_garbage_collection) return gc_info_list(p, t);
    *bad = true;
    return THE_NON_VALUE;
}

static Process *target(Process *p, Term pid, bool *bad) {
    *bad = !is_local_pid(pid);
    if (*bad) return NULL;
    return pid == p->pid ? p : vm_find_process(p->vm, pid);
}

static Term info2(Process *p, Process *t, Term *args) {
    bool bad = false;
    Term item = args[1];
    if (is_atom(item)) {
        if (!t) return ATOM_undefined;
        Term v = item_value(p, t, item, &bad);
        if (bad) return bif_badarg(p);
        if (v == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
        if (item == ATOM_registered_name && v == NIL) return NIL;
        Term r = build_tuple2(p, item, v);
        return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
    }
    /* A list of items: a list of {Item, Value} in the same order. */
    size_t n = 0;
    Term l = item;
    for (; is_list(l); l = CDR(list_ptr(l))) {
        if (!is_atom(CAR(list_ptr(l)))) return bif_badarg(p);
        n++;
    }
    if (l != NIL) return bif_badarg(p);
    if (!t) return ATOM_undefined;
    /* The list's cells first, filled in order as the values come. */
    Term *cells;
    BIF_ALLOC(p, cells, 2 * n);
    size_t i = 0;
    for (l = item; is_list(l); l = CDR(list_ptr(l)), i++) {
        Term it = CAR(list_ptr(l));
        Term v = item_value(p, t, it, &bad);
        if (bad) return bif_badarg(p);
        Term pair = build_tuple2(p, it, v);
        if (v == THE_NON_VALUE || pair == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
        cells[2 * i] = pair;
        cells[2 * i + 1] = i + 1 < n ? make_list(cells + 2 * i + 2) : NIL;
    }
    return n ? make_list(cells) : NIL;
}

static Term info1(Process *p, Process *t, Term *args) {
    (void)args;
    bool bad = false;
    if (!t) return ATOM_undefined;
    static const unsigned items[] = {
        ATOM_INDEX_current_function, ATOM_INDEX_initial_call, ATOM_INDEX_status,
        ATOM_INDEX_message_queue_len, ATOM_INDEX_links, ATOM_INDEX_dictionary,
        ATOM_INDEX_trap_exit, ATOM_INDEX_error_handler, ATOM_INDEX_priority,
        ATOM_INDEX_group_leader, ATOM_INDEX_total_heap_size, ATOM_INDEX_heap_size,
        ATOM_INDEX_stack_size, ATOM_INDEX_reductions, ATOM_INDEX_garbage_collection,
    };
    size_t n = sizeof items / sizeof items[0];
    Term r = NIL;
    for (size_t i = n; i-- > 0;) {
        Term it = make_atom(items[i]);
        Term v = item_value(p, t, it, &bad);
        r = build_cons(p, build_tuple2(p, it, v), r);
        if (r == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    }
    if (t->reg_name != NIL)
        r = build_cons(p, build_tuple2(p, ATOM_registered_name, t->reg_name), r);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

/* Another process's state is read with its run lock held (it is not
 * running meanwhile); when that lock is taken, the caller yields and
 * tries again. */
static Term with_target(Process *p, Term *args, Term (*info)(Process *, Process *, Term *),
                        Term name, unsigned arity) {
    bool bad;
    Process *t = target(p, args[0], &bad);
    if (bad) return bif_badarg(p);
    if (!t || t == p) return info(p, t, args);
    if (!proc_trylock(t)) {
        Export *self = export_find(p->vm, ATOM_erlang, name, arity);
        if (!self) return bif_error(p, ATOM_system_limit);
        return bif_trap(p, self);
    }
    Term r = info(p, atomic_load(&t->state) == PS_EXITED ? NULL : t, args);
    proc_unlock(t);
    return r;
}

Term bif_erlang_process_info_1(Process *p, Term *args) {
    return with_target(p, args, info1, ATOM_process_info, 1);
}

Term bif_erlang_process_info_2(Process *p, Term *args) {
    return with_target(p, args, info2, ATOM_process_info, 2);
}
