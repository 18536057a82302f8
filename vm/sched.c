/*
 * sched.c: the scheduler loop, run queues and process exit (see sched.h);
 * the timers it fires are in timer.c.
 */
#include "sched.h"
#include "stdin_reader.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "atoms_gen.h"
#include "alias.h"
#include "../bif/ets.h"
#include "../gc/heap.h"
#include "signal.h"
#include "timer.h"
#include "vm.h"

uint64_t sched_now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Times an idle scheduler looks for work before it sleeps (tens of µs). */
#define IDLE_SPINS 2000
/* An idle scheduler takes woken or spawned processes from another one's
 * queue only when that owner has not got through the backlog it had this
 * long ago: moving a short-lived process to another core costs more than
 * the wait (its freshly written structs cross the caches), and the owner
 * reaches it soon.  Preempted processes, which run long, move at once. */
#define STALE_US 500

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* The scheduler running on this thread, if any (each thread serves one VM). */
static _Thread_local Scheduler *current;

static void qlock(Scheduler *s) {
    for (unsigned spins = 0;; spins++) {
        if (!atomic_load_explicit(&s->qlock, memory_order_relaxed) &&
            !atomic_exchange_explicit(&s->qlock, true, memory_order_acquire))
            return;
        cpu_relax();
        if (spins > 1000) { /* the holder's thread was descheduled */
            struct timespec ts = {0, 1000};
            nanosleep(&ts, NULL);
        }
    }
}

static void qunlock(Scheduler *s) { atomic_store_explicit(&s->qlock, false, memory_order_release); }

/* Wakes one scheduler that sleeps without watching any queue, if there is one. */
static void wake_deep(girder_vm *vm) {
    pthread_mutex_lock(&vm->runq_lock);
    for (unsigned i = 0; i < vm->nsched; i++) {
        Scheduler *t = &vm->scheds[i];
        if (!t->deep) continue;
        t->deep = false;
        atomic_fetch_sub(&vm->deep, 1);
        pthread_cond_signal(&t->wake);
        break;
    }
    pthread_mutex_unlock(&vm->runq_lock);
}

/* Wakes s if it sleeps (work was queued for it from outside its thread). */
static void wake_sched(girder_vm *vm, Scheduler *s) {
    pthread_mutex_lock(&vm->runq_lock);
    if (s->sleeping) {
        if (s->deep) {
            s->deep = false;
            atomic_fetch_sub(&vm->deep, 1);
        }
        pthread_cond_signal(&s->wake);
    }
    pthread_mutex_unlock(&vm->runq_lock);
}

static void enqueue_on(Scheduler *s, Process *p, bool preempted) {
    RunQueue *q = &s->q[p->priority < 4 ? p->priority : 2];
    qlock(s);
    p->next_run = NULL;
    p->run_seq = s->seq++;
    p->preempted = preempted;
    Process **head = preempted ? &q->yhead : &q->head, **tail = preempted ? &q->ytail : &q->tail;
    if (*tail) (*tail)->next_run = p;
    else *head = p;
    *tail = p;
    if (preempted) atomic_fetch_add_explicit(&s->nyielded, 1, memory_order_relaxed);
    /* seq_cst: paired with wait_for_work, the count is raised before idle is read. */
    atomic_fetch_add(&s->qlen, 1);
    qunlock(s);
}

void sched_enqueue(girder_vm *vm, Process *p) {
    /* On the current scheduler's own queues: the woken process runs near
     * its waker, on the core whose caches hold what the waker just wrote.
     * Nobody is woken for it: an idle scheduler takes it only if this one
     * falls behind (see STALE_US), and this one is running. */
    if (current && current->vm == vm) {
        enqueue_on(current, p, false);
        return;
    }
    /* From outside the schedulers (the stdin reader, the embedding API). */
    Scheduler *s = &vm->scheds[0];
    enqueue_on(s, p, false);
    if (atomic_load(&vm->idle)) wake_sched(vm, s);
}

/* Unlinks the head of one of q's lists (s locked). */
static Process *pop(Scheduler *s, Process **head, Process **tail) {
    Process *p = *head;
    *head = p->next_run;
    if (!*head) *tail = NULL;
    if (p->preempted) atomic_fetch_sub_explicit(&s->nyielded, 1, memory_order_relaxed);
    atomic_fetch_sub_explicit(&s->qlen, 1, memory_order_relaxed);
    atomic_store_explicit(&s->taken, atomic_load_explicit(&s->taken, memory_order_relaxed) + 1,
                          memory_order_relaxed);
    return p;
}

