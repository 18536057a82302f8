/*
 * raise.h: checking the stack trace given to erlang:raise/3 (bif/raise.c).
 */
#ifndef GIRDER_RAISE_H
#define GIRDER_RAISE_H

#include "bif.h"

/* The stack trace raise/3 installs for `trace`, or THE_NON_VALUE when OTP
 * would refuse it (raise/3 then returns badarg).  Each element must be
 * {M, F, ArityOrArgs, Location}, {M, F, ArityOrArgs}, {Fun, Args,
 * Location} or {Fun, Args} (M and F atoms, Location a list); the short
 * forms come back completed with an empty location, as in OTP. */
Term bif_raise_trace(Process *p, Term trace);

#endif
