/*
 * bits.h: the bit syntax's machinery: bit copying, integer/float/UTF
 * fields, match contexts and the construction of binaries segment by
 * segment.
 *
 * Match context (term.h's SUB_MATCH): header(SUB_MATCH, 4), then
 *   [1] the heap or refc binary whose bytes are matched (never a sub binary)
 *   [2] the bit offset in those bytes where the matched bitstring starts
 *   [3] the current position, as a bit offset in those bytes
 *   [4] the end, as a bit offset in those bytes
 * Positions are absolute, so bs_get_position/bs_set_position save and
 * restore them as small integers.  Word 1 is the only term word; the
 * collector copies it.  A match context never escapes to Erlang code: the
 * compiler passes it only between functions that accept one.
 *
 * Field flags are OTP's: FL_LITTLE 2, FL_SIGNED 4, FL_NATIVE 16 (native is
 * little on the hosts girder runs on).
 *
 * Nothing here collects garbage; functions that build terms take them
 * from proc_alloc, and return THE_NON_VALUE when memory runs out.
 */
#ifndef GIRDER_BITS_H
#define GIRDER_BITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "process.h"

#define MATCH_WORDS 5

#define FL_LITTLE 2u
#define FL_SIGNED 4u
#define FL_NATIVE 16u
/* Little-endian either way the flags say it. */
#define FL_IS_LITTLE(f) (((f) & (FL_LITTLE | FL_NATIVE)) != 0)

/* Segment types of bs_create_bin, as the loader encodes them. */
enum {
    BSEG_INTEGER,
    BSEG_FLOAT,
    BSEG_BINARY,
    BSEG_UTF8,
    BSEG_UTF16,
    BSEG_UTF32,
    BSEG_STRING,
    BSEG_APPEND,
    BSEG_PRIVATE_APPEND
};
/* A segment's first word: type, flags (little 1, signed 2), unit and the
 * segment's number in the source (for error_info). */
#define BSEG_PACK(type, flags, unit, seg) \
    ((UWord)(type) | ((UWord)(flags) << 4) | ((UWord)(unit) << 8) | ((UWord)(seg) << 20))
#define BSEG_TYPE(w) ((unsigned)((w) & 0xF))
#define BSEG_LITTLE(w) (((w) >> 4) & 1u)
#define BSEG_SIGNED(w) (((w) >> 5) & 1u)
#define BSEG_UNIT(w) ((unsigned)(((w) >> 8) & 0xFFF))
#define BSEG_NUM(w) ((UWord)((w) >> 20))

/* Commands of OTP 26's bs_match, as the loader encodes them: six words
 * each (code, four operands, destination). */
enum {
    BSM_ENSURE_AT_LEAST, /* bits, unit: at least bits left, the rest a multiple of unit */
    BSM_ENSURE_EXACTLY,  /* bits: exactly bits left */
    BSM_INTEGER,         /* flags (FL_*), bits -> dst */
    BSM_BINARY,          /* -, bits -> dst */
    BSM_GET_TAIL,        /* -> dst: the rest */
    BSM_SKIP,            /* bits */
    BSM_EQ               /* bits, value: the next bits equal value */
};

/* n <= 64 bits at bit off of src, most significant first. */
uint64_t bits_read_u64(const unsigned char *src, UWord off, unsigned n);

/* Copies n bits from src at bit soff to dst at bit doff (regions must not
 * overlap).  Bits of dst outside the range are kept. */
void bits_copy(unsigned char *dst, UWord doff, const unsigned char *src, UWord soff, UWord n);

/* Reads an integer field of n bits; big-endian unless FL_IS_LITTLE(flags),
 * negative values when FL_SIGNED.  Allocates for a bignum. */
