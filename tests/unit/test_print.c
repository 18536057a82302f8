/*
 * test_print.c: print_term and print_float_short against OTP.
 *
 * data/floats.txt (tools/record_floats.escript) holds thousands of doubles
 * with their ~w text (the shortest form that reads back) and their
 * erlang:display/1 text, recorded from erl.  The term samples of
 * data/terms.inc are printed in test_etf.c; here are terms built by hand
 * on a heap: atoms through print_atom, sub-binaries at odd bit offsets,
 * floats in containers, and a list nested a million deep.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "big.h"
#include "check.h"
#include "term_helpers.h"

static TestEnv *T;

static void test_float_table(void) {
    const char *root = getenv("GIRDER_SOURCE_ROOT");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/unit/data/floats.txt", root ? root : ".");
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f) return;
    char line[256];
    int n = 0;
    Term hp[FLOAT_WORDS];
    while (fgets(line, sizeof line, f)) {
        char w[64], d[64];
        unsigned long long bits;
        if (sscanf(line, "%llx %63s %63s", &bits, w, d) != 3) continue;
        double x;
        uint64_t b64 = bits;
        memcpy(&x, &b64, sizeof x);
        StrBuf b = STRBUF_INIT;
        print_float_short(&b, x);
        CHECK_EQ_STR(sb_str(&b), w);
        sb_reset(&b);
        Term t = make_float_at(hp, x);
        print_term(&b, &T->atoms, t, PRINT_DISPLAY);
        CHECK_EQ_STR(sb_str(&b), d);
        sb_reset(&b);
        print_term(&b, &T->atoms, t, PRINT_WRITE);
        CHECK_EQ_STR(sb_str(&b), w);
        sb_free(&b);
        n++;
    }
    fclose(f);
    CHECK(n >= 500);
    /* -0.0 (which lists:usort folds into 0.0 when recording). */
    StrBuf b = STRBUF_INIT;
    print_float_short(&b, -0.0);
    CHECK_EQ_STR(sb_str(&b), "-0.0");
    sb_reset(&b);
    print_term(&b, &T->atoms, make_float_at(hp, -0.0), PRINT_DISPLAY);
    CHECK_EQ_STR(sb_str(&b), "-0.000000e+00");
    sb_free(&b);
}

static void check_atom(const char *name, const char *written) {
    Term a;
    CHECK(atom_put(&T->atoms, name, strlen(name), &a) == ATOM_OK);
    StrBuf b = STRBUF_INIT;
    print_atom(&b, &T->atoms, a);
    CHECK_EQ_STR(sb_str(&b), written);
    sb_free(&b);
}

static void test_atoms(void) {
    /* io_lib:write_atom/1 results from erl. */
    check_atom("ok", "ok");
    check_atom("if", "'if'");
    check_atom("maybe", "maybe");
    check_atom("a@b", "a@b");
    check_atom("Ab", "'Ab'");
    check_atom("", "''");
    check_atom("\xc3\x9f", "\xc3\x9f");        /* ß is lowercase */
    check_atom("a\xc3\x97", "'a\xc3\x97'");    /* × is not a letter */
    check_atom("\xe2\x82\xac", "'\\x{20AC}'"); /* beyond Latin-1 */
    check_atom("a\x7f", "'a\\d'");
    check_atom("\x1b", "'\\e'");
    check_atom("\x01", "'\\001'");
}

/* Sub-binaries at every bit offset print their bits, in both modes. */
static void test_sub_binaries(void) {
    Term heap[64];
    Term *hp = heap;
    /* A heap binary of "abcdefgh". */
    hp[0] = MAKE_HEADER(SUB_HEAP_BIN, 2);
    hp[1] = 8;
    memcpy(hp + 2, "abcdefgh", 8);
    Term bin = make_boxed(hp);
    hp += 3;
    for (unsigned off = 0; off < 16; off++) {
        for (unsigned size = 0; size <= 24; size += 3) {
            hp[0] = MAKE_HEADER(SUB_SUB_BIN, 3);
            hp[1] = size;
            hp[2] = off;
            hp[3] = bin;
            Term sub = make_boxed(hp);
            /* Expected text from the bits, computed the slow way. */
            char want[128];
            size_t n = 0;
            n += (size_t)snprintf(want + n, sizeof want - n, "<<");
            unsigned v = 0, k = 0, first = 1;
            for (unsigned i = 0; i < size; i++) {
                unsigned bit = off + i;
                unsigned x = ((const unsigned char *)(heap + 2))[bit / 8] >> (7 - bit % 8) & 1;
                v = v << 1 | x;
                if (++k == 8) {
                    n += (size_t)snprintf(want + n, sizeof want - n, first ? "%u" : ",%u", v);
                    first = 0;
                    v = k = 0;
                }
            }
            if (k) n += (size_t)snprintf(want + n, sizeof want - n, first ? "%u:%u" : ",%u:%u", v, k);
            snprintf(want + n, sizeof want - n, ">>");
            char *s = test_print(T, sub, PRINT_WRITE);
            CHECK_EQ_STR(s, want);
            free(s);
        }
    }
    /* Display shows printable ASCII as text, even off byte boundaries. */
    hp[0] = MAKE_HEADER(SUB_SUB_BIN, 3);
    hp[1] = 24;
    hp[2] = 8;
    hp[3] = bin;
    char *s = test_print(T, make_boxed(hp), PRINT_DISPLAY);
    CHECK_EQ_STR(s, "<<\"bcd\">>");
    free(s);
}

