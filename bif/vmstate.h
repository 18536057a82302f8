/*
 * vmstate.h: the per-VM state of the general erlang BIFs: the clocks'
 * origins, the counters behind make_ref/0, unique_integer/0,1 and now/0,
 * the "since last call" values of statistics/1, and the lock that
 * serialises os:putenv/unsetenv against readers of the environment, and
 * the values of the system flags that erlang:system_flag/2 can change.
 *
 * It lives inside girder_vm (vm.h), zeroed with it, and is set up by
 * bif_vmstate_init when the VM is created.
 */
#ifndef GIRDER_BIF_VMSTATE_H
#define GIRDER_BIF_VMSTATE_H

#include <pthread.h>
#include <stdint.h>

#include "../loader/module.h"
#include "../vm/term.h"

/* Room for the hidden continuations of long natives (bif/traps.c). */
#define BIF_TRAP_MAX 16

typedef struct BifVmState {
    int64_t start_mono_ns;            /* CLOCK_MONOTONIC when the VM started */
    _Atomic(uint64_t) unique_next;    /* next unique_integer/0,1 value (not monotonic) */
    _Atomic(uint64_t) unique_mono_next; /* next unique_integer([monotonic]) value */
    _Atomic(int64_t) now_last;        /* last erlang:now/0 value, microseconds */
    _Atomic(int64_t) wall_last_ms;    /* statistics(wall_clock) at the last call */
    _Atomic(int64_t) runtime_last_ms; /* statistics(runtime) at the last call */
    _Atomic(uint64_t) reds_last;      /* statistics(reductions) at the last call */
    pthread_mutex_t env_lock;         /* guards the process environment */
    _Atomic(int64_t) backtrace_depth; /* system_flag(backtrace_depth) */
    _Atomic(uint64_t) system_logger;  /* system_flag(system_logger): a pid or atom term */
    Export traps[BIF_TRAP_MAX];       /* hidden continuations of long natives, in no
                                         export table, so no program can call them
                                         (bif/traps.c) */
} BifVmState;

void bif_vmstate_init(BifVmState *s);
void bif_vmstate_destroy(BifVmState *s);

#endif
