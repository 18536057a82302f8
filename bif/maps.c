/*
 * maps.c: the map BIFs (bif/maps.tab): erlang's map_size/1, map_get/2 and
 * is_map_key/2, the native functions of maps.erl, and
 * erts_internal:map_next/3, on which OTP 25's maps.erl builds iterators,
 * to_list, fold, map, filter...
 *
 * Errors are OTP's: {badmap, M} for a map argument that is not a map,
 * {badkey, K} for a missing key where one is required, badarg for a bad
 * list.  Results come in OTP's orders: keys/1, values/1 and to_list/1 give
 * a flat map's pairs in key order and a hash trie's in the reverse of its
 * iteration order (OTP builds those lists by consing as it iterates).
 */
#include <stdlib.h>
#include <string.h>

#include "bif.h"
#include "../vm/map.h"
#include "../vm/vm.h"

static Term badmap(Process *p, Term m) {
    Term *hp;
    BIF_ALLOC(p, hp, 3);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = ATOM_badmap;
    hp[2] = m;
    return bif_error(p, make_boxed(hp));
}

static Term badkey(Process *p, Term k) {
    Term *hp;
    BIF_ALLOC(p, hp, 3);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = ATOM_badkey;
    hp[2] = k;
    return bif_error(p, make_boxed(hp));
}

static Term nomem(Process *p) { return bif_error(p, ATOM_system_limit); }

static const AtomTable *atoms_of(Process *p) { return &p->vm->atoms; }

Term bif_erlang_map_size_1(Process *p, Term *args) {
    if (!is_map(args[0])) return badmap(p, args[0]);
    UWord n = map_size(args[0]);
    return make_small((SWord)n);
}

Term bif_erlang_map_get_2(Process *p, Term *args) {
    if (!is_map(args[1])) return badmap(p, args[1]);
    const Term *v = map_get(args[1], args[0]);
    return v ? *v : badkey(p, args[0]);
}

Term bif_erlang_is_map_key_2(Process *p, Term *args) {
    if (!is_map(args[1])) return badmap(p, args[1]);
    return map_get(args[1], args[0]) ? ATOM_true : ATOM_false;
}

Term bif_maps_get_2(Process *p, Term *args) { return bif_erlang_map_get_2(p, args); }
Term bif_maps_is_key_2(Process *p, Term *args) { return bif_erlang_is_map_key_2(p, args); }

Term bif_maps_find_2(Process *p, Term *args) {
    if (!is_map(args[1])) return badmap(p, args[1]);
    const Term *v = map_get(args[1], args[0]);
    if (!v) return ATOM_error;
    Term *hp;
    BIF_ALLOC(p, hp, 3);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = ATOM_ok;
    hp[2] = *v;
    return make_boxed(hp);
}

Term bif_maps_put_3(Process *p, Term *args) {
    if (!is_map(args[2])) return badmap(p, args[2]);
    Term r = map_put(atoms_of(p), map_proc_alloc(p), args[2], args[0], args[1]);
    return r == THE_NON_VALUE ? nomem(p) : r;
}

Term bif_maps_update_3(Process *p, Term *args) {
    if (!is_map(args[2])) return badmap(p, args[2]);
    bool missing;
    Term r = map_update(atoms_of(p), map_proc_alloc(p), args[2], args[0], args[1], &missing);
    if (missing) return badkey(p, args[0]);
    return r == THE_NON_VALUE ? nomem(p) : r;
}

Term bif_maps_remove_2(Process *p, Term *args) {
    if (!is_map(args[1])) return badmap(p, args[1]);
    Term r = map_remove(atoms_of(p), map_proc_alloc(p), args[1], args[0]);
    return r == THE_NON_VALUE ? nomem(p) : r;
}

Term bif_maps_take_2(Process *p, Term *args) {
    if (!is_map(args[1])) return badmap(p, args[1]);
    const Term *v = map_get(args[1], args[0]);
    if (!v) return ATOM_error;
    Term val = *v;
    Term r = map_remove(atoms_of(p), map_proc_alloc(p), args[1], args[0]);
    if (r == THE_NON_VALUE) return nomem(p);
    Term *hp;
    BIF_ALLOC(p, hp, 3);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = val;
    hp[2] = r;
    return make_boxed(hp);
}

