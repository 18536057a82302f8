/*
 * traps.h: hidden continuations of long natives.
 *
 * A native whose work grows with its input (list_to_binary of ten million
 * bytes, '++' of a million elements...) does a budget of work, writes the
 * state it needs over its arguments and traps (bif_trap in bif.h) into a
 * continuation that does the next budget, and so on: the process yields
 * between chunks, so one call never holds a scheduler for long.
 *
 * The continuations live in girder_vm.bifs.traps (vmstate.h), not in the
 * export table, so no program can call them with a forged state: their
 * arguments are always what a native of ours wrote.  The state is made of
 * terms only (the process may be collected between chunks), and always
 * carries the original arguments, so an error found in a later chunk is
 * reported as the original native's, with its original arguments
 * (bif_trap_fail), as OTP does.
 */
#ifndef GIRDER_TRAPS_H
#define GIRDER_TRAPS_H

#include "bif.h"

/* The hidden continuations, each with its arity in traps.c. */
typedef enum BifTrapId {
    TRAP_IOLIST,  /* list_to_binary/1, iolist_to_binary/1, iolist_size/1 (iolist_trap.c) */
    TRAP_APPEND,  /* erlang:'++'/2 (list_trap.c) */
    TRAP_REVERSE, /* lists:reverse/2 (list_trap.c) */
    TRAP_KEYS,    /* lists:member/2, keyfind/3, keymember/3, keysearch/3 (list_trap.c) */
    TRAP_L2T,     /* list_to_tuple/1 (list_trap.c) */
    TRAP_T2L,     /* tuple_to_list/1 (list_trap.c) */
    TRAP_B2L,     /* binary_to_list/1 (list_trap.c) */
    TRAP_SUBTRACT, /* erlang:'--'/2 (subtract_trap.c) */
    TRAP_T2B,     /* term_to_binary/1,2 (ext.c) */
    TRAP_B2T,     /* binary_to_term/1,2 (ext.c) */
    TRAP_T2B_ZIP, /* term_to_binary/2's deflating (ext.c) */
    TRAP_COUNT
} BifTrapId;

/* Units of work (a list cell, 16 bytes copied...) a native does before it
 * traps: about as long as a slice of reductions takes. */
#define TRAP_BUDGET (16 * BIF_TRAP_CHUNK)

/* Fills and releases the continuations' entries (girder_vm.bifs.traps). */
void bif_traps_init(Export *traps);
void bif_traps_destroy(Export *traps);

/* Continues in continuation `id`, whose arguments the caller has written
 * over its own args. */
Term bif_trap_to(Process *p, BifTrapId id);

/* Where the first chunk was called from, as a term to keep in the state:
 * the calling instruction when the native was called in tail position
 * (the caller's frame is then gone by the time a continuation fails), else
 * 0.  Call it before the first trap. */
Term bif_trap_site(Process *p);

/* Fails with error `reason` as module:name(Args...) would, `arglist` being
 * the original arguments as a list and `site` bif_trap_site's value. */
Term bif_trap_fail(Process *p, Term reason, Term module, Term name, Term arglist, Term site);

/* The list [a] or [a, b] (or [a, b, c]): original arguments for the state. */
Term bif_trap_args(Process *p, const Term *args, unsigned n);

/* Charges the reductions `units` of work cost (TRAP_BUDGET units are a slice). */
void bif_trap_charge(Process *p, long units);

/* The continuations (their arguments are described where they are defined). */
Term bif_trap_iolist(Process *p, Term *args);
Term bif_trap_append(Process *p, Term *args);
Term bif_trap_reverse(Process *p, Term *args);
Term bif_trap_keys(Process *p, Term *args);
Term bif_trap_l2t(Process *p, Term *args);
Term bif_trap_t2l(Process *p, Term *args);
Term bif_trap_b2l(Process *p, Term *args);
Term bif_trap_subtract(Process *p, Term *args);
Term bif_trap_t2b(Process *p, Term *args);
Term bif_trap_b2t(Process *p, Term *args);
Term bif_trap_t2b_zip(Process *p, Term *args);

#endif
