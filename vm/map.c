/*
 * map.c: flat maps and hash-array-mapped tries (see map.h for the layout
 * and the order they keep).
 *
 * Updates are persistent: a HAMT put or remove copies the path from the
 * head to the changed leaf and shares everything else.  Bulk building
 * (from_list, decoding, the change from flat to HAMT and back) sorts the
 * pairs by their digit sequence and builds the trie bottom-up, so a map's
 * shape depends only on its keys.
 */
#include "map.h"

#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "process.h"

/* ---- node access ---- */

static inline UWord node_kind(const Term *n) { return n[1] & MAP_KIND_MASK; }
static inline unsigned node_level(const Term *n) { return (unsigned)((n[1] >> MAP_LEVEL_SHIFT) & 63); }
static inline unsigned node_bitmap(const Term *n) { return (unsigned)((n[1] >> MAP_BITMAP_SHIFT) & 0xFFFF); }
static inline UWord node_count(const Term *n) { return HEADER_ARITY(n[0]) - 1; }
static inline Term *node_children(Term *n) { return n + 2; }

static inline bool key_eq(Term a, Term b) {
    return a == b || (!is_immed(a) && !is_immed(b) && term_eq_exact(a, b));
}

/* Bits set in each byte value. */
static const unsigned char popcount8[256] = {
#define P2(n) n, n + 1, n + 1, n + 2
#define P4(n) P2(n), P2(n + 1), P2(n + 1), P2(n + 2)
#define P6(n) P4(n), P4(n + 1), P4(n + 1), P4(n + 2)
    P6(0), P6(1), P6(1), P6(2)
#undef P2
#undef P4
#undef P6
};

/* Bits set in a 16-bit bitmap (no libgcc call without -mpopcnt). */
static inline unsigned popcount16(unsigned v) { return popcount8[v & 0xFF] + popcount8[(v >> 8) & 0xFF]; }

/* A key's hashes, computed as levels need them (one per salt). */
typedef struct KeyHash {
    Term key;
    uint32_t h[8];
    unsigned have; /* bit s: h[s] is computed */
} KeyHash;

/* The hash at salt 0 (levels 0-7, all a trie of fewer than ~65,000
 * keys needs) is computed at once, the others when asked. */
static inline void kh_init(KeyHash *k, Term key) {
    k->key = key;
    k->h[0] = is_immed(key) ? map_hash_immed(key, 0) : map_hash(key, 0);
    k->have = 1;
}

static unsigned digit_deep(KeyHash *k, unsigned level) {
    unsigned s = level / 8;
    if (!(k->have & (1u << s))) {
        k->h[s] = map_hash(k->key, s);
        k->have |= 1u << s;
    }
    return (k->h[s] >> (4 * (level % 8))) & 0xF;
}

static inline unsigned digit(KeyHash *k, unsigned level) {
    if (level < 8) return (k->h[0] >> (4 * level)) & 0xF;
    return digit_deep(k, level);
}

static inline Term *alloc(MapAlloc a, size_t n) { return a.fn(a.ctx, n); }

static Term make_leaf(MapAlloc a, Term k, Term v) {
    Term *hp = alloc(a, 2);
    if (!hp) return THE_NON_VALUE;
    hp[0] = k;
    hp[1] = v;
    return make_list(hp);
}

/* ---- lookup ---- */

const Term *map_flat_get_boxed(const Term *p, Term key) {
    UWord n = p[1];
    const Term *ks = tuple_elems(p[2]);
    for (UWord i = 0; i < n; i++)
        if (!is_immed(ks[i]) && term_eq_exact(ks[i], key)) return p + 3 + i;
    return NULL;
}

const Term *map_hamt_get(const Term *p0, Term key) {
    Term *p = (Term *)(uintptr_t)p0;
    KeyHash kh;
    kh_init(&kh, key);
    for (;;) {
        Term *c = node_children(p);
        if (node_kind(p) == MAP_KIND_COLL) {
            for (UWord i = 0; i < node_count(p); i++)
                if (key_eq(CAR(list_ptr(c[i])), key)) return &CDR(list_ptr(c[i]));
            return NULL;
        }
        unsigned d = digit(&kh, node_level(p)), bm = node_bitmap(p);
        if (!(bm & (1u << d))) return NULL;
        Term child = c[popcount16(bm & ((1u << d) - 1))];
        if (is_list(child)) {
            Term *leaf = list_ptr(child);
            return key_eq(CAR(leaf), key) ? &CDR(leaf) : NULL;
        }
        p = boxed_ptr(child);
    }
}

