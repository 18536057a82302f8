/*
 * binary.h: making binaries on a process heap.
 *
 * Every native that returns a new binary goes through bin_new: up to
 * HEAP_BIN_MAX bytes the bytes live on the heap, above that in a
 * reference-counted BinRefc off the heap with a handle on the heap linked
 * into the process's off-heap list.  Like proc_alloc, these never collect.
 */
#ifndef GIRDER_BINARY_H
#define GIRDER_BINARY_H

#include <stddef.h>

#include "process.h"

/* Words of heap bin_new(p, nbytes, ...) takes. */
static inline size_t bin_words(size_t nbytes) {
    return nbytes <= HEAP_BIN_MAX ? HEAP_BIN_WORDS(nbytes) : REFC_BIN_WORDS;
}

/* A new binary of nbytes whose bytes the caller fills through *data (they
 * start undefined).  THE_NON_VALUE when out of memory. */
Term bin_new(Process *p, size_t nbytes, unsigned char **data);

/* A new binary holding a copy of n bytes of src. */
Term bin_from_bytes(Process *p, const void *src, size_t n);

/* A sub binary of bits bits starting bit_off bits into the binary `of`
 * (any binary kind; a sub binary's own base is used).  The caller checks
 * the range.  THE_NON_VALUE when out of memory. */
Term bin_sub(Process *p, Term of, UWord bit_off, UWord bits);

#endif
