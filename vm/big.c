/*
 * big.c: integers of any size (see big.h).
 *
 * Every operation first views its integer operands as a sign and a
 * magnitude in limbs, whether they are smalls or bignums, so there is one
 * code path per operation; GMP's mpn functions do the limb arithmetic.
 * Results are written straight into the caller's heap area and then
 * normalised, which is what keeps the invariants of big.h.
 */
#include "big.h"

#include <gmp.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(sizeof(mp_limb_t) == sizeof(UWord), "GMP limbs must be 64-bit words");
_Static_assert(GMP_NUMB_BITS == 64, "GMP must be built without nails");

/* An integer as sign and magnitude.  For a small the magnitude lives in
 * `one`, so a view must not be copied once made. */
typedef struct IntView {
    const mp_limb_t *p; /* limbs, least significant first */
    mp_size_t n;        /* limbs in use; 0 for zero */
    bool neg;           /* negative */
    mp_limb_t one;      /* storage for a small's magnitude */
} IntView;

static void int_view(Term t, IntView *v) {
    if (is_small(t)) {
        SWord s = small_val(t);
        v->neg = s < 0;
        /* |MIN_SMALL| is 2^59, well inside a limb. */
        v->one = s < 0 ? (mp_limb_t)0 - (mp_limb_t)s : (mp_limb_t)s;
        v->p = &v->one;
        v->n = s != 0;
    } else {
        v->neg = big_negative(t);
        v->p = (const mp_limb_t *)big_digits(t);
        v->n = (mp_size_t)big_limbs(t);
    }
}

static size_t view_limbs(Term t) { return is_small(t) ? 1 : big_limbs(t); }

Term big_normalize(Term *hp, size_t n, bool neg) {
    UWord *limbs = (UWord *)(hp + 1);
    while (n > 0 && limbs[n - 1] == 0) n--;
    if (n == 0) return make_small(0);
    if (n == 1) {
        UWord m = limbs[0];
        if (!neg && m <= (UWord)MAX_SMALL) return make_small((SWord)m);
        /* -2^59 is MIN_SMALL; compute the negation without overflow. */
        if (neg && m <= (UWord)MAX_SMALL + 1) return make_small(-(SWord)(m - 1) - 1);
    }
    hp[0] = MAKE_HEADER(neg ? SUB_NEG_BIG : SUB_POS_BIG, n);
    return make_boxed(hp);
}

size_t big_term_words(Term t) { return is_big(t) ? BIG_WORDS(big_limbs(t)) : 0; }

Term big_from_uint64(Term *hp, uint64_t v) {
    hp[1] = v;
    return big_normalize(hp, 1, false);
}

Term big_from_int64(Term *hp, int64_t v) {
    hp[1] = v < 0 ? (UWord)0 - (UWord)v : (UWord)v;
    return big_normalize(hp, 1, v < 0);
}

size_t big_from_bytes_words(size_t nbytes) { return BIG_WORDS((nbytes + 7) / 8); }

Term big_from_bytes_le(Term *hp, const uint8_t *bytes, size_t nbytes, bool neg) {
    size_t n = (nbytes + 7) / 8;
    UWord *limbs = (UWord *)(hp + 1);
    for (size_t i = 0; i < n; i++) limbs[i] = 0;
    for (size_t i = 0; i < nbytes; i++) limbs[i / 8] |= (UWord)bytes[i] << (8 * (i % 8));
    return big_normalize(hp, n, neg);
}

bool big_to_int64(Term t, int64_t *out) {
    if (is_small(t)) {
        *out = small_val(t);
        return true;
    }
    if (big_limbs(t) != 1) return false;
    UWord m = big_digits(t)[0];
    if (!big_negative(t)) {
        if (m > (UWord)INT64_MAX) return false;
        *out = (int64_t)m;
    } else {
        if (m > (UWord)INT64_MAX + 1) return false;
        *out = -(int64_t)(m - 1) - 1;
    }
    return true;
}

