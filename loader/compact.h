/*
 * compact.h: the compact term encoding of .beam files (internal to the
 * loader).
 *
 * Every operand in the Code chunk, every line item of the Line chunk, and
 * (since OTP 28) every atom length of the atom chunk is a "compact term":
 * a first byte whose low 3 bits are a tag and whose high bits hold either
 * a small value (below 16), the top 3 bits of an 11-bit value whose low
 * byte follows, or the length of a big-endian value of 2 to 8 bytes that
 * follows; a length field of 7 means the length itself follows as a u-tagged
 * compact term (plus 9).  Tag 7 (z) introduces the extended forms: old
 * float, list, float register, allocation list, literal, typed register.
 *
 * The reader never reads past `end`, and every count it returns has been
 * checked against the bytes that remain, so a caller may allocate by it.
 */
#ifndef GIRDER_COMPACT_H
#define GIRDER_COMPACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "beamfile.h"

/* The tags of the low 3 bits. */
enum { CT_U = 0, CT_I = 1, CT_A = 2, CT_X = 3, CT_Y = 4, CT_F = 5, CT_H = 6, CT_Z = 7 };

/* Subtags of the extended (z) form. */
enum {
    CTZ_FLOAT = 0,   /* 8 raw bytes of an IEEE double (before OTP R16B) */
    CTZ_LIST = 1,    /* u count, then that many operands */
    CTZ_FR = 2,      /* u float register number */
    CTZ_ALLOC = 3,   /* u count, then count pairs of u kind, u number */
    CTZ_LITERAL = 4, /* u index into the literal table */
    CTZ_TR = 5       /* x or y register, then u index into the Type chunk */
};

/* A cursor over bytes that must not be read beyond `end`. */
typedef struct LdReader {
    const uint8_t *p;     /* next byte */
    const uint8_t *end;   /* one past the last readable byte */
    const uint8_t *base;  /* start of the chunk, for byte offsets in messages */
} LdReader;

/* One compact term before interpretation. */
typedef struct LdTagged {
    unsigned tag;         /* CT_* */
    UWord val;            /* the value, when nbytes == 0 */
    const uint8_t *bytes; /* the big-endian bytes of a value that does not fit in val */
    size_t nbytes;        /* their count, 0 when val holds the value */
} LdTagged;

/* Why a compact term could not be read. */
typedef enum LdStatus {
    LD_OK = 0,
    LD_TRUNCATED, /* the bytes end inside the term */
    LD_BAD        /* the term is malformed; the message says how */
} LdStatus;

static inline size_t ld_left(const LdReader *r) { return (size_t)(r->end - r->p); }
static inline size_t ld_offset(const LdReader *r) { return (size_t)(r->p - r->base); }

/* Reads one compact term.  Values of up to 8 bytes land in val (for the i
 * tag, sign-extended into val when they fit in a signed word, else they
 * stay as bytes); longer ones are left as bytes. */
LdStatus ld_read_tagged(LdReader *r, LdTagged *t);

/* Reads a compact term that must be u-tagged and fit in a word not above
 * `max`.  `what` names the value, with its article, in the message on failure. */
LdStatus ld_read_u(LdReader *r, UWord max, UWord *out, const char *what, char *msg, size_t msglen);

/* The value of an i-tagged term as a term: a small, or a bignum built in
 * `lit`.  False when out of memory. */
bool ld_integer_term(const LdTagged *t, LitArea *lit, Term *out);

/* Where an operand sits: an extended list may only be an instruction's
 * last operand (as OTP requires), and never inside another list. */
typedef enum LdPlace { LD_OPERAND, LD_LAST_OPERAND, LD_LIST_ELEMENT } LdPlace;

/*
 * Decodes one operand of an instruction into bf->args[slot].  An extended
 * list's elements are appended at the end of bf->args (growing it), so
 * `slot` must have been reserved first.  On failure returns the status and
 * writes what is wrong into msg, phrased to follow "operand N of ...".
 */
LdStatus ld_decode_operand(LdReader *r, BeamFile *bf, uint32_t slot, LdPlace place, char *msg,
                           size_t msglen);

/* Grows bf->args so that n more operands fit; false when out of memory or
 * past the operand limit. */
bool ld_reserve_args(BeamFile *bf, uint32_t n);

#endif
