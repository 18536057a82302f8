/*
 * ets_select.c: the ets BIFs that run match patterns and specifications
 * over a table: match/1,2,3, match_object/1,2,3, select/1,2,3,
 * select_reverse/1,2,3, select_count/2, internal_select_delete/2,
 * select_replace/2, and match_spec_compile/1, match_spec_run_r/3,
 * is_compiled_ms/1.
 *
 * A pattern P is run as the specification [{P, [], ['$$']}] (match) or
 * [{P, [], ['$_']}] (match_object).  Tables are walked in key order
 * (backwards for select_reverse on an ordered_set); when every clause's
 * head fixes the key, only those keys are looked up.  Each result is
 * copied onto the caller's heap before the table's lock is released.
 *
 * The /3 forms return a continuation
 *   {'$ets_cont', Tab, LastKey, Limit, MatchSpec, Reverse}
 * from which /1 resumes after LastKey (re-finding the table by Tab).
 * A compiled specification is {'$ets_compiled_ms', MatchSpec}.
 */
#include <stdlib.h>

#include "compare.h"
#include "ets.h"
#include "ets_match.h"
#include "vm.h"

typedef enum { SEL_LIST, SEL_COUNT, SEL_DELETE, SEL_REPLACE } SelMode;

/* One walk over a table. */
typedef struct Sel {
    Process *p;
    EtsTable *t;
    Term ms;
    MsInfo info;
    SelMode mode;
    Term list, *tailp; /* SEL_LIST: the results so far, and where the next goes */
    size_t count;      /* results (or deleted/replaced/counted objects) */
    bool oom;          /* memory ran out */
    bool bad;          /* select_replace: a result changed the key */
} Sel;

static void add_result(Sel *s, Term r) {
    Term c = ets_copy_out(s->p, r);
    Term *hp = proc_alloc(s->p, 2);
    if (c == THE_NON_VALUE || !hp) {
        s->oom = true;
        return;
    }
    hp[0] = c;
    hp[1] = NIL;
    *s->tailp = make_list(hp);
    s->tailp = hp + 1;
}

/* Runs the specification on the objects of node n (which the walk may
 * delete or replace: the caller must have found the next node first). */
static void visit(Sel *s, EtsNode *n) {
    for (EtsObj *o = n->first; o && !s->oom;) {
        EtsObj *next = o->next;
        Term r;
        if (ms_run(s->p, s->ms, &s->info, o->term, &r)) {
            if (r == THE_NON_VALUE) {
                s->oom = true;
                return;
            }
            switch (s->mode) {
            case SEL_LIST:
                add_result(s, r);
                s->count++;
                break;
            case SEL_COUNT:
                if (r == ATOM_true) s->count++;
                break;
            case SEL_DELETE:
                if (r == ATOM_true) {
                    bool last = n->first == o && !o->next;
                    ets_remove_obj(s->t, n, o);
                    s->count++;
                    if (last) return;
                }
                break;
            case SEL_REPLACE:
                if (is_tuple(r) && tuple_arity(r) >= s->t->keypos &&
                    term_eq_exact(ets_key(s->t, r), ets_key(s->t, o->term))) {
                    /* Copy first: r may point into the old object. */
                    Term c = ets_copy_out(s->p, r);
                    if (c == THE_NON_VALUE || !ets_put(s->t, c)) {
                        s->oom = true;
                        return;
                    }
                    s->count++;
                } else {
                    s->bad = true;
                    return;
                }
                return; /* sets only: one object per node */
            }
        }
        o = next;
    }
}

/* The node after/before n in the walk's direction. */
static EtsNode *step(const EtsTable *t, EtsNode *n, bool reverse) {
    Term key = ets_key(t, n->first->term);
    return reverse ? ets_before(t, key) : ets_after(t, key);
}

/* Walks the whole table, or from after `from` (THE_NON_VALUE: the start)
 * until `limit` results (0: no limit).  Returns the last node visited
 * when stopped by the limit, else NULL. */
static EtsNode *walk(Sel *s, Term from, bool reverse, size_t limit) {
    EtsTable *t = s->t;
    size_t nclauses = 0;
    for (Term l = s->ms; is_list(l); l = CDR(list_ptr(l))) nclauses++;
    if (limit == 0 && from == THE_NON_VALUE && nclauses <= 16 &&
        ms_keys_bound(s->p->vm, s->ms, t->keypos)) {
        /* Look the fixed keys up, each once. */
        EtsNode *seen[16];
        size_t nseen = 0;
        for (Term l = s->ms; is_list(l) && !s->oom && !s->bad; l = CDR(list_ptr(l))) {
            Term head = ms_clause_head(CAR(list_ptr(l)));
            EtsNode *n = ets_find(t, tuple_elems(head)[t->keypos - 1]);
            bool dup = !n;
            for (size_t i = 0; !dup && i < nseen; i++) dup = seen[i] == n;
            if (dup) continue;
            seen[nseen++] = n;
            visit(s, n);
        }
        return NULL;
    }
    EtsNode *n;
    if (from == THE_NON_VALUE)
        n = reverse ? ets_last(t) : ets_first(t);
    else
        n = reverse ? ets_before(t, from) : ets_after(t, from);
    while (n && !s->oom && !s->bad) {
        EtsNode *next = step(t, n, reverse);
        visit(s, n);
        if (limit && s->count >= limit) return next ? n : NULL;
        n = next;
    }
    return NULL;
}

