/*
 * md5.c: MD5 (RFC 1321), see md5.h.
 *
 * The four rounds are written as one loop over the 64 steps, with the
 * per-step message index, shift and additive constant taken from tables;
 * that is slower than unrolled code by a small factor, which does not
 * matter for hashing modules at load time or for erlang:md5/1.
 */
#include "md5.h"

#include <string.h>

/* floor(abs(sin(i + 1)) * 2^32), for step i. */
static const uint32_t K[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613,
    0xfd469501, 0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193,
    0xa679438e, 0x49b40821, 0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d,
    0x02441453, 0xd8a1e681, 0xe7d3fbc8, 0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed,
    0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a, 0xfffa3942, 0x8771f681, 0x6d9d6122,
    0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70, 0x289b7ec6, 0xeaa127fa,
    0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665, 0xf4292244,
    0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb,
    0xeb86d391,
};

/* Left-rotation amounts: four per round, repeated four times in each. */
static const uint8_t SHIFT[4][4] = {
    {7, 12, 17, 22}, {5, 9, 14, 20}, {4, 11, 16, 23}, {6, 10, 15, 21}};

static uint32_t rotl(uint32_t x, unsigned n) { return (x << n) | (x >> (32 - n)); }

static void transform(uint32_t st[4], const uint8_t block[64]) {
    uint32_t m[16];
    for (int i = 0; i < 16; i++)
        m[i] = (uint32_t)block[4 * i] | (uint32_t)block[4 * i + 1] << 8 |
               (uint32_t)block[4 * i + 2] << 16 | (uint32_t)block[4 * i + 3] << 24;
    uint32_t a = st[0], b = st[1], c = st[2], d = st[3];
    for (int i = 0; i < 64; i++) {
        uint32_t f;
        int g;
        switch (i >> 4) {
        case 0: f = (b & c) | (~b & d); g = i; break;
        case 1: f = (d & b) | (~d & c); g = (5 * i + 1) & 15; break;
        case 2: f = b ^ c ^ d; g = (3 * i + 5) & 15; break;
        default: f = c ^ (b | ~d); g = (7 * i) & 15; break;
        }
        uint32_t t = d;
        d = c;
        c = b;
        b = b + rotl(a + f + K[i] + m[g], SHIFT[i >> 4][i & 3]);
        a = t;
    }
    st[0] += a;
    st[1] += b;
    st[2] += c;
    st[3] += d;
}

void md5_init(Md5Ctx *ctx) {
    ctx->state[0] = 0x67452301;
    ctx->state[1] = 0xefcdab89;
    ctx->state[2] = 0x98badcfe;
    ctx->state[3] = 0x10325476;
    ctx->length = 0;
}

void md5_update(Md5Ctx *ctx, const void *data, size_t len) {
    const uint8_t *p = data;
    size_t have = (size_t)(ctx->length & 63);
    ctx->length += len;
    if (have) {
        size_t take = 64 - have < len ? 64 - have : len;
        memcpy(ctx->block + have, p, take);
        p += take;
        len -= take;
        if (have + take < 64) return;
        transform(ctx->state, ctx->block);
    }
    for (; len >= 64; p += 64, len -= 64) transform(ctx->state, p);
    if (len) memcpy(ctx->block, p, len);
}

void md5_final(Md5Ctx *ctx, uint8_t digest[MD5_DIGEST_SIZE]) {
    /* Padding: a 1 bit, zeros up to 56 mod 64, then the bit length. */
    uint64_t bits = ctx->length * 8;
    static const uint8_t pad[64] = {0x80};
    size_t have = (size_t)(ctx->length & 63);
    md5_update(ctx, pad, have < 56 ? 56 - have : 120 - have);
    uint8_t len8[8];
    for (int i = 0; i < 8; i++) len8[i] = (uint8_t)(bits >> (8 * i));
    md5_update(ctx, len8, 8);
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) digest[4 * i + j] = (uint8_t)(ctx->state[i] >> (8 * j));
}

void md5_digest(const void *data, size_t len, uint8_t digest[MD5_DIGEST_SIZE]) {
    Md5Ctx ctx;
    md5_init(&ctx);
    md5_update(&ctx, data, len);
    md5_final(&ctx, digest);
}