static const char digit_chars[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

void big_to_string(StrBuf *b, Term t, unsigned base) {
    if (base < 2 || base > 36) base = 10;
    IntView v;
    int_view(t, &v);
    if (v.n == 0) {
        sb_putc(b, '0');
        return;
    }
    /* mpn_get_str destroys its input and wants room for every digit plus
     * one; 64 digits per limb covers base 2, the worst case. */
    size_t cap = (size_t)v.n * 64 + 2;
    mp_limb_t *scratch = malloc((size_t)v.n * sizeof(mp_limb_t));
    unsigned char *digits = malloc(cap);
    if (!scratch || !digits) {
        free(scratch);
        free(digits);
        b->failed = true;
        return;
    }
    memcpy(scratch, v.p, (size_t)v.n * sizeof(mp_limb_t));
    size_t len = mpn_get_str(digits, (int)base, scratch, v.n);
    size_t start = 0;
    while (start + 1 < len && digits[start] == 0) start++;
    if (v.neg) sb_putc(b, '-');
    for (size_t i = start; i < len; i++) digits[i] = (unsigned char)digit_chars[digits[i]];
    sb_put(b, (const char *)digits + start, len - start);
    free(scratch);
    free(digits);
}

size_t big_from_string_words(size_t len, unsigned base) {
    /* At most 6 bits per digit (base 36 < 64), plus slack for rounding. */
    (void)base;
    return BIG_WORDS(len * 6 / 64 + 2);
}

static int digit_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'z') return c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
    return 99;
}

