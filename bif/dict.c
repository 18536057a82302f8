/*
 * dict.c: the process dictionary: put/2, get/0,1, get_keys/0,1,
 * erase/0,1, and the table's support for the collector and
 * process_info (dict.h).
 *
 * The table follows erts' linear hashing step for step (initial range 8,
 * growing by up to 15 slots once the pairs reach the range, shrinking by
 * 30% once they fall under half of it, buckets split and merged in
 * erts' order, lists inside buckets in erts' order), so that get/0 lists
 * pairs in OTP's order.  Keys compare exactly (=:=).  New buckets and
 * lists are built on the heap; the table itself, off the heap, is the
 * only thing written in place.
 */
#include <stdlib.h>

#include "../gc/term_copy.h"
#include "bif.h"
#include "compare.h"
#include "dict.h"
#include "map.h"
#include "vm.h"

#define PD_INITIAL 8u
#define PD_MAX_HASH 1342177280u

/* The hash erts uses for a key of the dictionary. */
static uint32_t pd_hash(Term k) {
    if (is_small(k)) return (uint32_t)((UWord)k >> 4);
    if (is_atom(k)) return (uint32_t)atom_val(k);
    return map_hash(k, 0);
}

static unsigned pd_ix(const PDict *d, uint32_t hx) {
    unsigned high = hx & d->mask;
    return high >= d->used ? hx & (d->mask >> 1) : high;
}

static unsigned pd_slot(const PDict *d, Term k) { return pd_ix(d, pd_hash(k)); }

static Term pair_key(Term t) { return tuple_elems(t)[0]; }
static Term pair_value(Term t) { return tuple_elems(t)[1]; }

/* erts' array sizes: the smallest of its table that is >= need, found as
 * erts finds it (which answers `need` itself below 11). */
static unsigned next_array_size(unsigned need) {
    static const unsigned tab[] = {10u, 20u, 40u, 80u, 160u, 320u, 640u, 1280u, 2560u, 5120u,
                                   10240u, 20480u, 40960u, 81920u, 163840u, 327680u, 655360u,
                                   1310720u, 2621440u, 5242880u, 10485760u, 20971520u,
                                   41943040u, 83886080u, 167772160u, 335544320u, 671088640u,
                                   1342177280u, 2684354560u};
    int hi = (int)(sizeof tab / sizeof tab[0]) - 1, lo = 1, cur = 4;
    while (hi >= lo) {
        if (tab[cur] >= need && tab[cur - 1] < need) return tab[cur];
        if (tab[cur] > need) hi = cur - 1;
        else lo = cur + 1;
        cur = (hi + lo) / 2;
    }
    return need;
}

/* Makes room for `need` slots; false when out of memory. */
static bool ensure_size(Process *p, unsigned need) {
    PDict *d = p->pdict;
    if (d && need <= d->size) return true;
    unsigned size = next_array_size(need), old = d ? d->size : 0;
    PDict *nd = realloc(d, sizeof *nd + (size_t)size * sizeof(Term));
    if (!nd) return false;
    for (unsigned i = old; i < size; i++) nd->data[i] = NIL;
    if (old == 0) {
        nd->used = PD_INITIAL;
        nd->mask = PD_INITIAL * 2 - 1;
        nd->split = 0;
        nd->n = 0;
    }
    nd->size = size;
    p->pdict = nd;
    return true;
}

static Term *cons_at(Term *hp, Term h, Term t, Term *out) {
    hp[0] = h;
    hp[1] = t;
    *out = make_list(hp);
    return hp + 2;
}

/* Cells of a bucket list. */
static size_t list_len(Term l) {
    size_t n = 0;
    for (; is_list(l); l = CDR(list_ptr(l))) n++;
    return n;
}

