/*
 * hash.h: OTP's portable term hashes.
 *
 * hash_phash2 is erts' make_hash2 (erlang:phash2/1,2), hash_phash its
 * make_hash (erlang:phash/2), and hash_atom the hashpjw value erts keeps
 * for every atom.  All three depend only on the terms' values, never on
 * addresses or table indices, so they agree with OTP bit for bit on every
 * term, flat and HAMT maps included (pairs are combined independently of
 * their order).  Neither recurses on the C stack.
 */
#ifndef GIRDER_HASH_H
#define GIRDER_HASH_H

#include <stdbool.h>
#include <stdint.h>

#include "../vm/atom.h"
#include "../vm/term.h"

/* The hashpjw value of an atom's name, with erts' Latin-1 adjustment. */
uint32_t hash_atom(const AtomTable *atoms, Term atom);
/* make_hash2; false only when out of memory. */
bool hash_phash2(const AtomTable *atoms, Term t, uint32_t *out);
/* make_hash; false only when out of memory. */
bool hash_phash(const AtomTable *atoms, Term t, uint32_t *out);

#endif
