/*
 * float.c: conversions between integers and floats (float/1, round/1,
 * trunc/1, ceil/1, floor/1) and the math module's natives.
 *
 * Integer-to-float conversion is OTP's (big_to_double), so large integers
 * round as they do in OTP.  The erlang BIFs are guard BIFs and fail with
 * badarg; the math functions fail with badarg for a non-number and with
 * badarith when the argument cannot be converted or the result is not a
 * finite number (a domain error or an overflow), as OTP's do.
 */
#include <math.h>

#include "arith.h"
#include "big.h"
#include "bif.h"

Term bif_erlang_float_1(Process *p, Term *args) {
    Term a = args[0];
    if (is_float(a)) return a;
    double d;
    if (!is_integer(a) || !big_to_double(a, &d)) return bif_badarg(p);
    return arith_make_float(p, d);
}

/* An integral double as an integer term. */
static Term integer_of(Process *p, double d) {
    Term *hp;
    BIF_ALLOC(p, hp, big_from_double_words(d));
    return big_from_double(hp, d);
}

/* round/trunc/ceil/floor: integers stay as they are. */
static Term to_integer(Process *p, Term a, double (*fn)(double)) {
    if (is_integer(a)) return a;
    if (!is_float(a)) return bif_badarg(p);
    return integer_of(p, fn(float_val(a)));
}

Term bif_erlang_round_1(Process *p, Term *args) { return to_integer(p, args[0], round); }
Term bif_erlang_trunc_1(Process *p, Term *args) { return to_integer(p, args[0], trunc); }
Term bif_erlang_ceil_1(Process *p, Term *args) { return to_integer(p, args[0], ceil); }
Term bif_erlang_floor_1(Process *p, Term *args) { return to_integer(p, args[0], floor); }

/* ---- the math module ---- */

/* A math function's argument: badarg for a non-number, badarith for an
 * integer beyond the double range. */
static bool math_arg(Process *p, Term t, double *out) {
    if (!is_number(t)) {
        bif_badarg(p);
        return false;
    }
    if (!arith_to_double(t, out)) {
        bif_error(p, ATOM_badarith);
        return false;
    }
    return true;
}

static Term math_result(Process *p, double d) {
    if (!isfinite(d)) return bif_error(p, ATOM_badarith);
    return arith_make_float(p, d);
}

static Term math1(Process *p, Term *args, double (*fn)(double)) {
    double x;
    if (!math_arg(p, args[0], &x)) return THE_NON_VALUE;
    return math_result(p, fn(x));
}

static Term math2(Process *p, Term *args, double (*fn)(double, double)) {
    double x, y;
    if (!math_arg(p, args[0], &x) || !math_arg(p, args[1], &y)) return THE_NON_VALUE;
    return math_result(p, fn(x, y));
}

#define MATH1(name)                                                          \
    Term bif_math_##name##_1(Process *p, Term *args) { return math1(p, args, name); }
#define MATH2(name)                                                          \
    Term bif_math_##name##_2(Process *p, Term *args) { return math2(p, args, name); }

MATH1(acos)
MATH1(acosh)
MATH1(asin)
MATH1(asinh)
MATH1(atan)
MATH1(atanh)
MATH1(ceil)
MATH1(cos)
MATH1(cosh)
MATH1(erf)
MATH1(erfc)
MATH1(exp)
MATH1(floor)
MATH1(log)
MATH1(log10)
MATH1(log2)
MATH1(sin)
MATH1(sinh)
MATH1(sqrt)
MATH1(tan)
MATH1(tanh)
MATH2(atan2)
MATH2(fmod)
MATH2(pow)