/* Takes the first process, in queue order, of s's highest non-empty
 * priority; with `preempted_only`, the first preempted one.  NULL if none. */
static Process *dequeue_from(Scheduler *s, bool preempted_only) {
    if (!atomic_load_explicit(preempted_only ? &s->nyielded : &s->qlen, memory_order_relaxed))
        return NULL;
    Process *p = NULL;
    qlock(s);
    for (int i = 0; i < 4 && !p; i++) {
        RunQueue *q = &s->q[i];
        if (q->yhead && (preempted_only || !q->head || q->yhead->run_seq < q->head->run_seq))
            p = pop(s, &q->yhead, &q->ytail);
        else if (q->head && !preempted_only)
            p = pop(s, &q->head, &q->tail);
    }
    qunlock(s);
    return p;
}

/* Whether v's owner is behind (see STALE_US), from what s saw before. */
static bool behind(Scheduler *s, Scheduler *v, uint64_t now) {
    StealWatch *w = &s->watch[v->id];
    size_t len = atomic_load_explicit(&v->qlen, memory_order_relaxed);
    uint64_t taken = atomic_load_explicit(&v->taken, memory_order_relaxed);
    if (!len) {
        w->len = 0;
        return false;
    }
    if (!w->len || taken - w->taken >= w->len) {
        /* The backlog seen last was got through: watch the one there is now. */
        w->taken = taken;
        w->len = len;
        w->since = now;
        return false;
    }
    return now - w->since >= STALE_US;
}

/* A process of another scheduler's for s, which has nothing to run:
 * a preempted one, or any of a queue whose owner is behind. */
static Process *steal(Scheduler *s) {
    girder_vm *vm = s->vm;
    for (unsigned k = 1; k < vm->nsched; k++) {
        Process *p = dequeue_from(&vm->scheds[(s->id + k) % vm->nsched], true);
        if (p) return p;
    }
    uint64_t now = 0;
    for (unsigned k = 1; k < vm->nsched; k++) {
        Scheduler *v = &vm->scheds[(s->id + k) % vm->nsched];
        if (!atomic_load_explicit(&v->qlen, memory_order_relaxed)) continue;
        if (!now) now = sched_now_us();
        if (!behind(s, v, now)) continue;
        Process *p = dequeue_from(v, false);
        if (p) return p;
    }
    return NULL;
}

/* Whether s might find something to run: in its own queue, a preempted
 * process elsewhere, or another queue to watch. */
static bool work_in_sight(Scheduler *s) {
    girder_vm *vm = s->vm;
    if (atomic_load_explicit(&s->qlen, memory_order_relaxed)) return true;
    for (unsigned i = 0; i < vm->nsched; i++)
        if (atomic_load_explicit(&vm->scheds[i].qlen, memory_order_relaxed)) return true;
    return false;
}

void sched_wake(girder_vm *vm, Process *p) {
    int waiting = PS_WAITING;
    if (atomic_compare_exchange_strong(&p->state, &waiting, PS_RUNNABLE)) sched_enqueue(vm, p);
}

/* --- exit --- */

void proc_exit(girder_vm *vm, Process *p, Term reason) {
    p->exit_reason = reason;
    p->exited = true;
    atomic_store(&p->state, PS_EXITED);
    timer_process_exit(vm, p);
    /* What the process owned goes before anyone hears of its end, as in
     * OTP: a 'DOWN' or 'EXIT' receiver finds its tables and name gone. */
    alias_remove_all(vm, p);
    ets_owner_exited(vm, p->pid);
    if (p->reg_name != NIL) vm_unregister(vm, p->reg_name);
    /* Links and monitors that arrived before the end count. */
    sig_take_exiting(p);
    for (unsigned i = 0; i < p->nlinks; i++)
        sig_send(vm, p->pid, p->links[i], SIG_LINK_EXIT, reason, NULL);
    p->nlinks = 0;
    for (unsigned i = 0; i < p->nmonitors; i++) {
        Monitor *m = &p->monitors[i];
        if (m->origin) {
            sig_send(vm, p->pid, m->other, SIG_DEMONITOR, THE_NON_VALUE, &m->ref);
            continue;
        }
        Term buf[DOWN_WORDS];
        Term down = sig_down_message(buf, &m->ref, p->pid, m->name, reason);
        sig_send(vm, p->pid, m->other, SIG_DOWN, down, &m->ref);
    }
    p->nmonitors = 0;
}