/* Adds up to 15 slots (erts' grow), splitting buckets in order. */
static bool grow(Process *p) {
    PDict *d = p->pdict;
    unsigned steps = (d->used / 4) & 0xF;
    if (steps == 0) steps = 1;
    if (PD_MAX_HASH - steps <= d->used) return true;
    if (!ensure_size(p, d->used + steps)) return false;
    d = p->pdict;
    /* Heap for the split lists, counted first so that nothing fails midway. */
    size_t need = 0;
    unsigned pos = d->split, home = d->used - d->split;
    for (unsigned i = 0; i < steps; i++) {
        if (pos == home) {
            home *= 2;
            pos = 0;
        }
        Term l = d->data[pos++];
        if (!is_tuple(l)) need += 2 * list_len(l);
    }
    Term *hp = need ? proc_alloc(p, need) : NULL;
    if (need && !hp) return false;
    home = d->used - d->split;
    for (unsigned i = 0; i < steps; i++) {
        if (d->split == home) {
            home *= 2;
            d->mask = home * 2 - 1;
            d->split = 0;
        }
        pos = d->split++;
        d->used++;
        Term l = d->data[pos];
        if (is_tuple(l)) {
            if (pd_slot(d, pair_key(l)) != pos) {
                d->data[pos + home] = l;
                d->data[pos] = NIL;
            }
            continue;
        }
        Term l1 = NIL, l2 = NIL;
        for (; is_list(l); l = CDR(list_ptr(l))) {
            Term e = CAR(list_ptr(l));
            if (pd_slot(d, pair_key(e)) == pos) hp = cons_at(hp, e, l1, &l1);
            else hp = cons_at(hp, e, l2, &l2);
        }
        if (is_list(l1) && is_nil(CDR(list_ptr(l1)))) l1 = CAR(list_ptr(l1));
        if (is_list(l2) && is_nil(CDR(list_ptr(l2)))) l2 = CAR(list_ptr(l2));
        d->data[pos] = l1;
        d->data[pos + home] = l2;
    }
    return true;
}

/* Gives back about 30% of the slots (erts' shrink), merging buckets. */
static bool shrink(Process *p) {
    PDict *d = p->pdict;
    unsigned range = d->used, steps = range * 3 / 10;
    if (range - steps < PD_INITIAL) steps = range - PD_INITIAL;
    for (unsigned i = 0; i < steps; i++) {
        /* Nothing changes until the heap words are there. */
        unsigned split = d->split, mask = d->mask;
        if (split == 0) {
            mask = d->used - 1;
            split = d->used / 2;
        }
        split--;
        Term hi = d->data[d->used - 1], lo = d->data[split];
        Term *hp = NULL;
        if (!is_nil(hi) && !is_nil(lo)) {
            hp = proc_alloc(p, is_list(hi) && is_list(lo) ? 2 * list_len(hi) : 4);
            if (!hp) return false;
        }
        d->split = split;
        d->mask = mask;
        if (!is_nil(hi)) {
            if (is_nil(lo)) {
                d->data[d->split] = hi;
            } else {
                Term r;
                if (is_tuple(lo)) {
                    if (is_tuple(hi)) {
                        Term tail;
                        hp = cons_at(hp, hi, NIL, &tail);
                        cons_at(hp, lo, tail, &r);
                    } else {
                        cons_at(hp, lo, hi, &r);
                    }
                } else if (is_tuple(hi)) {
                    cons_at(hp, hi, lo, &r);
                } else {
                    r = lo;
                    for (Term t = hi; is_list(t); t = CDR(list_ptr(t))) hp = cons_at(hp, CAR(list_ptr(t)), r, &r);
                }
                d->data[d->split] = r;
            }
        }
        d->used--;
        d->data[d->used] = NIL;
    }
    if (d->used <= d->size / 4) {
        unsigned size = next_array_size(d->used * 3 / 2);
        if (size < d->size) {
            PDict *nd = realloc(d, sizeof *nd + (size_t)size * sizeof(Term));
            if (nd) {
                nd->size = size;
                p->pdict = nd;
            }
        }
    }
    return true;
}

