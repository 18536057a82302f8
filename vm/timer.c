/*
 * timer.c: receive timeouts and message timers in the VM's timing wheel
 * (see timer.h).
 */
#include "timer.h"

#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

#include "sched.h"
#include "signal.h"
#include "timer_wheel.h"
#include "vm.h"

/* What a wheel node is embedded in. */
enum { KIND_RECEIVE = 1, KIND_MSG = 2 };

/* A message timer's reference has this bit in its top word, and its slot
 * index in the bits below (ordinary references there hold ref_seq >> 50,
 * so they never have it). */
#define MSG_REF_TAG 0x80000000u
#define MSG_INDEX_MAX 0x7FFFFFFFu
/* Message timers come in chunks of this many (never moved once made). */
#define CHUNK 1024u
/* Timers fired by one call of timer_fire at most. */
#define FIRE_BATCH 4096u

typedef struct MsgTimer {
    TimerNode node;            /* in the wheel, kind KIND_MSG; unlinked while reserved */
    struct MsgTimer *to_next;  /* next timer aimed at the same process */
    struct MsgTimer **to_link; /* the pointer to this one in that list, or NULL */
    Process *to;               /* the process it is aimed at, or NULL: `name` */
    Term name;                 /* the registered name it is aimed at, or NIL */
    Signal *msg;               /* the message, once started */
    RefId ref;                 /* its reference; top word 0 while the slot is free */
    uint32_t next_free;        /* free list: index + 1 of the next free slot, 0 at the end */
} MsgTimer;

typedef struct VmTimers {
    pthread_mutex_t lock;     /* guards everything below but `next` and `count` */
    TimerWheel wheel;         /* every running timer, by due tick */
    _Atomic(uint64_t) next;   /* no timer is due before this tick; TW_NEVER: none runs */
    _Atomic(size_t) count;    /* wheel.count, for readers without the lock */
    MsgTimer **chunks;        /* the message timer slots */
    size_t nchunks, cap_chunks;
    uint32_t nslots;          /* slots handed out at least once */
    uint32_t free_head;       /* index + 1 of the first free slot, 0: none */
} VmTimers;

/* The wheel's tick, in microseconds: finer than the millisecond that
 * Erlang counts in, so that a timer is late by a tenth of one at most
 * (plus the time until a scheduler looks), rather than by up to a whole
 * millisecond. */
#define TICK_US 100u

/* The tick of a due time: the first one not before it. */
static uint64_t tick_of_us(uint64_t us) { return us / TICK_US + (us % TICK_US != 0); }

static MsgTimer *slot(VmTimers *t, uint32_t i) { return &t->chunks[i / CHUNK][i % CHUNK]; }

bool timer_init(girder_vm *vm) {
    VmTimers *t = calloc(1, sizeof *t);
    if (!t) return false;
    pthread_mutex_init(&t->lock, NULL);
    tw_init(&t->wheel, sched_now_us() / TICK_US);
    atomic_store(&t->next, TW_NEVER);
    vm->timers = t;
    return true;
}

void timer_destroy(girder_vm *vm) {
    VmTimers *t = vm->timers;
    if (!t) return;
    for (uint32_t i = 0; i < t->nslots; i++) {
        MsgTimer *mt = slot(t, i);
        if (mt->msg) sig_free(mt->msg);
    }
    for (size_t c = 0; c < t->nchunks; c++) free(t->chunks[c]);
    free(t->chunks);
    pthread_mutex_destroy(&t->lock);
    free(t);
    vm->timers = NULL;
}

/* Publishes the wheel's state after a change (lock held); `due` is the
 * tick of a timer just added, or TW_NEVER. */
static void publish(VmTimers *t, uint64_t due) {
    if (due < atomic_load_explicit(&t->next, memory_order_relaxed))
        atomic_store_explicit(&t->next, due, memory_order_release);
    atomic_store_explicit(&t->count, t->wheel.count, memory_order_relaxed);
}

/* --- receive timers --- */

void timer_start_receive(girder_vm *vm, Process *p, uint64_t ms) {
    VmTimers *t = vm->timers;
    uint64_t due = tick_of_us(sched_now_us() + ms * 1000u);
    pthread_mutex_lock(&t->lock);
    tw_remove(&t->wheel, &p->recv_timer); /* never armed twice; a no-op */
    p->recv_timer.kind = KIND_RECEIVE;
    tw_insert(&t->wheel, &p->recv_timer, due);
    atomic_store(&p->timer, TIMER_ARMED);
    publish(t, due);
    pthread_mutex_unlock(&t->lock);
}