/* ---- iteration ---- */

void map_iter_init(MapIter *it, Term m) {
    it->map = m;
    it->i = 0;
    it->depth = 0;
    if (!map_is_flat(m)) {
        Term *p = boxed_ptr(m);
        it->stack[0].child = node_children(p);
        it->stack[0].left = (unsigned)node_count(p);
        it->depth = 1;
    }
}

bool map_iter_next(MapIter *it, Term *key, Term *value) {
    if (map_is_flat(it->map)) {
        Term *p = boxed_ptr(it->map);
        if (it->i >= p[1]) return false;
        *key = tuple_elems(p[2])[it->i];
        *value = p[3 + it->i];
        it->i++;
        return true;
    }
    while (it->depth > 0) {
        unsigned top = it->depth - 1;
        if (it->stack[top].left == 0) {
            it->depth--;
            continue;
        }
        Term c = *it->stack[top].child++;
        it->stack[top].left--;
        if (is_list(c)) {
            *key = CAR(list_ptr(c));
            *value = CDR(list_ptr(c));
            return true;
        }
        Term *n = boxed_ptr(c);
        it->stack[it->depth].child = node_children(n);
        it->stack[it->depth].left = (unsigned)node_count(n);
        it->depth++;
    }
    return false;
}

/* ---- bulk building ---- */

typedef struct Entry {
    KeyHash kh;
    Term val;
    bool dead; /* a duplicate dropped */
} Entry;

/* The hash at salt s with its digits reversed, so that comparing two
 * of them as integers compares the digit sequences. */
static uint32_t ordered(Entry *e, unsigned s) {
    (void)digit(&e->kh, 8 * s);
    uint32_t h = e->kh.h[s], r = 0;
    for (int i = 0; i < 8; i++) {
        r = (r << 4) | (h & 0xF);
        h >>= 4;
    }
    return r;
}

static int cmp_entries(Entry *a, Entry *b) {
    for (unsigned s = 0; s < 8; s++) {
        uint32_t x = ordered(a, s), y = ordered(b, s);
        if (x != y) return x < y ? -1 : 1;
    }
    return 0;
}

/* Stable merge sort of entry pointers by digit sequence. */
static bool sort_entries(Entry **v, UWord n) {
    if (n < 2) return true;
    Entry **tmp = malloc(n * sizeof *tmp);
    if (!tmp) return false;
    for (UWord w = 1; w < n; w *= 2) {
        for (UWord lo = 0; lo < n; lo += 2 * w) {
            UWord mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            UWord i = lo, j = mid, k = lo;
            while (i < mid && j < hi) tmp[k++] = cmp_entries(v[j], v[i]) < 0 ? v[j++] : v[i++];
            while (i < mid) tmp[k++] = v[i++];
            while (j < hi) tmp[k++] = v[j++];
        }
        memcpy(v, tmp, n * sizeof *v);
    }
    free(tmp);
    return true;
}

/* Builds the subtrie of v[0..n) (n >= 1, all sharing the digits of the
 * levels above `level`); head: the map's head node (level 0, size total). */
static Term build(MapAlloc a, Entry **v, UWord n, unsigned level, bool head, UWord total) {
    if (n == 1 && !head) return make_leaf(a, v[0]->kh.key, v[0]->val);
    if (!head) {
        /* Skip the levels where every key has the same digit. */
        while (level <= MAP_LEVEL_MAX) {
            unsigned d0 = digit(&v[0]->kh, level);
            UWord i = 1;
            while (i < n && digit(&v[i]->kh, level) == d0) i++;
            if (i < n) break;
            level++;
        }
        if (level > MAP_LEVEL_MAX) {
            Term *hp = alloc(a, 2 + n);
            if (!hp) return THE_NON_VALUE;
            hp[0] = MAKE_HEADER(SUB_MAP, 1 + n);
            hp[1] = MAP_KIND_COLL | (UWord)MAP_LEVEL_MAX << MAP_LEVEL_SHIFT;
            for (UWord i = 0; i < n; i++) {
                hp[2 + i] = make_leaf(a, v[i]->kh.key, v[i]->val);
                if (hp[2 + i] == THE_NON_VALUE) return THE_NON_VALUE;
            }
            return make_boxed(hp);
        }
    }
    unsigned bm = 0, k = 0;
    for (UWord i = 0; i < n; i++) bm |= 1u << digit(&v[i]->kh, level);
    k = (unsigned)popcount16(bm);
    Term *hp = alloc(a, 2 + k);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_MAP, 1 + k);
    if (head)
        hp[1] = MAP_KIND_HEAD | (UWord)bm << MAP_BITMAP_SHIFT | total;
    else
        hp[1] = MAP_KIND_NODE | (UWord)level << MAP_LEVEL_SHIFT | (UWord)bm << MAP_BITMAP_SHIFT;
    UWord i = 0;
    for (unsigned c = 0; c < k; c++) {
        unsigned d = digit(&v[i]->kh, level);
        UWord j = i + 1;
        while (j < n && digit(&v[j]->kh, level) == d) j++;
        Term t = build(a, v + i, j - i, level + 1, false, 0);
        if (t == THE_NON_VALUE) return THE_NON_VALUE;
        hp[2 + c] = t;
        i = j;
    }
    return make_boxed(hp);
}

