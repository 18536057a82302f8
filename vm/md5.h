/*
 * md5.h: the MD5 message digest (RFC 1321).
 *
 * OTP exposes MD5 in two places that girder must reproduce bit for bit:
 * Mod:module_info(md5), computed by the loader over a module's essential
 * chunks, and erlang:md5/1 and its streaming friends md5_init/update/final.
 * Both are served by this small incremental implementation, so the VM
 * needs no crypto library.  MD5 is not used for anything security related.
 */
#ifndef GIRDER_MD5_H
#define GIRDER_MD5_H

#include <stddef.h>
#include <stdint.h>

#define MD5_DIGEST_SIZE 16

/* The running state of one digest.  Plain data: it may be copied, which is
 * how erlang:md5_update/2 keeps its state in a binary. */
typedef struct Md5Ctx {
    uint32_t state[4];  /* A, B, C, D */
    uint64_t length;    /* bytes hashed so far */
    uint8_t block[64];  /* bytes waiting for a full 64-byte block */
} Md5Ctx;

void md5_init(Md5Ctx *ctx);
void md5_update(Md5Ctx *ctx, const void *data, size_t len);
/* Writes the digest; ctx must be re-initialised before it is reused. */
void md5_final(Md5Ctx *ctx, uint8_t digest[MD5_DIGEST_SIZE]);
/* The digest of one buffer. */
void md5_digest(const void *data, size_t len, uint8_t digest[MD5_DIGEST_SIZE]);

#endif
