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
 * list (rebuilt without an element when it is removed).  A longer B goes
 * through three more phases, each trapping like the others:
 *   4  copy B into a tuple (of []s at first, so it is always whole)
 *   5  bottom-up merge sort, in the exact term order, between that tuple
 *      and another, a budget of elements merged at a time
 *   6  compact the sorted tuple to its distinct elements, counting each
 *      in the other tuple
 * which gives the set {Keys, Counts, Distinct} that A's elements are
 * looked up in by bisection.  Only B's elements (older than the tuples)
 * and small integers are written into the tuples, so a tuple promoted
 * to the old heap never points at younger terms.
 *
 * continuation (TRAP_SUBTRACT) arguments:
 *   0 Rest   the rest of the list the phase walks
 *   1 Set    phase 2: the list of B's elements, or {Keys, Counts, Distinct};
 *            phases 4-6: {Tuple, OtherTuple}
 *   2 Acc    phases 0, 1: elements counted; 2: kept elements, reversed;
 *            3: the result so far; 4: elements copied; 5: {Width, Lo, I, J};
 *            6: {Read, Distinct}
 *   3 Phase
 *   4 Aux    phase 1: the length of A; phase 2: elements still to remove;
 *            phases 4-6: the length of B
 *   5 Info   {A, B, Site}
 */
#include <stdlib.h>
#include <string.h>

#include "../vm/compare.h"
#include "traps.h"
#include "vm.h"

#define SMALL_B 16

/* Tuple elements (1-based slots) of the sort's tuples. */
static Term *elems(Term t) { return boxed_ptr(t) + 1; }

/* A tuple of n slots, each []: all its words are terms at once, so the
 * sort may fill it over several slices. */
static Term nil_tuple(Process *p, size_t n) {
    Term *hp = proc_alloc(p, n + 1);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_TUPLE, n);
    for (size_t i = 1; i <= n; i++) hp[i] = NIL;
    return make_boxed(hp);
}

static Term small_tuple(Process *p, unsigned n, const SWord *v) {
    Term *hp = proc_alloc(p, n + 1);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_TUPLE, n);
    for (unsigned i = 0; i < n; i++) hp[1 + i] = make_small(v[i]);
    return make_boxed(hp);
}

/* Merge passes of the bottom-up sort of src's n elements into dst (both
 * of arity n), in the exact term order, for a budget.  pos holds the
 * width of the sorted runs, the start of the pair of runs being merged
 * and the positions in its two runs; false when the budget ran out
 * before the sort was done (src and dst are then swapped as the passes
 * left them).  Only B's elements (older than both tuples) are written. */
