/*
 * print.h: printing terms as OTP prints them.
 *
 * PRINT_DISPLAY is erlang:display/1's format (floats as in
 * "1.000000e+00", strings of printable Latin-1 shown as "..."), PRINT_WRITE
 * is io_lib's ~w (floats in the shortest form that reads back exactly,
 * lists always as lists).  Both must match OTP byte for byte.
 */
#ifndef GIRDER_PRINT_H
#define GIRDER_PRINT_H

#include "atom.h"
#include "strbuf.h"
#include "term.h"

typedef enum PrintMode { PRINT_DISPLAY, PRINT_WRITE } PrintMode;

void print_term(StrBuf *b, const AtomTable *atoms, Term t, PrintMode mode);
/* An atom as Erlang source writes it: quoted when it must be. */
void print_atom(StrBuf *b, const AtomTable *atoms, Term atom);
/* float_to_list(F, [short]) / io_lib ~w: shortest text that reads back as F. */
void print_float_short(StrBuf *b, double d);

#endif
