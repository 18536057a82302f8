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

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

/* The scheduler running on this thread, if any (each thread serves one VM). */
static _Thread_local Scheduler *current;

void sched_enqueue(girder_vm *vm, Process *p) {
    /* On the current scheduler's own queues: the woken process runs near
     * its waker; idle schedulers steal what is left waiting. */
    Scheduler *s = current && current->vm == vm ? current : &vm->scheds[0];
    RunQueue *q = &s->q[p->priority < 4 ? p->priority : 2];
    pthread_mutex_lock(&s->qlock);
    p->next_run = NULL;
    if (q->tail) q->tail->next_run = p;
    else q->head = p;
    q->tail = p;
    atomic_fetch_add(&s->qlen, 1);
    pthread_mutex_unlock(&s->qlock);
    /* Paired with wait_for_work: the count is raised before idle is read. */
    if (atomic_load(&vm->idle)) {
        pthread_mutex_lock(&vm->runq_lock);
        pthread_cond_signal(&vm->runq_cond);
        pthread_mutex_unlock(&vm->runq_lock);
    }
}

/* Takes the first process of s's highest non-empty priority, or NULL. */
static Process *dequeue_from(Scheduler *s) {
    if (!atomic_load(&s->qlen)) return NULL;
    Process *p = NULL;
    pthread_mutex_lock(&s->qlock);
    for (int i = 0; i < 4 && !p; i++) {
        RunQueue *q = &s->q[i];
        if (!q->head) continue;
        p = q->head;
        q->head = p->next_run;
        if (!q->head) q->tail = NULL;
        atomic_fetch_sub(&s->qlen, 1);
    }
    pthread_mutex_unlock(&s->qlock);
    return p;
}

/* Own queues first, then steal from the others, starting after s. */
static Process *dequeue(Scheduler *s) {
    Process *p = dequeue_from(s);
    girder_vm *vm = s->vm;
    for (unsigned k = 1; !p && k < vm->nsched; k++) p = dequeue_from(&vm->scheds[(s->id + k) % vm->nsched]);
    return p;
}

