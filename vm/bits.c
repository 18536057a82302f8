/*
 * bits.c: bit copying and the fields of the bit syntax: integers of any
 * size and either byte order, floats of 16/32/64 bits, UTF-8/16/32 code
 * points, and match contexts (see bits.h).
 *
 * Byte order of a field whose size is not a multiple of 8: big-endian
 * writes the value's n bits most significant first; little-endian writes
 * the whole low bytes first, least significant first, then the remaining
 * high n % 8 bits, as OTP does (<<16#ABC:12/little>> is <<16#BC, 16#A:4>>).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "big.h"
#include "binary.h"
#include "bits.h"

static inline unsigned mask8(unsigned k) { return k >= 8 ? 0xFFu : (1u << k) - 1; }

/* k <= 8 bits at bit off of src, as the low bits of the result. */
static inline unsigned get_bits(const unsigned char *src, UWord off, unsigned k) {
    const unsigned char *s = src + (off >> 3);
    unsigned in_first = 8 - (unsigned)(off & 7);
    if (k <= in_first) return (s[0] >> (in_first - k)) & mask8(k);
    unsigned rest = k - in_first;
    return ((s[0] & mask8(in_first)) << rest) | (s[1] >> (8 - rest));
}

/* Writes the low k <= 8 bits of v at bit off of dst. */
static inline void put_bits(unsigned char *dst, UWord off, unsigned v, unsigned k) {
    unsigned char *d = dst + (off >> 3);
    unsigned in_first = 8 - (unsigned)(off & 7);
    v &= mask8(k);
    if (k <= in_first) {
        unsigned sh = in_first - k;
        d[0] = (unsigned char)((d[0] & ~(mask8(k) << sh)) | (v << sh));
        return;
    }
    unsigned rest = k - in_first;
    d[0] = (unsigned char)((d[0] & ~mask8(in_first)) | (v >> rest));
    unsigned sh = 8 - rest;
    d[1] = (unsigned char)((d[1] & ~(mask8(rest) << sh)) | ((v & mask8(rest)) << sh));
}

void bits_copy(unsigned char *dst, UWord doff, const unsigned char *src, UWord soff, UWord n) {
    if (n == 0) return;
    if ((doff & 7) == 0 && (soff & 7) == 0) {
        memcpy(dst + (doff >> 3), src + (soff >> 3), n >> 3);
        if (n & 7) put_bits(dst, doff + (n & ~(UWord)7), get_bits(src, soff + (n & ~(UWord)7), n & 7),
                            n & 7);
        return;
    }
    while (n >= 8) {
        put_bits(dst, doff, get_bits(src, soff, 8), 8);
        doff += 8;
        soff += 8;
        n -= 8;
    }
    if (n) put_bits(dst, doff, get_bits(src, soff, (unsigned)n), (unsigned)n);
}

bool bits_equal(const unsigned char *a, UWord aoff, const unsigned char *b, UWord boff, UWord n) {
    if ((aoff & 7) == 0 && (boff & 7) == 0) {
        if (memcmp(a + (aoff >> 3), b + (boff >> 3), n >> 3) != 0) return false;
        UWord done = n & ~(UWord)7;
        aoff += done;
        boff += done;
        n -= done;
    }
    while (n > 0) {
        unsigned k = n >= 8 ? 8 : (unsigned)n;
        if (get_bits(a, aoff, k) != get_bits(b, boff, k)) return false;
        aoff += k;
        boff += k;
        n -= k;
    }
    return true;
}

/* n <= 64 bits, most significant first. */
static uint64_t read_be(const unsigned char *src, UWord off, unsigned n) {
    uint64_t v = 0;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if ((off & 7) == 0 && n == 64) {
        memcpy(&v, src + (off >> 3), 8);
        return __builtin_bswap64(v);
    }
    if ((off & 7) == 0 && n == 32) {
        uint32_t w;
        memcpy(&w, src + (off >> 3), 4);
        return __builtin_bswap32(w);
    }
#endif
    if ((off & 7) == 0) {
        const unsigned char *s = src + (off >> 3);
        unsigned i = 0;
        for (; i + 8 <= n; i += 8) v = (v << 8) | *s++;
        if (i < n) v = (v << (n - i)) | (*s >> (8 - (n - i)));
        return v;
    }
    while (n >= 8) {
        v = (v << 8) | get_bits(src, off, 8);
        off += 8;
        n -= 8;
    }
    if (n) v = (v << n) | get_bits(src, off, n);
    return v;
}

uint64_t bits_read_u64(const unsigned char *src, UWord off, unsigned n) { return read_be(src, off, n); }

