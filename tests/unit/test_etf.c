/*
 * test_etf.c: the external term format decoder against OTP.
 *
 * Every sample of data/terms.inc (term_to_binary output recorded from erl
 * in four encodings) must decode, print as OTP printed it, and need
 * exactly the words etf_size announced.  Then hand-made encodings cover
 * what term_to_binary no longer writes (old pids, ports, refs, old float
 * text), the checks OTP makes (each expected to fail as binary_to_term
 * fails), every truncation of every sample, compressed data gone wrong,
 * nesting a million deep, and random corruption (which must never crash).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "atoms_gen.h"
#include "check.h"
#include "compare.h"
#include "term_helpers.h"

#include "data/terms.inc"

#define NSAMPLES (sizeof term_samples / sizeof term_samples[0])

static TestEnv *T;

static EtfResult decode(LitArea *a, const uint8_t *buf, size_t len, Term *out) {
    return etf_decode_literal(&T->det.env, a, buf, len, out);
}

/* Decodes and checks both printed forms. */
static void check_printed(const uint8_t *buf, size_t len, const char *display, const char *write) {
    LitArea a;
    lit_init(&a);
    Term t;
    EtfResult r = decode(&a, buf, len, &t);
    CHECK_EQ_INT(r, ETF_OK);
    if (r == ETF_OK) {
        char *d = test_print(T, t, PRINT_DISPLAY), *w = test_print(T, t, PRINT_WRITE);
        if (display) CHECK_EQ_STR(d, display);
        if (write) CHECK_EQ_STR(w, write);
        free(d);
        free(w);
    }
    lit_free(&a);
}

static EtfResult decode_status(const uint8_t *buf, size_t len) {
    LitArea a;
    lit_init(&a);
    Term t;
    EtfResult r = decode(&a, buf, len, &t);
    lit_free(&a);
    return r;
}

#define BYTES(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})

static void test_samples(void) {
    for (size_t i = 0; i < NSAMPLES; i++) {
        const TermSample *s = &term_samples[i];
        Term first = THE_NON_VALUE;
        LitArea keep;
        lit_init(&keep);
        for (int e = 0; e < 4; e++) {
            check_printed(s->enc[e].bytes, s->enc[e].len, s->display, s->write);
            /* Every encoding gives the same term. */
            Term t;
            LitArea a;
            lit_init(&a);
            if (decode(e == 0 ? &keep : &a, s->enc[e].bytes, s->enc[e].len, &t) == ETF_OK) {
                if (e == 0)
                    first = t;
                else
                    CHECK(term_eq_exact(first, t));
            }
            lit_free(&a);
            /* etf_size is exact: one word less is not enough. */
            size_t words, used;
            CHECK_EQ_INT(etf_size(&T->det.env, s->enc[e].bytes, s->enc[e].len, &words, &used), ETF_OK);
            CHECK_EQ_INT(used, s->enc[e].len);
            Term *hp = malloc((words + 1) * sizeof(Term));
            OffHeap oh = {NULL, 0};
            CHECK_EQ_INT(etf_decode_heap(&T->det.env, s->enc[e].bytes, s->enc[e].len, hp, words, &oh, &t), ETF_OK);
            off_heap_release_all(&oh);
            if (words > 0) {
                CHECK_EQ_INT(etf_decode_heap(&T->det.env, s->enc[e].bytes, s->enc[e].len, hp, words - 1, &oh, &t),
                             ETF_ERR_NOMEM);
                CHECK(oh.first == NULL); /* a failed decode leaves no binary behind */
            }
            free(hp);
        }
        lit_free(&keep);
    }
}

/* Every proper prefix of every sample is rejected, never read past. */
static void test_truncations(void) {
    int bad = 0;
    for (size_t i = 0; i < NSAMPLES; i++) {
        for (int e = 0; e < 4; e++) {
            const uint8_t *b = term_samples[i].enc[e].bytes;
            size_t len = term_samples[i].enc[e].len;
            for (size_t n = 0; n < len; n++) {
                /* A copy of exactly n bytes, so a sanitizer sees overreads. */
                uint8_t *cut = malloc(n ? n : 1);
                memcpy(cut, b, n);
                if (decode_status(cut, n) == ETF_OK) bad++;
                free(cut);
            }
        }
    }
    CHECK_EQ_INT(bad, 0);
    /* Trailing bytes: refused for literals, reported through `used`. */
    uint8_t extra[] = {131, 97, 5, 0};
    CHECK_EQ_INT(decode_status(extra, 4), ETF_ERR_TRAILING);
    size_t words = 99, used = 0;
    CHECK_EQ_INT(etf_size(&T->det.env, extra, 4, &words, &used), ETF_OK);
    CHECK_EQ_INT(used, 3);
    CHECK_EQ_INT(words, 0);
}

