/*
 * map.h: maps, flat and hash-array-mapped trie (HAMT).
 *
 * A map of at most MAP_FLAT_MAX (32) pairs is flat: its keys sorted in
 * term order (term_compare_exact), as in OTP 25.  A larger map is a HAMT
 * keyed by OTP 25's internal map hash (map_hash), so that iteration order
 * (maps:to_list, keys, fold, iterators, printing, term_to_binary) is OTP's:
 * pairs come in depth-first order, children of a node by ascending 4-bit
 * hash digit, digit L of a key being bits 4*(L%8).. of
 * map_hash(key, L/8).  Levels 0-7 (the whole 32-bit hash) are OTP's; for
 * keys whose 32-bit hashes collide (likely only past ~65,000 keys) OTP 25
 * rehashes in a way not matched yet, so such keys may come in another
 * order than OTP's.  The layout is a function of the size only: every
 * operation that leaves 33 or more pairs returns a HAMT, one that leaves
 * 32 or fewer returns a flat map (OTP 25 converts back on shrinking too).
 *
 * Layout (all objects have subtag SUB_MAP; word 1 is a raw word, never a
 * term, and every word after it is a term, so the collector copies them
 * without knowing the kind):
 *   flat     header(SUB_MAP, 2 + n), n, keys tuple, n values
 *   head     header(SUB_MAP, 1 + k), MAP_KIND_HEAD | bitmap | size,
 *            k children                      (the map term itself, level 0)
 *   node     header(SUB_MAP, 1 + k), MAP_KIND_NODE | level | bitmap,
 *            k children                      (inside a HAMT only)
 *   collide  header(SUB_MAP, 1 + k), MAP_KIND_COLL | level, k leaves
 *            (keys whose hashes agree on every level; never seen in practice)
 * A child is a leaf, a cons cell [Key | Value], or a boxed node.  Unlike
 * OTP, a node that would have a single child is skipped (a node records
 * the level whose digit it splits on), so a HAMT of n pairs takes at most
 * 6n words; the order is the same.
 *
 * Nothing here collects garbage.  Functions that build take an allocator
 * (MapAlloc) so the same code serves processes (proc_alloc), literal areas
 * and the external term format decoder.
 */
#ifndef GIRDER_MAP_H
#define GIRDER_MAP_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "atom.h"
#include "jenkins_hash.h"
#include "term.h"

#define MAP_KIND_SHIFT 62
#define MAP_KIND_MASK ((UWord)3 << MAP_KIND_SHIFT)
#define MAP_KIND_FLAT ((UWord)0 << MAP_KIND_SHIFT)
#define MAP_KIND_HEAD ((UWord)1 << MAP_KIND_SHIFT)
#define MAP_KIND_NODE ((UWord)2 << MAP_KIND_SHIFT)
#define MAP_KIND_COLL ((UWord)3 << MAP_KIND_SHIFT)
#define MAP_LEVEL_SHIFT 56 /* 6 bits: the level a node splits on */
#define MAP_LEVEL_MAX 63   /* deeper keys go to a collision node */
#define MAP_BITMAP_SHIFT 40 /* 16 bits: which digits have a child */
#define MAP_SIZE_MASK (((UWord)1 << MAP_BITMAP_SHIFT) - 1)

/* Words a HAMT of n pairs can take at most (see above). */
#define MAP_HAMT_MAX_WORDS(n) (6 * (UWord)(n) + 4)
/* Words of a flat map of n pairs. */
#define MAP_FLAT_WORDS(n) (4 + 2 * (UWord)(n))

static inline UWord map_word1(Term m) { return boxed_ptr(m)[1]; }
static inline bool map_is_flat(Term m) { return (map_word1(m) & MAP_KIND_MASK) == MAP_KIND_FLAT; }
static inline bool map_is_hamt(Term m) { return (map_word1(m) & MAP_KIND_MASK) == MAP_KIND_HEAD; }
/* The number of pairs of a map (flat or HAMT). */
static inline UWord map_size(Term m) { return map_word1(m) & MAP_SIZE_MASK; }

/* OTP 25's make_internal_hash(Term, Salt): the map hash of a key at salt
 * (level / 8).  Atoms hash by their index, as in OTP, so the order of
 * atom keys follows girder's atom table, not a given OTP run's. */
uint32_t map_hash(Term key, uint32_t salt);
/* The same for an immediate key: its word mixed once. */
#define MAP_HASH_BASE_SALT 3432918353u
static inline uint32_t map_hash_immed(Term key, uint32_t salt) {
    return jenkins_mix2(salt ^ MAP_HASH_BASE_SALT, (uint32_t)key, (uint32_t)(key >> 32),
                        JENKINS_GOLDEN);
}

/* Lookup.  A flat map's keys are compared by word identity when the key
 * searched for is an immediate (an immediate is =:= only to the same
 * word: a boxed key, float or bignum, never equals one), by
 * term_eq_exact otherwise.  Out of line: a boxed key in a flat map
 * (p: the map's boxed pointer), and tries. */
const Term *map_flat_get_boxed(const Term *p, Term key);
const Term *map_hamt_get(const Term *p, Term key);

/* The first index in [lo, hi) of immediate key among keys ks, or hi. */
static inline UWord map_flat_scan(const Term *ks, UWord lo, UWord hi, Term key) {
    UWord i = lo;
    for (; i + 4 <= hi; i += 4) {
        if (ks[i] == key) return i;
        if (ks[i + 1] == key) return i + 1;
        if (ks[i + 2] == key) return i + 2;
        if (ks[i + 3] == key) return i + 3;
    }
    for (; i < hi; i++)
        if (ks[i] == key) return i;
    return hi;
}

