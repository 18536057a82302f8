/*
 * unicode.c: the native functions of OTP's `unicode` module:
 * characters_to_list/2, characters_to_binary/2 (UTF-8 out) and
 * bin_is_7bit/1, and the conversion state they share (unicode.h).
 *
 * The walks live beside: bif/unicode_utf8.c for latin1 and UTF-8 input
 * (OTP's native conversion), bif/unicode_utf16.c for UTF-16 and UTF-32
 * (which OTP does in Erlang); each gives OTP's results, including the
 * shapes of {error, Converted, Rest} and {incomplete, Converted, Rest}.
 */
#include <stdlib.h>
#include <string.h>

#include "../vm/binary.h"
#include "../vm/bits.h"
#include "bif.h"
#include "bytes.h"
#include "unicode.h"

static bool read_enc(Term t, UConv *c) {
    c->little = false;
    if (t == ATOM_latin1) c->enc = ENC_LATIN1;
    else if (t == ATOM_unicode || t == ATOM_utf8) c->enc = ENC_UTF8;
    else if (t == ATOM_utf16) c->enc = ENC_UTF16;
    else if (t == ATOM_utf32) c->enc = ENC_UTF32;
    else if (is_tuple(t) && tuple_arity(t) == 2 &&
             (tuple_elems(t)[1] == ATOM_big || tuple_elems(t)[1] == ATOM_little) &&
             (tuple_elems(t)[0] == ATOM_utf16 || tuple_elems(t)[0] == ATOM_utf32)) {
        c->enc = tuple_elems(t)[0] == ATOM_utf16 ? ENC_UTF16 : ENC_UTF32;
        c->little = tuple_elems(t)[1] == ATOM_little;
    } else return false;
    return true;
}

void uconv_push(UConv *c, uint32_t cp) {
    if (c->n == c->cap) {
        size_t n = c->cap ? c->cap * 2 : 64;
        uint32_t *q = realloc(c->cps, n * sizeof *q);
        if (!q) {
            c->nomem = true;
            return;
        }
        c->cps = q;
        c->cap = n;
    }
    c->cps[c->n++] = cp;
}

Term uconv_tuple3(Process *p, Term a, Term b, Term c) {
    Term *hp = proc_alloc(p, 4);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
    hp[1] = a;
    hp[2] = b;
    hp[3] = c;
    return make_boxed(hp);
}

Term uconv_list(Process *p, const UConv *c) {
    Term *hp = proc_alloc(p, 2 * c->n);
    if (!hp && c->n) return THE_NON_VALUE;
    Term l = NIL;
    for (size_t i = c->n; i-- > 0;) {
        hp[2 * i] = make_small(c->cps[i]);
        hp[2 * i + 1] = l;
        l = make_list(hp + 2 * i);
    }
    return l;
}

Term uconv_binary(Process *p, const UConv *c) {
    size_t len = 0;
    for (size_t i = 0; i < c->n; i++) {
        uint32_t v = c->cps[i];
        len += v < 0x80 ? 1 : v < 0x800 ? 2 : v < 0x10000 ? 3 : 4;
    }
    unsigned char *out;
    Term t = bin_new(p, len, &out);
    if (t == THE_NON_VALUE) return t;
    for (size_t i = 0; i < c->n; i++) out += bits_utf8_encode(out, c->cps[i]);
    return t;
}

static Term convert(Process *p, Term data, Term enc, bool to_list) {
    UConv c = {0};
    if (!read_enc(enc, &c)) return bif_badarg(p);
    c.latin1 = c.enc == ENC_LATIN1;
    Term r = (c.enc == ENC_LATIN1 || c.enc == ENC_UTF8) ? uconv_utf8(p, &c, data, to_list)
                                                        : uconv_utf16(p, &c, data, to_list);
    free(c.cps);
    return r;
}

Term bif_unicode_characters_to_list_2(Process *p, Term *args) { return convert(p, args[0], args[1], true); }
Term bif_unicode_characters_to_binary_2(Process *p, Term *args) {
    return convert(p, args[0], args[1], false);
}

Term bif_unicode_bin_is_7bit_1(Process *p, Term *args) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!bytes_of_binary(args[0], &d, &n, &owned)) return ATOM_false; /* as OTP: not a binary */
    bool seven = true;
    for (size_t i = 0; i < n && seven; i++) seven = d[i] < 0x80;
    free(owned);
    return seven ? ATOM_true : ATOM_false;
}