static void test_old_encodings(void) {
    /* PID_EXT, PORT_EXT, REFERENCE_EXT, NEW_REFERENCE_EXT, V4_PORT_EXT of the
     * local node; outputs recorded from erl. */
    check_printed(BYTES(131, 103, 100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's', 't',
                        0, 0, 0, 1, 0, 0, 0, 2, 0),
                  "<0.1.2>", "<0.1.2>");
    check_printed(BYTES(131, 102, 100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's', 't',
                        0, 0, 0, 5, 0),
                  "#Port<0.5>", "#Port<0.5>");
    check_printed(BYTES(131, 120, 100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's', 't',
                        0, 0, 0, 0, 0x0f, 0xff, 0xff, 0xff, 0, 0, 0, 0),
                  "#Port<0.268435455>", "#Port<0.268435455>");
    check_printed(BYTES(131, 101, 100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's', 't',
                        0, 0, 0, 5, 0),
                  "#Ref<0.0.0.5>", "#Ref<0.0.0.5>");
    check_printed(BYTES(131, 114, 0, 2, 100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's',
                        't', 0, 0, 0, 0, 5, 0, 0, 0, 6),
                  "#Ref<0.0.6.5>", "#Ref<0.0.6.5>");
    check_printed(BYTES(131, 90, 0, 3, 100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's',
                        't', 0, 0, 0, 0, 0, 3, 255, 255, 0, 0, 0, 2, 0, 0, 0, 3),
                  "#Ref<0.3.2.262143>", "#Ref<0.3.2.262143>");
    /* Old float text, including what OTP accepts at its edges. */
    uint8_t f[33] = {131, 99};
    struct {
        const char *text;
        const char *w; /* NULL: rejected */
    } floats[] = {
        {"1.50000000000000000000e+00", "1.5"}, {"1.5", "1.5"}, {"-1.5e-3", "-0.0015"}, {"+1.5", "1.5"},
        {"1.5E3", "1.5e3"}, {"1.5e+0003", "1.5e3"}, {"4.9e-324", "5.0e-324"}, {"1.0e-400", "0.0"},
        {"0.0", "0.0"}, {" 1.5", NULL}, {"1", NULL}, {"1.", NULL}, {".5", NULL}, {"1e5", NULL},
        {"1.5 ", NULL}, {"1.5e", NULL}, {"1.5x", NULL}, {"1.5e400", NULL}, {"nan", NULL}, {"inf", NULL},
        {"0x10", NULL},
    };
    for (size_t i = 0; i < sizeof floats / sizeof floats[0]; i++) {
        memset(f + 2, 0, 31);
        memcpy(f + 2, floats[i].text, strlen(floats[i].text));
        if (floats[i].w)
            check_printed(f, 33, NULL, floats[i].w);
        else
            CHECK_EQ_INT(decode_status(f, 33), ETF_ERR_VALUE);
    }
    /* Text after the terminating NUL is ignored. */
    memset(f + 2, 0, 31);
    memcpy(f + 2, "1.5\0abc", 7);
    check_printed(f, 33, "1.500000e+00", "1.5");
    /* Old-style and UTF-8 atoms; a Latin-1 atom equals its UTF-8 spelling. */
    check_printed(BYTES(131, 100, 0, 1, 0xe9), "\303\251", "\303\251");
    check_printed(BYTES(131, 115, 1, 0xe9), "\303\251", "\303\251");
    check_printed(BYTES(131, 118, 0, 2, 0xc3, 0xa9), "\303\251", "\303\251");
    /* Zero-length lists and strings; LIST_EXT of no elements is its tail. */
    check_printed(BYTES(131, 107, 0, 0), "[]", "[]");
    check_printed(BYTES(131, 108, 0, 0, 0, 0, 97, 1), "1", "1");
    check_printed(BYTES(131, 108, 0, 0, 0, 0, 106), "[]", "[]");
    /* Bigs: any non-zero sign byte is negative, leading zeros are fine. */
    check_printed(BYTES(131, 110, 1, 2, 5), "-5", "-5");
    check_printed(BYTES(131, 110, 0, 1), "0", "0");
    check_printed(BYTES(131, 111, 0, 0, 0, 0, 0), "0", "0");
    check_printed(BYTES(131, 110, 9, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0), "1", "1");
    check_printed(BYTES(131, 110, 8, 0, 0, 0, 0, 0, 0, 0, 0, 8), "576460752303423488", "576460752303423488");
    check_printed(BYTES(131, 110, 8, 1, 0, 0, 0, 0, 0, 0, 0, 8), "-576460752303423488", "-576460752303423488");
    /* Export funs may give the arity as INTEGER_EXT. */
    check_printed(BYTES(131, 113, 100, 0, 1, 'm', 100, 0, 1, 'f', 98, 0, 0, 0, 1), "fun m:f/1", "fun m:f/1");
    /* Bitstring edge: an empty BIT_BINARY with 0 bits is <<>>. */
    check_printed(BYTES(131, 77, 0, 0, 0, 0, 0), "<<>>", "<<>>");
    check_printed(BYTES(131, 77, 0, 0, 0, 1, 3, 255), "<<7:3>>", "<<7:3>>");
    /* 1.0 and 1 are different keys. */
    check_printed(BYTES(131, 116, 0, 0, 0, 2, 97, 1, 97, 2, 70, 63, 240, 0, 0, 0, 0, 0, 0, 97, 3), "#{1=>2,1.000000e+00=>3}",
                  "#{1 => 2,1.0 => 3}");
    /* A string longer than STRING_EXT allows arrives as LIST_EXT. */
    size_t n = 70000, len = 1 + 5 + 2 * n + 1;
    uint8_t *big = malloc(len);
    big[0] = 131;
    big[1] = 108;
    big[2] = 0;
    big[3] = (uint8_t)(n >> 16);
    big[4] = (uint8_t)(n >> 8);
    big[5] = (uint8_t)n;
    for (size_t i = 0; i < n; i++) {
        big[6 + 2 * i] = 97;
        big[7 + 2 * i] = 'q';
    }
    big[len - 1] = 106;
    LitArea a;
    lit_init(&a);
    Term t;
    CHECK_EQ_INT(decode(&a, big, len, &t), ETF_OK);
    char *d = test_print(T, t, PRINT_DISPLAY);
    CHECK_EQ_INT(strlen(d), n + 2);
    CHECK(d[0] == '"' && d[1] == 'q' && d[n] == 'q' && d[n + 1] == '"');
    free(d);
    lit_free(&a);
    free(big);
}

