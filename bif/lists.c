/*
 * lists.c: list and tuple BIFs beyond the basic ones of terms.c:
 * erlang:'--'/2 (subtract/2), lists:keymember/3 and keysearch/3,
 * insert_element/3, delete_element/2, append_element/2, is_record/2,3.
 *
 * A -- B removes, for each element of B, the first element of A that is
 * exactly equal (=:=) to it.  Short B lists are searched directly; longer
 * ones are sorted once (in the exact term order) so that the work grows as
 * |A| log |B| instead of |A| * |B|.
 */
#include <stdlib.h>

#include "bif.h"
#include "compare.h"
#include "vm.h"

/* Length of a proper list, or -1. */
static SWord proper_length(Term l) {
    SWord n = 0;
    for (; is_list(l); l = CDR(list_ptr(l))) n++;
    return is_nil(l) ? n : -1;
}

/* One distinct element of B and how many times it is still to be removed. */
typedef struct SubEntry {
    Term t;       /* the element */
    size_t count; /* removals left */
} SubEntry;

/* Merge sort of terms in the exact order (qsort has no context argument). */
static void sort_terms(const AtomTable *at, Term *v, Term *tmp, size_t n) {
    if (n < 2) return;
    size_t h = n / 2;
    sort_terms(at, v, tmp, h);
    sort_terms(at, v + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = term_compare_exact(at, v[j], v[i]) < 0 ? v[j++] : v[i++];
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

/* Marks in drop[] the elements of A that B removes; returns how many, or
 * -1 when out of memory. */
static SWord subtract_marks(const AtomTable *at, Term a, size_t na, Term b, size_t nb, bool *drop) {
    SWord removed = 0;
    if (nb <= 16) {
        Term left[16];
        size_t nl = 0;
        for (Term l = b; is_list(l); l = CDR(list_ptr(l))) left[nl++] = CAR(list_ptr(l));
        size_t i = 0;
        for (Term l = a; is_list(l) && nl; l = CDR(list_ptr(l)), i++) {
            Term x = CAR(list_ptr(l));
            for (size_t k = 0; k < nl; k++) {
                if (term_eq_exact(x, left[k])) {
                    left[k] = left[--nl];
                    drop[i] = true;
                    removed++;
                    break;
                }
            }
        }
        return removed;
    }
    Term *v = malloc(2 * nb * sizeof *v);
    SubEntry *e = malloc(nb * sizeof *e);
    if (!v || !e) {
        free(v);
        free(e);
        return -1;
    }
    size_t k = 0;
    for (Term l = b; is_list(l); l = CDR(list_ptr(l))) v[k++] = CAR(list_ptr(l));
    sort_terms(at, v, v + nb, nb);
    size_t ne = 0;
    for (k = 0; k < nb; k++) {
        if (ne && term_compare_exact(at, e[ne - 1].t, v[k]) == 0) {
            e[ne - 1].count++;
        } else {
            e[ne].t = v[k];
            e[ne++].count = 1;
        }
    }
    size_t i = 0, total = nb;
    for (Term l = a; is_list(l) && total; l = CDR(list_ptr(l)), i++) {
        Term x = CAR(list_ptr(l));
        size_t lo = 0, hi = ne;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = term_compare_exact(at, e[mid].t, x);
            if (c == 0) {
                if (e[mid].count) {
                    e[mid].count--;
                    total--;
                    drop[i] = true;
                    removed++;
                }
                break;
            }
            if (c < 0) lo = mid + 1;
            else hi = mid;
        }
    }
    (void)na;
    free(v);
    free(e);
    return removed;
}

Term bif_erlang_subtract_2(Process *p, Term *args) {
    Term a = args[0], b = args[1];
    SWord na = proper_length(a), nb = proper_length(b);
    if (na < 0 || nb < 0) return bif_badarg(p);
    if (na == 0 || nb == 0) return a;
    bool *drop = calloc((size_t)na, sizeof *drop);
    if (!drop) return bif_error(p, ATOM_system_limit);
    SWord removed = subtract_marks(&p->vm->atoms, a, (size_t)na, b, (size_t)nb, drop);
    if (removed < 0) {
        free(drop);
        return bif_error(p, ATOM_system_limit);
    }
    size_t keep = (size_t)(na - removed);
    Term *hp = keep ? proc_alloc(p, 2 * keep) : NULL;
    if (keep && !hp) {
        free(drop);
        return bif_error(p, ATOM_system_limit);
    }
    Term result = NIL, *prev = NULL;
    size_t i = 0;
    for (Term l = a; is_list(l); l = CDR(list_ptr(l)), i++) {
        if (drop[i]) continue;
        hp[0] = CAR(list_ptr(l));
        hp[1] = NIL;
        if (prev) prev[1] = make_list(hp);
        else result = make_list(hp);
        prev = hp;
        hp += 2;
    }
    free(drop);
    return result;
}

/* The first tuple of list l whose element pos == key; NIL when none,
 * THE_NON_VALUE when the list is improper before a match or pos is bad. */
static Term key_lookup(Term key, Term n, Term l) {
    if (!is_small(n) || small_val(n) < 1) return THE_NON_VALUE;
    UWord pos = (UWord)small_val(n);
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term t = CAR(list_ptr(l));
        if (is_tuple(t) && tuple_arity(t) >= pos && term_eq(tuple_elems(t)[pos - 1], key)) return t;
    }
    return is_nil(l) ? NIL : THE_NON_VALUE;
}