static void write_be(unsigned char *dst, UWord off, uint64_t v, unsigned n) {
    if ((off & 7) == 0 && (n & 7) == 0) {
        unsigned char *d = dst + (off >> 3);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        if (n == 64) {
            uint64_t b = __builtin_bswap64(v);
            memcpy(d, &b, 8);
            return;
        }
        if (n == 32) {
            uint32_t b = __builtin_bswap32((uint32_t)v);
            memcpy(d, &b, 4);
            return;
        }
#endif
        for (unsigned i = n; i > 0; i -= 8) *d++ = (unsigned char)(v >> (i - 8));
        return;
    }
    while (n >= 8) {
        put_bits(dst, off, (unsigned)(v >> (n - 8)) & 0xFF, 8);
        off += 8;
        n -= 8;
    }
    if (n) put_bits(dst, off, (unsigned)v & mask8(n), n);
}

/* The stream order of a little-endian field of n <= 64 bits and back. */
static uint64_t little_to_stream(uint64_t v, unsigned n) {
    unsigned k = n / 8, r = n % 8;
    uint64_t s = 0;
    for (unsigned i = 0; i < k; i++) s = (s << 8) | ((v >> (8 * i)) & 0xFF);
    if (r) s = (s << r) | ((v >> (8 * k)) & mask8(r));
    return s;
}
static uint64_t stream_to_little(uint64_t s, unsigned n) {
    unsigned k = n / 8, r = n % 8;
    uint64_t v = r ? (s & mask8(r)) << (8 * k) : 0;
    uint64_t t = r ? s >> r : s;
    for (unsigned i = 0; i < k; i++) v |= ((t >> (8 * (k - 1 - i))) & 0xFF) << (8 * i);
    return v;
}

/* Reads n > 64 bits into a little-endian byte array of (n + 7) / 8 bytes. */
static void read_long(const unsigned char *src, UWord off, UWord n, bool little, unsigned char *le,
                      unsigned char *tmp) {
    size_t m = (n + 7) / 8;
    unsigned r = (unsigned)(n % 8), pad = (8 - r) % 8;
    memset(tmp, 0, m);
    bits_copy(tmp, 0, src, off, n);
    if (little) {
        memcpy(le, tmp, m);
        if (r) le[m - 1] = (unsigned char)(tmp[m - 1] >> pad);
        return;
    }
    for (size_t j = 0; j < m; j++) {
        unsigned lo = tmp[m - 1 - j] >> pad;
        unsigned hi = (pad && j + 1 < m) ? (unsigned)tmp[m - 2 - j] << (8 - pad) : 0;
        le[j] = (unsigned char)(lo | hi);
    }
}

Term bits_get_integer(Process *p, const unsigned char *src, UWord off, UWord n, unsigned flags) {
    bool little = FL_IS_LITTLE(flags), sign = (flags & FL_SIGNED) != 0;
    if (n <= 64) {
        if (n == 0) return make_small(0);
        uint64_t s = read_be(src, off, (unsigned)n);
        uint64_t v = little ? stream_to_little(s, (unsigned)n) : s;
        if (sign && (v >> (n - 1)) & 1) {
            int64_t sv = n == 64 ? (int64_t)v : (int64_t)(v | ~(((uint64_t)1 << n) - 1));
            if (small_fits(sv)) return make_small(sv);
            Term *hp = proc_alloc(p, BIG_INT64_WORDS);
            return hp ? big_from_int64(hp, sv) : THE_NON_VALUE;
        }
        if (v <= (uint64_t)MAX_SMALL) return make_small((SWord)v);
        Term *hp = proc_alloc(p, BIG_INT64_WORDS);
        return hp ? big_from_uint64(hp, v) : THE_NON_VALUE;
    }
    size_t m = (n + 7) / 8;
    unsigned char *buf = malloc(2 * m);
    if (!buf) return THE_NON_VALUE;
    unsigned char *le = buf, *tmp = buf + m;
    read_long(src, off, n, little, le, tmp);
    unsigned r = (unsigned)(n % 8);
    bool neg = false;
    if (sign) {
        unsigned top = r ? (le[m - 1] >> (r - 1)) & 1 : le[m - 1] >> 7;
        if (top) {
            neg = true;
            if (r) le[m - 1] |= (unsigned char)~mask8(r);
            unsigned carry = 1;
            for (size_t j = 0; j < m; j++) {
                unsigned b = (unsigned)(unsigned char)~le[j] + carry;
                le[j] = (unsigned char)b;
                carry = b >> 8;
            }
        }
    }
    Term *hp = proc_alloc(p, big_from_bytes_words(m));
    Term t = hp ? big_from_bytes_le(hp, le, m, neg) : THE_NON_VALUE;
    free(buf);
    return t;
}

/* The n-bit two's complement of an integer term, little-endian, in le
 * ((n + 7) / 8 bytes). */