/* keys/1 and values/1: a flat map's in key order, a trie's reversed. */
static Term map_column(Process *p, Term m, bool want_keys) {
    if (!is_map(m)) return badmap(p, m);
    UWord n = map_size(m);
    Term *hp;
    BIF_ALLOC(p, hp, 2 * n);
    Term list = NIL;
    if (map_is_flat(m)) {
        Term *ks = tuple_elems(flatmap_keys(m)), *vs = flatmap_values(m);
        for (UWord i = n; i-- > 0;) {
            hp[0] = want_keys ? ks[i] : vs[i];
            hp[1] = list;
            list = make_list(hp);
            hp += 2;
        }
        return list;
    }
    MapIter it;
    map_iter_init(&it, m);
    Term k, v;
    while (map_iter_next(&it, &k, &v)) {
        hp[0] = want_keys ? k : v;
        hp[1] = list;
        list = make_list(hp);
        hp += 2;
    }
    return list;
}

Term bif_maps_keys_1(Process *p, Term *args) { return map_column(p, args[0], true); }
Term bif_maps_values_1(Process *p, Term *args) { return map_column(p, args[0], false); }

/* The length of a proper list, or -1. */
static SWord list_length(Term l) {
    SWord n = 0;
    while (is_list(l)) {
        n++;
        l = CDR(list_ptr(l));
    }
    return is_nil(l) ? n : -1;
}

/* Builds a map from arrays (freed here); last duplicate wins. */
static Term build_map(Process *p, Term *ks, Term *vs, UWord n) {
    bool dup;
    Term r = map_from_arrays(atoms_of(p), map_proc_alloc(p), ks, vs, n, true, &dup);
    free(ks);
    return r == THE_NON_VALUE ? nomem(p) : r;
}

Term bif_maps_from_list_1(Process *p, Term *args) {
    SWord n = list_length(args[0]);
    if (n < 0) return bif_badarg(p);
    Term *ks = malloc((2 * (UWord)n + 1) * sizeof(Term));
    if (!ks) return nomem(p);
    Term *vs = ks + n;
    UWord i = 0;
    for (Term l = args[0]; is_list(l); l = CDR(list_ptr(l)), i++) {
        Term t = CAR(list_ptr(l));
        if (!is_tuple(t) || tuple_arity(t) != 2) {
            free(ks);
            return bif_badarg(p);
        }
        ks[i] = tuple_elems(t)[0];
        vs[i] = tuple_elems(t)[1];
    }
    return build_map(p, ks, vs, (UWord)n);
}

Term bif_maps_from_keys_2(Process *p, Term *args) {
    SWord n = list_length(args[0]);
    if (n < 0) return bif_badarg(p);
    Term *ks = malloc((2 * (UWord)n + 1) * sizeof(Term));
    if (!ks) return nomem(p);
    Term *vs = ks + n;
    UWord i = 0;
    for (Term l = args[0]; is_list(l); l = CDR(list_ptr(l)), i++) {
        ks[i] = CAR(list_ptr(l));
        vs[i] = args[1];
    }
    return build_map(p, ks, vs, (UWord)n);
}

Term bif_maps_merge_2(Process *p, Term *args) {
    Term a = args[0], b = args[1];
    if (!is_map(a)) return badmap(p, a);
    if (!is_map(b)) return badmap(p, b);
    UWord na = map_size(a), nb = map_size(b);
    if (nb == 0) return a;
    if (na == 0) return b;
    if (!map_is_flat(a) && nb < na / 8) {
        /* A few pairs into a trie: put them one by one (a trie takes the
         * new key, as merge does: -0.0 replaces 0.0). */
        MapIter it;
        map_iter_init(&it, b);
        Term k, v, r = a;
        while (r != THE_NON_VALUE && map_iter_next(&it, &k, &v))
            r = map_put(atoms_of(p), map_proc_alloc(p), r, k, v);
        return r == THE_NON_VALUE ? nomem(p) : r;
    }
    Term *ks = malloc((2 * (na + nb) + 1) * sizeof(Term));
    if (!ks) return nomem(p);
    Term *vs = ks + na + nb;
    UWord i = 0;
    MapIter it;
    map_iter_init(&it, a);
    while (map_iter_next(&it, &ks[i], &vs[i])) i++;
    map_iter_init(&it, b);
    while (map_iter_next(&it, &ks[i], &vs[i])) i++;
    return build_map(p, ks, vs, na + nb);
}