static void test_containers(void) {
    /* {1.5, [0.1 | 2.0e-10], -7} */
    Term heap[32], *hp = heap;
    Term f1 = make_float_at(hp, 1.5), f2 = make_float_at(hp + 2, 0.1), f3 = make_float_at(hp + 4, 2.0e-10);
    hp += 6;
    hp[0] = f2;
    hp[1] = f3;
    Term cons = make_list(hp);
    hp += 2;
    hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
    hp[1] = f1;
    hp[2] = cons;
    hp[3] = make_small(-7);
    Term tup = make_boxed(hp);
    char *s = test_print(T, tup, PRINT_WRITE);
    CHECK_EQ_STR(s, "{1.5,[0.1|2.0e-10],-7}");
    free(s);
    s = test_print(T, tup, PRINT_DISPLAY);
    CHECK_EQ_STR(s, "{1.500000e+00,[1.000000e-01|2.000000e-10],-7}");
    free(s);
    /* Bignums through GMP, and the smallest small. */
    Term bh[4];
    s = test_print(T, big_from_uint64(bh, UINT64_MAX), PRINT_WRITE);
    CHECK_EQ_STR(s, "18446744073709551615");
    free(s);
    s = test_print(T, make_small(MIN_SMALL), PRINT_DISPLAY);
    CHECK_EQ_STR(s, "-576460752303423488");
    free(s);
    /* Local pids, ports and a 3-id ref. */
    s = test_print(T, make_pid((UWord)5 << PID_NUMBER_BITS | 77), PRINT_WRITE);
    CHECK_EQ_STR(s, "<0.77.5>");
    free(s);
    s = test_print(T, make_port(3), PRINT_DISPLAY);
    CHECK_EQ_STR(s, "#Port<0.3>");
    free(s);
    Term rh[4] = {MAKE_HEADER(SUB_REF, 3), 144937, 302776321, 1947526429};
    s = test_print(T, make_boxed(rh), PRINT_WRITE);
    CHECK_EQ_STR(s, "#Ref<0.1947526429.302776321.144937>");
    free(s);
}

static void test_deep(void) {
    /* [[[...]]] a million deep, and a million-element flat list. */
    const size_t depth = 1000000;
    Term *cells = malloc(2 * depth * sizeof(Term));
    Term t = NIL;
    for (size_t i = 0; i < depth; i++) {
        cells[2 * i] = t;
        cells[2 * i + 1] = NIL;
        t = make_list(cells + 2 * i);
    }
    for (int mode = 0; mode < 2; mode++) {
        char *s = test_print(T, t, mode ? PRINT_WRITE : PRINT_DISPLAY);
        size_t n = strlen(s);
        CHECK_EQ_INT(n, 2 * depth + 2);
        CHECK(s[0] == '[' && s[depth] == '[' && s[depth + 1] == ']' && s[n - 1] == ']');
        free(s);
    }
    for (size_t i = 0; i < depth; i++) {
        cells[2 * i] = make_small(7);
        cells[2 * i + 1] = i + 1 < depth ? make_list(cells + 2 * i + 2) : NIL;
    }
    char *s = test_print(T, make_list(cells), PRINT_WRITE);
    CHECK_EQ_INT(strlen(s), 2 * depth + 1);
    free(s);
    /* Display: 7 is not printable, so it is not a string either. */
    s = test_print(T, make_list(cells), PRINT_DISPLAY);
    CHECK(s[0] == '[' && s[1] == '7');
    free(s);
    free(cells);
}

int main(void) {
    T = test_env_new();
    test_float_table();
    test_atoms();
    test_sub_binaries();
    test_containers();
    test_deep();
    test_env_free(T);
    return check_report("print");
}
