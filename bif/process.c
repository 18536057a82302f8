/*
 * process.c: BIFs on processes: spawning, links, monitors, exit signals,
 * registered names, process flags, sending, group leaders.
 */
#include "../vm/alias.h"
#include "../vm/sched.h"
#include "../vm/send.h"
#include "../vm/signal.h"
#include "bif.h"
#include "gcopts.h"
#include "vm.h"

/* The process behind a pid term, or NULL (pid of no live process, or not a pid). */
static Process *live(Process *p, Term pid) { return vm_find_process(p->vm, pid); }

static Term make_ref_term(Process *p, const RefId *r) {
    Term *hp = proc_alloc(p, REF_WORDS);
    return hp ? make_ref_at(hp, r) : THE_NON_VALUE;
}

/* Sets up p as the origin of a monitor on target (or a 'DOWN' noproc at once). */
static Term monitor_process(Process *p, Term target, Term name) {
    RefId ref = vm_new_ref(p->vm);
    Term r = make_ref_term(p, &ref);
    if (r == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    Process *t = live(p, target);
    Monitor m = {ref, target, name, true};
    if (!proc_add_monitor(p, &m)) return bif_error(p, ATOM_system_limit);
    if (t == p) return r; /* monitoring oneself never fires */
    if (!t) {
        /* {'DOWN', Ref, process, PidOrName, noproc} right away. */
        Term buf[DOWN_WORDS];
        Term down = sig_down_message(buf, &ref, target, name, ATOM_noproc);
        if (!sig_send_to(p->vm, target, p, SIG_DOWN, down, &ref))
            return bif_error(p, ATOM_system_limit);
        return r;
    }
    sig_send_to(p->vm, p->pid, t, SIG_MONITOR, name == NIL ? THE_NON_VALUE : name, &ref);
    return r;
}

static Term do_link(Process *p, Term pid) {
    if (pid == p->pid) return ATOM_true;
    Process *t = live(p, pid);
    if (!t) {
        if (!p->trap_exit) return bif_error(p, ATOM_noproc);
        sig_send_to(p->vm, pid, p, SIG_EXIT, ATOM_noproc, NULL);
        return ATOM_true;
    }
    if (!proc_add_link(p, pid)) return bif_error(p, ATOM_system_limit);
    sig_send_to(p->vm, p->pid, t, SIG_LINK, THE_NON_VALUE, NULL);
    return ATOM_true;
}

/* spawn_opt options: link, monitor, {priority, P}, and the heap options. */
typedef struct SpawnOpts {
    bool link, monitor;
    unsigned priority;
    size_t min_heap;
    size_t min_bin_vheap;     /* words; 0: the default */
    SWord fullsweep_after;    /* -1: the default */
    bool max_heap_set;
    GcMaxHeap max_heap;
} SpawnOpts;

static bool parse_priority(Term a, unsigned *out) {
    if (a == ATOM_max_atom) *out = 0;
    else if (a == ATOM_high) *out = 1;
    else if (a == ATOM_normal) *out = 2;
    else if (a == ATOM_low) *out = 3;
    else return false;
    return true;
}

static bool parse_spawn_opts(Term l, SpawnOpts *o) {
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term e = CAR(list_ptr(l));
        if (e == ATOM_link) { o->link = true; continue; }
        if (e == ATOM_monitor) { o->monitor = true; continue; }
        if (!is_tuple(e) || tuple_arity(e) != 2) return false;
        Term k = tuple_elems(e)[0], v = tuple_elems(e)[1];
        if (k == ATOM_priority) {
            if (!parse_priority(v, &o->priority)) return false;
        } else if (k == ATOM_min_heap_size || k == ATOM_min_bin_vheap_size ||
                   k == ATOM_fullsweep_after) {
            if (!is_small(v) || small_val(v) < 0) return false;
            if (k == ATOM_min_heap_size) o->min_heap = gc_min_heap_words(small_val(v));
            if (k == ATOM_min_bin_vheap_size) o->min_bin_vheap = gc_min_bin_vheap_words(small_val(v));
            if (k == ATOM_fullsweep_after) o->fullsweep_after = small_val(v);
        } else if (k == ATOM_max_heap_size) {
            if (!gc_parse_max_heap(v, &o->max_heap)) return false;
            o->max_heap_set = true;
        } else if (k == ATOM_message_queue_data) {
            /* Messages stay in their fragments until received either way. */
            if (v != ATOM_on_heap && v != ATOM_off_heap) return false;
        } else if (k == ATOM_monitor) {
            /* accepted; enforced later */
        } else {
            return false;
        }
    }
    return l == NIL;
}