static const char *node_name = "a@b.com";

static void test_external(void) {
    Term node;
    CHECK(atom_put(&T->atoms, node_name, strlen(node_name), &node) == ATOM_OK);
    unsigned ch = (unsigned)atom_val(node);
    char want[128];
    LitArea a;
    lit_init(&a);
    Term t;
    /* NEW_PID_EXT of another node: an external pid box. */
    CHECK_EQ_INT(decode(&a, BYTES(131, 88, 100, 0, 7, 'a', '@', 'b', '.', 'c', 'o', 'm', 0x10, 0, 0, 0, 0xff, 0, 0,
                                  0, 0, 0, 0, 1),
                        &t),
                 ETF_OK);
    CHECK(is_pid(t) && !is_local_pid(t) && boxed_ptr(t)[1] == node && boxed_ptr(t)[2] == 1);
    snprintf(want, sizeof want, "<%u.268435456.4278190080>", ch);
    char *s = test_print(T, t, PRINT_WRITE);
    CHECK_EQ_STR(s, want);
    free(s);
    /* The local node with another creation is external too, printed as 0. */
    CHECK_EQ_INT(decode(&a, BYTES(131, 88, 100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's',
                                  't', 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1),
                        &t),
                 ETF_OK);
    CHECK(is_pid(t) && !is_local_pid(t));
    s = test_print(T, t, PRINT_DISPLAY);
    CHECK_EQ_STR(s, "<0.1.1>");
    free(s);
    /* External ports: 64-bit ids. */
    CHECK_EQ_INT(decode(&a, BYTES(131, 120, 100, 0, 7, 'a', '@', 'b', '.', 'c', 'o', 'm', 255, 0, 0, 0, 0, 0, 0, 1,
                                  0, 0, 0, 0),
                        &t),
                 ETF_OK);
    CHECK(is_port(t) && !is_local_port(t));
    snprintf(want, sizeof want, "#Port<%u.18374686479671623681>", ch);
    s = test_print(T, t, PRINT_WRITE);
    CHECK_EQ_STR(s, want);
    free(s);
    /* External refs keep their id count (even 0 and 5). */
    CHECK_EQ_INT(decode(&a, BYTES(131, 90, 0, 5, 100, 0, 7, 'a', '@', 'b', '.', 'c', 'o', 'm', 0, 0, 0, 0, 0, 0, 0,
                                  1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 5),
                        &t),
                 ETF_OK);
    snprintf(want, sizeof want, "#Ref<%u.5.4.3.2.1>", ch);
    s = test_print(T, t, PRINT_DISPLAY);
    CHECK_EQ_STR(s, want);
    free(s);
    CHECK_EQ_INT(decode(&a, BYTES(131, 90, 0, 0, 100, 0, 7, 'a', '@', 'b', '.', 'c', 'o', 'm', 0, 0, 0, 0), &t),
                 ETF_OK);
    snprintf(want, sizeof want, "#Ref<%u>", ch);
    s = test_print(T, t, PRINT_DISPLAY);
    CHECK_EQ_STR(s, want);
    free(s);
    lit_free(&a);
}

