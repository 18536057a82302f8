/*
 * test_bigops.c: vm/big.c's division, bitwise, shift and float
 * conversion routines against OTP.
 *
 * data/bigops.inc (tools/record_bigops.escript) holds, for every pair of
 * a set of random integers of up to four limbs plus values around the
 * small and limb boundaries, A div B, A rem B, A band B, A bor B,
 * A bxor B and bnot A; A bsl S and A bsr S for shifts up to 1000; float(A)
 * as IEEE bits (or that OTP raised); and trunc(F) for doubles up to 1e308.
 * Every result must also be normalised (big.h's invariants).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "big.h"
#include "check.h"

typedef struct BigOpCase {
    const char *a, *b, *quot, *rem, *band, *bor, *bxor, *bnot;
} BigOpCase;
typedef struct BigShiftCase {
    const char *a;
    long shift;
    const char *bsl, *bsr;
} BigShiftCase;
typedef struct BigFloatCase {
    const char *a;
    int ok;
    unsigned long long bits;
} BigFloatCase;
typedef struct BigTruncCase {
    unsigned long long bits;
    const char *trunc;
} BigTruncCase;

#include "data/bigops.inc"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static Term heap[1 << 14];
static size_t used;

static Term *alloc(size_t n) {
    Term *p = heap + used;
    used += n;
    if (used > COUNT(heap)) abort();
    return p;
}

static Term parse(const char *s) {
    Term out;
    size_t n = strlen(s);
    Term *hp = alloc(big_from_string_words(n, 10));
    if (!big_from_string(hp, s, n, 10, &out)) abort();
    return out;
}

static bool normal(Term t) {
    if (is_small(t)) return true;
    if (!is_big(t)) return false;
    UWord n = big_limbs(t);
    if (n == 0 || big_digits(t)[n - 1] == 0) return false;
    if (n == 1) {
        UWord m = big_digits(t)[0];
        return big_negative(t) ? m > (UWord)MAX_SMALL + 1 : m > (UWord)MAX_SMALL;
    }
    return true;
}

/* Checks an integer result: normalised, and the decimal text OTP gave. */
static void check_int(Term t, const char *want, const char *what, const BigOpCase *c) {
    CHECK(t != THE_NON_VALUE && normal(t));
    if (t == THE_NON_VALUE) return;
    StrBuf b = STRBUF_INIT;
    big_to_string(&b, t, 10);
    if (strcmp(sb_str(&b), want) != 0)
        fprintf(stderr, "%s(%s, %s): got %s, want %s\n", what, c ? c->a : "?", c ? c->b : "?",
                sb_str(&b), want);
    CHECK_EQ_STR(sb_str(&b), want);
    sb_free(&b);
}

int main(void) {
    for (size_t i = 0; i < COUNT(bigop_cases); i++) {
        const BigOpCase *c = &bigop_cases[i];
        used = 0;
        Term a = parse(c->a), b = parse(c->b);
        check_int(big_div(alloc(big_div_words(a, b)), a, b), c->quot, "div", c);
        check_int(big_rem(alloc(big_rem_words(a, b)), a, b), c->rem, "rem", c);
        check_int(big_bitwise(alloc(big_bitwise_words(a, b)), BIG_AND, a, b), c->band, "band", c);
        check_int(big_bitwise(alloc(big_bitwise_words(a, b)), BIG_OR, a, b), c->bor, "bor", c);
        check_int(big_bitwise(alloc(big_bitwise_words(a, b)), BIG_XOR, a, b), c->bxor, "bxor", c);
        Term m1 = make_small(-1);
        check_int(big_sub(alloc(big_add_words(m1, a)), m1, a), c->bnot, "bnot", c);
    }
    for (size_t i = 0; i < COUNT(bigshift_cases); i++) {
        const BigShiftCase *c = &bigshift_cases[i];
        used = 0;
        Term a = parse(c->a);
        BigOpCase ctx = {c->a, "shift", NULL, NULL, NULL, NULL, NULL, NULL};
        check_int(big_shift(alloc(big_shift_words(a, c->shift)), a, c->shift), c->bsl, "bsl", &ctx);
        check_int(big_shift(alloc(big_shift_words(a, -c->shift)), a, -c->shift), c->bsr, "bsr", &ctx);
    }
    for (size_t i = 0; i < COUNT(bigfloat_cases); i++) {
        const BigFloatCase *c = &bigfloat_cases[i];
        used = 0;
        double d;
        bool ok = big_to_double(parse(c->a), &d);
        CHECK_EQ_INT(ok, c->ok);
        if (ok && c->ok) {
            unsigned long long bits;
            memcpy(&bits, &d, sizeof bits);
            if (bits != c->bits) fprintf(stderr, "float(%s): %016llx, want %016llx\n", c->a, bits, c->bits);
            CHECK(bits == c->bits);
        }
    }
    for (size_t i = 0; i < COUNT(bigtrunc_cases); i++) {
        const BigTruncCase *c = &bigtrunc_cases[i];
        used = 0;
        double d;
        memcpy(&d, &c->bits, sizeof d);
        d = d < 0 ? -__builtin_floor(-d) : __builtin_floor(d);
        check_int(big_from_double(alloc(big_from_double_words(d)), d), c->trunc, "trunc", NULL);
    }
    return check_report("bigops");
}
