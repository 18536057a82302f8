/*
 * process.h: an Erlang process.
 *
 * A process owns one heap block: terms grow up from `heap` to `htop`, the
 * stack grows down from `hend` to `stop`, and the two meet at the heap
 * checks of `allocate` and `test_heap`.  A stack frame is the saved
 * continuation pointer at E[0] followed by its y registers (Y(n) = E[n+1]);
 * every stack word is a term, a catch tag or a continuation pointer (tag 00),
 * which is how the collector and the exception unwinder walk it.
 *
 * Native functions that need heap space while the heap is full get a heap
 * fragment (proc_alloc); the next collection copies what is live out of the
 * fragments and frees them, so natives never collect and never invalidate
 * the terms their caller holds.
 */
#ifndef GIRDER_PROCESS_H
#define GIRDER_PROCESS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../gc/literal.h"
#include "../loader/module.h"
#include "term.h"
#include "timer_wheel.h"

struct girder_vm;
struct MsgTimer;

#define MAX_X_REGS 1024

/* A block of heap words outside the main heap (see proc_alloc). */
typedef struct HeapFrag {
    struct HeapFrag *next; /* older fragment */
    size_t used;           /* words in use */
    size_t size;           /* words in mem */
    Term mem[];            /* the words */
} HeapFrag;

struct Signal;

/* A reference's identity: three 32-bit words (printed #Ref<0.w2.w1.w0>). */
typedef struct RefId {
    uint32_t w[3];
} RefId;

/* Writes a local reference (REF_WORDS words) at hp. */
#define REF_WORDS 4
static inline Term make_ref_at(Term *hp, const RefId *id) {
    hp[0] = MAKE_HEADER(SUB_REF, 3);
    for (int i = 0; i < 3; i++) hp[1 + i] = id->w[i];
    return make_boxed(hp);
}
/* The identity of a local reference made by make_ref_at (false otherwise). */
static inline bool ref_id_of(Term t, RefId *id) {
    if (!is_boxed_sub(t, SUB_REF) || HEADER_ARITY(boxed_header(t)) != 3) return false;
    for (int i = 0; i < 3; i++) id->w[i] = (uint32_t)boxed_ptr(t)[1 + i];
    return true;
}
static inline bool ref_id_eq(const RefId *a, const RefId *b) {
    return a->w[0] == b->w[0] && a->w[1] == b->w[1] && a->w[2] == b->w[2];
}

/* A monitor, as seen from one end. */
typedef struct Monitor {
    RefId ref;      /* its reference */
    Term other;     /* the pid at the other end */
    Term name;      /* the registered name it was set up with, or NIL */
    bool origin;    /* true: this process monitors `other`; false: `other` monitors it */
} Monitor;

/* Process.timer: TIMER_ARMED while its receive timer runs, with
 * TIMER_FIRED added by the scheduler that fires it (vm/timer.c);
 * TIMER_INFINITE while it waits in a receive ... after infinity. */
#define TIMER_ARMED ((uint64_t)1)
#define TIMER_INFINITE ((uint64_t)2)
#define TIMER_FIRED ((uint64_t)1 << 63)

typedef enum ProcState {
    PS_RUNNABLE,   /* in a run queue */
    PS_RUNNING,    /* on a scheduler */
    PS_WAITING,    /* in receive with nothing to match; a signal wakes it */
    PS_EXITED,     /* finished; freed by the scheduler */
} ProcState;

