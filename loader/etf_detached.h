/*
 * etf_detached.h: export and fun entries for decoding outside a VM.
 *
 * Tools and tests that read .beam files or external terms without a
 * module table (the disassembler's generic listing, the loader's fuzz
 * target and bad-input tests, the term tests) still need the decoder's
 * callbacks to return an entry for each `fun M:F/A` and local fun they
 * meet.  An EtfDetached hands out such entries, the same one for the same
 * identity, and frees them all at the end.  It can be told to refuse
 * everything, or local funs only, to drive the decoder's error paths.
 */
#ifndef GIRDER_ETF_DETACHED_H
#define GIRDER_ETF_DETACHED_H

#include <stdbool.h>
#include <stddef.h>

#include "etf.h"

typedef struct EtfDetached {
    EtfEnv env;        /* pass &d->env to the decoder; its ctx is this */
    Export *exports;   /* entries made so far, chained through next */
    FunEntry **funs;   /* fun entries made so far */
    size_t nfuns;      /* used entries in funs */
    size_t capfuns;    /* allocated entries in funs */
    bool refuse;       /* fail every request (error-path tests) */
    bool refuse_funs;  /* fail requests for local funs only */
} EtfDetached;

/* Sets up d to intern atoms into `atoms` (which must outlive d). */
void etf_detached_init(EtfDetached *d, AtomTable *atoms);
/* Frees every entry handed out; d may be initialised again. */
void etf_detached_free(EtfDetached *d);

#endif