/* Index of immediate key among a flat map's n keys ks, searching from
 * `from` to the end and then from the start (so keys looked up in the
 * map's order cost one pass in all); n when absent. */
static inline UWord map_flat_index_imm(const Term *ks, UWord n, Term key, UWord from) {
    if (from > n) from = n;
    UWord i = map_flat_scan(ks, from, n, key);
    if (i < n || from == 0) return i;
    i = map_flat_scan(ks, 0, from, key);
    return i < from ? i : n;
}

/* The same in flat map mp (boxed pointer), first trying the index in
 * *cache, a word of an instruction that remembers where its key was
 * last found.  The code is shared by the schedulers: the word is read
 * and written relaxed, and any value is checked before it is used. */
static inline UWord map_flat_index_cached(const Term *mp, Term key, UWord *cache) {
    UWord n = mp[1];
    const Term *ks = tuple_elems(mp[2]);
    UWord c = __atomic_load_n(cache, __ATOMIC_RELAXED);
    if (c < n && ks[c] == key) return c;
    UWord i = map_flat_scan(ks, 0, n, key);
    if (i < n) __atomic_store_n(cache, i, __ATOMIC_RELAXED);
    return i;
}

/* The value stored under key (=:=), or NULL. */
static inline const Term *map_get(Term m, Term key) {
    const Term *p = boxed_ptr(m);
    if ((p[1] & MAP_KIND_MASK) != MAP_KIND_FLAT) return map_hamt_get(p, key);
    if (!is_immed(key)) return map_flat_get_boxed(p, key);
    UWord n = p[1], i = map_flat_scan(tuple_elems(p[2]), 0, n, key);
    return i < n ? p + 3 + i : NULL;
}

/* map_get with an index cache (see map_flat_index_cached). */
static inline const Term *map_get_cached(Term m, Term key, UWord *cache) {
    const Term *p = boxed_ptr(m);
    if ((p[1] & MAP_KIND_MASK) != MAP_KIND_FLAT) return map_hamt_get(p, key);
    if (!is_immed(key)) return map_flat_get_boxed(p, key);
    UWord i = map_flat_index_cached(p, key, cache);
    return i < p[1] ? p + 3 + i : NULL;
}

/* Writes at hp (3 + n words, n the size of flat map mp) a copy of the
 * map sharing its keys tuple, with value i set to v. */
static inline Term map_flat_copy_set(Term *hp, const Term *mp, UWord i, Term v) {
    memcpy(hp, mp, (3 + mp[1]) * sizeof(Term));
    hp[3 + i] = v;
    return make_boxed(hp);
}

/* Iteration over the pairs in OTP's order.  The map must stay alive (and
 * not move) while iterating. */
typedef struct MapIter {
    Term map;          /* the map */
    UWord i;           /* flat: next index */
    unsigned depth;    /* HAMT: entries on the stack */
    struct {
        const Term *child; /* next child to visit */
        unsigned left;     /* children left in that node */
    } stack[MAP_LEVEL_MAX + 2];
} MapIter;
void map_iter_init(MapIter *it, Term m);
/* Sets *key and *value to the next pair; false when there is none. */
bool map_iter_next(MapIter *it, Term *key, Term *value);

/* Allocates n words (uninitialised) for a map being built; NULL when out
 * of memory. */
typedef Term *(*MapAllocFn)(void *ctx, size_t n);
typedef struct MapAlloc {
    MapAllocFn fn; /* the allocator */
    void *ctx;     /* its argument */
} MapAlloc;

/* Builds a map of the n pairs keys[i] => vals[i].  With dups_last_wins a
 * key given twice keeps its last value (maps:from_list); without, a
 * duplicate key makes it fail with *dup set.  keys and vals are scratch:
 * they are reordered.  THE_NON_VALUE when out of memory or on a duplicate. */
Term map_from_arrays(const AtomTable *atoms, MapAlloc a, Term *keys, Term *vals, UWord n,
                     bool dups_last_wins, bool *dup);
/* The same map as m with key => value (added or replaced). */
Term map_put(const AtomTable *atoms, MapAlloc a, Term m, Term key, Term value);
/* m with key's value replaced; *missing set (and THE_NON_VALUE returned)
 * when key is not in m. */
Term map_update(const AtomTable *atoms, MapAlloc a, Term m, Term key, Term value, bool *missing);
/* m with the n pairs put in order (exact: map_update, failing with
 * *bad_key set to the first missing key).  THE_NON_VALUE with *bad_key
 * THE_NON_VALUE when out of memory. */
Term map_put_many(const AtomTable *atoms, MapAlloc a, Term m, const Term *keys, const Term *vals,
                  UWord n, bool exact, Term *bad_key);
/* Heap words that putting k keys into m takes at most when m is flat, an
 * estimate for a trie (map_put_many may take more; proc_alloc then takes
 * a fragment).  Map instructions collect for this many first. */
UWord map_put_need(Term m, UWord k);
/* m without key (m itself when key is absent). */
Term map_remove(const AtomTable *atoms, MapAlloc a, Term m, Term key);
/* A flat map built in place from a flat map whose n <= 32 keys may be
 * unsorted: used by the ETF decoder.  Converts to a HAMT when n > 32.
 * *dup set on a duplicate key. */
Term map_finish_decoded(const AtomTable *atoms, MapAlloc a, Term flat, bool *dup);

/* OTP keeps a node on every level; girder skips nodes of one child.  The
 * digits of the levels skipped between node `parent` and its child node
 * `child` (at most MAP_LEVEL_MAX) go to digits[]; returns how many. */
unsigned map_skipped_digits(const Term *parent, const Term *child, unsigned char *digits);

struct Process;
/* An allocator on a process's heap (proc_alloc: heap or fragment). */
MapAlloc map_proc_alloc(struct Process *p);

#endif
