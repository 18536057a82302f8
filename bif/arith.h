/*
 * arith.h: number helpers shared by the arithmetic BIFs (bif/arith.c),
 * the float BIFs and math functions (bif/float.c), the text conversions
 * (bif/numconv.c), the float instructions (vm/instrs/floats.tab) and the
 * operators' fast path (vm/instrs/arith.tab, chosen by loader/load.c).
 */
#ifndef GIRDER_ARITH_H
#define GIRDER_ARITH_H

#include <stdbool.h>

#include "bif.h"

/* A boxed float on the process heap (BIF_ALLOC: system_limit when out of
 * memory).  The value is taken as it is: callers check it is finite. */
Term arith_make_float(Process *p, double d);

/* A number term as a double, converted as OTP converts integers; false
 * for a non-number or an integer beyond the double range. */
bool arith_to_double(Term t, double *out);

/*
 * The small-integer fast path of the two-operand operators + - * band
 * bor bxor div rem bsl bsr (vm/instrs/arith.tab): the result when both operands and the
 * result are small integers, else THE_NON_VALUE, and the caller calls the
 * BIF, which handles everything else and raises the errors.
 */
static inline bool arith_has_fast_path(BifFn fn) {
    return fn == bif_erlang_plus_2 || fn == bif_erlang_minus_2 || fn == bif_erlang_times_2 ||
           fn == bif_erlang_band_2 || fn == bif_erlang_bor_2 || fn == bif_erlang_bxor_2 ||
           fn == bif_erlang_div_2 || fn == bif_erlang_rem_2 || fn == bif_erlang_bsl_2 ||
           fn == bif_erlang_bsr_2;
}

static inline Term arith_small2(BifFn fn, Term a, Term b) {
    if (!is_small(a) || !is_small(b)) return THE_NON_VALUE;
    SWord x = small_val(a), y = small_val(b), r;
    if (fn == bif_erlang_plus_2) {
        r = x + y; /* two 60-bit values: no 64-bit overflow */
    } else if (fn == bif_erlang_minus_2) {
        r = x - y;
    } else if (fn == bif_erlang_times_2) {
        if (__builtin_mul_overflow(x, y, &r)) return THE_NON_VALUE;
    } else if (fn == bif_erlang_band_2) {
        return make_small(x & y);
    } else if (fn == bif_erlang_bor_2) {
        return make_small(x | y);
    } else if (fn == bif_erlang_bxor_2) {
        return make_small(x ^ y);
    } else if (fn == bif_erlang_div_2 || fn == bif_erlang_rem_2) {
        if (y == 0) return THE_NON_VALUE; /* badarith, from the BIF */
        r = fn == bif_erlang_div_2 ? x / y : x % y; /* MIN_SMALL / -1 fits in 64 bits */
    } else if (fn == bif_erlang_bsr_2) {
        if (y < 0) return THE_NON_VALUE;
        return make_small(x >> (y > 63 ? 63 : y));
    } else {
        /* bsl: only shifts that keep the value within a small. */
        if (y < 0 || y >= SMALL_BITS) return THE_NON_VALUE;
        r = (SWord)((UWord)x << y);
        if ((r >> y) != x) return THE_NON_VALUE;
    }
    return small_fits(r) ? make_small(r) : THE_NON_VALUE;
}

#endif