static void test_funs(void) {
    /* A NEW_FUN_EXT recorded from erl: fun(X) -> X + R end in module t3,
     * index 0, uniq 58157777, with a ref as its free variable. */
    static const uint8_t fun_bytes[] = {
        131, 112, 0,   0,   0,   105, 1,   110, 237, 90,  35,  208, 207, 201, 217, 99,  1,   102, 97,  28,  171,
        46,  123, 0,   0,   0,   0,   0,   0,   0,   1,   100, 0,   2,   116, 51,  97,  0,   98,  3,   119, 106,
        209, 88,  100, 0,   13,  110, 111, 110, 111, 100, 101, 64,  110, 111, 104, 111, 115, 116, 0,   0,   0,
        9,   0,   0,   0,   0,   0,   0,   0,   0,   90,  0,   3,   100, 0,   13,  110, 111, 110, 111, 100, 101,
        64,  110, 111, 104, 111, 115, 116, 0,   0,   0,   0,   0,   3,   97,  53,  50,  8,   0,   2,   86,  182,
        179, 61};
    LitArea a;
    lit_init(&a);
    Term t;
    CHECK_EQ_INT(decode(&a, fun_bytes, sizeof fun_bytes, &t), ETF_OK);
    CHECK(is_fun(t) && HEADER_SUB(boxed_header(t)) == SUB_FUN);
    const FunEntry *fe = (const FunEntry *)(uintptr_t)boxed_ptr(t)[1];
    CHECK_EQ_STR(atom_name(&T->atoms, fe->module), "t3");
    CHECK_EQ_INT(fe->index, 0);
    CHECK_EQ_INT(fe->old_uniq, 58157777);
    CHECK_EQ_INT(fe->arity, 1);
    CHECK_EQ_INT(fe->nfree, 1);
    CHECK_EQ_INT(fe->md5[0], 110);
    CHECK(is_ref(boxed_ptr(t)[2]));
    char *s = test_print(T, t, PRINT_WRITE);
    CHECK_EQ_STR(s, "#Fun<t3.0.58157777>");
    free(s);
    s = test_print(T, boxed_ptr(t)[2], PRINT_WRITE);
    CHECK_EQ_STR(s, "#Ref<0.1454814013.839385090.221493>");
    free(s);
    /* The same fun twice resolves to the same entry. */
    Term t2;
    CHECK_EQ_INT(decode(&a, fun_bytes, sizeof fun_bytes, &t2), ETF_OK);
    CHECK(boxed_ptr(t2)[1] == boxed_ptr(t)[1]);
    CHECK(term_eq_exact(t, t2));
    /* Unresolvable funs and exports fail cleanly. */
    T->det.refuse = true;
    CHECK_EQ_INT(decode(&a, fun_bytes, sizeof fun_bytes, &t2), ETF_ERR_FUN);
    CHECK_EQ_INT(decode(&a, BYTES(131, 113, 100, 0, 1, 'm', 100, 0, 1, 'f', 97, 1), &t2), ETF_ERR_FUN);
    T->det.refuse = false;
    /* Free-variable count must match what Size allows. */
    uint8_t bad[sizeof fun_bytes];
    memcpy(bad, fun_bytes, sizeof bad);
    bad[5] = 200; /* Size beyond the input */
    CHECK_EQ_INT(decode(&a, bad, sizeof bad, &t2), ETF_ERR_VALUE);
    lit_free(&a);
}

