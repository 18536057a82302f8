/*
 * terms.c: BIFs on tuples and lists.
 */
#include <stdio.h>

#include "big.h"
#include "bif.h"
#include "compare.h"
#include "vm.h"

Term bif_erlang_element_2(Process *p, Term *args) {
    Term n = args[0], t = args[1];
    if (!is_small(n) || !is_tuple(t)) return bif_badarg(p);
    SWord i = small_val(n);
    if (i < 1 || (UWord)i > tuple_arity(t)) return bif_badarg(p);
    return tuple_elems(t)[i - 1];
}

Term bif_erlang_setelement_3(Process *p, Term *args) {
    Term n = args[0], t = args[1];
    if (!is_small(n) || !is_tuple(t)) return bif_badarg(p);
    SWord i = small_val(n);
    UWord arity = tuple_arity(t);
    if (i < 1 || (UWord)i > arity) return bif_badarg(p);
    Term *hp;
    BIF_ALLOC(p, hp, arity + 1);
    hp[0] = MAKE_HEADER(SUB_TUPLE, arity);
    for (UWord k = 0; k < arity; k++) hp[1 + k] = tuple_elems(t)[k];
    hp[i] = args[2];
    return make_boxed(hp);
}

Term bif_erlang_tuple_size_1(Process *p, Term *args) {
    if (!is_tuple(args[0])) return bif_badarg(p);
    return make_small((SWord)tuple_arity(args[0]));
}

Term bif_erlang_size_1(Process *p, Term *args) {
    Term t = args[0];
    if (is_tuple(t)) return make_small((SWord)tuple_arity(t));
    if (is_binary_any(t)) {
        const unsigned char *b;
        UWord off, bits;
        binary_get(t, &b, &off, &bits);
        return make_small((SWord)(bits / 8));
    }
    return bif_badarg(p);
}

Term bif_erlang_make_tuple_2(Process *p, Term *args) {
    if (!is_small(args[0]) || small_val(args[0]) < 0 || small_val(args[0]) > (1 << 24))
        return bif_badarg(p);
    UWord n = (UWord)small_val(args[0]);
    Term *hp;
    BIF_ALLOC(p, hp, n + 1);
    hp[0] = MAKE_HEADER(SUB_TUPLE, n);
    for (UWord k = 0; k < n; k++) hp[1 + k] = args[1];
    return make_boxed(hp);
}

/* Length of a proper list, or -1. */
static SWord list_length(Term l) {
    SWord n = 0;
    while (is_list(l)) {
        n++;
        l = CDR(list_ptr(l));
    }
    return l == NIL ? n : -1;
}

Term bif_erlang_length_1(Process *p, Term *args) {
    SWord n = list_length(args[0]);
    if (n < 0) return bif_badarg(p);
    return make_small(n);
}

Term bif_erlang_hd_1(Process *p, Term *args) {
    if (!is_list(args[0])) return bif_badarg(p);
    return CAR(list_ptr(args[0]));
}

Term bif_erlang_tl_1(Process *p, Term *args) {
    if (!is_list(args[0])) return bif_badarg(p);
    return CDR(list_ptr(args[0]));
}

/* A string as a list of code points. */
static Term utf8_to_list(Process *p, const unsigned char *s, size_t len) {
    Term l = proc_utf8_list(p, s, len);
    return l == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : l;
}

Term bif_erlang_atom_to_list_1(Process *p, Term *args) {
    if (!is_atom(args[0])) return bif_badarg(p);
    const AtomEntry *e = atom_entry(&p->vm->atoms, args[0]);
    return utf8_to_list(p, (const unsigned char *)e->name, e->len);
}

Term bif_erlang_integer_to_list_1(Process *p, Term *args) {
    Term t = args[0];
    if (!is_integer(t)) return bif_badarg(p);
    StrBuf b = STRBUF_INIT;
    if (is_small(t))
        sb_printf(&b, "%lld", (long long)small_val(t));
    else
        big_to_string(&b, t, 10);
    Term r = sb_failed(&b) ? bif_error(p, ATOM_system_limit)
                           : utf8_to_list(p, (const unsigned char *)sb_str(&b), b.len);
    sb_free(&b);
    return r;
}

/* The size in bits of a bitstring, or of what a match context has left
 * to match (vm/bits.h: [3] is its position, [4] its end). */
static bool size_in_bits(Term t, UWord *bits) {
    if (is_binary_any(t)) {
        const unsigned char *b;
        UWord off;
        binary_get(t, &b, &off, bits);
        return true;
    }
    if (is_boxed(t) && HEADER_SUB(boxed_header(t)) == SUB_MATCH) {
        const Term *c = boxed_ptr(t);
        *bits = c[4] - c[3];
        return true;
    }
    return false;
}

Term bif_erlang_byte_size_1(Process *p, Term *args) {
    UWord bits;
    if (!size_in_bits(args[0], &bits)) return bif_badarg(p);
    return make_small((SWord)((bits + 7) / 8));
}

Term bif_erlang_bit_size_1(Process *p, Term *args) {
    UWord bits;
    if (!size_in_bits(args[0], &bits)) return bif_badarg(p);
    return make_small((SWord)bits);
}

/* make_tuple(N, Default, [{Position, Value}]): later positions win. */
Term bif_erlang_make_tuple_3(Process *p, Term *args) {
    if (!is_small(args[0]) || small_val(args[0]) < 0 || small_val(args[0]) > (1 << 24))
        return bif_badarg(p);
    UWord n = (UWord)small_val(args[0]);
    Term l = args[2];
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term t = CAR(list_ptr(l));
        if (!is_tuple(t) || tuple_arity(t) != 2 || !is_small(tuple_elems(t)[0])) return bif_badarg(p);
        SWord pos = small_val(tuple_elems(t)[0]);
        if (pos < 1 || (UWord)pos > n) return bif_badarg(p);
    }
    if (l != NIL) return bif_badarg(p);
    Term *hp;
    BIF_ALLOC(p, hp, n + 1);
    hp[0] = MAKE_HEADER(SUB_TUPLE, n);
    for (UWord k = 0; k < n; k++) hp[1 + k] = args[1];
    for (l = args[2]; is_list(l); l = CDR(list_ptr(l))) {
        Term t = CAR(list_ptr(l));
        hp[small_val(tuple_elems(t)[0])] = tuple_elems(t)[1];
    }
    return make_boxed(hp);
}