/* ---- erts_internal:map_next/3 ----
 *
 * An iterator is [Path | Map]: Path holds, 4 bits per level from the
 * lowest, the index of the child to take in each node of OTP's trie down
 * to the next pair.  OTP's trie has a node on every level, where girder
 * skips single-child nodes (map.h), so a skipped node is walked here as
 * a virtual node of one child.  A call returns up to 32 pairs when Path
 * is 0, else up to ITER_CHUNK. */

#define ITER_CHUNK 1000 /* what a fresh time slice lets OTP return */
#define PATH_LEVELS 16  /* path elements per 64-bit word */

typedef struct IterFrame {
    const Term *node; /* the real node */
    unsigned virt;    /* > 0: a skipped node above it (this many left) */
    unsigned idx;     /* next child to look at */
    unsigned sz;      /* children */
} IterFrame;

/* The frame for the child node term c of frame f's real node. */
static IterFrame child_frame(const IterFrame *f, Term c) {
    IterFrame n;
    if (f->virt > 0) {
        n.node = f->node;
        n.virt = f->virt - 1;
    } else {
        unsigned char digits[MAP_LEVEL_MAX + 1];
        n.node = boxed_ptr(c);
        n.virt = map_skipped_digits(f->node, n.node, digits);
    }
    n.idx = 0;
    n.sz = n.virt > 0 ? 1 : (unsigned)(HEADER_ARITY(n.node[0]) - 1);
    return n;
}

/* Child i of frame f: a leaf (list) or a node term (boxed, possibly the
 * same real node below a virtual one). */
static Term frame_child(const IterFrame *f, unsigned i) {
    if (f->virt > 0) return make_boxed(f->node);
    return f->node[2 + i];
}

/* The path integer of the frames (their idx fields point past the child
 * taken). */
static Term make_path(Process *p, const IterFrame *st, unsigned depth) {
    unsigned words = (depth + PATH_LEVELS - 1) / PATH_LEVELS;
    UWord w[MAP_LEVEL_MAX * 2 / PATH_LEVELS + 2] = {0};
    for (unsigned l = 0; l < depth; l++)
        w[l / PATH_LEVELS] |= (UWord)(st[l].idx - 1) << (4 * (l % PATH_LEVELS));
    while (words > 0 && w[words - 1] == 0) words--;
    if (words == 0) return make_small(0);
    if (words == 1 && w[0] <= (UWord)MAX_SMALL) return make_small((SWord)w[0]);
    Term *hp = proc_alloc(p, 1 + words);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_POS_BIG, words);
    memcpy(hp + 1, w, words * sizeof(UWord));
    return make_boxed(hp);
}