static void test_errors(void) {
    struct {
        const char *what;
        const uint8_t *b;
        size_t n;
        EtfResult want;
    } cases[] = {
        {"empty", (const uint8_t *)"", 0, ETF_ERR_TRUNCATED},
        {"version", BYTES(130, 97, 1), ETF_ERR_VERSION},
        {"unknown tag", BYTES(131, 1), ETF_ERR_TAG},
        {"atom cache ref", BYTES(131, 82, 0), ETF_ERR_TAG},
        {"old fun", BYTES(131, 117, 0, 0, 0, 0), ETF_ERR_TAG},
        {"local ext", BYTES(131, 121, 0), ETF_ERR_TAG},
        {"dist header", BYTES(131, 68, 0), ETF_ERR_TAG},
        {"nested compressed", BYTES(131, 104, 1, 80, 0, 0, 0, 1, 0), ETF_ERR_TAG},
        {"bad utf8 atom", BYTES(131, 118, 0, 1, 0xc3), ETF_ERR_ATOM},
        {"bad utf8 small atom", BYTES(131, 119, 1, 0xe9), ETF_ERR_ATOM},
        {"overlong utf8", BYTES(131, 119, 2, 0xc0, 0x80), ETF_ERR_ATOM},
        {"surrogate", BYTES(131, 119, 3, 0xed, 0xa0, 0x80), ETF_ERR_ATOM},
        {"beyond U+10FFFF", BYTES(131, 119, 4, 0xf4, 0x90, 0x80, 0x80), ETF_ERR_ATOM},
        {"nan", BYTES(131, 70, 127, 248, 0, 0, 0, 0, 0, 0), ETF_ERR_VALUE},
        {"inf", BYTES(131, 70, 127, 240, 0, 0, 0, 0, 0, 0), ETF_ERR_VALUE},
        {"-inf", BYTES(131, 70, 255, 240, 0, 0, 0, 0, 0, 0), ETF_ERR_VALUE},
        {"tuple short", BYTES(131, 104, 2, 97, 1), ETF_ERR_TRUNCATED},
        {"huge list", BYTES(131, 108, 255, 255, 255, 255, 106), ETF_ERR_TRUNCATED},
        {"huge map", BYTES(131, 116, 255, 255, 255, 255), ETF_ERR_TRUNCATED},
        {"huge binary", BYTES(131, 109, 255, 255, 255, 255, 1), ETF_ERR_TRUNCATED},
        {"dup keys", BYTES(131, 116, 0, 0, 0, 2, 97, 1, 97, 2, 97, 1, 97, 3), ETF_ERR_VALUE},
        {"dup keys encoded apart", BYTES(131, 116, 0, 0, 0, 2, 100, 0, 1, 'a', 97, 2, 115, 1, 'a', 97, 3), ETF_ERR_VALUE},
        {"dup int keys", BYTES(131, 116, 0, 0, 0, 2, 97, 1, 97, 2, 98, 0, 0, 0, 1, 97, 3), ETF_ERR_VALUE},
        {"bits 0", BYTES(131, 77, 0, 0, 0, 1, 0, 255), ETF_ERR_VALUE},
        {"bits 9", BYTES(131, 77, 0, 0, 0, 1, 9, 255), ETF_ERR_VALUE},
        {"empty with bits", BYTES(131, 77, 0, 0, 0, 0, 3), ETF_ERR_VALUE},
        {"empty with 8 bits", BYTES(131, 77, 0, 0, 0, 0, 8), ETF_ERR_VALUE},
        {"pid node not atom", BYTES(131, 88, 106, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0), ETF_ERR_VALUE},
        {"local pid number", BYTES(131, 88, 100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's', 't',
                                   0, 0, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0),
         ETF_ERR_VALUE},
        {"local pid serial", BYTES(131, 88, 100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's', 't',
                                   0, 0, 0, 1, 0, 0, 0x20, 0, 0, 0, 0, 0),
         ETF_ERR_VALUE},
        {"local port number", BYTES(131, 89, 100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's',
                                    't', 0x10, 0, 0, 5, 0, 0, 0, 0),
         ETF_ERR_VALUE},
        {"local ref id0", BYTES(131, 90, 0, 3, 100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o', 's',
                                't', 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 2, 0, 0, 0, 3),
         ETF_ERR_VALUE},
        {"local ref no ids", BYTES(131, 90, 0, 0, 100, 0, 13, 'n', 'o', 'n', 'o', 'd', 'e', '@', 'n', 'o', 'h', 'o',
                                   's', 't', 0, 0, 0, 0),
         ETF_ERR_VALUE},
        {"ref 6 ids", BYTES(131, 90, 0, 6, 100, 0, 1, 'x', 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0, 4,
                            0, 0, 0, 5, 0, 0, 0, 6),
         ETF_ERR_VALUE},
        {"export arity 256", BYTES(131, 113, 100, 0, 1, 'm', 100, 0, 1, 'f', 98, 0, 0, 1, 0), ETF_ERR_VALUE},
        {"export arity -1", BYTES(131, 113, 100, 0, 1, 'm', 100, 0, 1, 'f', 98, 255, 255, 255, 255), ETF_ERR_VALUE},
        {"export arity atom", BYTES(131, 113, 100, 0, 1, 'm', 100, 0, 1, 'f', 100, 0, 1, 'f'), ETF_ERR_VALUE},
        {"trailing", BYTES(131, 106, 106), ETF_ERR_TRAILING},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        EtfResult r = decode_status(cases[i].b, cases[i].n);
        if (r != cases[i].want) fprintf(stderr, "case \"%s\": got %s\n", cases[i].what, etf_result_str(r));
        CHECK_EQ_INT(r, cases[i].want);
    }
    /* Atoms: 255 characters are fine, 256 are not, in every encoding. */
    uint8_t atom[4 + 2 * 256];
    atom[0] = 131;
    atom[1] = 100;
    atom[2] = 0;
    atom[3] = 255;
    memset(atom + 4, 'x', 256);
    CHECK_EQ_INT(decode_status(atom, 4 + 255), ETF_OK);
    atom[2] = 1;
    atom[3] = 0;
    CHECK_EQ_INT(decode_status(atom, 4 + 256), ETF_ERR_ATOM);
    atom[1] = 118; /* 255 two-byte characters: 510 bytes, allowed */
    atom[2] = 510 >> 8;
    atom[3] = 510 & 255;
    for (int i = 0; i < 255; i++) memcpy(atom + 4 + 2 * i, "\xce\xb1", 2);
    CHECK_EQ_INT(decode_status(atom, 4 + 510), ETF_OK);
    atom[3] = 512 & 255;
    atom[2] = 512 >> 8;
    memcpy(atom + 4 + 510, "\xce\xb1", 2);
    CHECK_EQ_INT(decode_status(atom, 4 + 512), ETF_ERR_ATOM);
}