/* Merge sort of parallel key/value arrays by key (term order, exact). */
static bool sort_flat(const AtomTable *atoms, Term *keys, Term *vals, UWord n) {
    if (n < 2) return true;
    Term *tmp = malloc(2 * n * sizeof(Term));
    if (!tmp) return false;
    Term *tk = tmp, *tv = tmp + n;
    for (UWord w = 1; w < n; w *= 2) {
        for (UWord lo = 0; lo < n; lo += 2 * w) {
            UWord mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            UWord i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (term_compare_exact(atoms, keys[j], keys[i]) < 0) {
                    tk[k] = keys[j];
                    tv[k++] = vals[j++];
                } else {
                    tk[k] = keys[i];
                    tv[k++] = vals[i++];
                }
            }
            while (i < mid) {
                tk[k] = keys[i];
                tv[k++] = vals[i++];
            }
            while (j < hi) {
                tk[k] = keys[j];
                tv[k++] = vals[j++];
            }
        }
        memcpy(keys, tk, n * sizeof(Term));
        memcpy(vals, tv, n * sizeof(Term));
    }
    free(tmp);
    return true;
}

/* A flat map of the n sorted, distinct pairs. */
static Term make_flat(MapAlloc a, const Term *keys, const Term *vals, UWord n) {
    Term *hp = alloc(a, MAP_FLAT_WORDS(n));
    if (!hp) return THE_NON_VALUE;
    Term *kt = hp + 3 + n;
    kt[0] = MAKE_HEADER(SUB_TUPLE, n);
    hp[0] = MAKE_HEADER(SUB_MAP, 2 + n);
    hp[1] = n;
    hp[2] = make_boxed(kt);
    if (n > 0) { /* the arrays may be NULL when empty */
        memcpy(kt + 1, keys, n * sizeof(Term));
        memcpy(hp + 3, vals, n * sizeof(Term));
    }
    return make_boxed(hp);
}

Term map_from_arrays(const AtomTable *atoms, MapAlloc a, Term *keys, Term *vals, UWord n,
                     bool dups_last_wins, bool *dup) {
    *dup = false;
    if (n <= MAP_FLAT_MAX) {
        /* Stable sort, then keep the last of equal keys. */
        if (!sort_flat(atoms, keys, vals, n)) return THE_NON_VALUE;
        UWord m = 0;
        for (UWord i = 0; i < n; i++) {
            if (m > 0 && term_compare_exact(atoms, keys[m - 1], keys[i]) == 0) {
                if (!dups_last_wins) {
                    *dup = true;
                    return THE_NON_VALUE;
                }
                keys[m - 1] = keys[i]; /* the last key too: 0.0 vs -0.0 */
                vals[m - 1] = vals[i];
                continue;
            }
            keys[m] = keys[i];
            vals[m++] = vals[i];
        }
        return make_flat(a, keys, vals, m);
    }
    Entry *es = malloc(n * sizeof *es);
    Entry **v = malloc(n * sizeof *v);
    Term result = THE_NON_VALUE;
    if (!es || !v) goto out;
    for (UWord i = 0; i < n; i++) {
        kh_init(&es[i].kh, keys[i]);
        es[i].val = vals[i];
        es[i].dead = false;
        v[i] = &es[i];
    }
    if (!sort_entries(v, n)) goto out;
    /* Equal keys have equal hashes, so they are in one run of equal
     * digit sequences; the input order is kept within a run. */
    UWord live = n;
    for (UWord i = 0; i < n;) {
        UWord j = i + 1;
        while (j < n && cmp_entries(v[i], v[j]) == 0) j++;
        for (UWord x = i; x < j; x++) {
            for (UWord y = x + 1; y < j; y++) {
                if (!v[y]->dead && key_eq(v[x]->kh.key, v[y]->kh.key)) {
                    if (!dups_last_wins) {
                        *dup = true;
                        goto out;
                    }
                    v[x]->dead = true;
                    live--;
                    break;
                }
            }
        }
        i = j;
    }
    if (live < n) {
        UWord m = 0;
        for (UWord i = 0; i < n; i++)
            if (!v[i]->dead) v[m++] = v[i];
    }
    if (live <= MAP_FLAT_MAX) {
        for (UWord i = 0; i < live; i++) {
            keys[i] = v[i]->kh.key;
            vals[i] = v[i]->val;
        }
        free(v);
        free(es);
        bool d;
        return map_from_arrays(atoms, a, keys, vals, live, true, &d);
    }
    result = build(a, v, live, 0, true, live);
out:
    free(v);
    free(es);
    return result;
}

