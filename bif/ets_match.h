/*
 * ets_match.h: match specifications ([{Head, Guards, Body}]) and match
 * patterns, as ets:select/match/match_object and ets:match_spec_run use
 * them.
 *
 * A specification is interpreted as the term it is (no compiled form):
 * ms_check() validates it once per call (shape, variables bound before
 * use, known guard functions), then ms_run() tries it on each object.
 * Heads bind '$N' variables to subterms of the object in place, so the
 * results ms_run() builds on the process heap may point into the object:
 * a caller running it on a table's objects copies the results out before
 * it lets go of the table's lock.  Guard functions are the guard BIFs of
 * the erlang module, called through the BIF table.
 */
#ifndef GIRDER_ETS_MATCH_H
#define GIRDER_ETS_MATCH_H

#include <stdbool.h>

#include "bif.h"

/* What a validated specification looks like, for the fast paths. */
typedef struct MsInfo {
    size_t nvars;   /* one more than the largest '$N' */
} MsInfo;

/* Builds the guard function table (ets_init calls it). */
bool ms_init(girder_vm *vm);
void ms_free(girder_vm *vm);

/* Is ms a well-formed match specification?  Fills *info. */
bool ms_check(girder_vm *vm, Term ms, MsInfo *info);
/* Runs ms on obj: true with the body's last value in *result when a
 * clause matches (THE_NON_VALUE in *result when memory ran out). */
bool ms_run(Process *p, Term ms, const MsInfo *info, Term obj, Term *result);
/* If every clause's head is a tuple whose element keypos is a constant,
 * true (the keys can be looked up instead of scanning the table). */
bool ms_keys_bound(girder_vm *vm, Term ms, unsigned keypos);
/* The head of a clause (ms is a checked specification). */
static inline Term ms_clause_head(Term clause) { return tuple_elems(clause)[0]; }

#endif
