/*
 * raise.c: erlang:error/3, the exception raised on purpose with the
 * caller's arguments and an error_info for the caller's frame.
 *
 * exc_build_trace (vm/exception.c) builds the caller's frame later from
 * p->fail_args (the arguments, or the arity when they are not a proper
 * list) and appends {error_info, p->fail_info} to its location.
 */
#include "bif.h"

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
