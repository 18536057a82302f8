/*
 * dict.h: the process dictionary's table, as the collector and
 * process_info see it (the BIFs are in dict.c).
 *
 * The table is OTP's linear hash table, kept off the heap like erts
 * keeps it: an array of buckets, each [] or a {Key, Value} tuple on the
 * process heap or a list of such tuples.  Its words are roots of the
 * collector (dict_roots).  The buckets grow and shrink one slot at a
 * time with OTP's rules and hash (small integers by value, atoms by
 * index, other keys by the internal hash of map.h), so get/0 lists the
 * pairs in OTP's order except that atom keys hash by girder's atom index.
 */
#ifndef GIRDER_DICT_H
#define GIRDER_DICT_H

#include <stddef.h>

#include "../vm/process.h"

typedef struct PDict {
    unsigned size;  /* slots allocated in data */
    unsigned used;  /* slots in use (the hash range) */
    unsigned split; /* next slot to split when growing */
    unsigned mask;  /* hash mask: twice the home size, minus one */
    unsigned n;     /* pairs stored */
    Term data[];    /* the buckets; slots from `used` on are [] */
} PDict;

/* The table's term words, for the collector: *n receives their number
 * (0 and NULL when the process has no dictionary). */
Term *dict_roots(Process *p, size_t *n);
/* Frees the table of a process that is being freed. */
void dict_free(Process *p);
/* process_info(T, dictionary) asked by p: t's pairs as a list on p's heap
 * (copied when t is another process); THE_NON_VALUE when out of memory. */
Term dict_snapshot(Process *p, Process *t);

#endif