static void test_compressed(void) {
    /* A compressed sample from erl: the long list compresses. */
    size_t found = 0;
    for (size_t i = 0; i < NSAMPLES; i++) {
        const uint8_t *b = term_samples[i].enc[3].bytes;
        size_t n = term_samples[i].enc[3].len;
        if (n < 2 || b[1] != 80) continue;
        found++;
        uint8_t *c = malloc(n + 1);
        memcpy(c, b, n);
        /* Wrong declared sizes. */
        c[5]++;
        CHECK_EQ_INT(decode_status(c, n), ETF_ERR_ZLIB);
        c[5] -= 2;
        CHECK_EQ_INT(decode_status(c, n), ETF_ERR_ZLIB);
        c[5]++;
        /* Corrupt stream (the zlib header). */
        c[6] ^= 0xFF;
        CHECK(decode_status(c, n) == ETF_ERR_ZLIB);
        c[6] ^= 0xFF;
        /* Corrupt checksum. */
        c[n - 1] ^= 1;
        CHECK(decode_status(c, n) == ETF_ERR_ZLIB);
        c[n - 1] ^= 1;
        /* Bytes after the stream. */
        c[n] = 0;
        CHECK_EQ_INT(decode_status(c, n + 1), ETF_ERR_TRAILING);
        size_t words, used;
        CHECK_EQ_INT(etf_size(&T->det.env, c, n + 1, &words, &used), ETF_OK);
        CHECK_EQ_INT(used, n);
        free(c);
    }
    CHECK(found >= 3);
    /* A size claim far beyond what deflate can reach is refused up front. */
    CHECK_EQ_INT(decode_status(BYTES(131, 80, 0x7f, 0, 0, 0, 0x78, 0x9c, 3, 0, 0, 0, 0, 1)), ETF_ERR_ZLIB);
    /* Compressed data holding more than one term. */
    uint8_t raw[] = {97, 1, 97, 2};
    uLongf clen = compressBound(sizeof raw);
    uint8_t *cbuf = malloc(6 + clen);
    compress(cbuf + 6, &clen, raw, sizeof raw);
    cbuf[0] = 131;
    cbuf[1] = 80;
    cbuf[2] = cbuf[3] = cbuf[4] = 0;
    cbuf[5] = sizeof raw;
    CHECK_EQ_INT(decode_status(cbuf, 6 + clen), ETF_ERR_ZLIB);
    cbuf[5] = 2; /* declared size too small */
    CHECK_EQ_INT(decode_status(cbuf, 6 + clen), ETF_ERR_ZLIB);
    free(cbuf);
}