static Term do_spawn(Process *p, Term *args, const SpawnOpts *o) {
    Term m = args[0], f = args[1], a = args[2];
    if (!is_atom(m) || !is_atom(f)) return bif_badarg(p);
    Term l = a;
    while (is_list(l)) l = CDR(list_ptr(l));
    if (l != NIL) return bif_badarg(p);
    Process *c = vm_spawn(p->vm, p, m, f, a, o->min_heap);
    if (!c) return bif_error(p, ATOM_system_limit);
    c->priority = o->priority;
    if (o->fullsweep_after >= 0)
        c->fullsweep_after = gc_fullsweep_value(o->fullsweep_after);
    if (o->min_bin_vheap) {
        c->min_bin_vheap = o->min_bin_vheap;
        c->bin_vheap = c->bin_old_vheap = o->min_bin_vheap * sizeof(Term);
    }
    if (o->max_heap_set) gc_set_max_heap(c, &o->max_heap);
    if (o->link) {
        proc_add_link(c, p->pid);
        proc_add_link(p, c->pid);
    }
    Term ref = THE_NON_VALUE;
    if (o->monitor) {
        RefId id = vm_new_ref(p->vm);
        ref = make_ref_term(p, &id);
        Monitor mine = {id, c->pid, NIL, true}, theirs = {id, p->pid, NIL, false};
        if (ref == THE_NON_VALUE || !proc_add_monitor(p, &mine) || !proc_add_monitor(c, &theirs))
            return bif_error(p, ATOM_system_limit);
    }
    atomic_store(&c->state, PS_RUNNABLE);
    sched_enqueue(p->vm, c);
    if (ref == THE_NON_VALUE) return c->pid;
    Term *hp;
    BIF_ALLOC(p, hp, 3);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = c->pid;
    hp[2] = ref;
    return make_boxed(hp);
}

Term bif_erlang_spawn_3(Process *p, Term *args) {
    SpawnOpts o = {.priority = 2, .fullsweep_after = -1};
    return do_spawn(p, args, &o);
}

Term bif_erlang_spawn_link_3(Process *p, Term *args) {
    SpawnOpts o = {.link = true, .priority = 2, .fullsweep_after = -1};
    return do_spawn(p, args, &o);
}

Term bif_erlang_spawn_opt_4(Process *p, Term *args) {
    SpawnOpts o = {.priority = 2, .fullsweep_after = -1};
    if (!parse_spawn_opts(args[3], &o)) {
        p->fail_info = ATOM_badopt; /* error_info's cause, as OTP gives it */
        return bif_badarg(p);
    }
    return do_spawn(p, args, &o);
}

Term bif_erlang_link_1(Process *p, Term *args) {
    if (!is_pid(args[0]) && !is_port(args[0])) return bif_badarg(p);
    if (!is_local_pid(args[0])) return ATOM_true;
    return do_link(p, args[0]);
}

Term bif_erlang_unlink_1(Process *p, Term *args) {
    Term pid = args[0];
    if (!is_pid(pid) && !is_port(pid)) return bif_badarg(p);
    if (proc_remove_link(p, pid)) sig_send(p->vm, p->pid, pid, SIG_UNLINK, THE_NON_VALUE, NULL);
    return ATOM_true;
}

static Term monitor_2(Process *p, Term type, Term item) {
    if (type != ATOM_process) {
        if (type == ATOM_port || type == ATOM_time_offset) return bif_badarg(p); /* not yet */
        return bif_badarg(p);
    }
    if (is_local_pid(item)) return monitor_process(p, item, NIL);
    if (is_atom(item)) {
        Term pid = vm_whereis(p->vm, item);
        return monitor_process(p, pid == NIL ? make_pid(0) : pid, item);
    }
    if (is_tuple(item) && tuple_arity(item) == 2 && is_atom(tuple_elems(item)[0]) &&
        tuple_elems(item)[1] == ATOM_nonode_nohost) {
        Term name = tuple_elems(item)[0];
        Term pid = vm_whereis(p->vm, name);
        return monitor_process(p, pid == NIL ? make_pid(0) : pid, name);
    }
    return bif_badarg(p);
}

