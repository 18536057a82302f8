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

#include <stdbool.h>
#include <stddef.h>

#include "../gc/literal.h"
#include "../loader/module.h"
#include "term.h"

struct girder_vm;

#define MAX_X_REGS 1024

/* A block of heap words outside the main heap (see proc_alloc). */
typedef struct HeapFrag {
    struct HeapFrag *next; /* older fragment */
    size_t used;           /* words in use */
    size_t size;           /* words in mem */
    Term mem[];            /* the words */
} HeapFrag;

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
    unsigned long gcs;     /* collections so far */
    size_t stress_count;   /* heap checks since the last forced collection (gc_stress builds) */
    const Instr *ip;       /* where to resume */
    const Instr *cp;       /* continuation pointer when not running */
    unsigned arity;        /* live x registers when not running */
    Term *xsave;           /* saved x registers when not running (MAX_X_REGS) */
    Term fail_class;       /* class of the exception being raised: error, exit, throw */
    Term fail_reason;      /* its reason */
    Term fail_args;        /* for function_clause/BIF errors: the argument list, or NIL */
    Term stacktrace;       /* the stack trace of the current exception, or NIL */
    bool fail_trace_set;   /* erlang:raise/3 gave the stack trace: keep it */
    bool fail_raised;      /* raised on purpose by error/exit/throw: no BIF frame in the trace */
    Term dict;             /* process dictionary: a list of {Key, Value}, or NIL */
    Term group_leader;     /* group leader pid */
    long reductions;       /* reductions left in this time slice */
    unsigned long total_reductions; /* reductions executed so far */
    Term exit_reason;      /* set when the process has exited */
    bool exited;           /* the process has finished */
} Process;

/* Creates a process with an empty heap of at least min_heap words. */
Process *proc_new(struct girder_vm *vm, size_t min_heap);
void proc_free(Process *p);

/* Allocates n words for a native function: on the heap when there is room
 * (stack included), else in a new fragment.  NULL only when out of memory. */
Term *proc_alloc(Process *p, size_t n);

/* Frees every heap fragment (their live terms must have been copied out). */
void proc_free_frags(Process *p);
/* The list of code points of UTF-8 text; a byte that does not start a
 * valid sequence stands for itself.  THE_NON_VALUE when out of memory. */
Term proc_utf8_list(Process *p, const unsigned char *s, size_t len);

/* Result of a collection. */
typedef enum GcResult { GC_OK = 0, GC_NOMEM } GcResult;

/* Collects p's heap so that at least `need` words are free between heap
 * and stack.  Roots: x[0..live), the stack, the dictionary, the exception
 * state.  Terms move: callers reload everything they held from the roots. */
__attribute__((warn_unused_result)) GcResult gc_collect_may_gc(Process *p, size_t need, Term *x,
                                                               unsigned live);

#endif
