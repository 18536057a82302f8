/*
 * big.h: integers of any size, on heap limbs.
 *
 * A bignum is header(SUB_POS_BIG or SUB_NEG_BIG, n) followed by n 64-bit
 * limbs, least significant first (term.h).  Two invariants hold for every
 * bignum a function here returns, and every other module may rely on them:
 *
 *   - it is normalised: the most significant limb is not zero;
 *   - it does not fit in a small: a value in [MIN_SMALL, MAX_SMALL] is
 *     always a small integer, never a box.
 *
 * So two integers are equal exactly when their words are, and a small and
 * a bignum are never equal.
 *
 * The arithmetic is GMP's mpn layer working directly on the limbs, so no
 * GMP-owned memory ever points into a heap.  A function that builds an
 * integer writes into a heap area that its caller allocated beforehand,
 * sized by the companion *_words() function (an upper bound: the result may
 * turn out to be a small and use none of it).  Scratch space that does not
 * outlive a call comes from malloc.
 */
#ifndef GIRDER_BIG_H
#define GIRDER_BIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"
#include "term.h"

/* Heap words of a bignum of n limbs. */
#define BIG_WORDS(nlimbs) (1 + (size_t)(nlimbs))
/* Heap words enough for any 64-bit integer. */
#define BIG_INT64_WORDS BIG_WORDS(1)

/*
 * Finishes an integer whose n magnitude limbs were written at hp + 1: drops
 * leading zero limbs and returns a small when the value fits, else writes
 * the header at hp and returns the bignum.
 */
Term big_normalize(Term *hp, size_t nlimbs, bool negative);

/* Heap words an integer term occupies (0 for a small). */
size_t big_term_words(Term t);

/* An integer from a signed or unsigned 64-bit value; hp has BIG_INT64_WORDS. */
Term big_from_int64(Term *hp, int64_t v);
Term big_from_uint64(Term *hp, uint64_t v);

/* An integer from a little-endian magnitude of n bytes (the external term
 * format's SMALL_BIG/LARGE_BIG order); hp has big_from_bytes_words(n). */
size_t big_from_bytes_words(size_t nbytes);
Term big_from_bytes_le(Term *hp, const uint8_t *bytes, size_t nbytes, bool negative);

/* True when an integer term fits in int64_t; *out receives it. */
bool big_to_int64(Term t, int64_t *out);

/*
 * Text.  big_to_string appends an integer term (small or big) in a base
 * from 2 to 36, with upper-case digits and a leading '-' when negative, as
 * integer_to_list/2 writes it.  big_from_string parses what
 * list_to_integer/2 accepts: an optional sign, then at least one digit of
 * the base (either case); it returns false on anything else.  Its heap
 * area must hold big_from_string_words(len, base) words.
 */
void big_to_string(StrBuf *b, Term t, unsigned base);
size_t big_from_string_words(size_t len, unsigned base);
bool big_from_string(Term *hp, const char *s, size_t len, unsigned base, Term *out);

/*
 * Arithmetic on any two integer terms (small or big).  The heap area must
 * hold the number of words the companion function returns; the result is
 * normalised (possibly a small).  big_add_words also bounds a difference.
 */
size_t big_add_words(Term a, Term b);
size_t big_mul_words(Term a, Term b);
Term big_add(Term *hp, Term a, Term b);
Term big_sub(Term *hp, Term a, Term b);
Term big_mul(Term *hp, Term a, Term b);

/* Compares two integer terms by value: -1, 0 or 1. */
int big_compare(Term a, Term b);
/* Compares an integer term with a finite double exactly (no rounding of
 * either side): -1, 0 or 1. */
int big_compare_double(Term a, double d);

/* The largest integer OTP builds has this many limbs (2^25 - 64 bits); a
 * larger result fails with system_limit.  Callers check with big_too_big. */
#define BIG_MAX_LIMBS ((size_t)((1u << 19) - 1))
static inline bool big_too_big(Term t) { return is_big(t) && big_limbs(t) > BIG_MAX_LIMBS; }

/*
 * Truncating division (div) and its remainder (rem, with the dividend's
 * sign); the divisor must not be zero.  Bitwise and/or/xor on the two's
 * complement representation of any integers, as band/bor/bxor.  Shifts:
 * a positive shift moves left (bsl), a negative one right (bsr, rounding
 * towards minus infinity).  These take scratch memory from malloc and
 * return THE_NON_VALUE when it is not available.
 */
size_t big_div_words(Term a, Term b);
size_t big_rem_words(Term a, Term b);
Term big_div(Term *hp, Term a, Term b);
Term big_rem(Term *hp, Term a, Term b);
typedef enum { BIG_AND, BIG_OR, BIG_XOR } BigBitOp;
size_t big_bitwise_words(Term a, Term b);
Term big_bitwise(Term *hp, BigBitOp op, Term a, Term b);
size_t big_shift_words(Term a, SWord shift);
Term big_shift(Term *hp, Term a, SWord shift);

/*
 * Doubles.  big_to_double converts an integer term as OTP does (Horner's
 * rule over the limbs, so large values round as in OTP); it returns false
 * when the value is beyond the double range.  big_from_double makes the
 * integer equal to a finite, integral double; its heap area holds
 * big_from_double_words(d) words.
 */
bool big_to_double(Term t, double *out);
size_t big_from_double_words(double d);
Term big_from_double(Term *hp, double d);

#endif
