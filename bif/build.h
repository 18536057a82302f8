/*
 * build.h: small term builders for BIFs, on the process heap: a cons
 * cell, a 2-tuple, a 3-tuple.
 *
 * Each returns THE_NON_VALUE when memory runs out, after failing the BIF
 * with system_limit (as BIF_ALLOC does), and also when one of its parts is
 * THE_NON_VALUE (the builder of that part failed, and its failure stands),
 * so a nested build needs one check, at the end.
 */
#ifndef GIRDER_BUILD_H
#define GIRDER_BUILD_H

#include "bif.h"

static inline Term build_cons(Process *p, Term h, Term t) {
    if (h == THE_NON_VALUE || t == THE_NON_VALUE) return THE_NON_VALUE;
    Term *hp = proc_alloc(p, 2);
    if (!hp) return bif_error(p, ATOM_system_limit);
    hp[0] = h;
    hp[1] = t;
    return make_list(hp);
}

static inline Term build_tuple2(Process *p, Term a, Term b) {
    if (a == THE_NON_VALUE || b == THE_NON_VALUE) return THE_NON_VALUE;
    Term *hp = proc_alloc(p, 3);
    if (!hp) return bif_error(p, ATOM_system_limit);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = a;
    hp[2] = b;
    return make_boxed(hp);
}

static inline Term build_tuple3(Process *p, Term a, Term b, Term c) {
    if (a == THE_NON_VALUE || b == THE_NON_VALUE || c == THE_NON_VALUE) return THE_NON_VALUE;
    Term *hp = proc_alloc(p, 4);
    if (!hp) return bif_error(p, ATOM_system_limit);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
    hp[1] = a;
    hp[2] = b;
    hp[3] = c;
    return make_boxed(hp);
}

#endif
