/*
 * term_copy.h: copying a term out of one heap into a block of its own.
 *
 * Messages, spawn arguments and exit reasons leave the sender's heap this
 * way: term_flat_size() counts the words, term_copy() writes a complete
 * copy into a caller-provided block.  Subterms that are shared in the
 * source are copied once per reference (as OTP does), literal terms are
 * copied too, and refc binaries gain a reference and a handle linked into
 * the given off-heap list.  Neither function recurses on the C stack.
 */
#ifndef GIRDER_TERM_COPY_H
#define GIRDER_TERM_COPY_H

#include <stdbool.h>
#include <stddef.h>

#include "literal.h"

/* Heap words a copy of t needs; (size_t)-1 when out of memory. */
size_t term_flat_size(Term t);

/* Copies t into hp, which has term_flat_size(t) words; returns the copy. */
Term term_copy(Term t, Term *hp, OffHeap *oh);

/* Offset of the first term word in a boxed object with header h, or 0
 * when the object holds no terms (all words after `first` are terms up to
 * the end of the object, except as noted in the layout comments of
 * vm/term.h).  Shared with the collector's scan. */
unsigned boxed_first_term_word(Term h);

#endif
