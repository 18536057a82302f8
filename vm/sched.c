/*
 * sched.c: the scheduler loop, run queues, receive timers and process
 * exit (see sched.h).
 */
#include "sched.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

#include "atoms_gen.h"
#include "signal.h"
#include "vm.h"

uint64_t sched_now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void sched_enqueue(girder_vm *vm, Process *p) {
    RunQueue *q = &vm->runq[p->priority < 4 ? p->priority : 2];
    pthread_mutex_lock(&vm->runq_lock);
    p->next_run = NULL;
    if (q->tail) q->tail->next_run = p;
    else q->head = p;
    q->tail = p;
    pthread_mutex_unlock(&vm->runq_lock);
}

static Process *dequeue(girder_vm *vm) {
    Process *p = NULL;
    pthread_mutex_lock(&vm->runq_lock);
    for (int i = 0; i < 4 && !p; i++) {
        RunQueue *q = &vm->runq[i];
        if (!q->head) continue;
        /* low runs only when nothing else does, as in OTP: approximated by order */
        p = q->head;
        q->head = p->next_run;
        if (!q->head) q->tail = NULL;
    }
    pthread_mutex_unlock(&vm->runq_lock);
    return p;
}

void sched_wake(girder_vm *vm, Process *p) {
    int waiting = PS_WAITING;
    if (atomic_compare_exchange_strong(&p->state, &waiting, PS_RUNNABLE)) sched_enqueue(vm, p);
}

/* --- receive timers: a binary min-heap on the due time --- */

static void timer_swap(Timer *a, Timer *b) {
    Timer t = *a;
    *a = *b;
    *b = t;
}

static bool timer_add(TimerHeap *h, const Timer *t) {
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        Timer *n = realloc(h->items, cap * sizeof *n);
        if (!n) return false;
        h->items = n;
        h->cap = cap;
    }
    size_t i = h->n++;
    h->items[i] = *t;
    while (i && h->items[(i - 1) / 2].due > h->items[i].due) {
        timer_swap(&h->items[(i - 1) / 2], &h->items[i]);
        i = (i - 1) / 2;
    }
    return true;
}

bool sched_start_timer(girder_vm *vm, Process *p, uint64_t ms) {
    Timer t = {sched_now_us() + ms * 1000u, ++vm->timer_seq, p->pid, NIL, NULL, {{0, 0, 0}}};
    if (!timer_add(&vm->timers, &t)) return false;
    p->timer = t.id;
    p->timed_out = false;
    return true;
}

bool sched_send_after(girder_vm *vm, Process *p, uint64_t ms, Term dest, Term msg,
                      const RefId *ref) {
    Signal *s = sig_make_message(p->pid, msg);
    if (!s) return false;
    Timer t = {sched_now_us() + ms * 1000u, ++vm->timer_seq, is_atom(dest) ? NIL : dest,
               is_atom(dest) ? dest : NIL, s, *ref};
    if (!timer_add(&vm->timers, &t)) {
        sig_free(s);
        return false;
    }
    return true;
}

int64_t sched_timer_left(girder_vm *vm, const RefId *ref, bool cancel) {
    TimerHeap *h = &vm->timers;
    for (size_t i = 0; i < h->n; i++) {
        Timer *t = &h->items[i];
        if (!t->msg || !ref_id_eq(&t->ref, ref)) continue;
        uint64_t now = sched_now_us();
        int64_t left = t->due > now ? (int64_t)((t->due - now + 999) / 1000) : 0;
        if (cancel) {
            /* The entry stays in the heap until due, inert. */
            sig_free(t->msg);
            t->msg = NULL;
            t->pid = NIL;
            t->id = 0;
        }
        return left;
    }
    return -1;
}

void sched_cancel_timer(Process *p) {
    p->timer = 0; /* the heap entry is dropped when it comes due */
    p->timed_out = false;
}

static void timer_pop(TimerHeap *h) {
    h->items[0] = h->items[--h->n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && h->items[l].due < h->items[m].due) m = l;
        if (r < h->n && h->items[r].due < h->items[m].due) m = r;
        if (m == i) break;
        timer_swap(&h->items[i], &h->items[m]);
        i = m;
    }
}

