/*
 * bif.h: native functions (BIFs) and how they fail.
 *
 * Every BIF is listed once in bif/bif.tab (module, name, arity, C
 * function, flags); tools/gen_bifs.py turns that into the table below and
 * the prototypes.  A BIF receives its arguments in an array and returns a
 * term, or THE_NON_VALUE after setting the process's failure with one of
 * the helpers here.  BIFs allocate with proc_alloc() and never collect
 * garbage, so the terms they were given stay valid while they run.
 */
#ifndef GIRDER_BIF_H
#define GIRDER_BIF_H

#include "../loader/module.h"
#include "../vm/process.h"
#include "atoms_gen.h"

enum {
    BIF_GUARD = 1,  /* allowed in guards */
};

typedef struct BifInfo {
    const char *module; /* module name */
    const char *name;   /* function name */
    unsigned arity;     /* arguments */
    BifFn fn;           /* implementation */
    unsigned flags;     /* BIF_* */
} BifInfo;

extern const BifInfo bif_table[];
extern const unsigned bif_count;

/* Fails with an error of the given reason (the BIF's frame heads the trace). */
static inline Term bif_error(Process *p, Term reason) {
    p->fail_class = ATOM_error;
    p->fail_reason = reason;
    p->fail_raised = false;
    return THE_NON_VALUE;
}
static inline Term bif_badarg(Process *p) { return bif_error(p, ATOM_badarg); }
/* true or false (the guard is_boolean/1). */
static inline bool bif_is_bool(Term t) { return t == ATOM_true || t == ATOM_false; }
/* Raises an exception on purpose (error/1, exit/1, throw/1): no BIF frame. */
static inline Term bif_raise(Process *p, Term cls, Term reason) {
    p->fail_class = cls;
    p->fail_reason = reason;
    p->fail_args = THE_NON_VALUE;
    p->fail_raised = true;
    return THE_NON_VALUE;
}
/* A long native gives up its scheduler before finishing: it has written,
 * over its own arguments, the arguments of the call that continues the
 * work, and asks that the native of export `e` (with as many arguments)
 * be called with them after the process yields.  The caller of the
 * original native gets the continuation's result, as if from one call. */
static inline Term bif_trap(Process *p, Export *e) {
    p->trap = e;
    return THE_NON_VALUE;
}
/* Elements a native handles before it traps. */
#define BIF_TRAP_CHUNK 4000

/* Ends the calling process at once with `reason` (exit(self(), R)):
 * no catch sees it. */
static inline Term bif_exit_self(Process *p, Term reason) {
    p->pending_exit = reason;
    return THE_NON_VALUE;
}
/* proc_alloc, failing the BIF with system_limit when memory runs out. */
#define BIF_ALLOC(p, hp, n)                                   \
    do {                                                      \
        (hp) = proc_alloc((p), (n));                          \
        if (!(hp)) return bif_error((p), ATOM_system_limit);  \
    } while (0)

#include "bif_gen.h"

#endif
