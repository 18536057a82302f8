/*
 * apply.c: the argument lists of erlang:apply/2,3 (see apply.h).
 */
#include "apply.h"

int apply_arg_count(Term list, unsigned max) {
    unsigned n = 0;
    while (is_list(list)) {
        if (n == max) return -1;
        n++;
        list = list_ptr(list)[1];
    }
    return list == NIL ? (int)n : -1;
}

void apply_spread(Term list, Term *x) {
    /* The cells live on the heap, so overwriting x registers is safe. */
    for (unsigned i = 0; is_list(list); i++) {
        const Term *c = list_ptr(list);
        x[i] = c[0];
        list = c[1];
    }
}