void timer_cancel_receive(girder_vm *vm, Process *p) {
    uint64_t state = atomic_load(&p->timer);
    if (!state) return;
    /* A timer that fired is out of the wheel, and its firer is done with p. */
    if (state == TIMER_ARMED) {
        VmTimers *t = vm->timers;
        pthread_mutex_lock(&t->lock);
        tw_remove(&t->wheel, &p->recv_timer);
        publish(t, TW_NEVER);
        pthread_mutex_unlock(&t->lock);
    }
    atomic_store(&p->timer, 0);
}

/* The process whose receive timer node n is. */
static Process *process_of(TimerNode *n) { return (Process *)((char *)n - offsetof(Process, recv_timer)); }

/* Lock held; p's timer is out of the wheel. */
static void fire_receive(girder_vm *vm, Process *p) {
    uint64_t armed = TIMER_ARMED;
    if (atomic_compare_exchange_strong(&p->timer, &armed, TIMER_ARMED | TIMER_FIRED)) sched_wake(vm, p);
}

/* --- message timers --- */

/* Takes a timer out of its destination's list (lock held). */
static void unlink_dest(MsgTimer *mt) {
    if (!mt->to_link) return;
    *mt->to_link = mt->to_next;
    if (mt->to_next) mt->to_next->to_link = mt->to_link;
    mt->to_next = NULL;
    mt->to_link = NULL;
}

/* Returns a slot to the free list (lock held; out of the wheel and of any list). */
static void release(VmTimers *t, MsgTimer *mt) {
    uint32_t i = mt->ref.w[2] & MSG_INDEX_MAX;
    mt->ref.w[2] = 0;
    mt->msg = NULL;
    mt->to = NULL;
    mt->next_free = t->free_head;
    t->free_head = i + 1;
}

/* The reserved or running timer of ref, or NULL (lock held). */
static MsgTimer *find(VmTimers *t, const RefId *ref) {
    if (!(ref->w[2] & MSG_REF_TAG)) return NULL;
    uint32_t i = ref->w[2] & MSG_INDEX_MAX;
    if (i >= t->nslots) return NULL;
    MsgTimer *mt = slot(t, i);
    return ref_id_eq(&mt->ref, ref) ? mt : NULL;
}

/* A free slot's index (lock held), or false when out of memory. */
static bool take_slot(VmTimers *t, uint32_t *index) {
    if (t->free_head) {
        *index = t->free_head - 1;
        t->free_head = slot(t, *index)->next_free;
        return true;
    }
    if (t->nslots > MSG_INDEX_MAX) return false;
    if (t->nslots == t->nchunks * CHUNK) {
        if (t->nchunks == t->cap_chunks) {
            size_t cap = t->cap_chunks ? t->cap_chunks * 2 : 16;
            MsgTimer **n = realloc(t->chunks, cap * sizeof *n);
            if (!n) return false;
            t->chunks = n;
            t->cap_chunks = cap;
        }
        MsgTimer *c = calloc(CHUNK, sizeof *c);
        if (!c) return false;
        t->chunks[t->nchunks++] = c;
    }
    *index = t->nslots++;
    return true;
}

bool timer_reserve_msg(girder_vm *vm, RefId *ref) {
    VmTimers *t = vm->timers;
    RefId id = vm_new_ref(vm);
    pthread_mutex_lock(&t->lock);
    uint32_t i;
    bool ok = take_slot(t, &i);
    if (ok) {
        id.w[2] = MSG_REF_TAG | i;
        MsgTimer *mt = slot(t, i);
        *mt = (MsgTimer){.ref = id, .name = NIL};
        mt->node.kind = KIND_MSG;
    }
    pthread_mutex_unlock(&t->lock);
    *ref = id;
    return ok;
}