/* Builds [{Pattern, [], [Body]}]. */
static Term pattern_ms(Process *p, Term pattern, Term body) {
    Term *hp = proc_alloc(p, 2 + 4 + 2);
    if (!hp) return THE_NON_VALUE;
    hp[0] = body;
    hp[1] = NIL;
    hp[2] = MAKE_HEADER(SUB_TUPLE, 3);
    hp[3] = pattern;
    hp[4] = NIL;
    hp[5] = make_list(hp);
    hp[6] = make_boxed(hp + 2);
    hp[7] = NIL;
    return make_list(hp + 6);
}

/* select/2 and friends without a limit. */
static Term run_all(Process *p, Term tab, Term ms, SelMode mode, bool reverse) {
    MsInfo info;
    if (ms == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    if (!ms_check(p->vm, ms, &info)) return bif_badarg(p);
    EtsTable *t = ets_tab_open(p, tab, mode == SEL_LIST || mode == SEL_COUNT ? ETS_READ : ETS_WRITE);
    if (!t) return bif_badarg(p);
    if (mode == SEL_REPLACE && t->type != ETS_SET && t->type != ETS_ORDERED_SET) {
        ets_tab_close(t);
        return bif_badarg(p);
    }
    Sel s = {.p = p, .t = t, .ms = ms, .info = info, .mode = mode, .list = NIL};
    s.tailp = &s.list;
    walk(&s, THE_NON_VALUE, reverse && t->type == ETS_ORDERED_SET, 0);
    ets_tab_close(t);
    if (s.oom) return bif_error(p, ATOM_system_limit);
    if (s.bad) return bif_badarg(p);
    return mode == SEL_LIST ? s.list : make_small((SWord)s.count);
}

/* The /3 forms and /1: a chunk of at most limit results and a
 * continuation, or '$end_of_table'. */
static Term run_chunk(Process *p, Term tab, Term ms, Term limit, Term from, bool reverse) {
    MsInfo info;
    if (ms == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    if (!is_small(limit) || small_val(limit) < 1 || !ms_check(p->vm, ms, &info)) return bif_badarg(p);
    EtsTable *t = ets_tab_open(p, tab, ETS_READ);
    if (!t) return bif_badarg(p);
    bool rev = reverse && t->type == ETS_ORDERED_SET;
    Sel s = {.p = p, .t = t, .ms = ms, .info = info, .mode = SEL_LIST, .list = NIL};
    s.tailp = &s.list;
    EtsNode *stop = walk(&s, from, rev, (size_t)small_val(limit));
    Term last = stop ? ets_copy_out(p, ets_key(t, stop->first->term)) : THE_NON_VALUE;
    ets_tab_close(t);
    if (s.oom || (stop && last == THE_NON_VALUE)) return bif_error(p, ATOM_system_limit);
    if (s.count == 0) return ATOM_end_of_table;
    Term *hp = proc_alloc(p, 7 + 3);
    if (!hp) return bif_error(p, ATOM_system_limit);
    Term cont = ATOM_end_of_table;
    if (stop) {
        hp[0] = MAKE_HEADER(SUB_TUPLE, 6);
        hp[1] = ATOM_ets_cont;
        hp[2] = tab;
        hp[3] = last;
        hp[4] = limit;
        hp[5] = ms;
        hp[6] = reverse ? ATOM_true : ATOM_false;
        cont = make_boxed(hp);
    }
    hp[7] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[8] = s.list;
    hp[9] = cont;
    return make_boxed(hp + 7);
}

static Term resume(Process *p, Term cont) {
    if (cont == ATOM_end_of_table) return cont;
    if (!is_tuple(cont) || tuple_arity(cont) != 6 || tuple_elems(cont)[0] != ATOM_ets_cont)
        return bif_badarg(p);
    Term *c = tuple_elems(cont);
    return run_chunk(p, c[1], c[4], c[3], c[2], c[5] == ATOM_true);
}

Term bif_ets_select_2(Process *p, Term *args) { return run_all(p, args[0], args[1], SEL_LIST, false); }
Term bif_ets_select_reverse_2(Process *p, Term *args) { return run_all(p, args[0], args[1], SEL_LIST, true); }
Term bif_ets_select_count_2(Process *p, Term *args) { return run_all(p, args[0], args[1], SEL_COUNT, false); }
Term bif_ets_internal_select_delete_2(Process *p, Term *args) {
    return run_all(p, args[0], args[1], SEL_DELETE, false);
}
Term bif_ets_select_replace_2(Process *p, Term *args) { return run_all(p, args[0], args[1], SEL_REPLACE, false); }

Term bif_ets_select_3(Process *p, Term *args) {
    return run_chunk(p, args[0], args[1], args[2], THE_NON_VALUE, false);
}
Term bif_ets_select_reverse_3(Process *p, Term *args) {
    return run_chunk(p, args[0], args[1], args[2], THE_NON_VALUE, true);
}
Term bif_ets_select_1(Process *p, Term *args) { return resume(p, args[0]); }
Term bif_ets_select_reverse_1(Process *p, Term *args) { return resume(p, args[0]); }
Term bif_ets_match_1(Process *p, Term *args) { return resume(p, args[0]); }
Term bif_ets_match_object_1(Process *p, Term *args) { return resume(p, args[0]); }

Term bif_ets_match_2(Process *p, Term *args) {
    return run_all(p, args[0], pattern_ms(p, args[1], ATOM_dollar_dollar), SEL_LIST, false);
}
Term bif_ets_match_object_2(Process *p, Term *args) {
    return run_all(p, args[0], pattern_ms(p, args[1], ATOM_dollar_underscore), SEL_LIST, false);
}
Term bif_ets_match_3(Process *p, Term *args) {
    return run_chunk(p, args[0], pattern_ms(p, args[1], ATOM_dollar_dollar), args[2], THE_NON_VALUE, false);
}
Term bif_ets_match_object_3(Process *p, Term *args) {
    return run_chunk(p, args[0], pattern_ms(p, args[1], ATOM_dollar_underscore), args[2], THE_NON_VALUE,
                     false);
}

/* --- specifications outside tables --- */

Term bif_ets_match_spec_compile_1(Process *p, Term *args) {
    MsInfo info;
    if (!ms_check(p->vm, args[0], &info)) return bif_badarg(p);
    Term *hp;
    BIF_ALLOC(p, hp, 3);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = ATOM_ets_compiled_ms;
    hp[2] = args[0];
    return make_boxed(hp);
}

static bool compiled(Term t) {
    return is_tuple(t) && tuple_arity(t) == 2 && tuple_elems(t)[0] == ATOM_ets_compiled_ms;
}

Term bif_ets_is_compiled_ms_1(Process *p, Term *args) {
    (void)p;
    return compiled(args[0]) ? ATOM_true : ATOM_false;
}

Term bif_ets_match_spec_run_r_3(Process *p, Term *args) {
    MsInfo info;
    if (!compiled(args[1])) return bif_badarg(p);
    Term ms = tuple_elems(args[1])[1];
    if (!ms_check(p->vm, ms, &info)) return bif_badarg(p);
    Term acc = args[2], l = args[0];
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term r;
        if (!ms_run(p, ms, &info, CAR(list_ptr(l)), &r)) continue;
        Term *hp;
        if (r == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
        BIF_ALLOC(p, hp, 2);
        hp[0] = r;
        hp[1] = acc;
        acc = make_list(hp);
    }
    return is_nil(l) ? acc : bif_badarg(p);
}

/* erlang:match_spec_test/3 (ets:test_ms/2): {ok, Result, [], []}, with
 * false when nothing matches.  A bad specification gives a generic
 * message, not OTP's detailed one. */
Term bif_erlang_match_spec_test_3(Process *p, Term *args) {
    MsInfo info;
    if (args[2] != ATOM_table && args[2] != ATOM_trace) return bif_badarg(p);
    Term *hp;
    if (!ms_check(p->vm, args[1], &info)) {
        BIF_ALLOC(p, hp, 3 + 2 + 3);
        Term msg = proc_utf8_list(p, (const unsigned char *)"Invalid match program.", 22);
        if (msg == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
        hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
        hp[1] = ATOM_error;
        hp[2] = msg;
        hp[3] = make_boxed(hp);
        hp[4] = NIL;
        hp[5] = MAKE_HEADER(SUB_TUPLE, 2);
        hp[6] = ATOM_error;
        hp[7] = make_list(hp + 3);
        return make_boxed(hp + 5);
    }
    Term r;
    if (!ms_run(p, args[1], &info, args[0], &r)) r = ATOM_false;
    if (r == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    BIF_ALLOC(p, hp, 5);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 4);
    hp[1] = ATOM_ok;
    hp[2] = r;
    hp[3] = NIL;
    hp[4] = NIL;
    return make_boxed(hp);
}
