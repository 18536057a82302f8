/*
 * sched.h: running processes.
 *
 * One scheduler for now (the SMP schedulers of DESIGN.md extend it): run
 * queues per priority, a process runs for a budget of reductions and is
 * then put back at the end of its queue; a process waiting in receive
 * leaves the queues until a signal or its timer wakes it.  Waking is a
 * compare-and-swap on the process state (waiting -> runnable), so exactly
 * one of the waker and the waiter puts the process back in a queue.
 */
#ifndef GIRDER_SCHED_H
#define GIRDER_SCHED_H

#include <stdint.h>

#include "../include/girder.h"
#include "process.h"

#define REDUCTIONS_PER_SLICE 4000

/* Puts p at the end of its priority's run queue. */
void sched_enqueue(girder_vm *vm, Process *p);
/* Makes p runnable if it is waiting (after a signal was pushed to it). */
void sched_wake(girder_vm *vm, Process *p);

/* Runs processes until the process `main` ends or the VM halts; returns
 * main's exit reason (THE_NON_VALUE after halt, or when every process
 * waits for ever: a deadlock). */
Term sched_run(girder_vm *vm, Term main);

/* Microseconds of the monotonic clock. */
uint64_t sched_now_us(void);
/* Starts p's receive timer: after `ms` milliseconds it wakes p with
 * p->timed_out set, unless p->timer changed meanwhile. */
bool sched_start_timer(girder_vm *vm, Process *p, uint64_t ms);
/* Cancels p's receive timer. */
void sched_cancel_timer(Process *p);

/* A timer with reference ref that sends a copy of msg to dest (a pid or
 * a registered name) from p after ms milliseconds.  False when out of
 * memory. */
bool sched_send_after(girder_vm *vm, Process *p, uint64_t ms, Term dest, Term msg,
                      const RefId *ref);
/* The milliseconds left on the message timer ref (cancelling it when
 * asked), or -1 when there is no such timer. */
int64_t sched_timer_left(girder_vm *vm, const RefId *ref, bool cancel);

/* Ends process p with `reason`: exit signals to its links, 'DOWN' to its
 * monitors, name unregistered; the scheduler frees it. */
void proc_exit(girder_vm *vm, Process *p, Term reason);

#endif