Term bif_erlang_monitor_2(Process *p, Term *args) { return monitor_2(p, args[0], args[1]); }

Term bif_erlang_monitor_3(Process *p, Term *args) {
    /* Options: {alias, explicit_unalias | demonitor | reply_demonitor}. */
    bool alias = false;
    AliasMode mode = ALIAS_EXPLICIT;
    Term l = args[2];
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term o = CAR(list_ptr(l));
        if (!is_tuple(o) || tuple_arity(o) != 2 || tuple_elems(o)[0] != ATOM_alias)
            return bif_badarg(p);
        Term m = tuple_elems(o)[1];
        if (m == ATOM_explicit_unalias) mode = ALIAS_EXPLICIT;
        else if (m == ATOM_demonitor) mode = ALIAS_DEMONITOR;
        else if (m == ATOM_reply_demonitor) mode = ALIAS_REPLY_DEMONITOR;
        else return bif_badarg(p);
        alias = true;
    }
    if (l != NIL) return bif_badarg(p);
    Term ref = monitor_2(p, args[0], args[1]);
    RefId id;
    if (alias && ref != THE_NON_VALUE && ref_id_of(ref, &id) && !alias_add(p->vm, p, &id, mode))
        return bif_error(p, ATOM_system_limit);
    return ref;
}

Term bif_erlang_alias_1(Process *p, Term *args) {
    AliasMode mode = ALIAS_EXPLICIT;
    Term l = args[0];
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term o = CAR(list_ptr(l));
        if (o == ATOM_explicit_unalias) mode = ALIAS_EXPLICIT;
        else if (o == ATOM_reply) mode = ALIAS_REPLY_DEMONITOR;
        else return bif_badarg(p);
    }
    if (l != NIL) return bif_badarg(p);
    RefId id = vm_new_ref(p->vm);
    Term ref = make_ref_term(p, &id);
    if (ref == THE_NON_VALUE || !alias_add(p->vm, p, &id, mode)) return bif_error(p, ATOM_system_limit);
    return ref;
}

Term bif_erlang_unalias_1(Process *p, Term *args) {
    RefId id;
    if (!is_ref(args[0])) return bif_badarg(p);
    if (!ref_id_of(args[0], &id)) return ATOM_false;
    return alias_remove(p->vm, p, &id, false) ? ATOM_true : ATOM_false;
}

/* Drops the 'DOWN' message of ref from p's queue, if it came. */
static void flush_down(Process *p, const RefId *ref) {
    sig_take(p);
    Signal **save = p->save;
    for (p->save = &p->mq_first; *p->save; p->save = &(*p->save)->next) {
        Term m = (*p->save)->term;
        RefId r;
        if (is_tuple(m) && tuple_arity(m) == 5 && tuple_elems(m)[0] == ATOM_DOWN &&
            ref_id_of(tuple_elems(m)[1], &r) && ref_id_eq(&r, ref)) {
            bool at_save = *save == *p->save;
            sig_remove_message(p);
            if (!at_save) p->save = save;
            return;
        }
    }
    p->save = save;
}

static Term demonitor(Process *p, Term ref, Term opts) {
    RefId id;
    if (!is_ref(ref)) return bif_badarg(p);
    bool flush = false, info = false;
    for (Term l = opts; l != NIL; l = CDR(list_ptr(l))) {
        if (!is_list(l)) return bif_badarg(p);
        Term o = CAR(list_ptr(l));
        if (o == ATOM_flush) flush = true;
        else if (o == ATOM_info) info = true;
        else return bif_badarg(p);
    }
    if (!ref_id_of(ref, &id)) return info ? ATOM_false : ATOM_true;
    Monitor m;
    bool found = false;
    for (unsigned i = 0; i < p->nmonitors; i++)
        if (p->monitors[i].origin && ref_id_eq(&p->monitors[i].ref, &id)) found = true;
    if (found) {
        proc_remove_monitor(p, &id, &m);
        sig_send(p->vm, p->pid, m.other, SIG_DEMONITOR, THE_NON_VALUE, &id);
    }
    if (p->naliases) alias_remove(p->vm, p, &id, true);
    if (flush) flush_down(p, &id);
    return info ? (found ? ATOM_true : ATOM_false) : ATOM_true;
}

