/*
 * sched.h: running processes on scheduler threads.
 *
 * N scheduler threads (default: one per online core) each run processes
 * from their own run queues, one per priority; a process runs for a budget
 * of reductions and is then put back at the end of its queue; a process
 * waiting in receive leaves the queues until a signal or its timer wakes
 * it.  Waking is a compare-and-swap on the process state (waiting ->
 * runnable), so exactly one of the waker and the waiter requeues it.
 * A woken or spawned process joins the queue of the scheduler that woke
 * it; an idle scheduler takes preempted processes from others at once,
 * and others only when their owner falls behind (sched.c, STALE_US).
 *
 * An ended process is retired, not freed: another scheduler may still
 * hold a pointer it looked up (vm_find_process) during its current time
 * slice.  Each scheduler records the reclamation epoch it has seen at the
 * top of its loop (it holds no process pointer there); a retired process
 * is freed once every scheduler has passed its retirement epoch.
 */
#ifndef GIRDER_SCHED_H
#define GIRDER_SCHED_H

#include <stdint.h>

#include "../include/girder.h"
#include "process.h"

#define REDUCTIONS_PER_SLICE 4000

/* Sets up the scheduler state of a VM (vm->nsched already chosen). */
bool sched_init(girder_vm *vm);
void sched_destroy(girder_vm *vm);
/* Online cores (at least 1). */
unsigned sched_online_cores(void);

/* Puts p at the end of its priority's run queue. */
void sched_enqueue(girder_vm *vm, Process *p);
/* Makes p runnable if it is waiting (after a signal was pushed to it). */
void sched_wake(girder_vm *vm, Process *p);

/* Runs processes on vm->nsched threads (the caller's is one of them)
 * until the process `main` ends or the VM halts; returns main's exit
 * reason (ATOM_normal, or ATOM_error for any other), or THE_NON_VALUE
 * after halt or when every process waits for ever (a deadlock). */
Term sched_run(girder_vm *vm, Term main);

/* Microseconds of the monotonic clock. */
uint64_t sched_now_us(void);
/* Ends process p with `reason`: exit signals to its links, 'DOWN' to its
 * monitors, name unregistered.  The scheduler retires it. */
void proc_exit(girder_vm *vm, Process *p, Term reason);

#endif
