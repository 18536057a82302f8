/*
 * apply.h: spreading the argument list of erlang:apply/2,3 into x
 * registers.
 *
 * The interpreter's APPLY_LIST (vm/interp.c, used by vm/instrs/std.tab)
 * first counts the list, so that a list that is improper or too long is a
 * badarg while x0.. still hold apply's own arguments, and only then
 * spreads it.
 */
#ifndef GIRDER_APPLY_H
#define GIRDER_APPLY_H

#include "term.h"

/* The length of `list` if it is a proper list of at most `max` elements,
 * else -1. */
int apply_arg_count(Term list, unsigned max);
/* Copies the elements of the proper list `list` into x[0], x[1], ... */
void apply_spread(Term list, Term *x);

#endif