typedef struct Process {
    struct girder_vm *vm;  /* the VM it belongs to */
    Term pid;              /* its pid term */
    Term *heap;            /* start of the heap block */
    Term *htop;            /* first free heap word */
    Term *stop;            /* stack top (lowest used stack word) */
    Term *hend;            /* end of the heap block (stack bottom) */
    HeapFrag *frags;       /* heap fragments, newest first */
    size_t frag_words;     /* words in all fragments */
    OffHeap off_heap;      /* refc binaries referenced from the heap */
    size_t min_heap;       /* smallest heap block, in words */
    /* Generational collection (gc/collect.c): data that survived a
     * collection is promoted to the old heap at the next minor one. */
    Term *old_heap;        /* the old generation's block, or NULL */
    Term *old_htop;        /* its first free word */
    Term *old_hend;        /* its end */
    Term *high_water;      /* young words below it survived a collection */
    OffHeap old_off_heap;  /* refc binaries referenced from the old heap */
    unsigned minor_gcs;    /* minor collections since the last major one */
    unsigned fullsweep_after; /* minor collections before a major one */
    uint32_t young_want;   /* young block size the next minor collection uses (0: as is;
                              a size past 32-bit words is not kept) */
    uint32_t gc_peak;      /* words surviving minor collections, a slowly decaying
                              maximum (saturates at UINT32_MAX) */
    size_t bin_vheap;      /* young binary bytes that call for a collection */
    size_t min_bin_vheap;  /* its floor, in words (as OTP counts) */
    size_t bin_old_vheap;  /* old binary bytes that call for a major collection */
    size_t max_heap;       /* max_heap_size in words, 0 for none */
    struct Signal *gc_waiters; /* SIG_GC_REQUESTs to answer after it (vm/signal.c) */
#ifdef GIRDER_GC_STRESS
    size_t stress_count;   /* heap checks since the last forced collection */
#endif
    const Instr *ip;       /* where to resume */
    Term *xsave;           /* the live x registers while not running: xinline or malloc'd */
    unsigned arity;        /* live x registers when not running */
    unsigned xcap;         /* room in xsave */
    Term xinline[3];       /* room for a few (a new process starts with 3) */
    Term fail_class;       /* class of the exception being raised: error, exit, throw */
    Term fail_reason;      /* its reason */
    Term fail_args;        /* for function_clause/BIF errors: the argument list, or NIL */
    Term stacktrace;       /* the stack trace of the current exception, or NIL */
    Term fail_info;        /* error_info cause of a failed bit syntax construction, or
                              THE_NON_VALUE (added to the top frame of the trace) */
    unsigned char *bs_data; /* bytes of the binary that bs_put_* instructions fill (OTP 24's
                               construction, vm/bits_old.c) */
    UWord bs_pos;          /* bit position of the next bs_put_* field in bs_data */
    struct PDict *pdict;   /* process dictionary (bif/dict.h), or NULL when empty */
    Term group_leader;     /* group leader pid */
    long reductions;       /* reductions left in this time slice */
    unsigned long total_reductions; /* reductions executed so far */
    Term exit_reason;      /* set when the process has exited */

    /* Signals and messages (vm/signal.c). */
    _Atomic(struct Signal *) inbox; /* signals not yet taken, newest first */
    _Atomic(size_t) inbox_len;      /* about how many (senders pay more when it is long) */
    size_t reds_bump;               /* extra reductions the last native call costs (a send
                                     * to a long queue, erlang:yield/0, bump_reductions/1) */
    Export *trap;                   /* a long native asks to be continued (bif_trap) */
    struct Signal *mq_first;        /* message queue, oldest first */
    struct Signal **mq_last;        /* link to append at */
    struct Signal **save;           /* receive's position: link to the next message to try */
    struct Signal **marker;         /* recv_marker_reserve's position, or NULL */
    _Atomic(size_t) mq_len;         /* messages in the queue (read by senders) */
    Term pending_exit;              /* reason an exit signal killed it with, or THE_NON_VALUE */
    Term *links;                    /* linked pids */
    Monitor *monitors;              /* monitors in both directions */
    RefId *aliases;                 /* its active aliases (vm/alias.c) */
    unsigned nlinks, cap_links;
    unsigned nmonitors, cap_monitors;
    unsigned naliases, cap_aliases;
    RefId marker_ref;               /* the reference recv_marker_bind tied the marker to */
    Term reg_name;                  /* registered name, or NIL */

    /* Scheduling (vm/sched.c). */
    struct Process *next_run;       /* run queue link */
    _Atomic(uint64_t) timer;        /* its receive timer: 0 none, TIMER_ARMED (with
                                     * TIMER_FIRED once it fired) or TIMER_INFINITE */
    TimerNode recv_timer;           /* that timer in the wheel (under the timer lock) */
    struct MsgTimer *timers_to;     /* message timers aimed at it by pid (timer lock) */
    union {
        uint64_t run_seq;           /* while queued: its place in its run queue (sched.c) */
        uint64_t retired;           /* once ended: the reclamation epoch it was retired in */
    };
    _Atomic(int) state;             /* ProcState */

    /* Small fields, together so they pack. */
    unsigned char priority;         /* 0 max, 1 high, 2 normal, 3 low */
    unsigned char gc_request;       /* GC_REQ_*: erlang:garbage_collect/0,1,2 asked for one */
    bool max_heap_kill;             /* exceeding max_heap does kill the process */
    bool max_heap_log;              /* ... and reports it */
    bool fail_trace_set;            /* erlang:raise/3 gave the stack trace: keep it */
    bool fail_raised;               /* raised on purpose by error/exit/throw: no BIF frame */
    bool exited;                    /* the process has finished */
    bool hibernating;               /* erlang:hibernate/3 was called (bif/process.c) */
    bool marker_bound;              /* recv_marker_bind gave the marker a reference */
    bool trap_exit;                 /* process_flag(trap_exit, true) */
    bool preempted;                 /* queued after using up a whole slice (sched.c) */
    _Atomic(bool) run_lock;         /* see proc_trylock */
} Process;

