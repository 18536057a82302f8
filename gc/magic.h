/*
 * magic.h: magic binaries, which carry a native's C state across traps.
 *
 * A trapping native (bif/traps.h) keeps its state in terms, because the
 * process may be collected between chunks.  Some state cannot be terms: a
 * zlib stream, or a heap fragment that a decoder fills and that no
 * collection may see until it is complete.  Such state lives in the bytes
 * of a magic binary: a refc binary (BinRefc.wbits == BIN_MAGIC) whose
 * bytes start with a destructor.  The binary's handle sits in the
 * continuation's arguments like any term; when its last handle goes (the
 * native finished and dropped it, or the process ended mid-way), the
 * destructor frees what the state owns.  A magic binary is only ever
 * handed to hidden continuations, never to Erlang code.
 */
#ifndef GIRDER_MAGIC_H
#define GIRDER_MAGIC_H

#include "../vm/process.h"

/* Frees what a state owns (not the state's own bytes). */
typedef void MagicDtor(void *state);

/* A new magic binary with `size` bytes of zeroed state, its handle on p's
 * heap: the handle term, *state its bytes (THE_NON_VALUE when out of
 * memory).  The state's address never changes. */
Term bin_magic_new(Process *p, size_t size, MagicDtor *dtor, void **state);

/* The state of a magic binary made by bin_magic_new. */
void *bin_magic_state(Term t);

#endif
