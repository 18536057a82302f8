/*
 * subtract_trap.c: erlang:'--'/2, a budget of work at a time (traps.h).
 *
 * A -- B removes, for each element of B, the first element of A that is
 * exactly equal (=:=) to it.  The work goes in phases, each of which may
 * trap:
 *   0  count A (an improper A is badarg, with the original arguments)
 *   1  count B (likewise)
 *   2  walk A, keeping what B does not remove, reversed, in Acc; once B
 *      is used up, the rest of A is kept as it is
 *   3  reverse Acc onto that rest: the result
 * For B of at most SMALL_B elements the elements still to remove are a
 * list (rebuilt without an element when it is removed); a longer B is
 * sorted once, in the exact term order, into a tuple of its distinct
 * elements and a tuple of how many of each are still to be removed, which
 * A's elements are looked up in by bisection.  The counts are small
 * integers written in place into a tuple this native made, never pointers.
 * The sort is the one part that does not trap: it takes |B| log |B|.
 *
 * continuation (TRAP_SUBTRACT) arguments:
 *   0 Rest   the rest of the list the phase walks
 *   1 Set    phase 2: the list of B's elements, or {Keys, Counts}
 *   2 Acc    phases 0, 1: elements counted; 2: kept elements, reversed;
 *            3: the result so far
 *   3 Phase
 *   4 Aux    phase 1: the length of A; phase 2: elements still to remove
 *   5 Info   {A, B, Site}
 */
#include <stdlib.h>
#include <string.h>

#include "../vm/compare.h"
#include "traps.h"
#include "vm.h"

#define SMALL_B 16

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

/* {Keys, Counts} for a proper list b of n > 0 elements. */
static Term make_set(Process *p, Term b, size_t n) {
    Term *v = malloc(2 * n * sizeof *v);
    if (!v) return THE_NON_VALUE;
    size_t k = 0;
    for (Term l = b; is_list(l); l = CDR(list_ptr(l))) v[k++] = CAR(list_ptr(l));
    sort_terms(&p->vm->atoms, v, v + n, n);
    size_t ne = 0;
    for (k = 0; k < n; k++)
        if (!ne || term_compare_exact(&p->vm->atoms, v[ne - 1], v[k]) != 0) v[ne++] = v[k];
    Term *hp = proc_alloc(p, 2 * (ne + 1) + 3);
    if (!hp) {
        free(v);
        return THE_NON_VALUE;
    }
    Term *keys = hp, *counts = hp + ne + 1, *pair = hp + 2 * (ne + 1);
    keys[0] = counts[0] = MAKE_HEADER(SUB_TUPLE, ne);
    memcpy(keys + 1, v, ne * sizeof *v);
    for (k = 0; k < ne; k++) counts[1 + k] = make_small(0);
    free(v);
    /* count each distinct element's occurrences */
    for (Term l = b; is_list(l); l = CDR(list_ptr(l))) {
        Term x = CAR(list_ptr(l));
        size_t lo = 0, hi = ne;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            int c = term_compare_exact(&p->vm->atoms, keys[1 + mid], x);
            if (c == 0) {
                counts[1 + mid] = make_small(small_val(counts[1 + mid]) + 1);
                break;
            }
            if (c < 0) lo = mid + 1;
            else hi = mid;
        }
    }
    pair[0] = MAKE_HEADER(SUB_TUPLE, 2);
    pair[1] = make_boxed(keys);
    pair[2] = make_boxed(counts);
    return make_boxed(pair);
}

/* Removes one x from the set if it holds one: true when it did. */
static bool set_take(Process *p, Term *set, Term x, bool *nomem) {
    if (is_list(*set) || *set == NIL) {
        size_t i = 0;
        Term l = *set;
        for (; is_list(l); l = CDR(list_ptr(l)), i++)
            if (term_eq_exact(CAR(list_ptr(l)), x)) break;
        if (!is_list(l)) return false;
        /* the list without element i: copy the i before it onto the rest */
        Term rest = CDR(list_ptr(l));
        Term *hp = i ? proc_alloc(p, 2 * i) : NULL;
        if (i && !hp) {
            *nomem = true;
            return false;
        }
        Term head = rest;
        Term *prev = NULL;
        for (Term k = *set; k != l; k = CDR(list_ptr(k)), hp += 2) {
            hp[0] = CAR(list_ptr(k));
            hp[1] = rest;
            if (prev) prev[1] = make_list(hp);
            else head = make_list(hp);
            prev = hp;
        }
        *set = head;
        return true;
    }
    Term *keys = tuple_elems(tuple_elems(*set)[0]);
    Term *counts = tuple_elems(tuple_elems(*set)[1]);
    size_t lo = 0, hi = tuple_arity(tuple_elems(*set)[0]);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = term_compare_exact(&p->vm->atoms, keys[mid], x);
        if (c == 0) {
            if (counts[mid] == make_small(0)) return false;
            counts[mid] = make_small(small_val(counts[mid]) - 1);
            return true;
        }
        if (c < 0) lo = mid + 1;
        else hi = mid;
    }
    return false;
}

