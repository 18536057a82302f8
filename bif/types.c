/*
 * types.c: boolean operators and type-test BIFs.
 */
#include "bif.h"

static Term boolean(bool b) { return b ? ATOM_true : ATOM_false; }
Term bif_erlang_not_1(Process *p, Term *args) {
    if (!bif_is_bool(args[0])) return bif_badarg(p);
    return boolean(args[0] == ATOM_false);
}

#define BOOL_OP(NAME, EXPR)                                                  \
    Term NAME(Process *p, Term *args) {                                      \
        if (!bif_is_bool(args[0]) || !bif_is_bool(args[1])) return bif_badarg(p);    \
        bool a = args[0] == ATOM_true, b = args[1] == ATOM_true;             \
        return boolean(EXPR);                                                \
    }
BOOL_OP(bif_erlang_and_2, a && b)
BOOL_OP(bif_erlang_or_2, a || b)
BOOL_OP(bif_erlang_xor_2, a != b)

#define TYPE_TEST(NAME, EXPR)                                                \
    Term NAME(Process *p, Term *args) {                                      \
        Term t = args[0];                                                    \
        return boolean(EXPR);                                                \
    }
TYPE_TEST(bif_erlang_is_atom_1, is_atom(t))
TYPE_TEST(bif_erlang_is_binary_1, is_binary(t))
TYPE_TEST(bif_erlang_is_bitstring_1, is_binary_any(t))
TYPE_TEST(bif_erlang_is_boolean_1, bif_is_bool(t))
TYPE_TEST(bif_erlang_is_float_1, is_float(t))
TYPE_TEST(bif_erlang_is_function_1, is_fun(t))
TYPE_TEST(bif_erlang_is_integer_1, is_integer(t))
TYPE_TEST(bif_erlang_is_list_1, is_list(t) || t == NIL)
TYPE_TEST(bif_erlang_is_map_1, is_map(t))
TYPE_TEST(bif_erlang_is_number_1, is_number(t))
TYPE_TEST(bif_erlang_is_pid_1, is_pid(t))
TYPE_TEST(bif_erlang_is_port_1, is_port(t))
TYPE_TEST(bif_erlang_is_reference_1, is_ref(t))
TYPE_TEST(bif_erlang_is_tuple_1, is_tuple(t))
