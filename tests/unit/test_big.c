/*
 * test_big.c: bignum helpers against OTP's integer arithmetic.
 *
 * data/terms.inc holds, for every pair of a set of integers around the
 * small and limb boundaries, A + B, A - B, A * B and A in bases 16, 36
 * and 2, as erl computed them.  Each is parsed with big_from_string,
 * computed here and printed back with big_to_string.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "big.h"
#include "check.h"
#include "compare.h"
#include "term_helpers.h"

#include "data/terms.inc"

#define NBIG (sizeof big_cases / sizeof big_cases[0])

/* A heap area big enough for any test value. */
static Term heap[1 << 16];
static size_t used;

static Term *alloc(size_t n) {
    Term *p = heap + used;
    used += n;
    if (used > sizeof heap / sizeof heap[0]) abort();
    return p;
}

static Term parse(const char *s, unsigned base) {
    Term out;
    size_t n = strlen(s);
    Term *hp = alloc(big_from_string_words(n, base));
    CHECK(big_from_string(hp, s, n, base, &out));
    return out;
}

static void check_text(Term t, unsigned base, const char *want) {
    StrBuf b = STRBUF_INIT;
    big_to_string(&b, t, base);
    CHECK_EQ_STR(sb_str(&b), want);
    sb_free(&b);
}

/* Normalised: smalls in range, bignums out of it with a non-zero top limb. */
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

int main(void) {
    for (size_t i = 0; i < NBIG; i++) {
        const BigCase *c = &big_cases[i];
        used = 0;
        Term a = parse(c->a, 10), b = parse(c->b, 10);
        CHECK(normal(a) && normal(b));
        check_text(a, 10, c->a);
        Term r = big_add(alloc(big_add_words(a, b)), a, b);
        CHECK(normal(r));
        check_text(r, 10, c->sum);
        r = big_sub(alloc(big_add_words(a, b)), a, b);
        CHECK(normal(r));
        check_text(r, 10, c->diff);
        /* The difference's sign is the comparison. */
        int want = c->diff[0] == '-' ? -1 : strcmp(c->diff, "0") == 0 ? 0 : 1;
        CHECK_EQ_INT(big_compare(a, b), want);
        r = big_mul(alloc(big_mul_words(a, b)), a, b);
        CHECK(normal(r));
        check_text(r, 10, c->prod);
        check_text(a, 16, c->hex);
        check_text(a, 36, c->b36);
        check_text(a, 2, c->bin);
        CHECK(term_eq_exact(parse(c->hex, 16), a));
        CHECK(term_eq_exact(parse(c->b36, 36), a));
        CHECK(term_eq_exact(parse(c->bin, 2), a));
    }
    used = 0;
    /* Parsing: signs, case, leading zeros, and what list_to_integer refuses. */
    check_text(parse("+0042", 10), 10, "42");
    check_text(parse("-ff", 16), 10, "-255");
    check_text(parse("-0", 10), 10, "0");
    check_text(parse("000000000000000000000000000000000001", 10), 10, "1");
    Term out;
    Term *hp = alloc(16);
    CHECK(!big_from_string(hp, "", 0, 10, &out));
    CHECK(!big_from_string(hp, "-", 1, 10, &out));
    CHECK(!big_from_string(hp, "12a", 3, 10, &out));
    CHECK(!big_from_string(hp, "1 2", 3, 10, &out));
    CHECK(!big_from_string(hp, "z", 1, 35, &out));
    /* 64-bit conversions. */
    int64_t v;
    Term t = big_from_int64(alloc(BIG_INT64_WORDS), INT64_MIN);
    check_text(t, 10, "-9223372036854775808");
    CHECK(big_to_int64(t, &v) && v == INT64_MIN);
    t = big_from_uint64(alloc(BIG_INT64_WORDS), UINT64_MAX);
    CHECK(!big_to_int64(t, &v));
    t = big_from_int64(alloc(BIG_INT64_WORDS), -5);
    CHECK(is_small(t) && small_val(t) == -5);
    t = big_from_int64(alloc(BIG_INT64_WORDS), MIN_SMALL);
    CHECK(is_small(t));
    t = big_from_int64(alloc(BIG_INT64_WORDS), MIN_SMALL - 1);
    CHECK(is_big(t) && normal(t));
    /* Little-endian bytes, as the external format has them. */
    const uint8_t le[] = {1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0};
    t = big_from_bytes_le(alloc(big_from_bytes_words(sizeof le)), le, sizeof le, true);
    check_text(t, 10, "-18446744073709551617");
    CHECK(normal(t));
    /* Integers against doubles, exactly. */
    Term two53p1 = parse("9007199254740993", 10), big64 = parse("18446744073709551616", 10);
    CHECK_EQ_INT(big_compare_double(two53p1, 9007199254740992.0), 1);
    CHECK_EQ_INT(big_compare_double(big64, 18446744073709551616.0), 0);
    CHECK_EQ_INT(big_compare_double(parse("18446744073709551617", 10), 18446744073709551616.0), 1);
    CHECK_EQ_INT(big_compare_double(parse("-18446744073709551617", 10), -18446744073709551616.0), -1);
    CHECK_EQ_INT(big_compare_double(make_small(1), 1.5), -1);
    CHECK_EQ_INT(big_compare_double(make_small(2), 1.5), 1);
    CHECK_EQ_INT(big_compare_double(make_small(-1), -1.0), 0);
    CHECK_EQ_INT(big_compare_double(make_small(0), -0.0), 0);
    CHECK_EQ_INT(big_compare_double(make_small(0), 5e-324), -1);
    CHECK_EQ_INT(big_compare_double(make_small(1), 5e-324), 1);
    CHECK_EQ_INT(big_compare_double(parse("1", 10), 1.7976931348623157e308), -1);
    Term huge = t = big_from_bytes_le(alloc(big_from_bytes_words(200)), (const uint8_t[200]){[199] = 1}, 200, false);
    CHECK_EQ_INT(big_compare_double(huge, 1.7976931348623157e308), 1);
    CHECK_EQ_INT(big_compare_double(huge, -1.0), 1);
    return check_report("big");
}
