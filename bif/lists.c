/*
 * lists.c: list and tuple BIFs beyond the basic ones of terms.c:
 * insert_element/3, delete_element/2, append_element/2, is_record/2,3.
 * erlang:'--'/2 is in subtract_trap.c.
 */
#include <stdlib.h>

#include "bif.h"
#include "compare.h"
#include "vm.h"

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
