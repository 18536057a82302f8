/*
 * test_compare.c: term order and equality against OTP.
 *
 * data/terms.inc holds a set of terms of every type (with the numeric,
 * node and bit-level corner cases) and, for every ordered pair, what erl
 * said of A < B, A == B and A =:= B.  Each pair is checked through
 * term_compare, term_eq, term_eq_exact and term_compare_exact; then the
 * exact order is checked to be total and consistent, and deep terms are
 * compared without recursion.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compare.h"
#include "term_helpers.h"

#include "data/terms.inc"

#define NCMP (sizeof cmp_terms / sizeof cmp_terms[0])

int main(void) {
    TestEnv *t = test_env_new();
    LitArea area;
    lit_init(&area);
    Term terms[NCMP];
    for (size_t i = 0; i < NCMP; i++)
        CHECK_EQ_INT(etf_decode_literal(&t->det.env, &area, cmp_terms[i].bytes, cmp_terms[i].len, &terms[i]), ETF_OK);
    CHECK_EQ_INT(sizeof cmp_matrix / sizeof cmp_matrix[0], NCMP);
    int mismatches = 0;
    for (size_t i = 0; i < NCMP; i++) {
        CHECK_EQ_INT(strlen(cmp_matrix[i]), NCMP);
        for (size_t j = 0; j < NCMP; j++) {
            int code = cmp_matrix[i][j] - 'a';
            int order = code / 4 - 1, eq = (code >> 1) & 1, exact = code & 1;
            int c = term_compare(&t->atoms, terms[i], terms[j]);
            bool e = term_eq(terms[i], terms[j]), x = term_eq_exact(terms[i], terms[j]);
            int cx = term_compare_exact(&t->atoms, terms[i], terms[j]);
            if (c != order || e != eq || x != exact || (cx == 0) != exact) {
                mismatches++;
                char *a = test_print(t, terms[i], PRINT_WRITE), *b = test_print(t, terms[j], PRINT_WRITE);
                fprintf(stderr, "%s vs %s: compare %d (want %d), == %d (%d), =:= %d (%d), exact order %d\n", a, b,
                        c, order, e, eq, x, exact, cx);
                free(a);
                free(b);
            }
            /* The exact order is antisymmetric. */
            int back = term_compare_exact(&t->atoms, terms[j], terms[i]);
            CHECK(cx == -back);
        }
    }
    CHECK_EQ_INT(mismatches, 0);
    /* The exact order is transitive over the set. */
    int bad = 0;
    for (size_t i = 0; i < NCMP; i++)
        for (size_t j = 0; j < NCMP; j++)
            for (size_t k = 0; k < NCMP; k++)
                if (term_compare_exact(&t->atoms, terms[i], terms[j]) < 0 &&
                    term_compare_exact(&t->atoms, terms[j], terms[k]) < 0 &&
                    term_compare_exact(&t->atoms, terms[i], terms[k]) >= 0)
                    bad++;
    CHECK_EQ_INT(bad, 0);
    /* Deep and long: a million nested tuples, differing at the bottom. */
    const size_t depth = 1000000;
    Term *ha = malloc(2 * depth * sizeof(Term)), *hb = malloc(2 * depth * sizeof(Term));
    Term a = make_small(1), b = make_small(2);
    for (size_t i = 0; i < depth; i++) {
        ha[2 * i] = hb[2 * i] = MAKE_HEADER(SUB_TUPLE, 1);
        ha[2 * i + 1] = a;
        hb[2 * i + 1] = b;
        a = make_boxed(ha + 2 * i);
        b = make_boxed(hb + 2 * i);
    }
    CHECK_EQ_INT(term_compare(&t->atoms, a, b), -1);
    CHECK(!term_eq(a, b));
    hb[1] = make_small(1);
    CHECK(term_eq_exact(a, b));
    /* ...and nested lists, whose heads nest. */
    a = b = NIL;
    for (size_t i = 0; i < depth; i++) {
        ha[2 * i] = a;
        ha[2 * i + 1] = NIL;
        hb[2 * i] = b;
        hb[2 * i + 1] = i == 0 ? make_small(0) : NIL;
        a = make_list(ha + 2 * i);
        b = make_list(hb + 2 * i);
    }
    CHECK_EQ_INT(term_compare(&t->atoms, a, b), 1); /* at the bottom, [[]] > [[] | 0]: 0 < [] */
    free(ha);
    free(hb);
    lit_free(&area);
    test_env_free(t);
    return check_report("compare");
}