Term bif_erlang_get_1(Process *p, Term *args) {
    const PDict *d = p->pdict;
    if (!d) return ATOM_undefined;
    Term k = args[0], b = d->data[pd_slot(d, k)];
    if (is_tuple(b)) return term_eq_exact(pair_key(b), k) ? pair_value(b) : ATOM_undefined;
    for (; is_list(b); b = CDR(list_ptr(b)))
        if (term_eq_exact(pair_key(CAR(list_ptr(b))), k)) return pair_value(CAR(list_ptr(b)));
    return ATOM_undefined;
}

Term bif_erlang_put_2(Process *p, Term *args) {
    Term k = args[0], v = args[1];
    if (!p->pdict && !ensure_size(p, PD_INITIAL)) return bif_error(p, ATOM_system_limit);
    PDict *d = p->pdict;
    unsigned ix = pd_slot(d, k);
    Term old = d->data[ix];
    /* The words needed, counted before anything changes. */
    size_t need = 3;
    long at = -1;
    if (is_tuple(old)) {
        need += 4;
    } else if (is_list(old)) {
        long i = 0;
        Term l = old;
        for (; is_list(l) && !term_eq_exact(pair_key(CAR(list_ptr(l))), k); l = CDR(list_ptr(l))) i++;
        if (is_list(l)) at = i;
        need += at < 0 ? 2 : 2 * (size_t)(at + 1);
    }
    Term *hp;
    BIF_ALLOC(p, hp, need);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = k;
    hp[2] = v;
    Term pair = make_boxed(hp);
    hp += 3;
    if (is_nil(old)) {
        d->data[ix] = pair;
        d->n++;
    } else if (is_tuple(old)) {
        if (term_eq_exact(pair_key(old), k)) {
            d->data[ix] = pair;
            return pair_value(old);
        }
        Term tail, l;
        hp = cons_at(hp, old, NIL, &tail);
        cons_at(hp, pair, tail, &l);
        d->data[ix] = l;
        d->n++;
    } else if (at < 0) {
        Term l;
        cons_at(hp, pair, old, &l);
        d->data[ix] = l;
        d->n++;
    } else {
        /* As erts: the cells before the key's, in reverse, on the rest of
         * the list after it, and the new pair in front. */
        Term rest = old;
        for (long j = 0; j <= at; j++) rest = CDR(list_ptr(rest));
        Term l = rest, t = old, found = THE_NON_VALUE;
        for (long j = 0; j < at; j++, t = CDR(list_ptr(t))) hp = cons_at(hp, CAR(list_ptr(t)), l, &l);
        found = CAR(list_ptr(t));
        cons_at(hp, pair, l, &l);
        d->data[ix] = l;
        return pair_value(found);
    }
    if (d->used <= d->n && !grow(p)) return bif_error(p, ATOM_system_limit);
    return ATOM_undefined;
}

/* The pairs (which = 0), keys (1), or keys whose value is exactly v (2),
 * listed as erts lists them (the last slot's first). */
static Term dict_list(Process *p, const PDict *d, int which, Term v) {
    if (!d) return NIL;
    size_t n = 0;
    for (unsigned i = 0; i < d->used; i++) {
        Term b = d->data[i];
        if (is_tuple(b)) n += which != 2 || term_eq_exact(pair_value(b), v);
        for (; is_list(b); b = CDR(list_ptr(b)))
            n += which != 2 || term_eq_exact(pair_value(CAR(list_ptr(b))), v);
    }
    if (n == 0) return NIL;
    Term *hp;
    BIF_ALLOC(p, hp, 2 * n);
    Term r = NIL;
    for (unsigned i = 0; i < d->used; i++) {
        Term b = d->data[i];
        while (!is_nil(b)) {
            Term e = is_tuple(b) ? b : CAR(list_ptr(b));
            b = is_tuple(b) ? NIL : CDR(list_ptr(b));
            if (which == 2 && !term_eq_exact(pair_value(e), v)) continue;
            hp = cons_at(hp, which == 0 ? e : pair_key(e), r, &r);
        }
    }
    return r;
}

