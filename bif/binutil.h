/*
 * binutil.h: what the binary BIFs (bif/binary.c, bif/binmod.c,
 * bif/unicode.c) share: flattening iolists into a buffer of bits.
 */
#ifndef GIRDER_BINUTIL_H
#define GIRDER_BINUTIL_H

#include <stdbool.h>
#include <stddef.h>

#include "../vm/term.h"

/* Bits collected from an iolist. */
typedef struct BitBuf {
    unsigned char *data; /* the bytes (malloc'd, NULL while empty) */
    UWord bits;          /* bits used */
    size_t cap;          /* bytes allocated */
} BitBuf;

typedef enum IolResult {
    IOL_OK = 0,
    IOL_BADARG, /* not an iolist (or, for bitstrings, not a bitstring list) */
    IOL_NOMEM
} IolResult;

/* Appends the bytes of an iolist (a binary, or a possibly deep list of
 * bytes and binaries with a binary or [] tail) to out; with allow_bits,
 * bitstrings are accepted where binaries are.  The caller frees out->data. */
IolResult binutil_flatten(Term t, bool allow_bits, BitBuf *out);

#endif
