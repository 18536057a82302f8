/*
 * compare.c: the comparison operators as functions (for apply, funs and
 * guard BIF calls); the interpreter's tests use vm/compare.c directly.
 */
#include "bif.h"
#include "compare.h"
#include "vm.h"

static Term boolean(bool b) { return b ? ATOM_true : ATOM_false; }
static int cmp(Process *p, Term *args) { return term_compare(&p->vm->atoms, args[0], args[1]); }

Term bif_erlang_eq_2(Process *p, Term *args) { return boolean(term_eq(args[0], args[1])); }
Term bif_erlang_ne_2(Process *p, Term *args) { return boolean(!term_eq(args[0], args[1])); }
Term bif_erlang_exact_eq_2(Process *p, Term *args) { return boolean(term_eq_exact(args[0], args[1])); }
Term bif_erlang_exact_ne_2(Process *p, Term *args) { return boolean(!term_eq_exact(args[0], args[1])); }
Term bif_erlang_lt_2(Process *p, Term *args) { return boolean(cmp(p, args) < 0); }
Term bif_erlang_gt_2(Process *p, Term *args) { return boolean(cmp(p, args) > 0); }
Term bif_erlang_le_2(Process *p, Term *args) { return boolean(cmp(p, args) <= 0); }
Term bif_erlang_ge_2(Process *p, Term *args) { return boolean(cmp(p, args) >= 0); }