static void int_to_le(Term v, UWord n, unsigned char *le) {
    size_t m = (n + 7) / 8;
    if (is_small(v)) {
        int64_t s = small_val(v);
        for (size_t j = 0; j < m; j++) le[j] = j < 8 ? (unsigned char)((uint64_t)s >> (8 * j)) : (s < 0 ? 0xFF : 0);
        return;
    }
    const UWord *d = big_digits(v);
    size_t nl = big_limbs(v);
    for (size_t j = 0; j < m; j++) le[j] = j / 8 < nl ? (unsigned char)(d[j / 8] >> (8 * (j % 8))) : 0;
    if (big_negative(v)) {
        unsigned carry = 1;
        for (size_t j = 0; j < m; j++) {
            unsigned b = (unsigned)(unsigned char)~le[j] + carry;
            le[j] = (unsigned char)b;
            carry = b >> 8;
        }
    }
}

void bits_put_integer(unsigned char *dst, UWord off, Term v, UWord n, bool little) {
    if (n == 0) return;
    if (n <= 64 && is_small(v)) {
        uint64_t u = (uint64_t)small_val(v);
        if (n < 64) u &= ((uint64_t)1 << n) - 1;
        write_be(dst, off, little ? little_to_stream(u, (unsigned)n) : u, (unsigned)n);
        return;
    }
    size_t m = (n + 7) / 8;
    unsigned char small_buf[64];
    unsigned char *buf = 2 * m <= sizeof small_buf ? small_buf : malloc(2 * m);
    if (!buf) return; /* no memory: the field stays as allocated */
    unsigned char *le = buf, *st = buf + m;
    int_to_le(v, n, le);
    unsigned r = (unsigned)(n % 8), pad = (8 - r) % 8;
    if (little) {
        memcpy(st, le, m);
        if (r) st[m - 1] = (unsigned char)((le[m - 1] & mask8(r)) << pad);
    } else {
        for (size_t j = 0; j < m; j++) {
            unsigned b = (unsigned)le[j] << pad;
            if (pad && j > 0) b |= le[j - 1] >> (8 - pad);
            st[m - 1 - j] = (unsigned char)b;
        }
    }
    bits_copy(dst, off, st, 0, n);
    if (buf != small_buf) free(buf);
}

/* IEEE half precision from and to double (round to nearest even). */
static double half_to_double(unsigned h) {
    unsigned e = (h >> 10) & 0x1F, f = h & 0x3FF;
    double v;
    if (e == 0) v = ldexp((double)f, -24);
    else if (e == 31) v = f ? NAN : INFINITY;
    else v = ldexp((double)(f | 0x400), (int)e - 25);
    return (h & 0x8000) ? -v : v;
}
static unsigned double_to_half(double d) {
    unsigned sign = signbit(d) ? 0x8000 : 0;
    double a = fabs(d);
    if (isnan(d)) return sign | 0x7E00;
    if (a >= 65520.0) return sign | 0x7C00; /* rounds to infinity */
    if (a < ldexp(1.0, -14)) {
        /* subnormal: units of 2^-24 */
        double q = nearbyint(ldexp(a, 24));
        return sign | (unsigned)q;
    }
    int e;
    double m = frexp(a, &e); /* a = m * 2^e, m in [0.5, 1) */
    double q = nearbyint(ldexp(m, 11)); /* 11 significant bits */
    if (q >= 2048.0) {
        q /= 2;
        e++;
    }
    unsigned exp = (unsigned)(e - 1 + 15);
    if (exp >= 31) return sign | 0x7C00;
    return sign | (exp << 10) | ((unsigned)q & 0x3FF);
}

bool bits_get_float(const unsigned char *src, UWord off, UWord n, unsigned flags, double *out) {
    bool little = FL_IS_LITTLE(flags);
    if (n != 16 && n != 32 && n != 64) return false;
    uint64_t s = read_be(src, off, (unsigned)n);
    uint64_t v = little ? stream_to_little(s, (unsigned)n) : s;
    double d;
    if (n == 64) {
        memcpy(&d, &v, sizeof d);
    } else if (n == 32) {
        uint32_t w = (uint32_t)v;
        float f;
        memcpy(&f, &w, sizeof f);
        d = f;
    } else {
        d = half_to_double((unsigned)v);
    }
    if (!isfinite(d)) return false;
    *out = d;
    return true;
}

