/*
 * refmap.h: a hash map from reference identities to 64-bit values (open
 * addressing with tombstones).  The caller locks.  Used for process
 * aliases (vm/alias.c) and message timers (vm/sched.c).
 */
#ifndef GIRDER_REFMAP_H
#define GIRDER_REFMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "process.h"

typedef struct RefMapSlot {
    RefId ref;
    uint64_t value;
    unsigned char state; /* free, used, or dead (a tombstone) */
} RefMapSlot;

typedef struct RefMap {
    RefMapSlot *slots;        /* a power-of-two number of slots */
    size_t cap, used, filled; /* slots; live entries; live + tombstones */
} RefMap;

/* Adds or replaces; false when out of memory. */
bool refmap_put(RefMap *m, const RefId *ref, uint64_t value);
/* The value of ref: true and *value, or false when absent. */
bool refmap_get(const RefMap *m, const RefId *ref, uint64_t *value);
/* Removes ref; true when it was there (its value in *value if not NULL). */
bool refmap_remove(RefMap *m, const RefId *ref, uint64_t *value);
void refmap_free(RefMap *m);

#endif
