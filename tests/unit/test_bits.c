/*
 * test_bits.c: the bit syntax's field machinery (vm/bits.c) against a
 * naive one-bit-at-a-time model: bit copies at every alignment, integer
 * fields of 1..59 bits in both byte orders (written and read back, and
 * laid out as OTP lays out little-endian fields of odd sizes), and UTF-8,
 * UTF-16 round trips with invalid sequences rejected.
 */
#include <stdlib.h>
#include <string.h>

#include "bits.h"
#include "check.h"

static unsigned bit_at(const unsigned char *b, size_t i) { return (b[i / 8] >> (7 - i % 8)) & 1; }
static void set_bit(unsigned char *b, size_t i, unsigned v) {
    if (v) b[i / 8] |= (unsigned char)(0x80 >> (i % 8));
    else b[i / 8] &= (unsigned char)~(0x80 >> (i % 8));
}

static unsigned long long rnd_state = 88172645463325252ull;
static unsigned long long rnd(void) {
    rnd_state ^= rnd_state << 13;
    rnd_state ^= rnd_state >> 7;
    rnd_state ^= rnd_state << 17;
    return rnd_state;
}

static void test_copy(void) {
    unsigned char src[40], dst[40], model[40];
    int bad = 0;
    for (int iter = 0; iter < 20000; iter++) {
        for (size_t i = 0; i < sizeof src; i++) {
            src[i] = (unsigned char)rnd();
            dst[i] = model[i] = (unsigned char)rnd();
        }
        memcpy(model, dst, sizeof dst);
        size_t soff = rnd() % 64, doff = rnd() % 64, n = rnd() % 200;
        bits_copy(dst, doff, src, soff, n);
        for (size_t i = 0; i < n; i++) set_bit(model, doff + i, bit_at(src, soff + i));
        if (memcmp(dst, model, sizeof dst) != 0) bad++;
    }
    CHECK_EQ_INT(bad, 0);
    CHECK(bits_equal((const unsigned char *)"\x12\x34", 4, (const unsigned char *)"\x23\x40", 0, 8));
}

/* The stream of a little-endian field as OTP writes it: whole low bytes
 * first, then the high n % 8 bits. */
static void model_put(unsigned char *b, size_t off, unsigned long long v, unsigned n, int little) {
    if (!little) {
        for (unsigned i = 0; i < n; i++) set_bit(b, off + i, (unsigned)(v >> (n - 1 - i)) & 1);
        return;
    }
    unsigned k = n / 8, r = n % 8, at = 0;
    for (unsigned byte = 0; byte < k; byte++)
        for (unsigned i = 0; i < 8; i++) set_bit(b, off + at++, (unsigned)(v >> (8 * byte + 7 - i)) & 1);
    for (unsigned i = 0; i < r; i++) set_bit(b, off + at++, (unsigned)(v >> (8 * k + r - 1 - i)) & 1);
}

static void test_integers(void) {
    unsigned char buf[24], model[24];
    int bad_put = 0, bad_get = 0;
    for (int iter = 0; iter < 20000; iter++) {
        unsigned n = 1 + (unsigned)(rnd() % 59);
        int little = (int)(rnd() & 1);
        size_t off = rnd() % 40;
        unsigned long long v = rnd() & ((1ull << n) - 1);
        memset(buf, 0xA5, sizeof buf);
        memcpy(model, buf, sizeof buf);
        bits_put_integer(buf, off, make_small((SWord)v), n, little);
        model_put(model, off, v, n, little);
        if (memcmp(buf, model, sizeof buf) != 0) bad_put++;
        Term t = bits_get_integer(NULL, buf, off, n, little ? FL_LITTLE : 0);
        if (t != make_small((SWord)v)) bad_get++;
        /* signed: the top bit set reads back negative */
        Term s = bits_get_integer(NULL, buf, off, n, (little ? FL_LITTLE : 0) | FL_SIGNED);
        SWord want = (v >> (n - 1)) & 1 ? (SWord)v - (SWord)(1ull << n) : (SWord)v;
        if (s != make_small(want)) bad_get++;
    }
    CHECK_EQ_INT(bad_put, 0);
    CHECK_EQ_INT(bad_get, 0);
    unsigned char b[2] = {0, 0};
    bits_put_integer(b, 0, make_small(0xABC), 12, true);
    CHECK_EQ_INT(b[0], 0xBC);
    CHECK_EQ_INT(b[1], 0xA0);
}

static void test_utf(void) {
    unsigned char buf[8];
    int bad = 0;
    for (UWord cp = 0; cp <= 0x10FFFF; cp += 7) {
        unsigned n8 = bits_utf8_encode(buf, cp);
        bool valid = cp < 0xD800 || cp > 0xDFFF;
        if ((n8 != 0) != valid) bad++;
        if (!n8) continue;
        UWord used;
        if (bits_utf8_decode(buf, 0, 8 * n8, &used) != (long)cp || used != 8 * n8) bad++;
        if (bits_utf8_decode(buf, 0, 8 * n8 - 8, &used) != -1) bad++;
        unsigned n16 = bits_utf16_encode(buf, cp, cp & 1);
        if (bits_utf16_decode(buf, 0, 8 * n16, cp & 1, &used) != (long)cp || used != 8 * n16) bad++;
    }
    CHECK_EQ_INT(bad, 0);
    UWord used;
    CHECK_EQ_INT(bits_utf8_decode((const unsigned char *)"\xC0\x80", 0, 16, &used), -1);
    CHECK_EQ_INT(bits_utf8_decode((const unsigned char *)"\xED\xA0\x80", 0, 24, &used), -1);
    CHECK_EQ_INT(bits_utf8_decode((const unsigned char *)"\xF4\x90\x80\x80", 0, 32, &used), -1);
    CHECK_EQ_INT(bits_utf16_decode((const unsigned char *)"\xDC\x00", 0, 16, false, &used), -1);
    CHECK_EQ_INT(bits_utf32_decode((const unsigned char *)"\x00\x00\xD8\x00", 0, 32, false), -1);
}

int main(void) {
    test_copy();
    test_integers();
    test_utf();
    return check_report("bits");
}