/* Fires the timers that are due; returns the due time of the next one, or 0. */
static uint64_t fire_timers(girder_vm *vm) {
    TimerHeap *h = &vm->timers;
    uint64_t now = 0;
    while (h->n) {
        Timer t = h->items[0];
        if (!now || t.due > now) now = sched_now_us();
        if (t.due > now) return t.due;
        timer_pop(h);
        if (t.msg) {
            Term pid = t.name != NIL ? vm_whereis(vm, t.name) : t.pid;
            Process *to = pid != NIL ? vm_find_process(vm, pid) : NULL;
            if (to) sig_deliver(vm, to, t.msg);
            else sig_free(t.msg);
            continue;
        }
        Process *p = t.id ? vm_find_process(vm, t.pid) : NULL;
        if (p && p->timer == t.id) {
            p->timer = 0;
            p->timed_out = true;
            sched_wake(vm, p);
        }
    }
    return 0;
}

/* --- exit --- */

void proc_exit(girder_vm *vm, Process *p, Term reason) {
    p->exit_reason = reason;
    p->exited = true;
    atomic_store(&p->state, PS_EXITED);
    for (unsigned i = 0; i < p->nlinks; i++)
        sig_send(vm, p->pid, p->links[i], SIG_LINK_EXIT, reason, NULL);
    p->nlinks = 0;
    for (unsigned i = 0; i < p->nmonitors; i++) {
        Monitor *m = &p->monitors[i];
        if (m->origin) {
            sig_send(vm, p->pid, m->other, SIG_DEMONITOR, THE_NON_VALUE, &m->ref);
            continue;
        }
        /* {'DOWN', Ref, process, PidOrName, Reason} */
        Term *hp = proc_alloc(p, REF_WORDS + 6 + (m->name != NIL ? 3 : 0));
        if (!hp) continue;
        Term ref = make_ref_at(hp, &m->ref);
        Term item = p->pid;
        if (m->name != NIL) {
            hp[REF_WORDS + 6] = MAKE_HEADER(SUB_TUPLE, 2);
            hp[REF_WORDS + 7] = m->name;
            hp[REF_WORDS + 8] = ATOM_nonode_nohost;
            item = make_boxed(hp + REF_WORDS + 6);
        }
        Term *t = hp + REF_WORDS;
        t[0] = MAKE_HEADER(SUB_TUPLE, 5);
        t[1] = ATOM_DOWN;
        t[2] = ref;
        t[3] = ATOM_process;
        t[4] = item;
        t[5] = reason;
        sig_send(vm, p->pid, m->other, SIG_DOWN, make_boxed(t), &m->ref);
    }
    p->nmonitors = 0;
    if (p->reg_name != NIL) vm_unregister(vm, p->reg_name);
}

/* --- the loop --- */

/* Runs one time slice of p; false when p has ended. */
static bool run_slice(girder_vm *vm, Process *p) {
    atomic_store(&p->state, PS_RUNNING);
    if (atomic_load(&p->inbox) && !sig_take(p)) {
        proc_exit(vm, p, p->pending_exit);
        return false;
    }
    p->reductions = REDUCTIONS_PER_SLICE;
    Term r = interp_run(p);
    p->total_reductions += (unsigned long)(REDUCTIONS_PER_SLICE - p->reductions);
    if (r != THE_NON_VALUE) {
        proc_exit(vm, p, r);
        return false;
    }
    int running = PS_RUNNING;
    /* Still running: its budget ran out.  Waiting: it is parked. */
    if (atomic_compare_exchange_strong(&p->state, &running, PS_RUNNABLE)) sched_enqueue(vm, p);
    return true;
}

Term sched_run(girder_vm *vm, Term main) {
    for (;;) {
        if (vm->halted) return THE_NON_VALUE;
        uint64_t next_due = fire_timers(vm);
        Process *p = dequeue(vm);
        if (!p) {
            if (!next_due) return THE_NON_VALUE; /* every process waits for ever */
            uint64_t now = sched_now_us();
            if (next_due > now) {
                uint64_t us = next_due - now;
                struct timespec ts = {(time_t)(us / 1000000u), (long)(us % 1000000u) * 1000};
                while (nanosleep(&ts, &ts) == -1 && errno == EINTR) {}
            }
            continue;
        }
        if (run_slice(vm, p)) continue;
        Term pid = p->pid;
        bool normal = p->exit_reason == ATOM_normal;
        vm_remove_process(vm, p);
        if (pid == main) {
            proc_free(p);
            return normal ? ATOM_normal : ATOM_error;
        }
        proc_free(p);
    }
}
