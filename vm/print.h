/*
 * print.h: printing terms as OTP prints them.
 *
 * PRINT_DISPLAY is erlang:display/1's format (floats as in
 * "1.000000e+00", strings of printable Latin-1 shown as "..."), PRINT_WRITE
 * is io_lib's ~w (floats in the shortest form that reads back exactly,
 * lists always as lists).  Both must match OTP byte for byte.
 *
 * Bytes: display output is what erts writes to stdout (atoms in UTF-8,
 * the characters of a displayed string as single Latin-1 bytes).  ~w
 * output is io_lib:format's character list written in UTF-8 (it holds no
 * character above 255: ~w escapes those in atoms as \x{...}).
 *
 * Maps of more than 32 keys print in OTP's hash-trie order (map.h); with
 * atom keys that order follows the atom table, as it does in OTP.
 * Known difference from OTP, unobservable by portable programs: a
 * pid, port or ref of another node prints its node atom's index where
 * erts prints its node table's index.  Nothing here
 * recurses on the C stack; a term nested a million deep prints.
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