Term bif_erts_internal_map_next_3(Process *p, Term *args) {
    Term path = args[0], m = args[1], acc = args[2];
    bool iter;
    if (!is_map(m)) return bif_badarg(p);
    if (acc == ATOM_iterator)
        iter = true;
    else if (is_nil(acc) || is_list(acc))
        iter = false;
    else
        return bif_badarg(p);
    Term *hp;
    if (map_is_flat(m)) {
        UWord n = map_size(m);
        if (!is_small(path) || small_val(path) < 0 || (UWord)small_val(path) > n) return bif_badarg(p);
        Term *ks = tuple_elems(flatmap_keys(m)), *vs = flatmap_values(m);
        Term res = iter ? ATOM_none : acc;
        BIF_ALLOC(p, hp, (iter ? 4 : 5) * n);
        for (UWord i = n; i-- > 0;) {
            if (iter) {
                hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
                hp[1] = ks[i];
                hp[2] = vs[i];
                hp[3] = res;
                res = make_boxed(hp);
                hp += 4;
            } else {
                hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
                hp[1] = ks[i];
                hp[2] = vs[i];
                hp[3] = make_boxed(hp);
                hp[4] = res;
                res = make_list(hp + 3);
                hp += 5;
            }
        }
        return res;
    }

    /* The path's words, level 0 in the lowest bits. */
    UWord pw[8];
    unsigned npw;
    if (is_small(path)) {
        if (small_val(path) < 0) return bif_badarg(p);
        pw[0] = (UWord)small_val(path);
        npw = 1;
    } else if (is_big(path) && !big_negative(path) && big_limbs(path) <= 8) {
        npw = (unsigned)big_limbs(path);
        memcpy(pw, big_digits(path), npw * sizeof(UWord));
    } else {
        return bif_badarg(p);
    }
    UWord size = map_size(m);
    UWord elems = path == make_small(0) ? MAP_FLAT_MAX : ITER_CHUNK;
    if (elems > size) elems = size;

    IterFrame st[2 * (MAP_LEVEL_MAX + 2)];
    unsigned depth = 0;
    IterFrame f = {boxed_ptr(m), 0, 0, (unsigned)(HEADER_ARITY(boxed_ptr(m)[0]) - 1)};
    Term res = iter ? THE_NON_VALUE : acc, *patch = &res;
    BIF_ALLOC(p, hp, (iter ? 4 : 5) * elems + 4);
    UWord got = 0;
#define EMIT(leaf)                                                   \
    do {                                                             \
        Term *l_ = list_ptr(leaf);                                   \
        if (iter) {                                                  \
            hp[0] = MAKE_HEADER(SUB_TUPLE, 3);                       \
            hp[1] = CAR(l_);                                         \
            hp[2] = CDR(l_);                                         \
            *patch = make_boxed(hp);                                 \
            patch = &hp[3];                                          \
            hp += 4;                                                 \
        } else {                                                     \
            hp[0] = MAKE_HEADER(SUB_TUPLE, 2);                       \
            hp[1] = CAR(l_);                                         \
            hp[2] = CDR(l_);                                         \
            hp[3] = make_boxed(hp);                                  \
            hp[4] = res;                                             \
            res = make_list(hp + 3);                                 \
            hp += 5;                                                 \
        }                                                            \
        got++;                                                       \
    } while (0)

    /* Down the path to the first pair to return. */
    for (unsigned level = 0;; level++) {
        unsigned word = level / PATH_LEVELS;
        unsigned e = word < npw ? (unsigned)(pw[word] >> (4 * (level % PATH_LEVELS)) & 0xF) : 0;
        if (e >= f.sz || depth >= sizeof st / sizeof st[0]) return bif_badarg(p);
        f.idx = e + 1;
        st[depth++] = f;
        Term c = frame_child(&f, e);
        if (is_list(c)) {
            EMIT(c);
            break;
        }
        f = child_frame(&f, c);
    }
    /* Then on, depth first, until `elems` pairs. */
    while (depth > 0) {
        IterFrame *t = &st[depth - 1];
        while (t->idx < t->sz && got < elems && is_list(frame_child(t, t->idx))) {
            EMIT(frame_child(t, t->idx));
            t->idx++;
        }
        if (got == elems) {
            if (t->idx < t->sz) {
                t->idx++; /* the path names the next child, idx - 1 */
            } else {
                depth--;
                while (depth > 0 && st[depth - 1].idx >= st[depth - 1].sz) depth--;
                if (depth > 0) st[depth - 1].idx++;
            }
            break;
        }
        if (t->idx < t->sz) {
            Term c = frame_child(t, t->idx);
            t->idx++;
            if (depth >= sizeof st / sizeof st[0]) return bif_badarg(p);
            st[depth++] = child_frame(t, c);
        } else {
            depth--;
        }
    }
#undef EMIT
    if (depth > 0) {
        Term np = make_path(p, st, depth);
        if (np == THE_NON_VALUE) return nomem(p);
        hp[0] = np;
        hp[1] = m;
        if (iter) {
            *patch = make_list(hp);
        } else {
            hp[2] = m;
            hp[3] = res;
            hp[0] = np;
            hp[1] = make_list(hp + 2);
            res = make_list(hp);
        }
    } else if (iter) {
        *patch = ATOM_none;
    }
    return res;
}
