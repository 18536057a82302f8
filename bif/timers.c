/*
 * timers.c: BIFs of message timers: erlang:send_after/3,4,
 * start_timer/3,4, cancel_timer/1,2, read_timer/1,2 (the timers
 * themselves are in vm/timer.c).
 */
#include <stdint.h>
#include <time.h>

#include "../vm/signal.h"
#include "../vm/timer.h"
#include "bif.h"
#include "vm.h"

#define NS_PER_MS 1000000LL
/* OTP's monotonic clock origin in nanoseconds, as in bif/time.c: girder's
 * erlang:monotonic_time() is this plus a second plus the time since the
 * VM started. */
#define MONO_BEGIN_NS (-((int64_t)1 << 59))
/* The earliest absolute time OTP 25 accepts ({abs, true}), in ms. */
#define ABS_MIN_MS (-576460752000LL)

/* The due time (sched_now_us's clock) of a timer set to `time` ms from
 * now, or at monotonic time `time` ms when abs.  False when OTP would
 * refuse it: a due time must fit in 63 bits of nanoseconds counted from
 * OTP's monotonic origin; one in the past is due at once. */
static bool due_time(Process *p, Term time, bool abs, uint64_t *due_us) {
    if (!is_small(time)) return false;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts); /* the clock of sched_now_us too */
    int64_t now_ns = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
    int64_t since_origin = now_ns - p->vm->bifs.start_mono_ns + 1000000000LL; /* monotonic - MONO_BEGIN_NS */
    uint64_t limit = (uint64_t)(INT64_MAX - since_origin); /* the longest wait, in ns */
    int64_t t = small_val(time);
    uint64_t wait_ns;
    if (!abs) {
        if (t < 0 || (uint64_t)t > limit / NS_PER_MS) return false;
        wait_ns = (uint64_t)t * NS_PER_MS;
    } else {
        if (t < ABS_MIN_MS || t > INT64_MAX / NS_PER_MS) return false;
        int64_t at = t * NS_PER_MS, now = MONO_BEGIN_NS + since_origin;
        wait_ns = at > now ? (uint64_t)at - (uint64_t)now : 0;
        if (wait_ns > limit) return false;
    }
    uint64_t due_ns = (uint64_t)now_ns + wait_ns;
    *due_us = due_ns / 1000u + (due_ns % 1000u != 0);
    return true;
}

/* Options of the /4 forms: {abs, Bool}, the last one counting. */
static bool timer_opts(Term l, bool *abs) {
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term o = CAR(list_ptr(l));
        if (!is_tuple(o) || tuple_arity(o) != 2 || tuple_elems(o)[0] != ATOM_abs) return false;
        Term v = tuple_elems(o)[1];
        if (v != ATOM_true && v != ATOM_false) return false;
        *abs = v == ATOM_true;
    }
    return l == NIL;
}

static Term start(Process *p, Term time, Term dest, Term msg, Term opts, bool wrap) {
    bool abs = false;
    uint64_t due;
    if (opts != NIL && !timer_opts(opts, &abs)) return bif_badarg(p);
    if (!due_time(p, time, abs, &due)) return bif_badarg(p);
    if (!is_local_pid(dest) && !is_atom(dest)) return bif_badarg(p);
    Term *hp;
    BIF_ALLOC(p, hp, REF_WORDS + (wrap ? 4 : 0));
    /* The reference comes first so that {timeout, TRef, Msg} can hold it. */
    RefId id;
    if (!timer_reserve_msg(p->vm, &id)) return bif_error(p, ATOM_system_limit);
    Term ref = make_ref_at(hp, &id);
    if (wrap) {
        hp[REF_WORDS] = MAKE_HEADER(SUB_TUPLE, 3);
        hp[REF_WORDS + 1] = ATOM_timeout;
        hp[REF_WORDS + 2] = ref;
        hp[REF_WORDS + 3] = msg;
        msg = make_boxed(hp + REF_WORDS);
    }
    if (!timer_start_msg(p->vm, p, &id, due, dest, msg)) return bif_error(p, ATOM_system_limit);
    return ref;
}

Term bif_erlang_send_after_3(Process *p, Term *args) { return start(p, args[0], args[1], args[2], NIL, false); }
Term bif_erlang_start_timer_3(Process *p, Term *args) { return start(p, args[0], args[1], args[2], NIL, true); }

Term bif_erlang_send_after_4(Process *p, Term *args) {
    return start(p, args[0], args[1], args[2], args[3], false);
}

Term bif_erlang_start_timer_4(Process *p, Term *args) {
    return start(p, args[0], args[1], args[2], args[3], true);
}

static Term left(Process *p, Term ref, bool cancel) {
    RefId id;
    if (!is_ref(ref)) return bif_badarg(p);
    if (!ref_id_of(ref, &id)) return ATOM_false;
    int64_t ms = timer_msg_left(p->vm, &id, cancel);
    return ms < 0 ? ATOM_false : make_small(ms);
}

Term bif_erlang_cancel_timer_1(Process *p, Term *args) { return left(p, args[0], true); }
Term bif_erlang_read_timer_1(Process *p, Term *args) { return left(p, args[0], false); }

/* Options {async, Bool} and, for cancel_timer, {info, Bool}: an
 * asynchronous answer comes as the message
 * {cancel_timer | read_timer, TRef, Result}; without info there is no
 * answer, and the call returns ok. */
static Term left_opts(Process *p, Term ref, Term opts, bool cancel) {
    bool async = false, info = true;
    Term l = opts;
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term o = CAR(list_ptr(l));
        if (!is_tuple(o) || tuple_arity(o) != 2) return bif_badarg(p);
        Term k = tuple_elems(o)[0], v = tuple_elems(o)[1];
        if (v != ATOM_true && v != ATOM_false) return bif_badarg(p);
        if (k == ATOM_async) async = v == ATOM_true;
        else if (k == ATOM_info && cancel) info = v == ATOM_true;
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
