/*
 * signal.c: sending and taking signals, and the message queue (see
 * signal.h).
 */
#include "signal.h"

#include <stdlib.h>

#include "../gc/term_copy.h"
#include "atoms_gen.h"
#include "alias.h"
#include "sched.h"
#include "vm.h"

void sig_free(Signal *s) {
    off_heap_release_all(&s->off_heap);
    free(s->frag);
    free(s);
}

/* A signal with a copy of `term` (plus `extra` words at the end of its
 * fragment for the caller); NULL when out of memory. */
static Signal *sig_new(SigKind kind, Term from, Term term, size_t extra, Term **extra_out) {
    Signal *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->kind = kind;
    s->from = from;
    s->term = term;
    size_t words = 0;
    if (term != THE_NON_VALUE && !is_immed(term)) {
        words = term_flat_size(term);
        if (words == (size_t)-1) {
            free(s);
            return NULL;
        }
    }
    if (words + extra) {
        HeapFrag *f = malloc(sizeof *f + (words + extra) * sizeof(Term));
        if (!f) {
            free(s);
            return NULL;
        }
        f->next = NULL;
        f->size = f->used = words + extra;
        s->frag = f;
        if (words) s->term = term_copy(term, f->mem, &s->off_heap);
        if (extra_out) *extra_out = f->mem + words;
    }
    return s;
}

/* Pushes s on to's inbox and wakes `to` if it waits. */
static void sig_push(girder_vm *vm, Process *to, Signal *s) {
    Signal *head = atomic_load(&to->inbox);
    do {
        s->next = head;
    } while (!atomic_compare_exchange_weak(&to->inbox, &head, s));
    atomic_fetch_add(&to->inbox_len, 1);
    sched_wake(vm, to);
}

Term sig_down_message(Term *hp, const RefId *ref, Term pid, Term name, Term reason) {
    Term item = pid;
    Term *t = hp + REF_WORDS;
    if (name != NIL) {
        t[6] = MAKE_HEADER(SUB_TUPLE, 2);
        t[7] = name;
        t[8] = ATOM_nonode_nohost;
        item = make_boxed(t + 6);
    }
    t[0] = MAKE_HEADER(SUB_TUPLE, 5);
    t[1] = ATOM_DOWN;
    t[2] = make_ref_at(hp, ref);
    t[3] = ATOM_process;
    t[4] = item;
    t[5] = reason;
    return make_boxed(t);
}

Signal *sig_make_message(Term from, Term term) {
    return sig_new(SIG_MESSAGE, from, term, 0, NULL);
}

void sig_deliver(girder_vm *vm, Process *to, Signal *s) { sig_push(vm, to, s); }

bool sig_send_to(girder_vm *vm, Term from, Process *to, SigKind kind, Term term,
                 const RefId *ref) {
    Term *hp = NULL;
    Signal *s = sig_new(kind, from, term, kind == SIG_EXIT || kind == SIG_LINK_EXIT ? 4 : 0, &hp);
    if (!s) return false;
    if (kind == SIG_EXIT || kind == SIG_LINK_EXIT) {
        hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
        hp[1] = ATOM_EXIT;
        hp[2] = from;
        hp[3] = s->term;
        s->term = make_boxed(hp);
    }
    if (ref) s->ref = *ref;
    sig_push(vm, to, s);
    return true;
}

bool sig_send(girder_vm *vm, Term from, Term to, SigKind kind, Term term, const RefId *ref) {
    Process *p = vm_find_process(vm, to);
    if (!p) return true; /* signals to processes that are gone vanish */
    return sig_send_to(vm, from, p, kind, term, ref);
}

static void queue_message(Process *p, Signal *s) {
    s->next = NULL;
    *p->mq_last = s;
    p->mq_last = &s->next;
    atomic_fetch_add_explicit(&p->mq_len, 1, memory_order_relaxed);
}

/* Keeps the signal's fragment alive as part of p's heap (its terms are used in place). */
static void adopt(Process *p, Signal *s) {
    if (s->frag) {
        s->frag->next = p->frags;
        p->frags = s->frag;
        p->frag_words += s->frag->used;
        s->frag = NULL;
    }
    Term *h = s->off_heap.first;
    if (h) {
        while (h[3]) h = (Term *)(uintptr_t)h[3];
        h[3] = (Term)(uintptr_t)p->off_heap.first;
        p->off_heap.first = s->off_heap.first;
        p->off_heap.bytes += s->off_heap.bytes;
        s->off_heap.first = NULL;
        s->off_heap.bytes = 0;
    }
}

