/*
 * ets.h: what the ets BIF files (bif/ets.c, bif/ets_select.c) share, and
 * the hook the scheduler calls when a process ends.
 */
#ifndef GIRDER_ETS_H
#define GIRDER_ETS_H

#include "bif.h"
#include "ets_table.h"

/* The access an operation needs. */
typedef enum { ETS_READ, ETS_WRITE, ETS_OWNER } EtsNeed;

/* The table id names, locked (read lock for ETS_READ, else write) with a
 * count taken, when p may do what `need` says; NULL (the caller fails
 * with badarg) when there is no such table or p may not. */
EtsTable *ets_tab_open(Process *p, Term id, EtsNeed need);
/* Unlocks and drops the count. */
void ets_tab_close(EtsTable *t);
/* The term that names t (its name if named, else its reference), on p's heap. */
Term ets_tab_term(Process *p, const EtsTable *t);
/* A list of copies of node n's objects, in front of tail. */
Term ets_copy_objects(Process *p, const EtsNode *n, Term tail);

/* Deletes the tables pid owns, or hands them to their heirs (from proc_exit). */
void ets_owner_exited(girder_vm *vm, Term pid);

#endif