static bool any_queued(girder_vm *vm) {
    for (unsigned i = 0; i < vm->nsched; i++)
        if (atomic_load(&vm->scheds[i].qlen)) return true;
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
    sched_enqueue(vm, p);
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

/* Ends sched_run with a result (the first one set wins). */
static void finish(girder_vm *vm, Term result) {
    pthread_mutex_lock(&vm->runq_lock);
    if (!atomic_load(&vm->stop)) {
        vm->main_result = result;
        atomic_store(&vm->stop, true);
    }
    pthread_cond_broadcast(&vm->runq_cond);
    pthread_mutex_unlock(&vm->runq_lock);
}

/* Waits for work (runq_lock held); false when the schedulers must stop. */
static bool wait_for_work(Scheduler *s, uint64_t next_due) {
    girder_vm *vm = s->vm;
    if (atomic_load(&vm->stop)) return false;
    unsigned idle = atomic_fetch_add(&vm->idle, 1) + 1;
    /* Paired with sched_enqueue: idle is raised before the queues are read. */
    if (any_queued(vm)) {
        atomic_fetch_sub(&vm->idle, 1);
        return true;
    }
    /* A timer started elsewhere since next_due was read may have lowered
     * the bound.  (No one wakes a sleeper for a new timer: the scheduler
     * that started it fires it, or sleeps no later than it is due.) */
    uint64_t bound = timer_next_us(vm);
    if (bound && (!next_due || bound < next_due)) next_due = bound;
    if (idle == vm->nsched && !next_due) {
        if (!timer_count(vm) && !stdin_pending(vm)) {
            /* Nobody runs, nothing is queued, no timer will come: every
             * process waits for ever. */
            atomic_fetch_sub(&vm->idle, 1);
            vm->main_result = THE_NON_VALUE;
            atomic_store(&vm->stop, true);
            pthread_cond_broadcast(&vm->runq_cond);
            return false;
        }
    }
    uint64_t now = sched_now_us();
    if (next_due && next_due <= now) {
        atomic_fetch_sub(&vm->idle, 1); /* a timer is due: fire it */
        return true;
    }
    atomic_store(&s->epoch, UINT64_MAX); /* holds no process while it sleeps */
    uint64_t wait_us = next_due ? next_due - now : 100000;
    if (wait_us > 100000) wait_us = 100000;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    ts.tv_sec += (time_t)(wait_us / 1000000u);
    ts.tv_nsec += (long)(wait_us % 1000000u) * 1000;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_cond_timedwait(&vm->runq_cond, &vm->runq_lock, &ts);
    atomic_fetch_sub(&vm->idle, 1);
    atomic_store(&s->epoch, atomic_load(&vm->epoch));
    return !atomic_load(&vm->stop);
}

static void scheduler_loop(Scheduler *s) {
    girder_vm *vm = s->vm;
    current = s;
    for (;;) {
        /* Quiescent: no process pointer is held here. */
        atomic_store(&s->epoch, atomic_load(&vm->epoch));
        if (__atomic_load_n(&vm->zombies, __ATOMIC_RELAXED)) reclaim(vm);
        if (atomic_load(&vm->halted)) finish(vm, THE_NON_VALUE);
        if (atomic_load(&vm->stop)) return;
        uint64_t next_due = timer_fire(vm);
        Process *p = dequeue(s);
        /* Spin a little before sleeping: work often comes within
         * microseconds (a spawner, a ping-pong partner), and a sleeper
         * costs every enqueuer a wake-up through the kernel. */
        for (unsigned spin = 0; !p && spin < IDLE_SPINS && !atomic_load(&vm->stop); spin++) {
            cpu_relax();
            if (any_queued(vm)) p = dequeue(s);
        }
        if (!p) {
            pthread_mutex_lock(&vm->runq_lock);
            bool go_on = wait_for_work(s, next_due);
            pthread_mutex_unlock(&vm->runq_lock);
            if (!go_on) return;
            continue;
        }
        if (run_slice(s, p)) continue;
        Term pid = p->pid;
        bool normal = p->exit_reason == ATOM_normal;
        retire(vm, p);
        if (pid == vm->main_pid) finish(vm, normal ? ATOM_normal : ATOM_error);
    }
}

static void *scheduler_thread(void *arg) {
    scheduler_loop(arg);
    heap_cache_flush();
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
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&vm->runq_cond, &ca);
    pthread_condattr_destroy(&ca);
    pthread_mutex_init(&vm->zombie_lock, NULL);
    if (!timer_init(vm)) return false;
    vm->scheds = calloc(vm->nsched, sizeof *vm->scheds);
    if (!vm->scheds) return false;
    for (unsigned i = 0; i < vm->nsched; i++) {
        Scheduler *s = &vm->scheds[i];
        s->vm = vm;
        s->id = i;
        s->epoch = UINT64_MAX;
        pthread_mutex_init(&s->qlock, NULL);
        s->xregs = calloc(MAX_X_REGS, sizeof(Term));
        if (!s->xregs) return false;
    }
    return true;
}

void sched_destroy(girder_vm *vm) {
    if (vm->scheds) {
        for (unsigned i = 0; i < vm->nsched; i++) {
            free(vm->scheds[i].xregs);
            pthread_mutex_destroy(&vm->scheds[i].qlock);
        }
        free(vm->scheds);
    }
    for (Process *p = vm->zombies; p;) {
        Process *next = p->next_run;
        proc_free(p);
        p = next;
    }
    pthread_mutex_destroy(&vm->runq_lock);
    pthread_cond_destroy(&vm->runq_cond);
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
    heap_cache_flush();
    for (unsigned i = 1; i < started; i++) pthread_join(vm->scheds[i].thread, NULL);
    for (unsigned i = 0; i < vm->nsched; i++) vm->scheds[i].epoch = UINT64_MAX;
    reclaim(vm);
    return vm->main_result;
}