bool bits_put_float(unsigned char *dst, UWord off, Term v, UWord n, bool little) {
    double d;
    if (is_float(v)) {
        d = float_val(v);
    } else if (is_small(v)) {
        d = (double)small_val(v);
    } else if (is_big(v)) {
        const UWord *dg = big_digits(v);
        d = 0;
        for (size_t i = big_limbs(v); i-- > 0;) d = d * 18446744073709551616.0 + (double)dg[i];
        if (!isfinite(d)) return false;
        if (big_negative(v)) d = -d;
    } else {
        return false;
    }
    uint64_t u;
    if (n == 64) {
        memcpy(&u, &d, sizeof u);
    } else if (n == 32) {
        float f = (float)d;
        uint32_t w;
        memcpy(&w, &f, sizeof w);
        u = w;
    } else if (n == 16) {
        u = double_to_half(d);
    } else {
        return false;
    }
    write_be(dst, off, little ? little_to_stream(u, (unsigned)n) : u, (unsigned)n);
    return true;
}

static inline bool valid_cp(UWord cp) { return cp <= 0x10FFFF && (cp < 0xD800 || cp > 0xDFFF); }

unsigned bits_utf8_encode(unsigned char *buf, UWord cp) {
    if (!valid_cp(cp)) return 0;
    if (cp < 0x80) {
        buf[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        buf[0] = (unsigned char)(0xC0 | (cp >> 6));
        buf[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        buf[0] = (unsigned char)(0xE0 | (cp >> 12));
        buf[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        buf[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    buf[0] = (unsigned char)(0xF0 | (cp >> 18));
    buf[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    buf[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    buf[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

static void put16(unsigned char *b, unsigned v, bool little) {
    b[little ? 1 : 0] = (unsigned char)(v >> 8);
    b[little ? 0 : 1] = (unsigned char)v;
}

unsigned bits_utf16_encode(unsigned char *buf, UWord cp, bool little) {
    if (!valid_cp(cp)) return 0;
    if (cp < 0x10000) {
        put16(buf, (unsigned)cp, little);
        return 2;
    }
    UWord c = cp - 0x10000;
    put16(buf, 0xD800 | (unsigned)(c >> 10), little);
    put16(buf + 2, 0xDC00 | (unsigned)(c & 0x3FF), little);
    return 4;
}

long bits_utf8_decode(const unsigned char *src, UWord off, UWord avail, UWord *used) {
    if (avail < 8) return -1;
    unsigned b0 = get_bits(src, off, 8), len;
    UWord cp;
    if (b0 < 0x80) {
        *used = 8;
        return (long)b0;
    } else if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        cp = b0 & 0x1F;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        cp = b0 & 0x0F;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        cp = b0 & 0x07;
    } else {
        return -1;
    }
    if (avail < 8 * (UWord)len) return -1;
    for (unsigned i = 1; i < len; i++) {
        unsigned b = get_bits(src, off + 8 * i, 8);
        if ((b & 0xC0) != 0x80) return -1;
        cp = (cp << 6) | (b & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || !valid_cp(cp)) return -1;
    *used = 8 * (UWord)len;
    return (long)cp;
}

static unsigned get16(const unsigned char *src, UWord off, bool little) {
    unsigned a = get_bits(src, off, 8), b = get_bits(src, off + 8, 8);
    return little ? (b << 8 | a) : (a << 8 | b);
}

long bits_utf16_decode(const unsigned char *src, UWord off, UWord avail, bool little, UWord *used) {
    if (avail < 16) return -1;
    unsigned w1 = get16(src, off, little);
    if (w1 < 0xD800 || w1 > 0xDFFF) {
        *used = 16;
        return (long)w1;
    }
    if (w1 > 0xDBFF || avail < 32) return -1;
    unsigned w2 = get16(src, off + 16, little);
    if (w2 < 0xDC00 || w2 > 0xDFFF) return -1;
    *used = 32;
    return (long)(0x10000 + (((UWord)(w1 - 0xD800) << 10) | (w2 - 0xDC00)));
}

long bits_utf32_decode(const unsigned char *src, UWord off, UWord avail, bool little) {
    if (avail < 32) return -1;
    uint64_t s = read_be(src, off, 32);
    uint64_t v = little ? stream_to_little(s, 32) : s;
    return valid_cp(v) ? (long)v : -1;
}

Term bits_match_new(Process *p, Term bin) {
    Term *b = boxed_ptr(bin);
    Term base = bin;
    UWord off = 0, bits;
    if (HEADER_SUB(b[0]) == SUB_SUB_BIN) {
        bits = b[1];
        off = b[2];
        base = b[3];
    } else {
        bits = b[1] * 8;
    }
    Term *hp = proc_alloc(p, MATCH_WORDS);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_MATCH, MATCH_WORDS - 1);
    hp[1] = base;
    hp[2] = off;
    hp[3] = off;
    hp[4] = off + bits;
    return make_boxed(hp);
}

Term bits_match_sub(Process *p, const Term *ctx, UWord at, UWord n) {
    return bin_sub(p, ctx[1], at, n);
}