/* [[[...[]...]]] or {{{...{}...}}} a million deep. */
static void test_deep(void) {
    const size_t depth = 1000000;
    for (int kind = 0; kind < 2; kind++) {
        size_t len = kind == 0 ? 1 + depth * 5 + 1 + depth : 1 + depth * 2 + 1;
        uint8_t *b = malloc(len), *p = b;
        *p++ = 131;
        for (size_t i = 0; i < depth; i++) {
            if (kind == 0) {
                memcpy(p, "\x6c\0\0\0\x01", 5);
                p += 5;
            } else {
                *p++ = 104;
                *p++ = 1;
            }
        }
        *p++ = 106;
        if (kind == 0)
            for (size_t i = 0; i < depth; i++) *p++ = 106;
        CHECK_EQ_INT((size_t)(p - b), len);
        LitArea a;
        lit_init(&a);
        Term t, u;
        CHECK_EQ_INT(decode(&a, b, len, &t), ETF_OK);
        CHECK_EQ_INT(decode(&a, b, len, &u), ETF_OK);
        CHECK(term_eq_exact(t, u));
        CHECK(term_eq(t, u));
        CHECK_EQ_INT(term_compare(&T->atoms, t, u), 0);
        char *s = test_print(T, t, PRINT_WRITE);
        CHECK_EQ_INT(strlen(s), 2 * depth + 2);
        CHECK(s[0] == (kind == 0 ? '[' : '{'));
        free(s);
        /* Truncated deep input fails without harm. */
        CHECK(decode_status(b, len - 1) != ETF_OK);
        lit_free(&a);
        free(b);
    }
}

/* Random corruption of every sample: any result but a crash will do. */
static void test_fuzz(void) {
    uint64_t seed = 0x9E3779B97F4A7C15u;
    int ok = 0, failed = 0;
    for (int round = 0; round < 40; round++) {
        for (size_t i = 0; i < NSAMPLES; i++) {
            const uint8_t *src = term_samples[i].enc[round % 4].bytes;
            size_t n = term_samples[i].enc[round % 4].len;
            uint8_t *b = malloc(n);
            memcpy(b, src, n);
            int flips = 1 + (int)(seed % 4);
            for (int k = 0; k < flips; k++) {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                size_t at = 1 + seed % (n > 1 ? n - 1 : 1);
                if (at < n) b[at] = (uint8_t)(seed >> 32);
            }
            LitArea a;
            lit_init(&a);
            Term t;
            if (decode(&a, b, n, &t) == ETF_OK) {
                ok++;
                char *s = test_print(T, t, PRINT_DISPLAY);
                free(s);
                (void)term_compare(&T->atoms, t, t);
            } else {
                failed++;
            }
            lit_free(&a);
            free(b);
        }
    }
    CHECK(ok + failed == 40 * (int)NSAMPLES);
}

int main(void) {
    T = test_env_new();
    test_samples();
    test_truncations();
    test_old_encodings();
    test_external();
    test_funs();
    test_errors();
    test_compressed();
    test_deep();
    test_fuzz();
    test_env_free(T);
    return check_report("etf");
}
