/*
 * term_helpers.h: what the term tests (etf, print, compare, big) share.
 *
 * A TestEnv is an atom table plus the decoder's callbacks (an EtfDetached:
 * an Export or a FunEntry for any identity asked about, the same one when
 * asked again, as the module table will; det.refuse makes them fail so
 * tests can check the error paths).  The record types are
 * those of data/terms.inc, which tools/record_terms.escript generates from
 * real OTP.
 */
#ifndef GIRDER_TEST_TERM_HELPERS_H
#define GIRDER_TEST_TERM_HELPERS_H

#include <stdlib.h>
#include <string.h>

#include "atom.h"
#include "etf.h"
#include "etf_detached.h"
#include "print.h"

/* One recorded term: its encodings and how OTP prints it. */
typedef struct TermSample {
    const char *name; /* what the sample covers */
    struct {
        const uint8_t *bytes; /* term_to_binary output */
        size_t len;           /* bytes */
    } enc[4];                 /* default, minor_version 0, minor_version 2, compressed */
    const char *display;      /* erlang:display/1 text */
    const char *write;        /* io_lib ~w text, in UTF-8 */
} TermSample;

/* One term of the comparison set. */
typedef struct CmpTerm {
    const uint8_t *bytes; /* term_to_binary output */
    size_t len;           /* bytes */
} CmpTerm;

/* Integer arithmetic recorded from erl, all in decimal but for the bases. */
typedef struct BigCase {
    const char *a, *b;             /* operands */
    const char *sum, *diff, *prod; /* a + b, a - b, a * b */
    const char *hex, *b36, *bin;   /* a in bases 16, 36 and 2 */
} BigCase;

typedef struct TestEnv {
    AtomTable atoms;  /* the table terms are decoded into */
    EtfDetached det;  /* decoder callbacks; det.env is what the decoder takes */
} TestEnv;

/* TestEnv is large: allocate it. */
static inline TestEnv *test_env_new(void) {
    TestEnv *t = calloc(1, sizeof *t);
    if (!t || atom_table_init(&t->atoms) != ATOM_OK) abort();
    etf_detached_init(&t->det, &t->atoms);
    return t;
}

static inline void test_env_free(TestEnv *t) {
    etf_detached_free(&t->det);
    atom_table_destroy(&t->atoms);
    free(t);
}

/* Prints a term into a malloc'd string (the caller frees it). */
static inline char *test_print(const TestEnv *t, Term term, PrintMode mode) {
    StrBuf b = STRBUF_INIT;
    print_term(&b, &t->atoms, term, mode);
    char *s = strdup(sb_str(&b));
    sb_free(&b);
    return s;
}

#endif
