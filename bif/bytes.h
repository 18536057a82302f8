/*
 * bytes.h: reading the bytes of binaries and iodata from native functions.
 *
 * A binary's bytes may start at any bit offset (a sub binary made by the
 * bit syntax), so readers either get a pointer straight into the binary
 * (the usual, byte-aligned case) or a malloc'd copy shifted into place.
 * Iodata (binaries, bytes 0..255 and nested lists of those, with a binary
 * or [] as a tail) is walked without C recursion, handing each run of
 * bytes to a callback, so crc32/1, md5/1 and friends need no flattened
 * copy.  The same walk flattens iolists and bitstring lists for the binary
 * BIFs (binutil_flatten in binary.c).
 */
#ifndef GIRDER_BYTES_H
#define GIRDER_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../vm/term.h"

/* The bytes of a binary term (whole bytes only: false for a bitstring whose
 * size is not a multiple of 8, or a non-binary).  *owned is NULL when *data
 * points into the binary, else a malloc'd copy the caller frees (false too
 * when that copy cannot be made). */
bool bytes_of_binary(Term t, const uint8_t **data, size_t *len, uint8_t **owned);

/* Receives one run of bytes of iodata; returns false to stop the walk. */
typedef bool (*BytesSink)(void *ctx, const uint8_t *data, size_t len);

typedef enum BytesResult {
    BYTES_OK = 0,
    BYTES_BADARG, /* not iodata */
    BYTES_STOPPED, /* the sink returned false */
    BYTES_NOMEM
} BytesResult;

/* The parts of an iolist, handed over in order by bytes_iolist_visit.  A
 * callback's result other than BYTES_OK ends the walk and is returned. */
typedef struct IolistVisitor {
    bool allow_bits; /* bitstrings are accepted where binaries are */
    /* A run of list elements 0..255 (at most 256 at a time). */
    BytesResult (*run)(void *ctx, const uint8_t *data, size_t len);
    /* A binary (or, with allow_bits, a bitstring): the whole term, a list
     * element or a list tail. */
    BytesResult (*binary)(void *ctx, Term bin);
} IolistVisitor;

/* Walks an iolist (binary, or possibly deep list of bytes and binaries with
 * a binary or [] tail): BYTES_BADARG when it is not one, BYTES_NOMEM when
 * the walk's stack cannot grow, else what the callbacks returned. */
BytesResult bytes_iolist_visit(Term t, const IolistVisitor *v, void *ctx);

/* Walks iodata in order, calling sink for each run of bytes (binaries with
 * whole bytes only). */
BytesResult bytes_iodata_walk(Term t, BytesSink sink, void *ctx);

/* Encodes a code point as UTF-8 into out (4 bytes room); returns the length. */
size_t bytes_put_utf8(uint8_t *out, uint32_t cp);

#endif