bool big_from_string(Term *hp, const char *s, size_t len, unsigned base, Term *out) {
    if (base < 2 || base > 36) return false;
    bool neg = false;
    size_t i = 0;
    if (len > 0 && (s[0] == '+' || s[0] == '-')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (i == len) return false;
    for (size_t k = i; k < len; k++)
        if (digit_value(s[k]) >= (int)base) return false;
    while (i < len && s[i] == '0') i++; /* mpn_set_str wants a non-zero lead */
    if (i == len) {
        *out = make_small(0);
        return true;
    }
    size_t n = len - i;
    unsigned char *digits = malloc(n);
    if (!digits) return false;
    for (size_t k = 0; k < n; k++) digits[k] = (unsigned char)digit_value(s[i + k]);
    mp_size_t limbs = mpn_set_str((mp_limb_t *)(hp + 1), digits, n, (int)base);
    free(digits);
    *out = big_normalize(hp, (size_t)limbs, neg);
    return true;
}

size_t big_add_words(Term a, Term b) {
    size_t na = view_limbs(a), nb = view_limbs(b);
    return BIG_WORDS((na > nb ? na : nb) + 1);
}

size_t big_mul_words(Term a, Term b) { return BIG_WORDS(view_limbs(a) + view_limbs(b)); }

/* Compares magnitudes. */
static int mag_cmp(const IntView *x, const IntView *y) {
    if (x->n != y->n) return x->n < y->n ? -1 : 1;
    int c = x->n ? mpn_cmp(x->p, y->p, x->n) : 0;
    return c < 0 ? -1 : c > 0;
}

/* x + y where y's sign has been flipped when subtracting. */
static Term add_views(Term *hp, const IntView *x, const IntView *y) {
    mp_limb_t *r = (mp_limb_t *)(hp + 1);
    const IntView *big = x, *small = y;
    if (mag_cmp(x, y) < 0) {
        big = y;
        small = x;
    }
    if (small->n == 0) {
        if (big->n) memcpy(r, big->p, (size_t)big->n * sizeof(mp_limb_t));
        return big_normalize(hp, (size_t)big->n, big->neg);
    }
    if (x->neg == y->neg) {
        r[big->n] = mpn_add(r, big->p, big->n, small->p, small->n);
        return big_normalize(hp, (size_t)big->n + 1, x->neg);
    }
    mpn_sub(r, big->p, big->n, small->p, small->n); /* no borrow: |big| >= |small| */
    return big_normalize(hp, (size_t)big->n, big->neg);
}

Term big_add(Term *hp, Term a, Term b) {
    IntView x, y;
    int_view(a, &x);
    int_view(b, &y);
    return add_views(hp, &x, &y);
}

Term big_sub(Term *hp, Term a, Term b) {
    IntView x, y;
    int_view(a, &x);
    int_view(b, &y);
    y.neg = !y.neg;
    return add_views(hp, &x, &y);
}

Term big_mul(Term *hp, Term a, Term b) {
    IntView x, y;
    int_view(a, &x);
    int_view(b, &y);
    if (x.n == 0 || y.n == 0) return make_small(0);
    const IntView *u = &x, *v = &y;
    if (u->n < v->n) {
        u = &y;
        v = &x;
    }
    mpn_mul((mp_limb_t *)(hp + 1), u->p, u->n, v->p, v->n);
    return big_normalize(hp, (size_t)(u->n + v->n), x.neg != y.neg);
}

int big_compare(Term a, Term b) {
    if (is_small(a) && is_small(b)) {
        SWord x = small_val(a), y = small_val(b);
        return x < y ? -1 : x > y;
    }
    IntView x, y;
    int_view(a, &x);
    int_view(b, &y);
    if (x.neg != y.neg) return x.neg ? -1 : 1;
    int c = mag_cmp(&x, &y);
    return x.neg ? -c : c;
}

static int bit_length(mp_limb_t w) { return 64 - __builtin_clzll(w); }

int big_compare_double(Term a, double d) {
    IntView x;
    int_view(a, &x);
    int sa = x.n == 0 ? 0 : x.neg ? -1 : 1;
    int sd = d > 0 ? 1 : d < 0 ? -1 : 0;
    if (sa != sd || sa == 0) return sa < sd ? -1 : sa > sd;
    /* Same sign, both non-zero: compare magnitudes, then apply the sign. */
    int e;
    double m = frexp(fabs(d), &e); /* |d| = m * 2^e, 0.5 <= m < 1 */
    uint64_t mant = (uint64_t)ldexp(m, 53); /* exact: |d| = mant * 2^(e-53) */
    long la = (long)(x.n - 1) * 64 + bit_length(x.p[x.n - 1]);
    int c;
    if (la < e) {
        c = -1; /* |a| < 2^la <= 2^(e-1) <= |d| */
    } else if (la > e) {
        c = 1; /* |a| >= 2^(la-1) >= 2^e > |d| */
    } else if (e >= 53) {
        /* |d| is the integer mant << (e-53), with as many limbs as |a|. */
        mp_limb_t dl[18] = {0};
        int s = e - 53;
        dl[s / 64] = (mp_limb_t)mant << (s % 64);
        if (s % 64 && s / 64 + 1 < 18) dl[s / 64 + 1] = (mp_limb_t)mant >> (64 - s % 64);
        int r = mpn_cmp(x.p, dl, x.n);
        c = r < 0 ? -1 : r > 0;
    } else {
        /* Both below 2^53: compare |a| * 2^(53-e) with mant, in 64 bits. */
        uint64_t scaled = (uint64_t)x.p[0] << (53 - e);
        c = scaled < mant ? -1 : scaled > mant;
    }
    return sa < 0 ? -c : c;
}

/* ---- Division, bitwise operators, shifts (OTP's div, rem, band, bor,
 * bxor, bsl, bsr) and conversions to and from doubles. ---- */

size_t big_div_words(Term a, Term b) {
    size_t na = view_limbs(a), nb = view_limbs(b);
    return BIG_WORDS(na >= nb ? na - nb + 1 : 1);
}

size_t big_rem_words(Term a, Term b) {
    size_t na = view_limbs(a), nb = view_limbs(b);
    return BIG_WORDS(na < nb ? na : nb);
}

/* Truncating division: the quotient (want_rem false) or the remainder,
 * which takes the dividend's sign.  The divisor is not zero. */
static Term divrem(Term *hp, Term a, Term b, bool want_rem) {
    IntView x, y;
    int_view(a, &x);
    int_view(b, &y);
    mp_limb_t *out = (mp_limb_t *)(hp + 1);
    if (mag_cmp(&x, &y) < 0) {
        if (!want_rem) return make_small(0);
        if (x.n) memcpy(out, x.p, (size_t)x.n * sizeof(mp_limb_t));
        return big_normalize(hp, (size_t)x.n, x.neg);
    }
    mp_size_t qn = x.n - y.n + 1;
    /* The part not returned goes to scratch. */
    mp_limb_t *scratch = malloc((size_t)(want_rem ? qn : y.n) * sizeof(mp_limb_t));
    if (!scratch) return THE_NON_VALUE;
    if (want_rem) {
        mpn_tdiv_qr(scratch, out, 0, x.p, x.n, y.p, y.n);
        free(scratch);
        return big_normalize(hp, (size_t)y.n, x.neg);
    }
    mpn_tdiv_qr(out, scratch, 0, x.p, x.n, y.p, y.n);
    free(scratch);
    return big_normalize(hp, (size_t)qn, x.neg != y.neg);
}

Term big_div(Term *hp, Term a, Term b) { return divrem(hp, a, b, false); }
Term big_rem(Term *hp, Term a, Term b) { return divrem(hp, a, b, true); }

size_t big_bitwise_words(Term a, Term b) {
    size_t na = view_limbs(a), nb = view_limbs(b);
    return BIG_WORDS((na > nb ? na : nb) + 1);
}

/* Writes v as an n-limb two's complement number. */
static void twos_complement(mp_limb_t *r, const IntView *v, mp_size_t n) {
    memset(r, 0, (size_t)n * sizeof(mp_limb_t));
    if (v->n) memcpy(r, v->p, (size_t)v->n * sizeof(mp_limb_t));
    if (v->neg) mpn_neg(r, r, n);
}

Term big_bitwise(Term *hp, BigBitOp op, Term a, Term b) {
    IntView x, y;
    int_view(a, &x);
    int_view(b, &y);
    /* One limb more than either operand, so the sign bit is the top bit. */
    mp_size_t n = (x.n > y.n ? x.n : y.n) + 1;
    mp_limb_t *tx = malloc(2 * (size_t)n * sizeof(mp_limb_t));
    if (!tx) return THE_NON_VALUE;
    mp_limb_t *ty = tx + n, *r = (mp_limb_t *)(hp + 1);
    twos_complement(tx, &x, n);
    twos_complement(ty, &y, n);
    switch (op) {
    case BIG_AND: mpn_and_n(r, tx, ty, n); break;
    case BIG_OR: mpn_ior_n(r, tx, ty, n); break;
    default: mpn_xor_n(r, tx, ty, n); break;
    }
    free(tx);
    bool neg = r[n - 1] >> 63;
    if (neg) mpn_neg(r, r, n);
    return big_normalize(hp, (size_t)n, neg);
}

size_t big_shift_words(Term a, SWord shift) {
    size_t na = view_limbs(a);
    if (shift <= 0) return BIG_WORDS(na + 1);
    return BIG_WORDS(na + (size_t)shift / 64 + 1);
}

Term big_shift(Term *hp, Term a, SWord shift) {
    IntView x;
    int_view(a, &x);
    mp_limb_t *r = (mp_limb_t *)(hp + 1);
    if (x.n == 0) return make_small(0);
    if (shift >= 0) {
        size_t limbs = (size_t)shift / 64;
        unsigned bits = (unsigned)(shift % 64);
        memset(r, 0, limbs * sizeof(mp_limb_t));
        if (bits)
            r[limbs + (size_t)x.n] = mpn_lshift(r + limbs, x.p, x.n, bits);
        else {
            memcpy(r + limbs, x.p, (size_t)x.n * sizeof(mp_limb_t));
            r[limbs + (size_t)x.n] = 0;
        }
        return big_normalize(hp, limbs + (size_t)x.n + 1, x.neg);
    }
    /* Right shift, rounding towards minus infinity as an arithmetic shift
     * of the two's complement would: for a negative a the result is
     * -(((|a| - 1) >> s) + 1). */
    UWord s = (UWord)0 - (UWord)shift;
    UWord limbs = s / 64;
    unsigned bits = (unsigned)(s % 64);
    if (limbs >= (UWord)x.n) return make_small(x.neg ? -1 : 0);
    mp_size_t n = x.n - (mp_size_t)limbs;
    mp_limb_t *src = (mp_limb_t *)(uintptr_t)(x.p + limbs);
    mp_limb_t *tmp = NULL;
    if (x.neg) {
        tmp = malloc((size_t)x.n * sizeof(mp_limb_t));
        if (!tmp) return THE_NON_VALUE;
        mpn_sub_1(tmp, x.p, x.n, 1);
        src = tmp + limbs;
    }
    if (bits)
        mpn_rshift(r, src, n, bits);
    else
        memcpy(r, src, (size_t)n * sizeof(mp_limb_t));
    free(tmp);
    r[n] = 0;
    if (x.neg) r[n] = mpn_add_1(r, r, n, 1);
    return big_normalize(hp, (size_t)n + 1, x.neg);
}

bool big_to_double(Term t, double *out) {
    if (is_small(t)) {
        *out = (double)small_val(t);
        return true;
    }
    /* Horner's rule from the most significant limb, rounding at every
     * step: this is how OTP converts, and its results are what we must
     * reproduce (they can differ from a correctly rounded conversion). */
    const UWord *d = big_digits(t);
    double v = 0.0;
    for (size_t i = big_limbs(t); i-- > 0;) {
        v = v * 18446744073709551616.0 + (double)d[i];
        if (!isfinite(v)) return false;
    }
    *out = big_negative(t) ? -v : v;
    return true;
}

size_t big_from_double_words(double d) {
    int e;
    frexp(d, &e);
    return e <= 63 ? BIG_INT64_WORDS : BIG_WORDS((size_t)e / 64 + 1);
}

Term big_from_double(Term *hp, double d) {
    if (fabs(d) < 9223372036854775808.0) return big_from_int64(hp, (int64_t)d);
    int e;
    double m = frexp(fabs(d), &e); /* e > 63 */
    uint64_t mant = (uint64_t)ldexp(m, 53);
    size_t s = (size_t)e - 53, n = (size_t)e / 64 + 1;
    UWord *r = (UWord *)(hp + 1);
    memset(r, 0, n * sizeof(UWord));
    r[s / 64] = mant << (s % 64);
    if (s % 64 && s / 64 + 1 < n) r[s / 64 + 1] = mant >> (64 - s % 64);
    return big_normalize(hp, n, d < 0);
}