Term bif_erlang_get_0(Process *p, Term *args) {
    (void)args;
    return dict_list(p, p->pdict, 0, NIL);
}
Term bif_erlang_get_keys_0(Process *p, Term *args) {
    (void)args;
    return dict_list(p, p->pdict, 1, NIL);
}
Term bif_erlang_get_keys_1(Process *p, Term *args) { return dict_list(p, p->pdict, 2, args[0]); }

Term bif_erlang_erase_0(Process *p, Term *args) {
    (void)args;
    Term all = dict_list(p, p->pdict, 0, NIL);
    if (all != THE_NON_VALUE) dict_free(p);
    return all;
}

Term bif_erlang_erase_1(Process *p, Term *args) {
    PDict *d = p->pdict;
    if (!d) return ATOM_undefined;
    Term k = args[0];
    unsigned ix = pd_slot(d, k);
    Term old = d->data[ix], ret = ATOM_undefined;
    if (is_tuple(old)) {
        if (!term_eq_exact(pair_key(old), k)) return ATOM_undefined;
        d->data[ix] = NIL;
        d->n--;
        ret = pair_value(old);
    } else if (is_list(old)) {
        /* The list without the key's cell, in the same order. */
        size_t at = 0;
        Term l = old;
        for (; is_list(l) && !term_eq_exact(pair_key(CAR(list_ptr(l))), k); l = CDR(list_ptr(l))) at++;
        if (!is_list(l)) return ATOM_undefined;
        ret = pair_value(CAR(list_ptr(l)));
        Term rest = CDR(list_ptr(l));
        Term *hp = at ? proc_alloc(p, 2 * at) : NULL;
        if (at && !hp) return bif_error(p, ATOM_system_limit);
        Term r = rest;
        /* Rebuild the cells in front, back to front. */
        for (size_t j = at; j-- > 0;) {
            Term t = old;
            for (size_t q = 0; q < j; q++) t = CDR(list_ptr(t));
            hp = cons_at(hp, CAR(list_ptr(t)), r, &r);
        }
        if (is_list(r) && is_nil(CDR(list_ptr(r)))) r = CAR(list_ptr(r));
        d->data[ix] = r;
        d->n--;
    } else {
        return ATOM_undefined;
    }
    if (d->used > PD_INITIAL && d->used / 2 > d->n && !shrink(p))
        return bif_error(p, ATOM_system_limit);
    return ret;
}

Term *dict_roots(Process *p, size_t *n) {
    if (!p->pdict) {
        *n = 0;
        return NULL;
    }
    *n = p->pdict->used;
    return p->pdict->data;
}

void dict_free(Process *p) {
    free(p->pdict);
    p->pdict = NULL;
}

Term dict_snapshot(Process *p, Process *t) {
    if (t == p) return dict_list(p, p->pdict, 0, NIL);
    const PDict *d = t->pdict;
    if (!d) return NIL;
    /* Copy each pair onto p's heap; the list is built as dict_list does. */
    Term r = NIL;
    for (unsigned i = 0; i < d->used; i++) {
        Term b = d->data[i];
        while (!is_nil(b)) {
            Term e = is_tuple(b) ? b : CAR(list_ptr(b));
            b = is_tuple(b) ? NIL : CDR(list_ptr(b));
            size_t words = term_flat_size(e);
            Term *hp = words == (size_t)-1 ? NULL : proc_alloc(p, words + 2);
            if (!hp) return THE_NON_VALUE;
            Term c = term_copy(e, hp + 2, &p->off_heap);
            cons_at(hp, c, r, &r);
        }
    }
    return r;
}