Term bif_erlang_demonitor_1(Process *p, Term *args) { return demonitor(p, args[0], NIL); }
Term bif_erlang_demonitor_2(Process *p, Term *args) { return demonitor(p, args[0], args[1]); }

Term bif_erlang_exit_2(Process *p, Term *args) {
    Term pid = args[0], reason = args[1];
    if (!is_pid(pid) && !is_port(pid)) return bif_badarg(p);
    if (pid == p->pid) {
        /* Handled at once: the caller dies unless it traps exits. */
        if (reason == ATOM_kill) return bif_exit_self(p, ATOM_killed);
        if (!p->trap_exit) return bif_exit_self(p, reason);
        sig_send_to(p->vm, p->pid, p, SIG_EXIT, reason, NULL);
        return ATOM_true;
    }
    if (!sig_send(p->vm, p->pid, pid, SIG_EXIT, reason, NULL)) return bif_error(p, ATOM_system_limit);
    return ATOM_true;
}

Term bif_erlang_process_flag_2(Process *p, Term *args) {
    Term flag = args[0], v = args[1];
    if (flag == ATOM_trap_exit) {
        if (v != ATOM_true && v != ATOM_false) return bif_badarg(p);
        Term old = p->trap_exit ? ATOM_true : ATOM_false;
        p->trap_exit = v == ATOM_true;
        return old;
    }
    if (flag == ATOM_priority) {
        unsigned prio;
        if (!parse_priority(v, &prio)) return bif_badarg(p);
        Term old = p->priority == 0 ? ATOM_max_atom : p->priority == 1 ? ATOM_high
                 : p->priority == 2 ? ATOM_normal : ATOM_low;
        p->priority = prio;
        return old;
    }
    if (flag == ATOM_min_heap_size || flag == ATOM_min_bin_vheap_size ||
        flag == ATOM_fullsweep_after) {
        if (!is_small(v) || small_val(v) < 0) return bif_badarg(p);
        SWord n = small_val(v);
        if (flag == ATOM_min_heap_size) {
            Term old = make_small(gc_min_heap_reported(p));
            p->min_heap = gc_min_heap_words(n);
            return old;
        }
        if (flag == ATOM_min_bin_vheap_size) {
            Term old = make_small((SWord)p->min_bin_vheap);
            p->min_bin_vheap = gc_min_bin_vheap_words(n);
            return old;
        }
        Term old = make_small((SWord)p->fullsweep_after);
        p->fullsweep_after = gc_fullsweep_value(n);
        return old;
    }
    if (flag == ATOM_max_heap_size) {
        GcMaxHeap m;
        if (!gc_parse_max_heap(v, &m)) return bif_badarg(p);
        GcMaxHeap was = gc_max_heap_of(p);
        Term old = gc_max_heap_map(p, &was);
        if (old == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
        gc_set_max_heap(p, &m);
        return old;
    }
    if (flag == ATOM_message_queue_data) {
        if (v != ATOM_on_heap && v != ATOM_off_heap) return bif_badarg(p);
        return ATOM_on_heap;
    }
    if (flag == ATOM_sensitive) {
        if (v != ATOM_true && v != ATOM_false) return bif_badarg(p);
        return ATOM_false;
    }
    return bif_badarg(p);
}

Term bif_erlang_register_2(Process *p, Term *args) {
    Term name = args[0];
    if (!is_atom(name) || name == ATOM_undefined) return bif_badarg(p);
    Process *t = live(p, args[1]);
    if (!t || !vm_register(p->vm, name, t)) return bif_badarg(p);
    return ATOM_true;
}

Term bif_erlang_unregister_1(Process *p, Term *args) {
    if (!is_atom(args[0]) || !vm_unregister(p->vm, args[0])) return bif_badarg(p);
    return ATOM_true;
}

Term bif_erlang_whereis_1(Process *p, Term *args) {
    if (!is_atom(args[0])) return bif_badarg(p);
    Term pid = vm_whereis(p->vm, args[0]);
    return pid == NIL ? ATOM_undefined : pid;
}

Term bif_erlang_registered_0(Process *p, Term *args) {
    girder_vm *vm = p->vm;
    pthread_mutex_lock(&vm->proc_lock);
    size_t n = vm->nnames;
    Term *hp = proc_alloc(p, 2 * n);
    Term l = NIL;
    if (hp) {
        for (size_t i = 0; i < n; i++) {
            hp[2 * i] = vm->names[i].name;
            hp[2 * i + 1] = l;
            l = make_list(hp + 2 * i);
        }
    }
    pthread_mutex_unlock(&vm->proc_lock);
    if (!hp && n) return bif_error(p, ATOM_system_limit);
    return l;
}

Term bif_erlang_processes_0(Process *p, Term *args) {
    (void)args;
    girder_vm *vm = p->vm;
    size_t slots = vm_proc_slots(vm), n = 0;
    for (size_t i = 0; i < slots; i++) {
        Process *q = vm_proc_at(vm, i);
        if (q && atomic_load(&q->state) != PS_EXITED) n++;
    }
    Term *hp;
    BIF_ALLOC(p, hp, 2 * n);
    /* Processes that ended meanwhile are left out; new ones are not seen. */
    Term l = NIL;
    size_t k = 0;
    for (size_t i = slots; i-- > 0 && k < n;) {
        Process *q = vm_proc_at(vm, i);
        if (!q || atomic_load(&q->state) == PS_EXITED) continue;
        hp[2 * k] = q->pid;
        hp[2 * k + 1] = l;
        l = make_list(hp + 2 * k);
        k++;
    }
    return l;
}

Term bif_erlang_is_process_alive_1(Process *p, Term *args) {
    if (!is_local_pid(args[0])) return bif_badarg(p);
    return live(p, args[0]) ? ATOM_true : ATOM_false;
}

Term bif_erlang_send_2(Process *p, Term *args) { return proc_send(p, args[0], args[1]); }

Term bif_erlang_send_3(Process *p, Term *args) {
    for (Term l = args[2]; l != NIL; l = CDR(list_ptr(l))) {
        if (!is_list(l)) return bif_badarg(p);
        Term o = CAR(list_ptr(l));
        if (o != ATOM_nosuspend && o != ATOM_noconnect) return bif_badarg(p);
    }
    Term r = proc_send(p, args[0], args[1]);
    return r == THE_NON_VALUE ? r : ATOM_ok;
}

Term bif_erlang_group_leader_0(Process *p, Term *args) { return p->group_leader; }

Term bif_erts_internal_group_leader_2(Process *p, Term *args) {
    if (!is_pid(args[0])) return ATOM_badarg;
    Process *t = live(p, args[1]);
    if (!is_pid(args[1])) return ATOM_badarg;
    if (!t) return ATOM_badarg;
    t->group_leader = args[0];
    return ATOM_true;
}

Term bif_erts_internal_group_leader_3(Process *p, Term *args) { return ATOM_true; }

/* Ends the time slice: the process yields at its next call. */
Term bif_erlang_yield_0(Process *p, Term *args) {
    p->reds_bump = REDUCTIONS_PER_SLICE;
    return ATOM_true;
}

Term bif_erlang_bump_reductions_1(Process *p, Term *args) {
    if (!is_small(args[0]) || small_val(args[0]) < 0) return bif_badarg(p);
    SWord n = small_val(args[0]);
    p->reds_bump += n > REDUCTIONS_PER_SLICE ? REDUCTIONS_PER_SLICE : (size_t)n;
    return ATOM_true;
}

/* erlang:hibernate(M, F, A): never returns; the interpreter drops the
 * stack, compacts the heap and waits, then calls apply(M, F, A). */
Term bif_erlang_hibernate_3(Process *p, Term *args) {
    if (!is_atom(args[0]) || !is_atom(args[1])) return bif_badarg(p);
    Term l = args[2];
    while (is_list(l)) l = CDR(list_ptr(l));
    if (l != NIL) return bif_badarg(p);
    p->hibernating = true;
    return THE_NON_VALUE;
}

Term bif_net_kernel_dflag_unicode_io_1(Process *p, Term *args) { return ATOM_true; }
