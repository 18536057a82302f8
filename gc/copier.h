/*
 * copier.h: the copying machinery both collections use (gc/copy.c).
 *
 * A Copier moves what is reachable into to-space.  From-space is the young
 * heap's used part, the heap fragments, and, in a major collection, the
 * old heap.  In a minor collection young words below the high-water mark
 * (they survived a collection already) go to the old heap; every other
 * from-space word goes to the new young block.  Anything else a term
 * points to (the old heap in a minor collection, literal areas) stays put.
 * Moved objects leave a forwarding word: a boxed object's header becomes a
 * boxed pointer to the copy, a cons cell's head becomes THE_NON_VALUE and
 * its tail the new list pointer, so shared subterms stay shared.
 */
#ifndef GIRDER_COPIER_H
#define GIRDER_COPIER_H

#include <stdbool.h>

#include "../vm/process.h"

/* A heap fragment's used range. */
typedef struct FragRange {
    const Term *lo, *hi;
} FragRange;

typedef struct Copier {
    Process *p;
    bool minor;
    Term *lo, *hw, *hi;  /* young from-space; [lo, hw) is promoted in a minor collection */
    Term *olo, *ohi;     /* major: the old heap's used range (from-space too) */
    Term *top;           /* next free word of the new young block */
    Term *otop;          /* minor: next free word of the old heap */
    OffHeap young_oh;    /* handles copied to the young block */
    OffHeap old_oh;      /* handles promoted to the old heap */
    FragRange *frags;    /* the fragments by address (received messages make many) */
    size_t nfrags;
} Copier;

/* Lists the process's fragments in c->frags; false when out of memory. */
bool copier_sort_frags(Copier *c);

/* The term's new location (copying it if it is in from-space). */
Term copier_copy(Copier *c, Term t);

/* Copies the roots every collection shares: x[0..live), the stack (moved
 * to new_stop), the dictionary and the exception state; then everything
 * they reach, scanning to-space from young_scan (and, in a minor
 * collection, the old heap from old_scan). */
void copier_run(Copier *c, Term *x, unsigned live, Term *new_stop, Term *young_scan,
                Term *old_scan);

/* Releases the binaries of list `oh` whose handles were not moved. */
void copier_sweep(OffHeap *oh);

#endif
