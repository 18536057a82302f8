/*
 * raise.c: erlang:error/3, the exception raised on purpose with the
 * caller's arguments and an error_info for the caller's frame.
 *
 * exc_build_trace (vm/exception.c) builds the caller's frame later from
 * p->fail_args (the arguments, or the arity when they are not a proper
 * list) and appends {error_info, p->fail_info} to its location.
 */
#include "raise.h"

/* The error_info of error/3's options as OTP 25 takes it: every element
 * must be {error_info, Map} (else there is none), and the last one wins. */
static Term error_info_option(Term opts) {
    Term found = THE_NON_VALUE;
    while (is_list(opts)) {
        Term o = list_ptr(opts)[0];
        if (!is_tuple(o) || tuple_arity(o) != 2 || tuple_elems(o)[0] != ATOM_error_info ||
            !is_map(tuple_elems(o)[1]))
            return THE_NON_VALUE;
        found = tuple_elems(o)[1];
        opts = list_ptr(opts)[1];
    }
    return opts == NIL ? found : THE_NON_VALUE;
}

static bool is_proper_list(Term l) {
    while (is_list(l)) l = list_ptr(l)[1];
    return l == NIL;
}

Term bif_erlang_error_3(Process *p, Term *args) {
    Term r = bif_raise(p, ATOM_error, args[0]);
    if (is_proper_list(args[1])) p->fail_args = args[1];
    p->fail_info = error_info_option(args[2]);
    return r;
}

/* 0 when the element is refused, else its form: 4 complete, 3 {M, F, A},
 * 2 {Fun, Args}, 1 {Fun, Args, Location}. */
static int trace_item_form(Term t) {
    if (!is_tuple(t)) return 0;
    const Term *e = tuple_elems(t);
    Term loc = NIL;
    int form;
    switch (tuple_arity(t)) {
    case 2:
        return is_fun(e[0]) ? 2 : 0;
    case 3:
        if (is_fun(e[0])) {
            loc = e[2];
            form = 1;
        } else if (is_atom(e[0]) && is_atom(e[1])) {
            form = 3;
        } else {
            return 0;
        }
        break;
    case 4:
        if (!is_atom(e[0]) || !is_atom(e[1])) return 0;
        loc = e[3];
        form = 4;
        break;
    default:
        return 0;
    }
    return loc == NIL || is_list(loc) ? form : 0;
}

Term bif_raise_trace(Process *p, Term trace) {
    size_t n = 0, words = 0;
    Term l = trace;
    for (; is_list(l); l = list_ptr(l)[1], n++) {
        int form = trace_item_form(list_ptr(l)[0]);
        if (!form) return THE_NON_VALUE;
        if (form == 2 || form == 3) words += (size_t)form + 2; /* header + form + 1 */
    }
    if (l != NIL) return THE_NON_VALUE;
    if (!words) return trace;
    /* Copy the list, completing the short forms with [] as location. */
    Term *cells = proc_alloc(p, 2 * n + words);
    if (!cells) return THE_NON_VALUE;
    Term *nt = cells + 2 * n;
    size_t i = 0;
    for (l = trace; is_list(l); l = list_ptr(l)[1], i++) {
        Term t = list_ptr(l)[0];
        int form = trace_item_form(t);
        if (form == 2 || form == 3) {
            const Term *e = tuple_elems(t);
            unsigned k = (unsigned)form; /* elements kept */
            nt[0] = MAKE_HEADER(SUB_TUPLE, k + 1);
            for (unsigned j = 0; j < k; j++) nt[1 + j] = e[j];
            nt[1 + k] = NIL;
            t = make_boxed(nt);
            nt += k + 2;
        }
        cells[2 * i] = t;
        cells[2 * i + 1] = i + 1 < n ? make_list(cells + 2 * (i + 1)) : NIL;
    }
    return make_list(cells);
}
