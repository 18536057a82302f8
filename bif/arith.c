/*
 * arith.c: the arithmetic operators as BIFs: + - * / div rem, unary
 * minus and plus, abs, and the bitwise operators band bor bxor bnot bsl bsr.
 *
 * Small integers take the fast path in 128-bit arithmetic; anything
 * larger goes through vm/big.c, whose results are normalised (a value that
 * fits in a small is a small).  A float operand makes + - * float
 * operations: the other operand is converted as OTP converts it (see
 * big_to_double), and a result that is not finite raises badarith, as
 * does a conversion that overflows.  Integer results beyond OTP's largest
 * bignum raise system_limit.
 */
#include <math.h>

#include "arith.h"
#include "big.h"
#include "bif.h"

Term arith_make_float(Process *p, double d) {
    Term *hp;
    BIF_ALLOC(p, hp, FLOAT_WORDS);
    return make_float_at(hp, d);
}

bool arith_to_double(Term t, double *out) {
    if (is_float(t)) {
        *out = float_val(t);
        return true;
    }
    return is_integer(t) && big_to_double(t, out);
}

/* A float result, or badarith when it is not finite. */
static Term float_result(Process *p, double d) {
    if (!isfinite(d)) return bif_error(p, ATOM_badarith);
    return arith_make_float(p, d);
}

/* A 128-bit result as a small or a bignum box. */
static Term from_i128(Process *p, __int128 v) {
    if (v >= MIN_SMALL && v <= MAX_SMALL) return make_small((SWord)v);
    unsigned __int128 mag = v < 0 ? (unsigned __int128)(-v) : (unsigned __int128)v;
    UWord lo = (UWord)mag, hi = (UWord)(mag >> 64);
    unsigned n = hi ? 2 : 1;
    Term *hp;
    BIF_ALLOC(p, hp, 1 + n);
    hp[0] = MAKE_HEADER(v < 0 ? SUB_NEG_BIG : SUB_POS_BIG, n);
    hp[1] = lo;
    if (n == 2) hp[2] = hi;
    return make_boxed(hp);
}

/* Checks an integer result from vm/big.c: out of scratch memory or larger
 * than OTP allows are both system_limit. */
static Term int_result(Process *p, Term r) {
    if (r == THE_NON_VALUE || big_too_big(r)) return bif_error(p, ATOM_system_limit);
    return r;
}

typedef enum { AR_ADD, AR_SUB, AR_MUL } ArOp;

static Term big_op(Process *p, ArOp op, Term a, Term b) {
    size_t words = op == AR_MUL ? big_mul_words(a, b) : big_add_words(a, b);
    Term *hp;
    BIF_ALLOC(p, hp, words);
    switch (op) {
    case AR_ADD: return int_result(p, big_add(hp, a, b));
    case AR_SUB: return int_result(p, big_sub(hp, a, b));
    default: return int_result(p, big_mul(hp, a, b));
    }
}

static Term arith(Process *p, ArOp op, Term a, Term b) {
    if (is_small(a) && is_small(b)) {
        __int128 x = small_val(a), y = small_val(b);
        switch (op) {
        case AR_ADD: return from_i128(p, x + y);
        case AR_SUB: return from_i128(p, x - y);
        default: return from_i128(p, x * y);
        }
    }
    if (is_integer(a) && is_integer(b)) return big_op(p, op, a, b);
    double x, y;
    if (!arith_to_double(a, &x) || !arith_to_double(b, &y)) return bif_error(p, ATOM_badarith);
    switch (op) {
    case AR_ADD: return float_result(p, x + y);
    case AR_SUB: return float_result(p, x - y);
    default: return float_result(p, x * y);
    }
}

Term bif_erlang_plus_2(Process *p, Term *args) { return arith(p, AR_ADD, args[0], args[1]); }
Term bif_erlang_minus_2(Process *p, Term *args) { return arith(p, AR_SUB, args[0], args[1]); }
Term bif_erlang_times_2(Process *p, Term *args) { return arith(p, AR_MUL, args[0], args[1]); }

/* '/': always a float, from both operands converted to doubles. */
Term bif_erlang_fdiv_2(Process *p, Term *args) {
    double x, y;
    if (!arith_to_double(args[0], &x) || !arith_to_double(args[1], &y) || y == 0.0)
        return bif_error(p, ATOM_badarith);
    return float_result(p, x / y);
}

Term bif_erlang_neg_1(Process *p, Term *args) {
    Term a = args[0];
    if (is_float(a)) return arith_make_float(p, -float_val(a));
    if (!is_integer(a)) return bif_error(p, ATOM_badarith);
    return arith(p, AR_SUB, make_small(0), a);
}

