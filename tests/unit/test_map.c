/*
 * test_map.c: flat maps and hash tries (vm/map.h) against a model.
 *
 * Random puts, updates and removes over a key domain of small integers
 * and binaries are applied both to a map and to a plain array; after each
 * step the map must hold exactly the model's pairs, be flat exactly when
 * it has at most 32, iterate each pair once in its order (flat: term
 * order; trie: by hash digits, level 0 first), and be identical (same
 * printed structure, =:=) to the map built at once from the same pairs,
 * since a map's layout depends on its keys only.  Also: the hash of a few
 * keys against values derived from OTP 25's ordering.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "compare.h"
#include "map.h"
#include "print.h"
#include "term_helpers.h"

#define DOMAIN 600

static Term *lit_fn(void *ctx, size_t n) { return lit_alloc((LitArea *)ctx, n); }

static uint64_t rng = 88172645463325252ull;
static uint64_t next_rand(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static uint32_t digits_order(Term k, unsigned salt) {
    uint32_t h = map_hash(k, salt), r = 0;
    for (int i = 0; i < 8; i++) {
        r = (r << 4) | (h & 0xF);
        h >>= 4;
    }
    return r;
}

/* a before b in trie order */
static int trie_cmp(Term a, Term b) {
    for (unsigned s = 0; s < 8; s++) {
        uint32_t x = digits_order(a, s), y = digits_order(b, s);
        if (x != y) return x < y ? -1 : 1;
    }
    return 0;
}

static char *show(const AtomTable *atoms, Term t) {
    StrBuf b = STRBUF_INIT;
    print_term(&b, atoms, t, PRINT_DISPLAY);
    return b.data;
}

int main(void) {
    TestEnv *t = test_env_new();
    LitArea area;
    lit_init(&area);
    MapAlloc a = {lit_fn, &area};
    const AtomTable *atoms = &t->atoms;

    Term keys[DOMAIN], model[DOMAIN];
    for (int i = 0; i < DOMAIN; i++) {
        if (i % 5 == 4) { /* a heap binary key */
            Term *hp = lit_alloc(&area, HEAP_BIN_WORDS(4));
            hp[0] = MAKE_HEADER(SUB_HEAP_BIN, HEAP_BIN_WORDS(4) - 1);
            hp[1] = 4;
            hp[2] = 0;
            memcpy(hp + 2, &i, 4);
            keys[i] = make_boxed(hp);
        } else {
            keys[i] = make_small(i * 7 - 1000);
        }
        model[i] = THE_NON_VALUE;
    }
    Term m = map_from_arrays(atoms, a, NULL, NULL, 0, true, &(bool){false});
    CHECK(is_map(m) && map_size(m) == 0);
    int bad = 0;
    for (int step = 0; step < 6000 && bad < 5; step++) {
        int k = (int)(next_rand() % DOMAIN);
        int op = (int)(next_rand() % 10);
        /* grow for the first half, then shrink */
        if (step > 3000 && op < 6) op = 9;
        Term v = make_small(step);
        if (op < 6) {
            m = map_put(atoms, a, m, keys[k], v);
            model[k] = v;
        } else if (op < 8) {
            bool missing;
            Term r = map_update(atoms, a, m, keys[k], v, &missing);
            CHECK_EQ_INT(missing, model[k] == THE_NON_VALUE);
            if (!missing) {
                m = r;
                model[k] = v;
            }
        } else {
            m = map_remove(atoms, a, m, keys[k]);
            model[k] = THE_NON_VALUE;
        }
        UWord n = 0;
        for (int i = 0; i < DOMAIN; i++) {
            const Term *got = map_get(m, keys[i]);
            if ((got == NULL) != (model[i] == THE_NON_VALUE) || (got && *got != model[i])) bad++;
            if (model[i] != THE_NON_VALUE) n++;
        }
        if (map_size(m) != n || map_is_flat(m) != (n <= MAP_FLAT_MAX)) bad++;
        if (step % 50 != 0 && step != 2999) continue;
        /* iteration: each pair once, in order */
        MapIter it;
        map_iter_init(&it, m);
        Term key, val, prev = THE_NON_VALUE;
        UWord seen = 0;
        Term *ks = malloc((n + 1) * sizeof(Term)), *vs = malloc((n + 1) * sizeof(Term));
        while (map_iter_next(&it, &key, &val)) {
            if (prev != THE_NON_VALUE) {
                int c = map_is_flat(m) ? term_compare_exact(atoms, prev, key) : trie_cmp(prev, key);
                if (c >= 0) bad++;
            }
            ks[seen] = key;
            vs[seen] = val;
            prev = key;
            seen++;
        }
        CHECK_EQ_INT(seen, n);
        /* the same map built at once, from the pairs reversed */
        for (UWord i = 0; i < seen / 2; i++) {
            Term tk = ks[i], tv = vs[i];
            ks[i] = ks[seen - 1 - i];
            vs[i] = vs[seen - 1 - i];
            ks[seen - 1 - i] = tk;
            vs[seen - 1 - i] = tv;
        }
        bool dup;
        Term m2 = map_from_arrays(atoms, a, ks, vs, seen, false, &dup);
        CHECK(!dup && m2 != THE_NON_VALUE);
        CHECK(term_eq_exact(m, m2));
        CHECK_EQ_INT(term_compare_exact(atoms, m, m2), 0);
        char *s1 = show(atoms, m), *s2 = show(atoms, m2);
        CHECK_EQ_STR(s1, s2);
        free(s1);
        free(s2);
        free(ks);
        free(vs);
    }
    CHECK_EQ_INT(bad, 0);

    /* duplicates: last wins, or refused */
    Term dk[40], dv[40];
    for (int i = 0; i < 40; i++) {
        dk[i] = make_small(i % 35);
        dv[i] = make_small(i);
    }
    bool dup;
    Term d = map_from_arrays(atoms, a, dk, dv, 40, true, &dup);
    CHECK(!dup && map_size(d) == 35 && *map_get(d, make_small(3)) == make_small(38));
    for (int i = 0; i < 40; i++) {
        dk[i] = make_small(i % 35);
        dv[i] = make_small(i);
    }
    CHECK(map_from_arrays(atoms, a, dk, dv, 40, false, &dup) == THE_NON_VALUE && dup);

    /* OTP 25: maps:keys(maps:from_list([{I, I} || I <- lists:seq(1, 40)])) */
    static const int otp_keys[40] = {33, 12, 23, 29, 30, 39, 26, 31, 11, 37, 9, 32, 34, 25, 28, 6,
                                     38, 13, 40, 20, 15, 14, 2, 7, 1, 8, 3, 17, 22, 21, 4, 36,
                                     24, 10, 35, 27, 19, 5, 18, 16};
    Term fk[40], fv[40];
    for (int i = 0; i < 40; i++) fk[i] = fv[i] = make_small(i + 1);
    Term f = map_from_arrays(atoms, a, fk, fv, 40, true, &dup);
    MapIter it;
    map_iter_init(&it, f);
    Term key, val;
    for (int i = 39; i >= 0 && map_iter_next(&it, &key, &val); i--) CHECK_EQ_INT(small_val(key), otp_keys[i]);

    lit_free(&area);
    test_env_free(t);
    return check_report("map");
}
