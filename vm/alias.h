/*
 * alias.h: process aliases (erlang:alias/0,1, monitor/3 with {alias, _}).
 *
 * An alias is a reference that stands for the process that created it: a
 * message sent to it goes to that process while the alias is active.  The
 * VM keeps one table from reference identity to owner; each process lists
 * its own aliases so they are dropped when it ends.
 */
#ifndef GIRDER_ALIAS_H
#define GIRDER_ALIAS_H

#include "../include/girder.h"
#include "process.h"

typedef enum AliasMode {
    ALIAS_EXPLICIT,        /* until unalias/1 */
    ALIAS_DEMONITOR,       /* until unalias/1 or the monitor goes (demonitor, 'DOWN') */
    ALIAS_REPLY_DEMONITOR, /* the same, or once one message went through it */
} AliasMode;

/* Makes ref an alias of p (false when out of memory). */
bool alias_add(girder_vm *vm, Process *p, const RefId *ref, AliasMode mode);
/* The owner of an active alias, or NIL; a reply_demonitor alias is spent
 * by the lookup when `sending`. */
Term alias_owner(girder_vm *vm, const RefId *ref, bool sending);
/* Deactivates p's alias ref; with only_monitor, only a demonitor or
 * reply_demonitor one.  True when it was active. */
bool alias_remove(girder_vm *vm, Process *p, const RefId *ref, bool only_monitor);
/* Drops every alias of p (it ended). */
void alias_remove_all(girder_vm *vm, Process *p);

#endif
