/*
 * test_etf_slices.c: the resumable decoder (etf.h's EtfDec, which
 * binary_to_term uses to decode in slices) against the one-shot one.
 *
 * Every sample of data/terms.inc, in its four encodings, decoded a unit of
 * budget at a time (and 7 units, and all at once) must give the term the
 * one-shot decoder gives, in the same number of words, with the same
 * `used`; every truncation, corruption and trailing byte must give the
 * one-shot decoder's result code, and a failed or abandoned decode must
 * leave no binary behind (ASan sees leaks).
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atoms_gen.h"
#include "check.h"
#include "compare.h"
#include "term_helpers.h"

#include "data/terms.inc"

#define NSAMPLES (sizeof term_samples / sizeof term_samples[0])

static TestEnv *T;

/* The one-shot result for buf (trailing bytes allowed with `used`). */
static EtfResult one_shot(const uint8_t *buf, size_t len, bool want_used, LitArea *a, Term *out, size_t *used) {
    size_t words;
    *used = len;
    EtfResult r = etf_size(&T->det.env, buf, len, &words, want_used ? used : NULL);
    if (r) return r;
    Term *hp = words ? lit_alloc(a, words) : NULL;
    return etf_decode_heap(&T->det.env, buf, *used, hp, words, &a->off_heap, out);
}

/* A sliced decode, `budget` units a call; the area is malloc'd in *area. */
typedef struct Sliced {
    Term *area;   /* the heap area given to the decoder */
    size_t words; /* its size */
    OffHeap oh;   /* the binaries handed over */
    size_t used;  /* bytes the term used */
    long calls;   /* etf_dec_step calls */
} Sliced;

static EtfResult sliced(const uint8_t *buf, size_t len, bool want_used, long budget, Sliced *s, Term *out) {
    memset(s, 0, sizeof *s);
    EtfDec *d = etf_dec_new(want_used);
    EtfResult r;
    for (;;) {
        long b = budget;
        r = etf_dec_step(d, &T->det.env, buf, len, &b);
        s->calls++;
        if (r == ETF_MORE) continue;
        if (r != ETF_NEED_HEAP) break;
        s->words = etf_dec_words(d);
        s->area = malloc((s->words ? s->words : 1) * sizeof(Term));
        if ((r = etf_dec_heap(d, s->area))) break;
    }
    if (r == ETF_OK) {
        Term *tail;
        *out = etf_dec_result(d, &s->used, &s->oh, &tail);
        /* the handed-over list ends at tail */
        if (s->oh.first) CHECK(tail[3] == 0);
    }
    etf_dec_free(d);
    return r;
}

static void sliced_free(Sliced *s) {
    off_heap_release_all(&s->oh);
    free(s->area);
}

/* buf decodes the same both ways, sliced by every budget. */
static void same(const uint8_t *buf, size_t len, bool want_used) {
    static const long budgets[] = {1, 7, LONG_MAX};
    LitArea a;
    lit_init(&a);
    Term t1 = THE_NON_VALUE;
    size_t used1;
    EtfResult r1 = one_shot(buf, len, want_used, &a, &t1, &used1);
    for (size_t k = 0; k < sizeof budgets / sizeof budgets[0]; k++) {
        Sliced s;
        Term t2 = THE_NON_VALUE;
        EtfResult r2 = sliced(buf, len, want_used, budgets[k], &s, &t2);
        CHECK_EQ_INT(r2, r1);
        if (r1 == ETF_OK && r2 == ETF_OK) {
            CHECK(term_eq_exact(t1, t2));
            CHECK_EQ_INT(s.used, want_used ? used1 : len);
        }
        sliced_free(&s);
    }
    lit_free(&a);
}

static void test_samples(void) {
    for (size_t i = 0; i < NSAMPLES; i++)
        for (int e = 0; e < 4; e++) {
            const uint8_t *b = term_samples[i].enc[e].bytes;
            size_t n = term_samples[i].enc[e].len;
            same(b, n, false);
            same(b, n, true);
            /* slices really happen: size, heap and build take a call each at least */
            Sliced s;
            Term t;
            if (sliced(b, n, false, 1, &s, &t) == ETF_OK && n > 100) CHECK(s.calls >= 3);
            sliced_free(&s);
            /* a trailing byte: refused without `used`, counted with it */
            uint8_t *x = malloc(n + 1);
            memcpy(x, b, n);
            x[n] = 97;
            same(x, n + 1, false);
            same(x, n + 1, true);
            free(x);
        }
}

static void test_truncations(void) {
    for (size_t i = 0; i < NSAMPLES; i++)
        for (int e = 0; e < 4; e++) {
            const uint8_t *b = term_samples[i].enc[e].bytes;
            size_t len = term_samples[i].enc[e].len;
            for (size_t n = 0; n < len; n++) {
                uint8_t *cut = malloc(n ? n : 1);
                memcpy(cut, b, n);
                same(cut, n, n % 2 == 0);
                free(cut);
            }
        }
}

/* Random corruption: the same result code (and term) both ways. */
static void test_fuzz(void) {
    uint64_t seed = 0x2545F4914F6CDD1Du;
    for (int round = 0; round < 20; round++) {
        for (size_t i = 0; i < NSAMPLES; i++) {
            const uint8_t *src = term_samples[i].enc[round % 4].bytes;
            size_t n = term_samples[i].enc[round % 4].len;
            uint8_t *b = malloc(n);
            memcpy(b, src, n);
            int flips = 1 + (int)(seed % 3);
            for (int k = 0; k < flips; k++) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                size_t at = 1 + seed % (n > 1 ? n - 1 : 1);
                if (at < n) b[at] = (uint8_t)(seed >> 32);
            }
            same(b, n, round % 2 == 0);
            free(b);
        }
    }
}

/* A decode abandoned half-way releases what it made. */
static void test_abandon(void) {
    for (size_t i = 0; i < NSAMPLES; i++) {
        const uint8_t *b = term_samples[i].enc[i % 4].bytes;
        size_t n = term_samples[i].enc[i % 4].len;
        EtfDec *d = etf_dec_new(false);
        Term *area = NULL;
        EtfResult r;
        long steps = 0;
        do {
            long budget = 2;
            r = etf_dec_step(d, &T->det.env, b, n, &budget);
            if (r == ETF_NEED_HEAP) {
                area = malloc((etf_dec_words(d) + 1) * sizeof(Term));
                r = etf_dec_heap(d, area) == ETF_OK ? ETF_MORE : ETF_ERR_NOMEM;
            }
        } while (r == ETF_MORE && ++steps < 5);
        etf_dec_free(d);
        free(area);
    }
    CHECK(1);
}

int main(void) {
    T = test_env_new();
    test_samples();
    test_truncations();
    test_fuzz();
    test_abandon();
    test_env_free(T);
    return check_report("etf_slices");
}