/* The state, as in the continuation's arguments. */
typedef struct SubState {
    Term rest, set, acc;
    SWord phase, aux;
    Term info; /* THE_NON_VALUE in the first call */
} SubState;

static Term sub_run(Process *p, Term *args, SubState *s) {
    long budget = TRAP_BUDGET;
    bool nomem = false;
    while (budget > 0) {
        if (s->phase <= 1) {
            SWord n = small_val(s->acc);
            Term l = s->rest;
            for (; is_list(l) && budget > 0; l = CDR(list_ptr(l)), budget--) n++;
            s->rest = l;
            s->acc = make_small(n);
            if (is_list(l)) break;
            if (l != NIL) {
                if (s->info == THE_NON_VALUE) return bif_badarg(p);
                Term *i = tuple_elems(s->info);
                Term al = bif_trap_args(p, i, 2);
                if (al == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
                return bif_trap_fail(p, ATOM_badarg, ATOM_erlang, ATOM_subtract, al, i[2]);
            }
            Term a = s->info == THE_NON_VALUE ? args[0] : tuple_elems(s->info)[0];
            Term b = s->info == THE_NON_VALUE ? args[1] : tuple_elems(s->info)[1];
            if (s->phase == 0) {
                s->phase = 1;
                s->aux = n;
                s->rest = b;
                s->acc = make_small(0);
                continue;
            }
            if (s->aux == 0 || n == 0) return a;
            if (n <= SMALL_B) {
                s->set = b;
            } else {
                s->set = make_set(p, b, (size_t)n);
                if (s->set == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
                budget -= n;
            }
            s->phase = 2;
            s->aux = n;
            s->rest = a;
            s->acc = NIL;
        } else if (s->phase == 2) {
            Term l = s->rest, acc = s->acc;
            for (; is_list(l) && budget > 0 && s->aux > 0; l = CDR(list_ptr(l)), budget--) {
                Term x = CAR(list_ptr(l));
                if (set_take(p, &s->set, x, &nomem)) {
                    s->aux--;
                    continue;
                }
                if (nomem) return bif_error(p, ATOM_system_limit);
                Term *hp;
                BIF_ALLOC(p, hp, 2);
                hp[0] = x;
                hp[1] = acc;
                acc = make_list(hp);
            }
            s->acc = acc;
            s->rest = l;
            if (is_list(l) && s->aux > 0) break;
            /* A ended, or B is used up: the rest of A stays as it is */
            s->phase = 3;
            s->set = NIL;
            Term kept = acc;
            s->acc = l;
            s->rest = kept;
        } else {
            Term l = s->rest, acc = s->acc;
            size_t n = 0;
            for (Term t = l; is_list(t) && (long)n < budget; t = CDR(list_ptr(t))) n++;
            Term *hp;
            BIF_ALLOC(p, hp, 2 * n);
            for (size_t k = 0; k < n; k++, l = CDR(list_ptr(l)), hp += 2) {
                hp[0] = CAR(list_ptr(l));
                hp[1] = acc;
                acc = make_list(hp);
            }
            budget -= (long)n;
            s->rest = l;
            s->acc = acc;
            if (!is_list(l)) {
                bif_trap_charge(p, TRAP_BUDGET - budget);
                return acc;
            }
        }
    }
    if (s->info == THE_NON_VALUE) {
        Term *hp;
        BIF_ALLOC(p, hp, 4);
        hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
        hp[1] = args[0];
        hp[2] = args[1];
        hp[3] = bif_trap_site(p);
        s->info = make_boxed(hp);
    }
    args[0] = s->rest;
    args[1] = s->set;
    args[2] = s->acc;
    args[3] = make_small(s->phase);
    args[4] = make_small(s->aux);
    args[5] = s->info;
    return bif_trap_to(p, TRAP_SUBTRACT);
}

Term bif_erlang_subtract_2(Process *p, Term *args) {
    SubState s = {args[0], NIL, make_small(0), 0, 0, THE_NON_VALUE};
    return sub_run(p, args, &s);
}

Term bif_trap_subtract(Process *p, Term *args) {
    SubState s = {args[0], args[1], args[2], small_val(args[3]), small_val(args[4]), args[5]};
    return sub_run(p, args, &s);
}
