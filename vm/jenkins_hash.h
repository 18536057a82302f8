/*
 * jenkins_hash.h: Bob Jenkins' 96-bit mix and his lookup2 hash of a
 * byte block, the building blocks of OTP's term hashes (phash2 in
 * bif/hash.c, the map hash in vm/map_hash.c).
 */
#ifndef GIRDER_JENKINS_HASH_H
#define GIRDER_JENKINS_HASH_H

#include <stddef.h>
#include <stdint.h>

#define JENKINS_GOLDEN 0x9e3779b9u /* Jenkins' golden-ratio constant */

/* Mix three 32-bit values in place. */
static inline void jenkins_mix(uint32_t *pa, uint32_t *pb, uint32_t *pc) {
    uint32_t a = *pa, b = *pb, c = *pc;
    a -= b; a -= c; a ^= c >> 13;
    b -= c; b -= a; b ^= a << 8;
    c -= a; c -= b; c ^= b >> 13;
    a -= b; a -= c; a ^= c >> 12;
    b -= c; b -= a; b ^= a << 16;
    c -= a; c -= b; c ^= b >> 5;
    a -= b; a -= c; a ^= c >> 3;
    b -= c; b -= a; b ^= a << 10;
    c -= a; c -= b; c ^= b >> 15;
    *pa = a; *pb = b; *pc = c;
}

/* Mix the pair (x, y) into hash h, with k the constant of the part's kind. */
static inline uint32_t jenkins_mix2(uint32_t h, uint32_t x, uint32_t y, uint32_t k) {
    uint32_t a = k + x, b = k + y;
    jenkins_mix(&a, &b, &h);
    return h;
}

/* Jenkins' lookup2 hash of len bytes at k, started from initval. */
uint32_t jenkins_bytes(const unsigned char *k, size_t len, uint32_t initval);

#endif