/* --- reclamation --- */

/* Answers the signals that reached p after it ended: a link gets an exit
 * signal noproc, a monitor a 'DOWN' noproc. */
static void answer_late_signals(girder_vm *vm, Process *p) {
    sig_take_exiting(p);
    for (unsigned i = 0; i < p->nlinks; i++)
        sig_send(vm, p->pid, p->links[i], SIG_LINK_EXIT, ATOM_noproc, NULL);
    for (unsigned i = 0; i < p->nmonitors; i++) {
        Monitor *m = &p->monitors[i];
        if (m->origin) continue;
        Term buf[DOWN_WORDS];
        Term down = sig_down_message(buf, &m->ref, p->pid, m->name, ATOM_noproc);
        sig_send(vm, p->pid, m->other, SIG_DOWN, down, &m->ref);
    }
}

/* Queues an ended process for freeing once no scheduler can hold it. */
static void retire(girder_vm *vm, Process *p) {
    vm_remove_process(vm, p);
    pthread_mutex_lock(&vm->zombie_lock);
    p->retired = atomic_fetch_add(&vm->epoch, 1) + 1;
    p->next_run = NULL;
    if (vm->zombies_tail) vm->zombies_tail->next_run = p;
    else __atomic_store_n(&vm->zombies, p, __ATOMIC_RELAXED);
    vm->zombies_tail = p;
    pthread_mutex_unlock(&vm->zombie_lock);
}

/* Frees the retired processes every scheduler is done with. */
static void reclaim(girder_vm *vm) {
    uint64_t min = UINT64_MAX;
    for (unsigned i = 0; i < vm->nsched; i++) {
        uint64_t e = atomic_load(&vm->scheds[i].epoch);
        if (e < min) min = e;
    }
    if (pthread_mutex_trylock(&vm->zombie_lock) != 0) return;
    /* Oldest first: stop at the first one some scheduler may still hold. */
    Process *free_list = vm->zombies, *last = NULL;
    for (Process *p = vm->zombies; p && p->retired <= min; p = p->next_run) last = p;
    if (last) {
        __atomic_store_n(&vm->zombies, last->next_run, __ATOMIC_RELAXED);
        if (!vm->zombies) vm->zombies_tail = NULL;
        last->next_run = NULL;
    } else {
        free_list = NULL;
    }
    pthread_mutex_unlock(&vm->zombie_lock);
    while (free_list) {
        Process *p = free_list;
        free_list = p->next_run;
        answer_late_signals(vm, p);
        proc_free(p);
    }
}

/* --- the loop --- */

/* Runs one time slice of p (its run lock held); false when p has ended. */
static bool run_locked(Scheduler *s, Process *p) {
    girder_vm *vm = s->vm;
    atomic_store(&p->state, PS_RUNNING);
    if (atomic_load(&p->inbox) && !sig_take(p)) {
        proc_exit(vm, p, p->pending_exit);
        return false;
    }
    p->reductions = REDUCTIONS_PER_SLICE;
    Term r = interp_run(p, s->xregs);
    if (r == RUN_WAITED) return true; /* p may already run elsewhere: hands off */
    p->total_reductions += (unsigned long)(REDUCTIONS_PER_SLICE - p->reductions);
    if (r != RUN_YIELDED) {
        proc_exit(vm, p, r);
        return false;
    }
    atomic_store(&p->state, PS_RUNNABLE);
    enqueue_on(s, p, true);
    return true;
}

/* Runs one time slice of p; false when p has ended.  (A process that
 * waits or yields may already be taken by another scheduler, which then
 * waits the moment it takes to drop the lock here.) */
static bool run_slice(Scheduler *s, Process *p) {
    proc_lock(p);
    bool alive = run_locked(s, p);
    proc_unlock(p);
    return alive;
}

/* Wakes every sleeping scheduler (runq_lock held). */
static void wake_all(girder_vm *vm) {
    for (unsigned i = 0; i < vm->nsched; i++) pthread_cond_signal(&vm->scheds[i].wake);
}

