/*
 * timer.h: the VM's timers: receive timeouts (`receive ... after`) and
 * message timers (erlang:send_after/3,4, start_timer/3,4).
 *
 * Both kinds sit in one timing wheel per VM (timer_wheel.h), under one
 * lock, in ticks of 100 microseconds.  A timer due at microsecond D is put
 * in the first tick not before D and fires once the clock has reached
 * that tick, so it never fires early; it fires late by less than a tick
 * plus the time until a scheduler looks (between time slices, or when an
 * idle scheduler's sleep ends at the next due time).
 *
 * A receive timer is a node embedded in its process (Process.recv_timer):
 * arming and cancelling allocate nothing, and a receive that matches a
 * message takes its timer out of the wheel at once.  Process.timer says
 * whether the timer is armed (TIMER_ARMED) and whether it fired
 * (TIMER_FIRED, set under the lock by the scheduler that fires it, which
 * then wakes the process); only the process itself arms, cancels or
 * clears it.
 *
 * A message timer lives in a slot of a table whose index is written into
 * the timer's reference, so cancel_timer and read_timer find it without
 * a search; the full reference is compared, so a stale or forged
 * reference finds nothing.  A timer aimed at a pid is tied to that
 * process: it is dropped when the process is not alive when the timer
 * starts, and cancelled when the process ends (as in OTP); one aimed at a
 * name looks the name up when it fires.  The message is copied when the
 * timer starts.
 *
 * Schedulers read a lower bound of the next due tick without the lock
 * (timer_next_us); it only moves down when a timer starts and is
 * recomputed when timers fire, so no timer is missed, and a scheduler
 * takes the lock only when something may be due.  Lock order: the timer
 * lock before the process table's lock and the run queues' locks.
 */
#ifndef GIRDER_TIMER_H
#define GIRDER_TIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "../include/girder.h"
#include "process.h"

/* Sets up and frees the timers of a VM (timer_destroy touches no process). */
bool timer_init(girder_vm *vm);
void timer_destroy(girder_vm *vm);

/* Arms p's receive timer to fire `ms` milliseconds from now. */
void timer_start_receive(girder_vm *vm, Process *p, uint64_t ms);
/* Disarms p's receive timer (fired or not) and clears p->timer. */
void timer_cancel_receive(girder_vm *vm, Process *p);

/* Reserves a message timer and makes its reference (false when out of
 * memory).  It must be passed to timer_start_msg next. */
bool timer_reserve_msg(girder_vm *vm, RefId *ref);
/* Starts the reserved timer `ref`: at microsecond due_us (sched_now_us's
 * clock) it sends a copy of msg from p to dest (a local pid or a
 * registered name).  False when out of memory (the reservation is then
 * released). */
bool timer_start_msg(girder_vm *vm, Process *p, const RefId *ref, uint64_t due_us, Term dest,
                     Term msg);
/* The milliseconds left on message timer ref (cancelling it when asked),
 * or -1 when there is no such timer (never started, fired or cancelled). */
int64_t timer_msg_left(girder_vm *vm, const RefId *ref, bool cancel);

/* Cancels the timers of a process that ended: its receive timer and the
 * message timers aimed at it (call after its state is PS_EXITED). */
void timer_process_exit(girder_vm *vm, Process *p);

/* Fires the timers that are due.  Returns a lower bound of the next due
 * time in microseconds, or 0 when no timer is running. */
uint64_t timer_fire(girder_vm *vm);
/* The same bound, read without the lock and without firing anything. */
uint64_t timer_next_us(girder_vm *vm);
/* Timers running (read without the lock). */
size_t timer_count(girder_vm *vm);

#endif
