/*
 * dict.c: the process dictionary: put/2, get/0,1, get_keys/0,1,
 * erase/0,1.
 *
 * The dictionary is p->dict, a list of {Key, Value} tuples on the process
 * heap (a root of the collector), newest key first.  Keys compare exactly
 * (=:=).  Replacing a value copies the cells in front of the key's cell, so
 * no cell is ever written after it was built (the generational collector
 * relies on that).  Known difference: OTP keeps a linear hash table and
 * get/0 lists its pairs in that table's order; here they come newest
 * first.
 */
#include "bif.h"
#include "compare.h"
#include "vm.h"

/* The cell of key k in the dictionary, or NULL; *before counts the cells
 * in front of it. */
static Term *dict_find(Term dict, Term k, size_t *before) {
    size_t n = 0;
    for (Term l = dict; is_list(l); l = CDR(list_ptr(l)), n++) {
        Term *c = list_ptr(l);
        if (term_eq_exact(tuple_elems(CAR(c))[0], k)) {
            *before = n;
            return c;
        }
    }
    return NULL;
}

/* A copy of the dictionary with the cell at `cell` (after `before` cells)
 * replaced by `with` (a new {K, V}), or removed when with is NON_VALUE. */
static Term dict_rebuild(Process *p, Term *cell, size_t before, Term with) {
    size_t words = 2 * before + (with != THE_NON_VALUE ? 2 : 0);
    Term *hp = proc_alloc(p, words);
    if (!hp && words) return THE_NON_VALUE;
    Term head = CDR(cell);
    if (with != THE_NON_VALUE) {
        hp[words - 2] = with;
        hp[words - 1] = head;
        head = make_list(hp + words - 2);
    }
    /* The cells in front, in order; built back to front. */
    Term *src[64];
    size_t k = before;
    while (k > 0) {
        /* Collect up to 64 cells of the prefix ending at index k. */
        size_t from = k > 64 ? k - 64 : 0, i = 0;
        Term l = p->dict;
        for (size_t j = 0; j < from; j++) l = CDR(list_ptr(l));
        for (size_t j = from; j < k; j++, l = CDR(list_ptr(l))) src[i++] = list_ptr(l);
        while (i-- > 0) {
            --k;
            hp[2 * k] = CAR(src[i]);
            hp[2 * k + 1] = head;
            head = make_list(hp + 2 * k);
        }
    }
    return head;
}

Term bif_erlang_put_2(Process *p, Term *args) {
    Term k = args[0], v = args[1];
    Term *hp;
    BIF_ALLOC(p, hp, 3);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = k;
    hp[2] = v;
    Term pair = make_boxed(hp);
    size_t before;
    Term *cell = dict_find(p->dict, k, &before);
    if (!cell) {
        BIF_ALLOC(p, hp, 2);
        hp[0] = pair;
        hp[1] = p->dict;
        p->dict = make_list(hp);
        return ATOM_undefined;
    }
    Term old = tuple_elems(CAR(cell))[1];
    Term d = dict_rebuild(p, cell, before, pair);
    if (d == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    p->dict = d;
    return old;
}

Term bif_erlang_get_1(Process *p, Term *args) {
    size_t before;
    Term *cell = dict_find(p->dict, args[0], &before);
    return cell ? tuple_elems(CAR(cell))[1] : ATOM_undefined;
}

/* The dictionary's pairs (which = 0), keys (1), or keys whose value is
 * exactly v (2), as a new list in dictionary order. */
static Term dict_list(Process *p, int which, Term v) {
    size_t n = 0;
    for (Term l = p->dict; is_list(l); l = CDR(list_ptr(l))) {
        Term pair = CAR(list_ptr(l));
        if (which != 2 || term_eq_exact(tuple_elems(pair)[1], v)) n++;
    }
    if (n == 0) return NIL;
    Term *hp;
    BIF_ALLOC(p, hp, 2 * n);
    size_t i = 0;
    for (Term l = p->dict; is_list(l); l = CDR(list_ptr(l))) {
        Term pair = CAR(list_ptr(l));
        if (which == 2 && !term_eq_exact(tuple_elems(pair)[1], v)) continue;
        hp[2 * i] = which == 0 ? pair : tuple_elems(pair)[0];
        hp[2 * i + 1] = i + 1 < n ? make_list(hp + 2 * (i + 1)) : NIL;
        i++;
    }
    return make_list(hp);
}

Term bif_erlang_get_0(Process *p, Term *args) {
    (void)args;
    return dict_list(p, 0, NIL);
}
Term bif_erlang_get_keys_0(Process *p, Term *args) {
    (void)args;
    return dict_list(p, 1, NIL);
}
Term bif_erlang_get_keys_1(Process *p, Term *args) { return dict_list(p, 2, args[0]); }

Term bif_erlang_erase_0(Process *p, Term *args) {
    (void)args;
    Term all = dict_list(p, 0, NIL);
    if (all != THE_NON_VALUE) p->dict = NIL;
    return all;
}

Term bif_erlang_erase_1(Process *p, Term *args) {
    size_t before;
    Term *cell = dict_find(p->dict, args[0], &before);
    if (!cell) return ATOM_undefined;
    Term old = tuple_elems(CAR(cell))[1];
    Term d = dict_rebuild(p, cell, before, THE_NON_VALUE);
    if (d == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    p->dict = d;
    return old;
}
