/*
 * compare.h: Erlang's term order and its two equalities.
 *
 * The order is OTP's: number < atom < reference < fun < port < pid <
 * tuple < map < [] < list < bitstring.  Within a type:
 *
 *   numbers     by value; an integer and a float compare exactly (no
 *               rounding), and are equal when their values are (1 == 1.0)
 *   atoms       by their text, code point by code point
 *   refs, ports by node name, then creation, then their numbers (a ref's
 *               ids from the last, extra ids counting only when not zero)
 *   pids        by serial, then number, then node name and creation
 *   funs        local funs before export funs; local funs by module,
 *               index, uniq, then free variables; export funs by module,
 *               function, arity
 *   tuples      by size, then element by element
 *   maps        by size, then the keys in key order compared exactly,
 *               then the values in that order
 *   lists       element by element, a shorter list first
 *   bitstrings  bit by bit over the common length, then the shorter first
 *
 * The exact variants (=:=, and the order that sorts map keys) differ only
 * for numbers: an integer is never equal to a float there, and every
 * integer sorts before every float.
 *
 * None of these recurse on the C stack: deep terms use a heap-allocated
 * stack, so nesting depth is bounded by memory only.
 */
#ifndef GIRDER_COMPARE_H
#define GIRDER_COMPARE_H

#include <stdbool.h>

#include "atom.h"
#include "term.h"

/* The order of <, >, =<, >= and lists:sort/1: -1, 0 or 1 (0 means ==). */
int term_compare(const AtomTable *atoms, Term a, Term b);
/* The total order of =:= (and of map keys): -1, 0 or 1 (0 means =:=). */
int term_compare_exact(const AtomTable *atoms, Term a, Term b);
/* A =:= B. */
bool term_eq_exact(Term a, Term b);
/* A == B. */
bool term_eq(Term a, Term b);

#endif
