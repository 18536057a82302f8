/*
 * term_helpers.h: what the term tests (etf, print, compare, big) share.
 *
 * A TestEnv is an atom table plus the EtfEnv callbacks a decoder needs: it
 * makes an Export or a FunEntry for any identity it is asked about (and the
 * same one when asked again), as the module table will, and can be told
 * to refuse so tests can check the error paths.  The record types are
 * those of data/terms.inc, which tools/record_terms.escript generates from
 * real OTP.
 */
#ifndef GIRDER_TEST_TERM_HELPERS_H
#define GIRDER_TEST_TERM_HELPERS_H

#include <stdlib.h>
#include <string.h>

#include "atom.h"
#include "etf.h"
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

#define TEST_MAX_ENTRIES 256

typedef struct TestEnv {
    AtomTable atoms;                    /* the table terms are decoded into */
    EtfEnv env;                         /* callbacks below, ctx = this */
    Export exports[TEST_MAX_ENTRIES];   /* export entries made so far */
    unsigned nexports;                  /* used entries */
    FunEntry funs[TEST_MAX_ENTRIES];    /* fun entries made so far */
    unsigned nfuns;                     /* used entries */
    bool refuse;                        /* make the callbacks fail */
} TestEnv;

static inline Export *test_export_entry(void *ctx, Term m, Term f, uint32_t arity) {
    TestEnv *t = ctx;
    if (t->refuse) return NULL;
    for (unsigned i = 0; i < t->nexports; i++) {
        Export *e = &t->exports[i];
        if (e->module == m && e->name == f && e->arity == arity) return e;
    }
    if (t->nexports == TEST_MAX_ENTRIES) return NULL;
    Export *e = &t->exports[t->nexports++];
    memset(e, 0, sizeof *e);
    e->module = m;
    e->name = f;
    e->arity = arity;
    return e;
}

static inline FunEntry *test_fun_entry(void *ctx, Term m, uint32_t index, uint32_t old_uniq,
                                       const uint8_t md5[16], uint32_t arity, uint32_t nfree) {
    TestEnv *t = ctx;
    if (t->refuse) return NULL;
    for (unsigned i = 0; i < t->nfuns; i++) {
        FunEntry *f = &t->funs[i];
        if (f->module == m && f->index == index && f->old_uniq == old_uniq && memcmp(f->md5, md5, 16) == 0)
            return f;
    }
    if (t->nfuns == TEST_MAX_ENTRIES) return NULL;
    FunEntry *f = &t->funs[t->nfuns++];
    memset(f, 0, sizeof *f);
    f->module = m;
    f->index = index;
    f->old_uniq = old_uniq;
    memcpy(f->md5, md5, 16);
    f->arity = arity;
    f->nfree = nfree;
    return f;
}

/* TestEnv is large: allocate it. */
static inline TestEnv *test_env_new(void) {
    TestEnv *t = calloc(1, sizeof *t);
    if (!t || atom_table_init(&t->atoms) != ATOM_OK) abort();
    t->env.atoms = &t->atoms;
    t->env.export_entry = test_export_entry;
    t->env.fun_entry = test_fun_entry;
    t->env.ctx = t;
    return t;
}

static inline void test_env_free(TestEnv *t) {
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
