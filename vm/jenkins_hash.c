/*
 * jenkins_hash.c: Bob Jenkins' lookup2 hash of a byte block (see
 * jenkins_hash.h).
 */
#include "jenkins_hash.h"

static inline uint32_t le32(const unsigned char *k) {
    return k[0] | (uint32_t)k[1] << 8 | (uint32_t)k[2] << 16 | (uint32_t)k[3] << 24;
}

uint32_t jenkins_bytes(const unsigned char *k, size_t len, uint32_t initval) {
    uint32_t a = JENKINS_GOLDEN, b = JENKINS_GOLDEN, c = initval;
    size_t n = len;
    while (n >= 12) {
        a += le32(k);
        b += le32(k + 4);
        c += le32(k + 8);
        jenkins_mix(&a, &b, &c);
        k += 12;
        n -= 12;
    }
    c += (uint32_t)len;
    /* The last bytes: c's lowest byte is taken by the length. */
    switch (n) {
    case 11: c += (uint32_t)k[10] << 24; /* fall through */
    case 10: c += (uint32_t)k[9] << 16; /* fall through */
    case 9: c += (uint32_t)k[8] << 8; /* fall through */
    case 8: b += (uint32_t)k[7] << 24; /* fall through */
    case 7: b += (uint32_t)k[6] << 16; /* fall through */
    case 6: b += (uint32_t)k[5] << 8; /* fall through */
    case 5: b += k[4]; /* fall through */
    case 4: a += (uint32_t)k[3] << 24; /* fall through */
    case 3: a += (uint32_t)k[2] << 16; /* fall through */
    case 2: a += (uint32_t)k[1] << 8; /* fall through */
    case 1: a += k[0]; /* fall through */
    default: break;
    }
    jenkins_mix(&a, &b, &c);
    return c;
}
