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
 * zlib-compressed terms (tag 80).  Refused, as OTP's binary_to_term
 * refuses them outside a distribution channel: ATOM_CACHE_REF, LOCAL_EXT,
 * the old FUN_EXT.
 *
 * The checks are OTP 25's: atoms of at most 255 characters and valid UTF-8,
 * no NaN or infinite floats, no duplicate map keys, and the ranges OTP
 * enforces for the local node (nonode@nohost, creation 0), whose pids,
 * ports and refs become local immediates and refs: pid number < 2^15,
 * serial < 2^13, port number < 2^28, first ref id < 2^18.  Pids, ports and
 * refs of any other node or creation become external boxes (term.h).
 * Maps are built flat with their keys sorted (term_compare_exact); binaries
 * of up to 64 bytes are heap binaries, larger ones refc binaries, and a
 * bitstring is a sub binary over one of those.
 */
#ifndef GIRDER_ETF_H
#define GIRDER_ETF_H

#include <stdbool.h>
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
    ETF_ERR_NOMEM,       /* out of memory */
    ETF_MORE,            /* etf_dec_step: the budget ran out, call again */
    ETF_NEED_HEAP        /* etf_dec_step: give it its heap (etf_dec_heap) */
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
    bool existing_atoms; /* only atoms that exist already (binary_to_term's safe option):
                            any other fails with ETF_ERR_ATOM */
} EtfEnv;

/* Decodes one whole term (starting with the version byte 131; the whole
 * buffer must be used) into the literal area.  Refc binaries are linked
 * into area->off_heap. */
EtfResult etf_decode_literal(const EtfEnv *env, LitArea *area, const uint8_t *buf, size_t len,
                             Term *out);

/*
 * The two passes, for callers that own the heap (binary_to_term).
 *
 * etf_size checks the encoded term at buf (from the version byte on) and
 * sets *words to the heap words etf_decode_heap will need.  With used ==
 * NULL the term must fill the whole buffer (else ETF_ERR_TRAILING); with
 * `used` it may be followed by other bytes, and *used receives the length
 * of the term, as binary_to_term/2's `used` option reports it.  Nothing is
 * allocated on the heap and no atom is created.
 *
 * etf_decode_heap builds the term that etf_size accepted (pass the same
 * buf, and *used or the same len) into hp[0 .. words-1], creating its atoms
 * and resolving its funs through env; refc binaries are linked into oh.  It
 * can still fail where only building can tell: a map with two equal keys
 * (ETF_ERR_VALUE), an unresolvable fun, a full atom table, no memory.  On
 * failure oh is as it was before the call and the words at hp are garbage.
 */
EtfResult etf_size(const EtfEnv *env, const uint8_t *buf, size_t len, size_t *words,
                   size_t *used);
EtfResult etf_decode_heap(const EtfEnv *env, const uint8_t *buf, size_t len, Term *hp,
                          size_t words, OffHeap *oh, Term *out);

/*
 * The same two passes in slices, for binary_to_term of a large binary
 * (bif/ext.c traps between slices).  etf_dec_step runs the decoder over
 * buf[0 .. len) for about *budget units of work (an item, or 8 bytes
 * copied or inflated), spending the budget; call it again with the same
 * bytes (their address may change between calls) while it returns
 * ETF_MORE.  A compressed term is inflated in slices first.  Once the
 * size is known it returns ETF_NEED_HEAP: etf_dec_words says how many
 * words to give etf_dec_heap, an area no collector may see or move until
 * the decoder is done.  ETF_OK means the term is complete:
 * etf_dec_result hands it over with its refc binaries (a list in oh,
 * whose last handle is *oh_tail, for the caller to splice into its own
 * list) and the bytes it used.  Errors are etf_size's and
 * etf_decode_heap's.  etf_dec_free releases everything not handed over.
 */
typedef struct EtfDec EtfDec;
EtfDec *etf_dec_new(bool want_used);
EtfResult etf_dec_step(EtfDec *d, const EtfEnv *env, const uint8_t *buf, size_t len, long *budget);
size_t etf_dec_words(const EtfDec *d);
EtfResult etf_dec_heap(EtfDec *d, Term *hp);
Term etf_dec_result(EtfDec *d, size_t *used, OffHeap *oh, Term **oh_tail);
void etf_dec_free(EtfDec *d);

/* A message for an EtfResult. */
const char *etf_result_str(EtfResult r);

#endif
