/*
 * arith.h: number helpers shared by the arithmetic BIFs (bif/arith.c),
 * the float BIFs and math functions (bif/float.c, bif/math.c) and the
 * float instructions (vm/instrs/floats.tab).
 */
#ifndef GIRDER_ARITH_H
#define GIRDER_ARITH_H

#include <stdbool.h>

#include "../vm/process.h"

/* A boxed float on the process heap (BIF_ALLOC: system_limit when out of
 * memory).  The value is taken as it is: callers check it is finite. */
Term arith_make_float(Process *p, double d);

/* A number term as a double, converted as OTP converts integers; false
 * for a non-number or an integer beyond the double range. */
bool arith_to_double(Term t, double *out);

#endif