/* Ends sched_run with a result (the first one set wins). */
static void finish(girder_vm *vm, Term result) {
    pthread_mutex_lock(&vm->runq_lock);
    if (!atomic_load(&vm->stop)) {
        vm->main_result = result;
        atomic_store(&vm->stop, true);
    }
    wake_all(vm);
    pthread_mutex_unlock(&vm->runq_lock);
}

/* Waits for work (runq_lock held); false when the schedulers must stop. */
static bool wait_for_work(Scheduler *s, uint64_t next_due) {
    girder_vm *vm = s->vm;
    if (atomic_load(&vm->stop)) return false;
    unsigned idle = atomic_fetch_add(&vm->idle, 1) + 1;
    /* Deep until shown otherwise, so that an owner that queues work from
     * now on sees it (paired with the check after its dequeue). */
    s->deep = true;
    atomic_fetch_add(&vm->deep, 1);
    /* Paired with enqueue_on: idle is raised before the queues are read. */
    uint64_t now = sched_now_us();
    bool own = atomic_load(&s->qlen) != 0, takeable = false, others = false;
    for (unsigned i = 0; i < vm->nsched; i++) {
        Scheduler *v = &vm->scheds[i];
        if (atomic_load(&v->nyielded)) takeable = true;
        if (v == s || !atomic_load(&v->qlen)) continue;
        others = true;
        if (behind(s, v, now)) takeable = true; /* (starts watching v) */
    }
    if (own || takeable) {
        s->deep = false;
        atomic_fetch_sub(&vm->deep, 1);
        atomic_fetch_sub(&vm->idle, 1);
        return true;
    }
    /* A timer started elsewhere since next_due was read may have lowered
     * the bound.  (No one wakes a sleeper for a new timer: the scheduler
     * that started it fires it, or sleeps no later than it is due.) */
    uint64_t bound = timer_next_us(vm);
    if (bound && (!next_due || bound < next_due)) next_due = bound;
    if (idle == vm->nsched && !next_due && !others) {
        if (!timer_count(vm) && !stdin_pending(vm)) {
            /* Nobody runs, nothing is queued, no timer will come: every
             * process waits for ever. */
            s->deep = false;
            atomic_fetch_sub(&vm->deep, 1);
            atomic_fetch_sub(&vm->idle, 1);
            vm->main_result = THE_NON_VALUE;
            atomic_store(&vm->stop, true);
            wake_all(vm);
            return false;
        }
    }
    if (next_due && next_due <= now) {
        s->deep = false;
        atomic_fetch_sub(&vm->deep, 1);
        atomic_fetch_sub(&vm->idle, 1); /* a timer is due: fire it */
        return true;
    }
    uint64_t wait_us = next_due ? next_due - now : 100000;
    if (others) {
        /* Another queue has a backlog: look again when it would be stale. */
        s->deep = false;
        atomic_fetch_sub(&vm->deep, 1);
        if (wait_us > STALE_US) wait_us = STALE_US;
    }
    if (wait_us > 100000) wait_us = 100000;
    atomic_store(&s->epoch, UINT64_MAX); /* holds no process while it sleeps */
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += (time_t)(wait_us / 1000000u);
    ts.tv_nsec += (long)(wait_us % 1000000u) * 1000;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    s->sleeping = true;
    pthread_cond_timedwait(&s->wake, &vm->runq_lock, &ts);
    s->sleeping = false;
    if (s->deep) { /* not woken by an owner (who counts it out itself) */
        s->deep = false;
        atomic_fetch_sub(&vm->deep, 1);
    }
    atomic_fetch_sub(&vm->idle, 1);
    atomic_store(&s->epoch, atomic_load(&vm->epoch));
    return !atomic_load(&vm->stop);
}

