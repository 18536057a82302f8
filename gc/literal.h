/*
 * literal.h: literal areas and off-heap binary bookkeeping.
 *
 * A literal area holds the constant terms of one loaded module (its literal
 * table, and the attribute and compile-info terms).  It is a chain of
 * malloc'd chunks; terms in it may point to each other across chunks, and
 * are never moved or copied by a process's collector (the collector copies
 * only what lies in the process's own heap).  Refc binaries in an area hold
 * one reference each, dropped when the area is freed.
 *
 * OffHeap is the list of refc binary handles that live on one heap (a
 * process heap or a literal area): the collector walks it to release
 * binaries that are no longer referenced.
 */
#ifndef GIRDER_LITERAL_H
#define GIRDER_LITERAL_H

#include <stddef.h>

#include "../vm/term.h"

/* Refc binary handles on one heap, chained through their third word. */
typedef struct OffHeap {
    Term *first; /* address of the newest handle's header, or NULL */
    size_t bytes; /* sum of the sizes of the binaries referenced */
} OffHeap;

typedef struct LitChunk LitChunk;

typedef struct LitArea {
    LitChunk *chunks; /* newest first */
    Term *top;        /* next free word in the newest chunk */
    Term *end;        /* end of the newest chunk */
    size_t words;     /* words handed out, over all chunks */
    OffHeap off_heap; /* refc binaries referenced from the area */
} LitArea;

void lit_init(LitArea *a);
/* Allocates n words (uninitialised); NULL when out of memory. */
Term *lit_alloc(LitArea *a, size_t n);
/* Frees every chunk and drops the area's binary references. */
void lit_free(LitArea *a);
/* True when p points into one of the area's chunks. */
int lit_contains(const LitArea *a, const Term *p);

/* Allocates a BinRefc of `size` bytes with a count of 1 (NULL if no memory). */
BinRefc *bin_refc_new(size_t size);
void bin_refc_retain(BinRefc *b);
void bin_refc_release(BinRefc *b);
/* Frees what a magic binary's state owns (gc/magic.c; called by the release
 * that drops its last handle). */
void bin_magic_destroy(BinRefc *b);
/* Writes a refc handle at hp (REFC_BIN_WORDS words) referencing b (takes
 * over one reference) and links it into oh. */
Term bin_make_refc_handle(Term *hp, BinRefc *b, OffHeap *oh);
/* Releases every binary referenced from the list and empties it. */
void off_heap_release_all(OffHeap *oh);

#endif
