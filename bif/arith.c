/*
 * arith.c: integer arithmetic BIFs (+ - * div rem, bitwise operators).
 *
 * Small integers take the fast path in 128-bit arithmetic; a result that
 * does not fit in a small becomes a bignum.  Operations on bignum
 * operands go through vm/big.c.  Floats arrive with the float issue.
 */
#include "bif.h"
#include "big.h"

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

typedef enum { AR_ADD, AR_SUB, AR_MUL } ArOp;

static Term big_op(Process *p, ArOp op, Term a, Term b) {
    size_t words = op == AR_MUL ? big_mul_words(a, b) : big_add_words(a, b);
    Term *hp;
    BIF_ALLOC(p, hp, words);
    switch (op) {
    case AR_ADD: return big_add(hp, a, b);
    case AR_SUB: return big_sub(hp, a, b);
    default: return big_mul(hp, a, b);
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
    return bif_error(p, ATOM_badarith);
}

Term bif_erlang_plus_2(Process *p, Term *args) { return arith(p, AR_ADD, args[0], args[1]); }
Term bif_erlang_minus_2(Process *p, Term *args) { return arith(p, AR_SUB, args[0], args[1]); }
Term bif_erlang_times_2(Process *p, Term *args) { return arith(p, AR_MUL, args[0], args[1]); }

Term bif_erlang_neg_1(Process *p, Term *args) {
    Term zero = make_small(0);
    return arith(p, AR_SUB, zero, args[0]);
}

Term bif_erlang_pos_1(Process *p, Term *args) {
    if (!is_number(args[0])) return bif_error(p, ATOM_badarith);
    return args[0];
}

Term bif_erlang_abs_1(Process *p, Term *args) {
    Term a = args[0];
    if (is_small(a)) return small_val(a) < 0 ? from_i128(p, -(__int128)small_val(a)) : a;
    if (is_big(a)) {
        if (!big_negative(a)) return a;
        Term zero = make_small(0);
        return arith(p, AR_SUB, zero, a);
    }
    return bif_badarg(p);
}

/* Floored division and remainder on smalls; bignum operands are not yet supported. */
Term bif_erlang_div_2(Process *p, Term *args) {
    Term a = args[0], b = args[1];
    if (is_small(a) && is_small(b)) {
        SWord y = small_val(b);
        if (y == 0) return bif_error(p, ATOM_badarith);
        return from_i128(p, (__int128)small_val(a) / y);
    }
    return bif_error(p, ATOM_badarith);
}

Term bif_erlang_rem_2(Process *p, Term *args) {
    Term a = args[0], b = args[1];
    if (is_small(a) && is_small(b)) {
        SWord y = small_val(b);
        if (y == 0) return bif_error(p, ATOM_badarith);
        return make_small(small_val(a) % y);
    }
    return bif_error(p, ATOM_badarith);
}

#define BITWISE(NAME, OP)                                                    \
    Term NAME(Process *p, Term *args) {                                      \
        Term a = args[0], b = args[1];                                       \
        if (is_small(a) && is_small(b)) return make_small(small_val(a) OP small_val(b)); \
        return bif_error(p, ATOM_badarith);                                  \
    }
BITWISE(bif_erlang_band_2, &)
BITWISE(bif_erlang_bor_2, |)
BITWISE(bif_erlang_bxor_2, ^)

Term bif_erlang_bnot_1(Process *p, Term *args) {
    if (!is_small(args[0])) return bif_error(p, ATOM_badarith);
    return make_small(~small_val(args[0]));
}

static Term shift(Process *p, Term a, Term b, bool left) {
    if (!is_small(a) || !is_small(b)) return bif_error(p, ATOM_badarith);
    SWord v = small_val(a), s = small_val(b);
    if (!left) s = -s;
    if (s <= 0) {
        s = -s;
        return make_small(s >= 63 ? (v < 0 ? -1 : 0) : v >> s);
    }
    if (s < 64) {
        __int128 r = (__int128)v * ((__int128)1 << s);
        if ((r >> s) == v) return from_i128(p, r);
    }
    return bif_error(p, ATOM_system_limit);
}

Term bif_erlang_bsl_2(Process *p, Term *args) { return shift(p, args[0], args[1], true); }
Term bif_erlang_bsr_2(Process *p, Term *args) { return shift(p, args[0], args[1], false); }
