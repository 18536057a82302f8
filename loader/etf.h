/*
 * etf.h: decoding the external term format (version 131).
 *
 * Used for a module's literal table, its Attr and CInf chunks, and (later)
 * binary_to_term/1,2.  Decoding is two passes over validated input: the
 * first checks the whole term and counts the heap words it needs, the
 * second builds it, so a caller allocates once and malformed or hostile
 * input never leaves a half-built term.  Nesting depth is bounded only by
 * memory: the decoder keeps its own stack, never the C stack.
 *
 * Every term type can be decoded: integers of any size, floats (new and
 * old), atoms in every encoding, tuples, lists, strings, binaries and
 * bitstrings, maps, pids, ports and references (all versions), export funs
 * and local funs (resolved to a FunEntry through the env's callback), and
 * zlib-compressed terms (tag 80).
 */
#ifndef GIRDER_ETF_H
#define GIRDER_ETF_H

#include <stddef.h>
#include <stdint.h>

#include "../gc/literal.h"
#include "../vm/atom.h"
#include "module.h"

typedef enum EtfResult {
    ETF_OK = 0,
    ETF_ERR_TRUNCATED,   /* input ends inside a term */
    ETF_ERR_VERSION,     /* first byte is not 131 */
    ETF_ERR_TAG,         /* unknown tag byte */
    ETF_ERR_ATOM,        /* atom too long, bad UTF-8, or atom table full */
    ETF_ERR_VALUE,       /* a field out of range (bad float text, NaN, ...) */
    ETF_ERR_FUN,         /* a fun that cannot be resolved */
    ETF_ERR_ZLIB,        /* compressed data is corrupt or has the wrong size */
    ETF_ERR_TRAILING,    /* bytes left after the term */
    ETF_ERR_NOMEM        /* out of memory */
} EtfResult;

/* What the decoder needs from the VM. */
typedef struct EtfEnv {
    AtomTable *atoms;  /* atoms are interned here */
    /* Returns the export entry for M:F/A (creating it), NULL on failure. */
    Export *(*export_entry)(void *ctx, Term module, Term name, uint32_t arity);
    /* Returns the fun entry for a NEW_FUN_EXT/FUN_EXT identity, or NULL when
     * it cannot be resolved (the decode then fails with ETF_ERR_FUN). */
    FunEntry *(*fun_entry)(void *ctx, Term module, uint32_t index, uint32_t old_uniq,
                           const uint8_t md5[16], uint32_t arity, uint32_t nfree);
    void *ctx;         /* passed to the callbacks */
} EtfEnv;

/* Decodes one whole term (starting with the version byte 131; the whole
 * buffer must be used) into the literal area.  Refc binaries are linked
 * into area->off_heap. */
EtfResult etf_decode_literal(const EtfEnv *env, LitArea *area, const uint8_t *buf, size_t len,
                             Term *out);

/* A message for an EtfResult. */
const char *etf_result_str(EtfResult r);

#endif