Term bif_lists_keymember_3(Process *p, Term *args) {
    Term t = key_lookup(args[0], args[1], args[2]);
    if (t == THE_NON_VALUE) return bif_badarg(p);
    return is_nil(t) ? ATOM_false : ATOM_true;
}

Term bif_lists_keysearch_3(Process *p, Term *args) {
    Term t = key_lookup(args[0], args[1], args[2]);
    if (t == THE_NON_VALUE) return bif_badarg(p);
    if (is_nil(t)) return ATOM_false;
    Term *hp;
    BIF_ALLOC(p, hp, 3);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = ATOM_value;
    hp[2] = t;
    return make_boxed(hp);
}

Term bif_erlang_insert_element_3(Process *p, Term *args) {
    Term n = args[0], t = args[1];
    if (!is_small(n) || !is_tuple(t)) return bif_badarg(p);
    UWord arity = tuple_arity(t);
    SWord i = small_val(n);
    if (i < 1 || (UWord)i > arity + 1) return bif_badarg(p);
    Term *hp;
    BIF_ALLOC(p, hp, arity + 2);
    hp[0] = MAKE_HEADER(SUB_TUPLE, arity + 1);
    const Term *el = tuple_elems(t);
    for (UWord k = 1, s = 0; k <= arity + 1; k++) hp[k] = (SWord)k == i ? args[2] : el[s++];
    return make_boxed(hp);
}

Term bif_erlang_delete_element_2(Process *p, Term *args) {
    Term n = args[0], t = args[1];
    if (!is_small(n) || !is_tuple(t)) return bif_badarg(p);
    UWord arity = tuple_arity(t);
    SWord i = small_val(n);
    if (i < 1 || (UWord)i > arity) return bif_badarg(p);
    Term *hp;
    BIF_ALLOC(p, hp, arity);
    hp[0] = MAKE_HEADER(SUB_TUPLE, arity - 1);
    const Term *el = tuple_elems(t);
    for (UWord k = 1, d = 1; k <= arity; k++)
        if ((SWord)k != i) hp[d++] = el[k - 1];
    return make_boxed(hp);
}

Term bif_erlang_append_element_2(Process *p, Term *args) {
    Term t = args[0];
    if (!is_tuple(t)) return bif_badarg(p);
    UWord arity = tuple_arity(t);
    Term *hp;
    BIF_ALLOC(p, hp, arity + 2);
    hp[0] = MAKE_HEADER(SUB_TUPLE, arity + 1);
    for (UWord k = 0; k < arity; k++) hp[1 + k] = tuple_elems(t)[k];
    hp[arity + 1] = args[1];
    return make_boxed(hp);
}

Term bif_erlang_is_record_2(Process *p, Term *args) {
    Term t = args[0], tag = args[1];
    if (!is_atom(tag)) return bif_badarg(p);
    return is_tuple(t) && tuple_arity(t) >= 1 && tuple_elems(t)[0] == tag ? ATOM_true : ATOM_false;
}

Term bif_erlang_is_record_3(Process *p, Term *args) {
    Term t = args[0], tag = args[1], size = args[2];
    if (!is_atom(tag) || !is_small(size)) return bif_badarg(p);
    return is_tuple(t) && tuple_arity(t) >= 1 && (SWord)tuple_arity(t) == small_val(size) &&
                   tuple_elems(t)[0] == tag
               ? ATOM_true
               : ATOM_false;
}
