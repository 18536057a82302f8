/*
 * digest.c: checksums and digests of iodata: crc32/1,2, crc32_combine/3,
 * adler32/1,2, adler32_combine/3 (zlib's), md5/1 and the streaming
 * md5_init/0, md5_update/2, md5_final/1 (vm/md5.c).
 *
 * The streaming MD5 context travels between calls as an 88-byte binary,
 * the size of OTP's; its bytes are girder's Md5Ctx and mean nothing to
 * programs.
 */
#include <stdlib.h>
#include <zlib.h>

#include "bif.h"
#include "binary.h"
#include "bytes.h"
#include "md5.h"
#include "vm.h"

/* A 32-bit unsigned integer argument. */
static bool arg_u32(Term t, uint32_t *out) {
    if (!is_small(t) || small_val(t) < 0 || small_val(t) > (SWord)UINT32_MAX) return false;
    *out = (uint32_t)small_val(t);
    return true;
}

static bool crc_sink(void *ctx, const uint8_t *d, size_t n) {
    uLong *c = ctx;
    while (n > 0) {
        uInt k = n > 0x40000000 ? 0x40000000 : (uInt)n;
        *c = crc32(*c, d, k);
        d += k;
        n -= k;
    }
    return true;
}

static bool adler_sink(void *ctx, const uint8_t *d, size_t n) {
    uLong *c = ctx;
    while (n > 0) {
        uInt k = n > 0x40000000 ? 0x40000000 : (uInt)n;
        *c = adler32(*c, d, k);
        d += k;
        n -= k;
    }
    return true;
}

/* Runs a checksum over iodata from a start value. */
static Term checksum(Process *p, Term data, uLong start, BytesSink sink) {
    uLong c = start;
    BytesResult r = bytes_iodata_walk(data, sink, &c);
    if (r == BYTES_BADARG) return bif_badarg(p);
    if (r != BYTES_OK) return bif_error(p, ATOM_system_limit);
    return make_small((SWord)(c & 0xFFFFFFFFu));
}

Term bif_erlang_crc32_1(Process *p, Term *args) {
    return checksum(p, args[0], crc32(0, Z_NULL, 0), crc_sink);
}
Term bif_erlang_crc32_2(Process *p, Term *args) {
    uint32_t c;
    if (!arg_u32(args[0], &c)) return bif_badarg(p);
    return checksum(p, args[1], c, crc_sink);
}
Term bif_erlang_adler32_1(Process *p, Term *args) {
    return checksum(p, args[0], adler32(0, Z_NULL, 0), adler_sink);
}
Term bif_erlang_adler32_2(Process *p, Term *args) {
    uint32_t c;
    if (!arg_u32(args[0], &c)) return bif_badarg(p);
    return checksum(p, args[1], c, adler_sink);
}

Term bif_erlang_crc32_combine_3(Process *p, Term *args) {
    uint32_t a, b, len;
    if (!arg_u32(args[0], &a) || !arg_u32(args[1], &b) || !arg_u32(args[2], &len))
        return bif_badarg(p);
    return make_small((SWord)(crc32_combine(a, b, (z_off_t)len) & 0xFFFFFFFFu));
}
Term bif_erlang_adler32_combine_3(Process *p, Term *args) {
    uint32_t a, b, len;
    if (!arg_u32(args[0], &a) || !arg_u32(args[1], &b) || !arg_u32(args[2], &len))
        return bif_badarg(p);
    return make_small((SWord)(adler32_combine(a, b, (z_off_t)len) & 0xFFFFFFFFu));
}

static bool md5_sink(void *ctx, const uint8_t *d, size_t n) {
    md5_update(ctx, d, n);
    return true;
}

/* The result of hashing: a digest or a context as a binary. */
static Term bytes_result(Process *p, const void *d, size_t n) {
    Term r = bin_from_bytes(p, d, n);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_erlang_md5_1(Process *p, Term *args) {
    Md5Ctx c;
    md5_init(&c);
    BytesResult r = bytes_iodata_walk(args[0], md5_sink, &c);
    if (r == BYTES_BADARG) return bif_badarg(p);
    if (r != BYTES_OK) return bif_error(p, ATOM_system_limit);
    uint8_t dig[MD5_DIGEST_SIZE];
    md5_final(&c, dig);
    return bytes_result(p, dig, sizeof dig);
}

Term bif_erlang_md5_init_0(Process *p, Term *args) {
    (void)args;
    Md5Ctx c;
    md5_init(&c);
    return bytes_result(p, &c, sizeof c);
}

/* A context binary back into a context. */
static bool md5_context(Term t, Md5Ctx *c) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!bytes_of_binary(t, &d, &n, &owned)) return false;
    bool ok = n == sizeof *c;
    if (ok) memcpy(c, d, sizeof *c);
    free(owned);
    return ok;
}

Term bif_erlang_md5_update_2(Process *p, Term *args) {
    Md5Ctx c;
    if (!md5_context(args[0], &c)) return bif_badarg(p);
    BytesResult r = bytes_iodata_walk(args[1], md5_sink, &c);
    if (r == BYTES_BADARG) return bif_badarg(p);
    if (r != BYTES_OK) return bif_error(p, ATOM_system_limit);
    return bytes_result(p, &c, sizeof c);
}

Term bif_erlang_md5_final_1(Process *p, Term *args) {
    Md5Ctx c;
    if (!md5_context(args[0], &c)) return bif_badarg(p);
    uint8_t dig[MD5_DIGEST_SIZE];
    md5_final(&c, dig);
    return bytes_result(p, dig, sizeof dig);
}