static bool sort_steps(const AtomTable *at, Term *src, Term *dst, size_t n, SWord *pos, long *budget) {
    size_t w = (size_t)pos[0], lo = (size_t)pos[1], i = (size_t)pos[2], j = (size_t)pos[3];
    bool done = false;
    while (*budget > 0) {
        if (w >= n) {
            done = true;
            break;
        }
        Term *s = elems(*src), *d = elems(*dst);
        size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
        size_t k = i + j - mid;
        while (k < hi && *budget > 0) {
            if (i < mid && (j >= hi || term_compare_exact(at, s[j], s[i]) >= 0)) d[k++] = s[i++];
            else d[k++] = s[j++];
            (*budget)--;
        }
        if (k < hi) break;
        lo = hi;
        if (lo >= n) { /* the pass is done: its output is the next one's input */
            Term t = *src;
            *src = *dst;
            *dst = t;
            w *= 2;
            lo = 0;
        }
        i = lo;
        j = lo + w < n ? lo + w : n;
    }
    pos[0] = (SWord)w;
    pos[1] = (SWord)lo;
    pos[2] = (SWord)i;
    pos[3] = (SWord)j;
    return done;
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
    size_t lo = 0, hi = (size_t)small_val(tuple_elems(*set)[2]);
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

/* A tuple of the n terms v. */
static Term tuple_of(Process *p, const Term *v, unsigned n) {
    Term *hp = proc_alloc(p, n + 1);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_TUPLE, n);
    memcpy(hp + 1, v, n * sizeof *v);
    return make_boxed(hp);
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
            s->aux = n;
            if (n <= SMALL_B) {
                s->set = b;
                s->phase = 2;
                s->rest = a;
                s->acc = NIL;
                continue;
            }
            /* B's elements into a tuple, then sorted into {Keys, Counts, Distinct} */
            Term v = nil_tuple(p, (size_t)n), w = nil_tuple(p, (size_t)n);
            Term pair[2] = {v, w};
            s->set = v == THE_NON_VALUE || w == THE_NON_VALUE ? THE_NON_VALUE : tuple_of(p, pair, 2);
            if (s->set == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
            budget -= n / 16;
            s->phase = 4;
            s->rest = b;
            s->acc = make_small(0);
        } else if (s->phase == 4) {
            /* copy B into the first tuple */
            Term *v = elems(tuple_elems(s->set)[0]);
            SWord k = small_val(s->acc);
            Term l = s->rest;
            for (; is_list(l) && budget > 0; l = CDR(list_ptr(l)), budget--) v[k++] = CAR(list_ptr(l));
            s->rest = l;
            s->acc = make_small(k);
            if (is_list(l)) break;
            SWord pos[4] = {1, 0, 0, 1};
            s->acc = small_tuple(p, 4, pos);
            if (s->acc == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
            s->phase = 5;
        } else if (s->phase == 5) {
            Term *st = tuple_elems(s->set);
            SWord pos[4];
            for (int k = 0; k < 4; k++) pos[k] = small_val(tuple_elems(s->acc)[k]);
            Term src = st[0], dst = st[1];
            bool done = sort_steps(&p->vm->atoms, &src, &dst, (size_t)s->aux, pos, &budget);
            Term pair[2] = {src, dst};
            s->set = tuple_of(p, pair, 2);
            s->acc = s->set == THE_NON_VALUE ? THE_NON_VALUE : small_tuple(p, 4, pos);
            if (s->acc == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
            if (!done) break;
            SWord dd[2] = {0, 0};
            s->acc = small_tuple(p, 2, dd);
            if (s->acc == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
            s->phase = 6;
        } else if (s->phase == 6) {
            /* the distinct keys, compacted in place, and how many of each
             * (in the other tuple, over what the sort left there) */
            Term *keys = elems(tuple_elems(s->set)[0]), *counts = elems(tuple_elems(s->set)[1]);
            SWord i = small_val(tuple_elems(s->acc)[0]), ne = small_val(tuple_elems(s->acc)[1]);
            for (; i < s->aux && budget > 0; i++, budget--) {
                if (ne && term_compare_exact(&p->vm->atoms, keys[ne - 1], keys[i]) == 0) {
                    counts[ne - 1] = make_small(small_val(counts[ne - 1]) + 1);
                } else {
                    keys[ne] = keys[i];
                    counts[ne++] = make_small(1);
                }
            }
            SWord dd[2] = {i, ne};
            s->acc = small_tuple(p, 2, dd);
            if (s->acc == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
            if (i < s->aux) break;
            Term set[3] = {tuple_elems(s->set)[0], tuple_elems(s->set)[1], make_small(ne)};
            s->set = tuple_of(p, set, 3);
            if (s->set == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
            s->phase = 2;
            s->rest = s->info == THE_NON_VALUE ? args[0] : tuple_elems(s->info)[0];
            s->acc = NIL;
        } else if (s->phase == 2) {
            Term l = s->rest, acc = s->acc;
            /* an element costs a unit per comparison of its bisection */
            long per = 1;
            if (is_tuple(s->set))
                for (SWord ne = small_val(tuple_elems(s->set)[2]); ne > 1; ne /= 2) per++;
            for (; is_list(l) && budget > 0 && s->aux > 0; l = CDR(list_ptr(l)), budget -= per) {
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