/* Unary plus adds to zero, as OTP 25 does: +(-0.0) is 0.0. */
Term bif_erlang_pos_1(Process *p, Term *args) {
    Term a = args[0];
    if (is_float(a) && float_val(a) == 0.0) return arith_make_float(p, 0.0);
    if (!is_number(a)) return bif_error(p, ATOM_badarith);
    return a;
}

/* abs/1 is a guard BIF: badarg, not badarith.  abs(-0.0) is -0.0 in OTP 25
 * (only values below zero are negated). */
Term bif_erlang_abs_1(Process *p, Term *args) {
    Term a = args[0];
    if (is_small(a)) return small_val(a) < 0 ? from_i128(p, -(__int128)small_val(a)) : a;
    if (is_big(a)) return big_negative(a) ? arith(p, AR_SUB, make_small(0), a) : a;
    if (is_float(a)) return float_val(a) < 0 ? arith_make_float(p, -float_val(a)) : a;
    return bif_badarg(p);
}

/* Integer division and remainder, truncating towards zero. */
static Term divrem(Process *p, Term a, Term b, bool want_rem) {
    if (!is_integer(a) || !is_integer(b) || b == make_small(0)) return bif_error(p, ATOM_badarith);
    if (is_small(a) && is_small(b)) {
        __int128 x = small_val(a), y = small_val(b);
        return want_rem ? make_small((SWord)(x % y)) : from_i128(p, x / y);
    }
    Term *hp;
    BIF_ALLOC(p, hp, want_rem ? big_rem_words(a, b) : big_div_words(a, b));
    return int_result(p, want_rem ? big_rem(hp, a, b) : big_div(hp, a, b));
}

Term bif_erlang_div_2(Process *p, Term *args) { return divrem(p, args[0], args[1], false); }
Term bif_erlang_rem_2(Process *p, Term *args) { return divrem(p, args[0], args[1], true); }

static Term bitwise(Process *p, BigBitOp op, Term a, Term b) {
    if (is_small(a) && is_small(b)) {
        SWord x = small_val(a), y = small_val(b);
        return make_small(op == BIG_AND ? (x & y) : op == BIG_OR ? (x | y) : (x ^ y));
    }
    if (!is_integer(a) || !is_integer(b)) return bif_error(p, ATOM_badarith);
    Term *hp;
    BIF_ALLOC(p, hp, big_bitwise_words(a, b));
    return int_result(p, big_bitwise(hp, op, a, b));
}

Term bif_erlang_band_2(Process *p, Term *args) { return bitwise(p, BIG_AND, args[0], args[1]); }
Term bif_erlang_bor_2(Process *p, Term *args) { return bitwise(p, BIG_OR, args[0], args[1]); }
Term bif_erlang_bxor_2(Process *p, Term *args) { return bitwise(p, BIG_XOR, args[0], args[1]); }

/* bnot X is -1 - X. */
Term bif_erlang_bnot_1(Process *p, Term *args) {
    Term a = args[0];
    if (is_small(a)) return make_small(~small_val(a));
    if (!is_integer(a)) return bif_error(p, ATOM_badarith);
    return arith(p, AR_SUB, make_small(-1), a);
}

/* Shifts left by `count` bits (right when negative); count may be a bignum. */
static Term shift(Process *p, Term a, Term count, bool left) {
    if (!is_integer(a) || !is_integer(count)) return bif_error(p, ATOM_badarith);
    if (a == make_small(0)) return a;
    bool neg = is_small(a) ? small_val(a) < 0 : big_negative(a);
    SWord s;
    /* A shift that no integer survives: any left shift past OTP's largest
     * bignum fails, any right shift past the value's size ends in 0 or -1. */
    const SWord huge = (SWord)(BIG_MAX_LIMBS + 2) * 64;
    if (is_small(count)) {
        s = small_val(count);
        if (s > huge) s = huge;
        if (s < -huge) s = -huge;
    } else {
        s = big_negative(count) ? -huge : huge;
    }
    if (!left) s = -s;
    if (s >= huge) return bif_error(p, ATOM_system_limit);
    if (is_small(a) && s < 0) {
        SWord v = small_val(a);
        return make_small(s <= -63 ? (neg ? -1 : 0) : v >> -s);
    }
    if (is_small(a) && s < 64) {
        __int128 v = small_val(a);
        return from_i128(p, v * ((__int128)1 << s));
    }
    if (s <= -huge) return make_small(neg ? -1 : 0);
    Term *hp;
    BIF_ALLOC(p, hp, big_shift_words(a, s));
    return int_result(p, big_shift(hp, a, s));
}

Term bif_erlang_bsl_2(Process *p, Term *args) { return shift(p, args[0], args[1], true); }
Term bif_erlang_bsr_2(Process *p, Term *args) { return shift(p, args[0], args[1], false); }