bool timer_start_msg(girder_vm *vm, Process *p, const RefId *ref, uint64_t due_us, Term dest,
                     Term msg) {
    VmTimers *t = vm->timers;
    /* The copy is made outside the lock: a message may be large. */
    Signal *s = sig_make_message(p->pid, msg);
    pthread_mutex_lock(&t->lock);
    MsgTimer *mt = find(t, ref);
    Process *to = NULL;
    bool started = false;
    if (mt && s && is_local_pid(dest)) {
        /* Looked up under the lock: a process that ends after this finds
         * the timer in its list (timer_process_exit); one that has ended
         * is not found, and OTP drops a timer aimed at it at once. */
        to = dest == p->pid ? p : vm_find_process(vm, dest);
    }
    if (mt && s && (to || !is_local_pid(dest))) {
        uint64_t due = tick_of_us(due_us);
        mt->msg = s;
        mt->to = to;
        mt->name = to ? NIL : dest;
        if (to) {
            mt->to_next = to->timers_to;
            if (mt->to_next) mt->to_next->to_link = &mt->to_next;
            mt->to_link = &to->timers_to;
            to->timers_to = mt;
        }
        tw_insert(&t->wheel, &mt->node, due);
        publish(t, due);
        started = true;
    } else if (mt) {
        release(t, mt);
    }
    pthread_mutex_unlock(&t->lock);
    if (!started && s) sig_free(s);
    return started || (mt && s); /* false only when out of memory */
}

/* Takes a running timer out for good (lock held); returns its message. */
static Signal *remove_msg(VmTimers *t, MsgTimer *mt) {
    Signal *s = mt->msg;
    tw_remove(&t->wheel, &mt->node);
    unlink_dest(mt);
    release(t, mt);
    return s;
}

int64_t timer_msg_left(girder_vm *vm, const RefId *ref, bool cancel) {
    VmTimers *t = vm->timers;
    int64_t left = -1;
    Signal *drop = NULL;
    pthread_mutex_lock(&t->lock);
    MsgTimer *mt = find(t, ref);
    if (mt && tw_linked(&mt->node)) {
        uint64_t now = sched_now_us(), due = mt->node.due * TICK_US;
        left = due > now ? (int64_t)((due - now) / 1000u) : 0;
        if (cancel) {
            drop = remove_msg(t, mt);
            publish(t, TW_NEVER);
        }
    }
    pthread_mutex_unlock(&t->lock);
    if (drop) sig_free(drop);
    return left;
}

/* Sends a due timer's message (lock held; mt is out of the wheel). */
static void fire_msg(girder_vm *vm, VmTimers *t, MsgTimer *mt) {
    Process *to = mt->to;
    Term name = mt->name;
    Signal *s = mt->msg;
    unlink_dest(mt);
    release(t, mt);
    if (!to) {
        Term pid = vm_whereis(vm, name);
        to = pid != NIL ? vm_find_process(vm, pid) : NULL;
    }
    if (to) sig_deliver(vm, to, s);
    else sig_free(s);
}

void timer_process_exit(girder_vm *vm, Process *p) {
    VmTimers *t = vm->timers;
    Signal *drop = NULL;
    pthread_mutex_lock(&t->lock);
    tw_remove(&t->wheel, &p->recv_timer);
    atomic_store(&p->timer, 0);
    while (p->timers_to) {
        Signal *s = remove_msg(t, p->timers_to);
        s->next = drop;
        drop = s;
    }
    publish(t, TW_NEVER);
    pthread_mutex_unlock(&t->lock);
    while (drop) {
        Signal *s = drop;
        drop = s->next;
        sig_free(s);
    }
}

/* --- firing --- */

uint64_t timer_fire(girder_vm *vm) {
    VmTimers *t = vm->timers;
    uint64_t next = atomic_load_explicit(&t->next, memory_order_acquire);
    if (next == TW_NEVER) return 0;
    uint64_t now = sched_now_us() / TICK_US;
    if (now < next) return next * TICK_US;
    pthread_mutex_lock(&t->lock);
    TimerNode *n;
    /* In batches: when a great many are due at once, the scheduler runs
     * processes in between, and the lock is not held for long. */
    for (unsigned fired = 0; fired < FIRE_BATCH && (n = tw_pop_due(&t->wheel, now)); fired++) {
        if (n->kind == KIND_RECEIVE) fire_receive(vm, process_of(n));
        else fire_msg(vm, t, (MsgTimer *)n); /* the node comes first */
    }
    next = tw_next(&t->wheel);
    atomic_store_explicit(&t->next, next, memory_order_release);
    atomic_store_explicit(&t->count, t->wheel.count, memory_order_relaxed);
    pthread_mutex_unlock(&t->lock);
    return next == TW_NEVER ? 0 : next * TICK_US;
}

uint64_t timer_next_us(girder_vm *vm) {
    uint64_t next = atomic_load_explicit(&vm->timers->next, memory_order_acquire);
    return next == TW_NEVER ? 0 : next * TICK_US;
}

size_t timer_count(girder_vm *vm) {
    return atomic_load_explicit(&vm->timers->count, memory_order_relaxed);
}