/* A process's run lock is held by the scheduler running it and, briefly,
 * by another process reading its state (process_info/2 of another pid):
 * whoever holds it sees the heap, message queue, dictionary, links and
 * monitors stand still.  Readers only try it (and yield and retry when
 * it is taken), so two processes reading each other cannot deadlock. */
static inline bool proc_trylock(Process *p) {
    return !atomic_exchange_explicit(&p->run_lock, true, memory_order_acquire);
}
void proc_lock(Process *p);
static inline void proc_unlock(Process *p) {
    atomic_store_explicit(&p->run_lock, false, memory_order_release);
}

/* Saves x[0..n) as p's live x registers (false when out of memory). */
bool proc_save_x(Process *p, const Term *x, unsigned n);

/* Creates a process with an empty heap of at least min_heap words (no pid yet). */
Process *proc_new(struct girder_vm *vm, size_t min_heap);
void proc_free(Process *p);

/* Link and monitor bookkeeping on p's own lists (false when out of memory). */
bool proc_add_link(Process *p, Term pid);
bool proc_remove_link(Process *p, Term pid);
bool proc_has_link(const Process *p, Term pid);
bool proc_add_monitor(Process *p, const Monitor *m);
/* Removes the monitor with that reference; copies it to *out when found. */
bool proc_remove_monitor(Process *p, const RefId *ref, Monitor *out);

/* Allocates n words for a native function: on the heap when there is room
 * (stack included), else in a new fragment.  NULL only when out of memory. */
Term *proc_alloc(Process *p, size_t n);

/* Frees every heap fragment (their live terms must have been copied out). */
void proc_free_frags(Process *p);
/* The list of code points of UTF-8 text; a byte that does not start a
 * valid sequence stands for itself.  THE_NON_VALUE when out of memory. */
Term proc_utf8_list(Process *p, const unsigned char *s, size_t len);

/* Result of a collection: GC_KILLED when the heap outgrew max_heap_size
 * with kill set (the caller ends the process with reason killed). */
typedef enum GcResult { GC_OK = 0, GC_NOMEM, GC_KILLED } GcResult;

/* Process.gc_request: a collection asked for by erlang:garbage_collect,
 * made at the process's next yield or wait. */
enum { GC_REQ_NONE, GC_REQ_MINOR, GC_REQ_MAJOR };

/* Collects p's heap so that at least `need` words are free between heap
 * and stack: a minor collection, or a major one when it is due.  Roots:
 * x[0..live), the stack, the dictionary, the exception state.  Terms
 * move: callers reload everything they held from the roots. */
__attribute__((warn_unused_result)) GcResult gc_collect_may_gc(Process *p, size_t need, Term *x,
                                                               unsigned live);
/* A major collection (everything live ends in one young block); with
 * `compact` the block is sized to fit exactly (erlang:hibernate/3). */
__attribute__((warn_unused_result)) GcResult gc_collect_major(Process *p, size_t need, Term *x,
                                                              unsigned live, bool compact);
/* Words in p's heap blocks and fragments (total_heap_size). */
size_t gc_total_heap_words(const Process *p);
/* The heap block size the collector uses for `words`: OTP's table, from
 * GC_SMALLEST_HEAP up (min_heap_size is rounded up to it as OTP does). */
size_t gc_heap_size(size_t words);
/* OTP's smallest heap and default min_bin_vheap_size, in words. */
#define GC_SMALLEST_HEAP 233
#define GC_MIN_BIN_VHEAP 46422
/* OTP's default fullsweep_after. */
#define GC_FULLSWEEP_DEFAULT 65535

#endif
