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
    if (s->off_heap.first) off_heap_release_all(&s->off_heap);
    free(s->frag); /* the block holding s */
}

/* The words of t if it is a small tuple of immediates, the commonest
 * message, which is copied word for word; else 0. */
static size_t flat_tuple_words(Term t) {
    if (!is_tuple(t)) return 0;
    size_t n = tuple_arity(t);
    if (n > 8) return 0;
    const Term *e = tuple_elems(t);
    for (size_t i = 0; i < n; i++)
        if (!is_immed(e[i])) return 0;
    return n + 1;
}

/* Copies t (words words, from a message) to hp. */
static Term copy_message(Term t, size_t flat, Term *hp, OffHeap *oh) {
    if (!flat) return term_copy(t, hp, oh);
    for (size_t i = 0; i < flat; i++) hp[i] = boxed_ptr(t)[i];
    return make_boxed(hp);
}

/* A signal with a copy of `term` (plus `extra` words at the end of its
 * fragment for the caller); NULL when out of memory. */
static Signal *sig_new(SigKind kind, Term from, Term term, size_t extra, Term **extra_out) {
    size_t words = 0, flat = 0;
    if (term != THE_NON_VALUE && !is_immed(term)) {
        words = flat = flat_tuple_words(term);
        if (!flat) words = term_flat_size(term);
        if (words == (size_t)-1) return NULL;
    }
    HeapFrag *f = malloc(sizeof *f + (SIG_HDR_WORDS + words + extra) * sizeof(Term));
    if (!f) return NULL;
    f->next = NULL;
    f->size = f->used = SIG_HDR_WORDS + words + extra;
    Signal *s = (Signal *)(void *)f->mem;
    Term *hp = f->mem + SIG_HDR_WORDS;
    s->next = NULL;
    s->kind = kind;
    s->copied = false;
    s->flat = (unsigned char)flat;
    s->from = from;
    s->ref = (RefId){{0, 0, 0}};
    s->frag = f;
    s->off_heap = (OffHeap){0};
    s->term = words ? copy_message(term, flat, hp, &s->off_heap) : term;
    if (extra_out) *extra_out = hp + words;
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
        s->flat = is_immed(hp[3]) ? 4 : 0;
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

/* p->mq_len changes only on p's own thread; others only read it. */
static void mq_len_add(Process *p, long d) {
    atomic_store_explicit(&p->mq_len,
                          atomic_load_explicit(&p->mq_len, memory_order_relaxed) + (size_t)d,
                          memory_order_relaxed);
}

static void queue_message(Process *p, Signal *s) {
    s->next = NULL;
    *p->mq_last = s;
    p->mq_last = &s->next;
    mq_len_add(p, 1);
}

/* Keeps the signal's block alive as one of p's heap fragments (its terms
 * are used in place); s itself is dead from then on. */
static void adopt(Process *p, Signal *s) {
    HeapFrag *f = s->frag;
    Term *h = s->off_heap.first;
    if (h) {
        while (h[3]) h = (Term *)(uintptr_t)h[3];
        h[3] = (Term)(uintptr_t)p->off_heap.first;
        p->off_heap.first = s->off_heap.first;
        p->off_heap.bytes += s->off_heap.bytes;
    }
    f->next = p->frags;
    p->frags = f;
    p->frag_words += f->used;
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

/* Unlinks the message at the save pointer; resets the save pointer. */
static Signal *unlink_at_save(Process *p) {
    Signal *s = *p->save;
    *p->save = s->next;
    if (p->mq_last == &s->next) p->mq_last = p->save;
    if (p->marker == &s->next) p->marker = p->save;
    mq_len_add(p, -1);
    p->save = &p->mq_first;
    return s;
}

void sig_remove_message(Process *p) {
    Signal *s = unlink_at_save(p);
    if (is_immed(s->term)) sig_free(s);
    else adopt(p, s);
}

/* Messages up to this many words are copied onto the heap by loop_rec. */
#define COPY_MAX_WORDS 64

Term sig_peek_head(Process *p) {
    Signal *s = p->mq_first;
    /* An immediate needs nothing of the block either. */
    s->copied = is_immed(s->term);
    if (s->copied) return s->term;
    size_t words = s->frag->used - SIG_HDR_WORDS;
    if (words > COPY_MAX_WORDS || (size_t)(p->stop - p->htop) < words + 1) return s->term;
    Term t = copy_message(s->term, s->flat, p->htop, &p->off_heap);
    p->htop += words;
    s->copied = true;
    return t;
}

void sig_remove_received(Process *p) {
    bool head = p->save == &p->mq_first;
    Signal *s = unlink_at_save(p);
    if (is_immed(s->term) || (head && s->copied)) sig_free(s);
    else adopt(p, s);
}