/* All pairs of m into fresh arrays (caller frees *keys). */
static bool map_to_arrays(Term m, Term **keys, Term **vals, UWord extra) {
    UWord n = map_size(m);
    Term *k = malloc((2 * (n + extra) + 1) * sizeof(Term));
    if (!k) return false;
    Term *v = k + n + extra;
    MapIter it;
    map_iter_init(&it, m);
    UWord i = 0;
    while (map_iter_next(&it, &k[i], &v[i])) i++;
    *keys = k;
    *vals = v;
    return true;
}

/* ---- flat updates ---- */

/* Index of key in a flat map's sorted keys, or where it would go (*found
 * false). */
static UWord flat_find(const AtomTable *atoms, Term m, Term key, bool *found) {
    Term *p = boxed_ptr(m);
    UWord n = p[1], i;
    Term *ks = tuple_elems(p[2]);
    if (is_immed(key)) {
        i = map_flat_index_imm(ks, n, key, 0);
    } else {
        for (i = 0; i < n; i++)
            if (!is_immed(ks[i]) && term_eq_exact(ks[i], key)) break;
    }
    *found = i < n;
    if (*found) return i;
    UWord lo = 0, hi = n;
    while (lo < hi) {
        UWord mid = (lo + hi) / 2;
        if (term_compare_exact(atoms, ks[mid], key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The index of each of the n keys in flat map p (boxed pointer) into
 * idx[]; returns the position in keys[] of the first key absent, or n. */
static UWord flat_indices(const Term *p, const Term *keys, UWord n, UWord *idx) {
    UWord sz = p[1], pos = 0;
    const Term *ks = tuple_elems(p[2]);
    for (UWord i = 0; i < n; i++) {
        Term key = keys[i];
        UWord j;
        if (is_immed(key)) {
            j = map_flat_index_imm(ks, sz, key, pos);
        } else {
            for (j = 0; j < sz; j++)
                if (!is_immed(ks[j]) && term_eq_exact(ks[j], key)) break;
        }
        if (j == sz) return i;
        idx[i] = j;
        pos = j + 1;
    }
    return n;
}

/* m with its value at i replaced; the keys tuple is shared. */
static Term flat_set_value(MapAlloc a, Term m, UWord i, Term value) {
    Term *p = boxed_ptr(m);
    UWord n = p[1];
    if (p[3 + i] == value) return m;
    Term *hp = alloc(a, 3 + n);
    if (!hp) return THE_NON_VALUE;
    memcpy(hp, p, (3 + n) * sizeof(Term));
    hp[3 + i] = value;
    return make_boxed(hp);
}

/* ---- HAMT updates ---- */

/* A copy of node n with child i replaced by c (c == THE_NON_VALUE:
 * removed, with its bitmap bit d cleared), or a child inserted at i for
 * digit d. */
enum { EDIT_SET, EDIT_INSERT, EDIT_REMOVE };

static Term node_edit(MapAlloc a, const Term *n, int op, UWord i, unsigned d, Term c, SWord dsize) {
    UWord k = node_count(n);
    UWord nk = op == EDIT_INSERT ? k + 1 : op == EDIT_REMOVE ? k - 1 : k;
    Term *hp = alloc(a, 2 + nk);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_MAP, 1 + nk);
    UWord w1 = n[1];
    if (op == EDIT_INSERT) w1 |= (UWord)1 << (MAP_BITMAP_SHIFT + d);
    if (op == EDIT_REMOVE && (w1 & MAP_KIND_MASK) != MAP_KIND_COLL) w1 &= ~((UWord)1 << (MAP_BITMAP_SHIFT + d));
    if ((w1 & MAP_KIND_MASK) == MAP_KIND_HEAD) w1 = (w1 & ~MAP_SIZE_MASK) | ((w1 & MAP_SIZE_MASK) + (UWord)dsize);
    hp[1] = w1;
    const Term *oc = n + 2;
    Term *nc = hp + 2;
    switch (op) {
    case EDIT_SET:
        memcpy(nc, oc, k * sizeof(Term));
        nc[i] = c;
        break;
    case EDIT_INSERT:
        memcpy(nc, oc, i * sizeof(Term));
        nc[i] = c;
        memcpy(nc + i + 1, oc + i, (k - i) * sizeof(Term));
        break;
    default:
        memcpy(nc, oc, i * sizeof(Term));
        memcpy(nc + i, oc + i + 1, (k - i - 1) * sizeof(Term));
        break;
    }
    return make_boxed(hp);
}

/* The key of some leaf under node n (its first). */
static Term some_key(Term *n) {
    for (;;) {
        Term c = n[2];
        if (is_list(c)) return CAR(list_ptr(c));
        n = boxed_ptr(c);
    }
}

/* A node splitting on `level` with the two children a_child (digit da)
 * and b_child (digit db), da != db. */
static Term node_of_two(MapAlloc a, unsigned level, unsigned da, Term ac, unsigned db, Term bc) {
    Term *hp = alloc(a, 4);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_MAP, 3);
    hp[1] = MAP_KIND_NODE | (UWord)level << MAP_LEVEL_SHIFT | ((UWord)1 << da | (UWord)1 << db) << MAP_BITMAP_SHIFT;
    hp[2] = da < db ? ac : bc;
    hp[3] = da < db ? bc : ac;
    return make_boxed(hp);
}

/* A subtrie holding the leaf `leaf` (key kh) and the existing subtrie
 * `other` (whose keys share the digits of every level from `from` up to
 * `upto` - 1, `other_key` being one of them), split at the first level in
 * [from, upto) where kh differs; THE_NON_VALUE with *same set when none. */
static Term split(MapAlloc a, KeyHash *kh, Term leaf, Term other, Term other_key, unsigned from,
                  unsigned upto, bool *same) {
    KeyHash ok;
    kh_init(&ok, other_key);
    *same = false;
    for (unsigned l = from; l < upto && l <= MAP_LEVEL_MAX; l++) {
        unsigned d1 = digit(kh, l), d2 = digit(&ok, l);
        if (d1 != d2) return node_of_two(a, l, d1, leaf, d2, other);
    }
    *same = true;
    return THE_NON_VALUE;
}

/* The path from the head to the node being changed. */
typedef struct Path {
    Term *node[MAP_LEVEL_MAX + 2]; /* nodes from the head down */
    UWord idx[MAP_LEVEL_MAX + 2];  /* child taken in each */
    unsigned len;                  /* nodes on the path */
} Path;

/* Rebuilds the path above node number `upto` with `child` in its place. */
static Term rebuild(MapAlloc a, Path *pa, unsigned upto, Term child, SWord dsize) {
    for (unsigned i = upto; i-- > 0;) {
        child = node_edit(a, pa->node[i], EDIT_SET, pa->idx[i], 0, child, i == 0 ? dsize : 0);
        if (child == THE_NON_VALUE) return THE_NON_VALUE;
    }
    return child;
}

/* Puts key => value into HAMT m; with must_exist, fails (*missing) when
 * the key is absent. */
static Term hamt_put(MapAlloc a, Term m, Term key, Term value, bool must_exist, bool *missing) {
    KeyHash kh;
    kh_init(&kh, key);
    Path pa;
    pa.len = 0;
    Term *n = boxed_ptr(m);
    *missing = false;
    for (;;) {
        pa.node[pa.len] = n;
        if (node_kind(n) == MAP_KIND_COLL) {
            UWord k = node_count(n);
            for (UWord i = 0; i < k; i++) {
                Term *leaf = list_ptr(n[2 + i]);
                if (key_eq(CAR(leaf), key)) {
                    if (CAR(leaf) == key && CDR(leaf) == value) return m;
                    Term nl = make_leaf(a, key, value);
                    if (nl == THE_NON_VALUE) return nl;
                    Term nn = node_edit(a, n, EDIT_SET, i, 0, nl, 0);
                    return nn == THE_NON_VALUE ? nn : rebuild(a, &pa, pa.len, nn, 0);
                }
            }
            if (must_exist) break;
            Term nl = make_leaf(a, key, value);
            if (nl == THE_NON_VALUE) return nl;
            Term nn = node_edit(a, n, EDIT_INSERT, k, 0, nl, 0);
            return nn == THE_NON_VALUE ? nn : rebuild(a, &pa, pa.len, nn, 1);
        }
        unsigned level = node_level(n), d = digit(&kh, level), bm = node_bitmap(n);
        UWord i = (UWord)popcount16(bm & ((1u << d) - 1));
        if (!(bm & (1u << d))) {
            if (must_exist) break;
            Term nl = make_leaf(a, key, value);
            if (nl == THE_NON_VALUE) return nl;
            Term nn = node_edit(a, n, EDIT_INSERT, i, d, nl, pa.len == 0 ? 1 : 0);
            return nn == THE_NON_VALUE ? nn : rebuild(a, &pa, pa.len, nn, 1);
        }
        pa.idx[pa.len++] = i;
        Term c = n[2 + i];
        if (is_list(c)) {
            Term *leaf = list_ptr(c);
            if (key_eq(CAR(leaf), key)) {
                /* OTP puts the new key in a trie (0.0 replaces -0.0). */
                if (CAR(leaf) == key && CDR(leaf) == value) return m;
                Term nl = make_leaf(a, key, value);
                return nl == THE_NON_VALUE ? nl : rebuild(a, &pa, pa.len, nl, 0);
            }
            if (must_exist) break;
            Term nl = make_leaf(a, key, value);
            if (nl == THE_NON_VALUE) return nl;
            bool same;
            Term sub = split(a, &kh, nl, c, CAR(leaf), level + 1, MAP_LEVEL_MAX + 1, &same);
            if (same) {
                /* Every digit agrees: a collision node of the two. */
                Term *hp = alloc(a, 4);
                if (!hp) return THE_NON_VALUE;
                hp[0] = MAKE_HEADER(SUB_MAP, 3);
                hp[1] = MAP_KIND_COLL | (UWord)MAP_LEVEL_MAX << MAP_LEVEL_SHIFT;
                hp[2] = c;
                hp[3] = nl;
                sub = make_boxed(hp);
            }
            return sub == THE_NON_VALUE ? sub : rebuild(a, &pa, pa.len, sub, 1);
        }
        Term *cn = boxed_ptr(c);
        unsigned clevel = node_kind(cn) == MAP_KIND_COLL ? MAP_LEVEL_MAX + 1 : node_level(cn);
        if (clevel > level + 1) {
            /* Levels skipped above the child: the key must share them. */
            KeyHash ok;
            kh_init(&ok, some_key(cn));
            unsigned l = level + 1;
            while (l < clevel && l <= MAP_LEVEL_MAX && digit(&kh, l) == digit(&ok, l)) l++;
            if (l < clevel && l <= MAP_LEVEL_MAX) {
                if (must_exist) break;
                Term nl = make_leaf(a, key, value);
                if (nl == THE_NON_VALUE) return nl;
                Term sub = node_of_two(a, l, digit(&kh, l), nl, digit(&ok, l), c);
                return sub == THE_NON_VALUE ? sub : rebuild(a, &pa, pa.len, sub, 1);
            }
        }
        n = cn;
    }
    *missing = true;
    return THE_NON_VALUE;
}

/* HAMT m without key (m itself when key is absent).  The caller turns a
 * trie that would shrink to 32 pairs into a flat map instead. */
static Term hamt_remove(MapAlloc a, Term m, Term key) {
    KeyHash kh;
    kh_init(&kh, key);
    Path pa;
    pa.len = 0;
    Term *n = boxed_ptr(m);
    for (;;) {
        pa.node[pa.len] = n;
        UWord i;
        unsigned d = 0;
        Term c;
        if (node_kind(n) == MAP_KIND_COLL) {
            UWord k = node_count(n);
            for (i = 0; i < k; i++)
                if (key_eq(CAR(list_ptr(n[2 + i])), key)) break;
            if (i == k) return m;
            c = n[2 + i];
        } else {
            unsigned bm = node_bitmap(n);
            d = digit(&kh, node_level(n));
            if (!(bm & (1u << d))) return m;
            i = (UWord)popcount16(bm & ((1u << d) - 1));
            c = n[2 + i];
            if (!is_list(c)) {
                pa.idx[pa.len++] = i;
                n = boxed_ptr(c);
                continue;
            }
            if (!key_eq(CAR(list_ptr(c)), key)) return m;
        }
        /* Remove child i of n. */
        Term nn;
        if (pa.len > 0 && node_count(n) == 2) {
            nn = n[2 + (1 - i)]; /* the other child takes the node's place */
        } else {
            nn = node_edit(a, n, EDIT_REMOVE, i, d, THE_NON_VALUE, pa.len == 0 ? -1 : 0);
            if (nn == THE_NON_VALUE) return nn;
        }
        return pa.len == 0 ? nn : rebuild(a, &pa, pa.len, nn, -1);
    }
}

/* ---- public updates ---- */

static Term grow_to_hamt(const AtomTable *atoms, MapAlloc a, Term m, Term key, Term value) {
    Term *ks, *vs;
    if (!map_to_arrays(m, &ks, &vs, 1)) return THE_NON_VALUE;
    UWord n = map_size(m);
    ks[n] = key;
    vs[n] = value;
    bool dup;
    Term r = map_from_arrays(atoms, a, ks, vs, n + 1, true, &dup);
    free(ks);
    return r;
}

Term map_put(const AtomTable *atoms, MapAlloc a, Term m, Term key, Term value) {
    if (map_is_flat(m)) {
        bool found;
        UWord i = flat_find(atoms, m, key, &found);
        if (found) return flat_set_value(a, m, i, value);
        Term *p = boxed_ptr(m);
        UWord n = p[1];
        if (n >= MAP_FLAT_MAX) return grow_to_hamt(atoms, a, m, key, value);
        Term *hp = alloc(a, MAP_FLAT_WORDS(n + 1));
        if (!hp) return THE_NON_VALUE;
        Term *ks = tuple_elems(p[2]), *kt = hp + 4 + n;
        kt[0] = MAKE_HEADER(SUB_TUPLE, n + 1);
        memcpy(kt + 1, ks, i * sizeof(Term));
        kt[1 + i] = key;
        memcpy(kt + 2 + i, ks + i, (n - i) * sizeof(Term));
        hp[0] = MAKE_HEADER(SUB_MAP, 3 + n);
        hp[1] = n + 1;
        hp[2] = make_boxed(kt);
        memcpy(hp + 3, p + 3, i * sizeof(Term));
        hp[3 + i] = value;
        memcpy(hp + 4 + i, p + 3 + i, (n - i) * sizeof(Term));
        return make_boxed(hp);
    }
    bool missing;
    return hamt_put(a, m, key, value, false, &missing);
}

Term map_update(const AtomTable *atoms, MapAlloc a, Term m, Term key, Term value, bool *missing) {
    *missing = false;
    if (map_is_flat(m)) {
        bool found;
        UWord i = flat_find(atoms, m, key, &found);
        if (!found) {
            *missing = true;
            return THE_NON_VALUE;
        }
        return flat_set_value(a, m, i, value);
    }
    return hamt_put(a, m, key, value, true, missing);
}

Term map_remove(const AtomTable *atoms, MapAlloc a, Term m, Term key) {
    if (map_is_flat(m)) {
        bool found;
        UWord i = flat_find(atoms, m, key, &found);
        if (!found) return m;
        Term *p = boxed_ptr(m);
        UWord n = p[1];
        Term *hp = alloc(a, MAP_FLAT_WORDS(n - 1));
        if (!hp) return THE_NON_VALUE;
        Term *ks = tuple_elems(p[2]), *kt = hp + 2 + n;
        kt[0] = MAKE_HEADER(SUB_TUPLE, n - 1);
        memcpy(kt + 1, ks, i * sizeof(Term));
        memcpy(kt + 1 + i, ks + i + 1, (n - 1 - i) * sizeof(Term));
        hp[0] = MAKE_HEADER(SUB_MAP, 1 + n);
        hp[1] = n - 1;
        hp[2] = make_boxed(kt);
        memcpy(hp + 3, p + 3, i * sizeof(Term));
        memcpy(hp + 3 + i, p + 4 + i, (n - 1 - i) * sizeof(Term));
        return make_boxed(hp);
    }
    if (map_size(m) > MAP_FLAT_MAX + 1) return hamt_remove(a, m, key);
    if (!map_get(m, key)) return m;
    /* Shrinking to 32 pairs: back to a flat map. */
    Term *ks, *vs;
    if (!map_to_arrays(m, &ks, &vs, 0)) return THE_NON_VALUE;
    UWord n = map_size(m), j = 0;
    for (UWord i = 0; i < n; i++) {
        if (key_eq(ks[i], key)) continue;
        ks[j] = ks[i];
        vs[j++] = vs[i];
    }
    bool dup;
    Term r = map_from_arrays(atoms, a, ks, vs, j, true, &dup);
    free(ks);
    return r;
}

Term map_finish_decoded(const AtomTable *atoms, MapAlloc a, Term flat, bool *dup) {
    Term *p = boxed_ptr(flat);
    UWord n = p[1];
    Term *ks = tuple_elems(p[2]), *vs = p + 3;
    *dup = false;
    if (n <= MAP_FLAT_MAX) {
        if (!sort_flat(atoms, ks, vs, n)) return THE_NON_VALUE;
        for (UWord i = 1; i < n; i++) {
            if (term_compare_exact(atoms, ks[i - 1], ks[i]) == 0) {
                *dup = true;
                return THE_NON_VALUE;
            }
        }
        return flat;
    }
    return map_from_arrays(atoms, a, ks, vs, n, false, dup);
}

static Term *proc_alloc_fn(void *ctx, size_t n) { return proc_alloc((Process *)ctx, n); }

MapAlloc map_proc_alloc(Process *p) { return (MapAlloc){proc_alloc_fn, p}; }

unsigned map_skipped_digits(const Term *parent, const Term *child, unsigned char *digits) {
    unsigned from = node_level(parent) + 1;
    unsigned to = node_kind(child) == MAP_KIND_COLL ? MAP_LEVEL_MAX + 1 : node_level(child);
    if (to <= from) return 0;
    KeyHash kh;
    kh_init(&kh, some_key((Term *)(uintptr_t)child));
    unsigned n = 0;
    for (unsigned l = from; l < to; l++) digits[n++] = (unsigned char)digit(&kh, l);
    return n;
}

UWord map_put_need(Term m, UWord k) {
    UWord n = map_size(m);
    if (map_is_flat(m)) {
        if (n + k <= MAP_FLAT_MAX) return k * MAP_FLAT_WORDS(n + k);
        return MAP_HAMT_MAX_WORDS(n + k) + k * MAP_FLAT_WORDS(MAP_FLAT_MAX);
    }
    /* A path of nodes of at most 18 words, one per 4 bits of the size
     * and two more, a leaf and a node of two per key. */
    UWord depth = 2;
    for (UWord s = n; s; s >>= 4) depth++;
    return k * (18 * depth + 6) + MAP_FLAT_WORDS(MAP_FLAT_MAX);
}

Term map_put_many(const AtomTable *atoms, MapAlloc a, Term m, const Term *keys, const Term *vals,
                  UWord n, bool exact, Term *bad_key) {
    *bad_key = THE_NON_VALUE;
    UWord size = map_size(m);
    if (map_is_flat(m) && n <= 16) {
        /* Every key present (always so for an exact update that
         * succeeds): one copy sharing the keys tuple. */
        UWord idx[16];
        const Term *p = boxed_ptr(m);
        UWord miss = flat_indices(p, keys, n, idx);
        if (miss == n) {
            Term *hp = alloc(a, 3 + size);
            if (!hp) return THE_NON_VALUE;
            memcpy(hp, p, (3 + size) * sizeof(Term));
            for (UWord i = 0; i < n; i++) hp[3 + idx[i]] = vals[i];
            return make_boxed(hp);
        }
        if (exact) {
            *bad_key = keys[miss];
            return THE_NON_VALUE;
        }
    }
    if (!exact && n > 2 && n >= size / 4) {
        /* Many new pairs: rebuild in one go (later pairs win). */
        Term *ks, *vs;
        if (!map_to_arrays(m, &ks, &vs, n)) return THE_NON_VALUE;
        memcpy(ks + size, keys, n * sizeof(Term));
        memcpy(vs + size, vals, n * sizeof(Term));
        bool dup;
        Term r = map_from_arrays(atoms, a, ks, vs, size + n, true, &dup);
        free(ks);
        return r;
    }
    for (UWord i = 0; i < n && m != THE_NON_VALUE; i++) {
        if (exact) {
            bool missing;
            m = map_update(atoms, a, m, keys[i], vals[i], &missing);
            if (missing) *bad_key = keys[i];
        } else {
            m = map_put(atoms, a, m, keys[i], vals[i]);
        }
    }
    return m;
}