/* An exit signal: returns false when it ends the process. */
static bool take_exit(Process *p, Signal *s) {
    Term reason = tuple_elems(s->term)[2];
    if (s->kind == SIG_LINK_EXIT) {
        if (!proc_remove_link(p, s->from)) {
            sig_free(s); /* the link was gone before the signal came */
            return true;
        }
    }
    if (reason == ATOM_kill && s->kind != SIG_LINK_EXIT) {
        p->pending_exit = ATOM_killed;
        sig_free(s);
        return false;
    }
    if (p->trap_exit) {
        queue_message(p, s);
        return true;
    }
    if (reason == ATOM_normal && s->from != p->pid) {
        sig_free(s);
        return true;
    }
    adopt(p, s);
    p->pending_exit = reason;
    free(s);
    return false;
}

bool sig_take(Process *p) {
    Signal *s = atomic_exchange(&p->inbox, NULL);
    atomic_store(&p->inbox_len, 0);
    /* The inbox is newest first: reverse it into sending order. */
    Signal *in_order = NULL;
    while (s) {
        Signal *next = s->next;
        s->next = in_order;
        in_order = s;
        s = next;
    }
    bool alive = p->pending_exit == THE_NON_VALUE;
    for (s = in_order; s;) {
        Signal *next = s->next;
        if (!alive) {
            sig_free(s);
            s = next;
            continue;
        }
        switch (s->kind) {
        case SIG_MESSAGE:
            queue_message(p, s);
            break;
        case SIG_DOWN:
            /* Only if the monitor is still there (demonitor may have raced it). */
            if (proc_remove_monitor(p, &s->ref, NULL)) {
                if (p->naliases) alias_remove(p->vm, p, &s->ref, true);
                queue_message(p, s);
            } else {
                sig_free(s);
            }
            break;
        case SIG_LINK:
            proc_add_link(p, s->from);
            sig_free(s);
            break;
        case SIG_UNLINK:
            proc_remove_link(p, s->from);
            sig_free(s);
            break;
        case SIG_MONITOR: {
            Monitor m = {s->ref, s->from, is_atom(s->term) ? s->term : NIL, false};
            proc_add_monitor(p, &m);
            sig_free(s);
            break;
        }
        case SIG_DEMONITOR:
            proc_remove_monitor(p, &s->ref, NULL);
            sig_free(s);
            break;
        case SIG_EXIT:
        case SIG_LINK_EXIT:
            alive = take_exit(p, s);
            break;
        case SIG_GC_REQUEST: {
            /* Collect at the next yield or wait, then answer (sig_gc_answer). */
            Term type = tuple_elems(s->term)[2];
            if (type == ATOM_major || p->gc_request == GC_REQ_NONE)
                p->gc_request = type == ATOM_major ? GC_REQ_MAJOR : GC_REQ_MINOR;
            p->reds_bump += REDUCTIONS_PER_SLICE;
            s->next = p->gc_waiters;
            p->gc_waiters = s;
            break;
        }
        }
        s = next;
    }
    return alive;
}

bool sig_gc_reply(girder_vm *vm, Term from, Term to, Term req_id, bool done) {
    Term hp[4] = {MAKE_HEADER(SUB_TUPLE, 3), ATOM_garbage_collect, req_id,
                  done ? ATOM_true : ATOM_false};
    return sig_send(vm, from, to, SIG_MESSAGE, make_boxed(hp), NULL);
}

void sig_gc_answer(Process *p, bool done) {
    Signal *s = p->gc_waiters;
    p->gc_waiters = NULL;
    while (s) {
        Signal *next = s->next;
        (void)sig_gc_reply(p->vm, p->pid, s->from, tuple_elems(s->term)[1], done);
        sig_free(s);
        s = next;
    }
}

void sig_take_exiting(Process *p) {
    Signal *s = atomic_exchange(&p->inbox, NULL), *in_order = NULL;
    atomic_store(&p->inbox_len, 0);
    while (s) {
        Signal *next = s->next;
        s->next = in_order;
        in_order = s;
        s = next;
    }
    for (s = in_order; s;) {
        Signal *next = s->next;
        if (s->kind == SIG_LINK) {
            proc_add_link(p, s->from);
        } else if (s->kind == SIG_UNLINK) {
            proc_remove_link(p, s->from);
        } else if (s->kind == SIG_MONITOR) {
            Monitor m = {s->ref, s->from, is_atom(s->term) ? s->term : NIL, false};
            proc_add_monitor(p, &m);
        } else if (s->kind == SIG_DEMONITOR) {
            proc_remove_monitor(p, &s->ref, NULL);
        } else if (s->kind == SIG_GC_REQUEST) {
            s->next = p->gc_waiters;
            p->gc_waiters = s;
            s = next;
            continue;
        }
        sig_free(s);
        s = next;
    }
    sig_gc_answer(p, false);
}

void sig_remove_message(Process *p) {
    Signal *s = *p->save;
    *p->save = s->next;
    if (p->mq_last == &s->next) p->mq_last = p->save;
    if (p->marker == &s->next) p->marker = p->save;
    atomic_fetch_sub_explicit(&p->mq_len, 1, memory_order_relaxed);
    p->save = &p->mq_first;
    adopt(p, s);
    free(s);
}
