/*
 * test_atom.c: the atom table keeps OTP's rules (255 characters, valid
 * UTF-8), interns each name once, and numbers predefined atoms as
 * atoms.tab says.
 */
#include <stdlib.h>
#include <string.h>

#include "atom.h"
#include "atoms_gen.h"
#include "check.h"

int main(void) {
    AtomTable t;
    CHECK(atom_table_init(&t) == ATOM_OK);
    Term a, b;
    CHECK(atom_put(&t, "ok", 2, &a) == ATOM_OK);
    CHECK(a == ATOM_ok);
    CHECK(atom_put(&t, "EXIT", 4, &a) == ATOM_OK && a == ATOM_EXIT);
    CHECK(atom_put(&t, "hello", 5, &a) == ATOM_OK);
    CHECK(atom_put(&t, "hello", 5, &b) == ATOM_OK);
    CHECK(a == b);
    CHECK(is_atom(a));
    CHECK_EQ_STR(atom_name(&t, a), "hello");
    CHECK(atom_find(&t, "hello", 5, &b) && b == a);
    CHECK(!atom_find(&t, "nope", 4, &b));

    /* 255 characters are allowed, 256 are not; the limit counts characters. */
    char buf[1100];
    memset(buf, 'x', 256);
    CHECK(atom_put(&t, buf, 255, &a) == ATOM_OK);
    CHECK(atom_put(&t, buf, 256, &a) == ATOM_ERR_TOO_LONG);
    for (int i = 0; i < 255; i++) memcpy(buf + 2 * i, "\xc3\xa9", 2); /* é */
    CHECK(atom_put(&t, buf, 510, &a) == ATOM_OK);
    CHECK_EQ_INT(atom_entry(&t, a)->chars, 255);
    CHECK(atom_entry(&t, a)->latin1);
    CHECK(atom_put(&t, "\xe2\x82\xac", 3, &a) == ATOM_OK); /* euro sign */
    CHECK(!atom_entry(&t, a)->latin1);

    /* Invalid UTF-8: stray continuation, truncated sequence, overlong, surrogate. */
    CHECK(atom_put(&t, "\x80", 1, &a) == ATOM_ERR_BAD_UTF8);
    CHECK(atom_put(&t, "a\xc3", 2, &a) == ATOM_ERR_BAD_UTF8);
    CHECK(atom_put(&t, "\xc0\x80", 2, &a) == ATOM_ERR_BAD_UTF8);
    CHECK(atom_put(&t, "\xed\xa0\x80", 3, &a) == ATOM_ERR_BAD_UTF8);

    /* Latin-1 input is converted to UTF-8 and shares the UTF-8 atom. */
    CHECK(atom_put_latin1(&t, "caf\xe9", 4, &a) == ATOM_OK);
    CHECK(atom_put(&t, "caf\xc3\xa9", 5, &b) == ATOM_OK && a == b);

    /* Many atoms: indices stay stable across index growth and segments. */
    Term first = 0;
    for (int i = 0; i < 20000; i++) {
        char name[32];
        int n = snprintf(name, sizeof name, "atom_%d", i);
        CHECK(atom_put(&t, name, (size_t)n, &a) == ATOM_OK);
        if (i == 0) first = a;
    }
    CHECK(atom_put(&t, "atom_0", 6, &b) == ATOM_OK && b == first);
    CHECK_EQ_STR(atom_name(&t, first), "atom_0");
    atom_table_destroy(&t);
    return check_report("atom");
}
