/*
 * timers.c: BIFs of message timers: erlang:send_after/3,4,
 * start_timer/3,4, cancel_timer/1,2, read_timer/1,2 (the timers live in
 * the scheduler, vm/sched.c).
 */
#include "../vm/sched.h"
#include "../vm/signal.h"
#include "bif.h"
#include "vm.h"

/* A time in milliseconds: a non-negative integer that fits 32 bits' worth of days. */
static bool timer_time(Term t, uint64_t *ms) {
    if (!is_small(t) || small_val(t) < 0 || small_val(t) > 0xFFFFFFFFFFLL) return false;
    *ms = (uint64_t)small_val(t);
    return true;
}

/* Options of the /4 forms: only {abs, false} (relative time) is supported. */
static bool timer_opts(Term l) {
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term o = CAR(list_ptr(l));
        if (!is_tuple(o) || tuple_arity(o) != 2 || tuple_elems(o)[0] != ATOM_abs ||
            tuple_elems(o)[1] != ATOM_false)
            return false;
    }
    return l == NIL;
}

static Term start(Process *p, Term time, Term dest, Term msg, bool wrap) {
    uint64_t ms;
    if (!timer_time(time, &ms)) return bif_badarg(p);
    if (!is_local_pid(dest) && !is_atom(dest)) return bif_badarg(p);
    /* The reference is made first so that {timeout, TRef, Msg} can hold it. */
    RefId id = vm_new_ref(p->vm);
    Term *hp;
    BIF_ALLOC(p, hp, REF_WORDS + 4);
    Term ref = make_ref_at(hp, &id);
    if (wrap) {
        hp[REF_WORDS] = MAKE_HEADER(SUB_TUPLE, 3);
        hp[REF_WORDS + 1] = ATOM_timeout;
        hp[REF_WORDS + 2] = ref;
        hp[REF_WORDS + 3] = msg;
        msg = make_boxed(hp + REF_WORDS);
    }
    if (!sched_send_after(p->vm, p, ms, dest, msg, &id)) return bif_error(p, ATOM_system_limit);
    return ref;
}

Term bif_erlang_send_after_3(Process *p, Term *args) { return start(p, args[0], args[1], args[2], false); }
Term bif_erlang_start_timer_3(Process *p, Term *args) { return start(p, args[0], args[1], args[2], true); }

Term bif_erlang_send_after_4(Process *p, Term *args) {
    if (!timer_opts(args[3])) return bif_badarg(p);
    return start(p, args[0], args[1], args[2], false);
}

Term bif_erlang_start_timer_4(Process *p, Term *args) {
    if (!timer_opts(args[3])) return bif_badarg(p);
    return start(p, args[0], args[1], args[2], true);
}

static Term left(Process *p, Term ref, bool cancel) {
    RefId id;
    if (!is_ref(ref)) return bif_badarg(p);
    if (!ref_id_of(ref, &id)) return ATOM_false;
    int64_t ms = sched_timer_left(p->vm, &id, cancel);
    return ms < 0 ? ATOM_false : make_small(ms);
}

Term bif_erlang_cancel_timer_1(Process *p, Term *args) { return left(p, args[0], true); }
Term bif_erlang_read_timer_1(Process *p, Term *args) { return left(p, args[0], false); }

/* Options {async, Bool} and {info, Bool}: an asynchronous answer comes as
 * the message {cancel_timer | read_timer, TRef, Result}. */
static Term left_opts(Process *p, Term ref, Term opts, bool cancel) {
    bool async = false, info = true;
    Term l = opts;
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term o = CAR(list_ptr(l));
        if (!is_tuple(o) || tuple_arity(o) != 2) return bif_badarg(p);
        Term k = tuple_elems(o)[0], v = tuple_elems(o)[1];
        if (v != ATOM_true && v != ATOM_false) return bif_badarg(p);
        if (k == ATOM_async) async = v == ATOM_true;
        else if (k == ATOM_info) info = v == ATOM_true;
        else return bif_badarg(p);
    }
    if (l != NIL) return bif_badarg(p);
    Term r = left(p, ref, cancel);
    if (r == THE_NON_VALUE || !async) return info ? r : ATOM_ok;
    if (info) {
        Term *hp;
        BIF_ALLOC(p, hp, 4);
        hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
        hp[1] = cancel ? ATOM_cancel_timer : ATOM_read_timer;
        hp[2] = ref;
        hp[3] = r;
        if (!sig_send_to(p->vm, p->pid, p, SIG_MESSAGE, make_boxed(hp), NULL)) return bif_error(p, ATOM_system_limit);
    }
    return ATOM_ok;
}

Term bif_erlang_cancel_timer_2(Process *p, Term *args) { return left_opts(p, args[0], args[1], true); }
Term bif_erlang_read_timer_2(Process *p, Term *args) { return left_opts(p, args[0], args[1], false); }