Term bits_get_integer(Process *p, const unsigned char *src, UWord off, UWord n, unsigned flags);
/* Writes the low n bits of an integer term (two's complement) at dst+off. */
void bits_put_integer(unsigned char *dst, UWord off, Term v, UWord n, bool little);
/* Reads a float field of 16, 32 or 64 bits; false if not finite (no match). */
bool bits_get_float(const unsigned char *src, UWord off, UWord n, unsigned flags, double *out);
/* Writes a number as a float of 16, 32 or 64 bits; false if it does not fit. */
bool bits_put_float(unsigned char *dst, UWord off, Term v, UWord n, bool little);

/* Encodings of a code point: bytes written to buf (4 at most), 0 if cp is
 * not a valid code point (above 0x10FFFF or a surrogate). */
unsigned bits_utf8_encode(unsigned char *buf, UWord cp);
unsigned bits_utf16_encode(unsigned char *buf, UWord cp, bool little);
/* Decodes the code point at bit off of src with `avail` bits there; the
 * bits used go to *used.  -1 when no valid sequence is there. */
long bits_utf8_decode(const unsigned char *src, UWord off, UWord avail, UWord *used);
long bits_utf16_decode(const unsigned char *src, UWord off, UWord avail, bool little, UWord *used);
long bits_utf32_decode(const unsigned char *src, UWord off, UWord avail, bool little);

/* Bits of a field: Size (a term) times Unit; false unless Size is a small
 * non-negative integer and the product fits. */
static inline bool bits_field_size(Term size, UWord unit, UWord *out) {
    if (!is_small(size) || small_val(size) < 0) return false;
    UWord v = (UWord)small_val(size);
    if (unit > 1 && v > ((UWord)1 << 58) / unit) return false;
    *out = v * unit;
    return true;
}

/* True when n bits at a+aoff equal n bits at b+boff. */
bool bits_equal(const unsigned char *a, UWord aoff, const unsigned char *b, UWord boff, UWord n);

/* A new match context over any bitstring. */
Term bits_match_new(Process *p, Term bin);
/* The bytes a match context reads. */
static inline const unsigned char *bits_match_bytes(const Term *ctx) {
    const Term *b = boxed_ptr(ctx[1]);
    if (HEADER_SUB(b[0]) == SUB_HEAP_BIN) return (const unsigned char *)(b + 2);
    return ((const BinRefc *)(uintptr_t)b[2])->data;
}
/* A sub binary of n bits at bit `at` of the context's bytes. */
Term bits_match_sub(Process *p, const Term *ctx, UWord at, UWord n);

/*
 * bs_create_bin: builds the binary described by the segment list (the
 * loader's encoding: a word count, then per segment the packed word, the
 * source and the size as operand words, read with x and the frame E).
 * On failure returns THE_NON_VALUE with *reason set (badarg or
 * system_limit) and *cause set to OTP's error_info cause {Seg, Type, Kind,
 * Value}.
 */
Term bits_create_bin(Process *p, const Term *x, const Term *E, const UWord *list, Term *reason,
                     Term *cause);

/* OTP 24's construction: a new zeroed binary of `bits` bits to fill with
 * bits_old_put (THE_NON_VALUE when out of memory); a copy of `bin` with
 * room for `extra` more bits after it (THE_NON_VALUE if bin is not a
 * bitstring of a whole number of units); one field at the fill position
 * (false for badarg).  w is a BSEG_PACK word. */
Term bits_old_new(Process *p, UWord bits);
Term bits_old_append(Process *p, Term bin, UWord extra, unsigned unit);
bool bits_old_put(Process *p, UWord w, Term val, Term size);
/* BSEG_PACK flags from OTP's field flags. */
static inline unsigned bits_seg_flags(UWord fl) {
    return (FL_IS_LITTLE(fl) ? 1u : 0u) | ((fl & FL_SIGNED) ? 2u : 0u);
}

/* The map #{cause => Cause, function => format_bs_fail, module =>
 * erl_erts_errors} for a construction failure's stack frame. */
Term bits_error_info(Process *p, Term cause);

#endif