static void scheduler_loop(Scheduler *s) {
    girder_vm *vm = s->vm;
    current = s;
    bool worked = true; /* it ran a process since it last slept */
    for (;;) {
        /* Quiescent: no process pointer is held here. */
        atomic_store(&s->epoch, atomic_load(&vm->epoch));
        if (__atomic_load_n(&vm->zombies, __ATOMIC_RELAXED)) reclaim(vm);
        if (atomic_load(&vm->halted)) finish(vm, THE_NON_VALUE);
        if (atomic_load(&vm->stop)) return;
        uint64_t next_due = timer_fire(vm);
        Process *p = dequeue_from(s, false);
        if (p) {
            /* More waits behind it and a scheduler sleeps without looking:
             * let it look (it takes what it may, see steal). */
            if (atomic_load_explicit(&vm->deep, memory_order_relaxed) &&
                atomic_load_explicit(&s->qlen, memory_order_relaxed))
                wake_deep(vm);
        } else {
            p = steal(s);
        }
        /* Spin a little before sleeping: work often comes within
         * microseconds (a spawner, a ping-pong partner), and a sleeper
         * costs a wake-up through the kernel.  (Not after a sleep: one
         * that only watches another's queue looks once and sleeps on.) */
        for (unsigned spin = 0; !p && worked && spin < IDLE_SPINS && !atomic_load(&vm->stop);
             spin++) {
            cpu_relax();
            if (!work_in_sight(s)) continue;
            p = dequeue_from(s, false);
            if (!p) p = steal(s);
        }
        if (!p) {
            pthread_mutex_lock(&vm->runq_lock);
            bool go_on = wait_for_work(s, next_due);
            pthread_mutex_unlock(&vm->runq_lock);
            if (!go_on) return;
            worked = false;
            continue;
        }
        worked = true;
        if (run_slice(s, p)) continue;
        Term pid = p->pid;
        bool normal = p->exit_reason == ATOM_normal;
        retire(vm, p);
        if (pid == vm->main_pid) finish(vm, normal ? ATOM_normal : ATOM_error);
    }
}

static void *scheduler_thread(void *arg) {
    scheduler_loop(arg);
    current = NULL;
    return NULL;
}

unsigned sched_online_cores(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (unsigned)n : 1;
}

bool sched_init(girder_vm *vm) {
    if (vm->nsched == 0) vm->nsched = 1;
    if (vm->nsched > 1024) vm->nsched = 1024;
    pthread_mutex_init(&vm->runq_lock, NULL);
    pthread_mutex_init(&vm->zombie_lock, NULL);
    if (!timer_init(vm)) return false;
    vm->scheds = calloc(vm->nsched, sizeof *vm->scheds);
    if (!vm->scheds) return false;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    for (unsigned i = 0; i < vm->nsched; i++) {
        Scheduler *s = &vm->scheds[i];
        s->vm = vm;
        s->id = i;
        s->epoch = UINT64_MAX;
        pthread_cond_init(&s->wake, &ca);
        s->xregs = calloc(MAX_X_REGS, sizeof(Term));
        s->watch = calloc(vm->nsched, sizeof *s->watch);
        if (!s->xregs || !s->watch) {
            pthread_condattr_destroy(&ca);
            return false;
        }
    }
    pthread_condattr_destroy(&ca);
    return true;
}

void sched_destroy(girder_vm *vm) {
    if (vm->scheds) {
        for (unsigned i = 0; i < vm->nsched; i++) {
            free(vm->scheds[i].xregs);
            free(vm->scheds[i].watch);
            pthread_cond_destroy(&vm->scheds[i].wake);
        }
        free(vm->scheds);
    }
    for (Process *p = vm->zombies; p;) {
        Process *next = p->next_run;
        proc_free(p);
        p = next;
    }
    pthread_mutex_destroy(&vm->runq_lock);
    timer_destroy(vm);
    pthread_mutex_destroy(&vm->zombie_lock);
}

Term sched_run(girder_vm *vm, Term main) {
    vm->main_pid = main;
    vm->main_result = THE_NON_VALUE;
    atomic_store(&vm->stop, false);
    unsigned started = 1;
    for (unsigned i = 1; i < vm->nsched; i++) {
        if (pthread_create(&vm->scheds[i].thread, NULL, scheduler_thread, &vm->scheds[i]) != 0)
            break; /* run with the threads there are */
        started++;
    }
    scheduler_loop(&vm->scheds[0]);
    current = NULL; /* the thread is the host's again */
    for (unsigned i = 1; i < started; i++) pthread_join(vm->scheds[i].thread, NULL);
    heap_cache_flush(&vm->heap_cache); /* the run's blocks go back to the system */
    for (unsigned i = 0; i < vm->nsched; i++) vm->scheds[i].epoch = UINT64_MAX;
    reclaim(vm);
    return vm->main_result;
}
