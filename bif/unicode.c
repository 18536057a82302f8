/*
 * unicode.c: the native functions of OTP's `unicode` module:
 * characters_to_list/2, characters_to_binary/2 (UTF-8 out) and
 * bin_is_7bit/1.
 *
 * Input is chardata: a binary in the input encoding (latin1, utf8/unicode,
 * utf16 or utf32 of either byte order), or a possibly deep list of code
 * points and such binaries, whose tail may be a binary.  It is walked
 * without C recursion.  A sequence cut between two binaries continues in
 * the next one, as in OTP.  The results follow OTP's: the converted data;
 * {error, UConverted, Rest} at a code point or sequence that is not valid,
 * where Rest rebuilds what was left at each nesting level; {incomplete,
 * UConverted, RestBinary} when the input ends inside a sequence; badarg
 * for input that is not chardata or an unknown encoding.
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

/* Outcome of decoding bytes. */
typedef enum Dec { DEC_OK, DEC_BAD, DEC_SHORT } Dec;

/* Decodes one sequence at s (len bytes): DEC_OK with *cp and *used, DEC_BAD,
 * or DEC_SHORT when the bytes are a valid start cut short. */
static Dec decode_one(const UConv *c, const uint8_t *s, size_t len, uint32_t *cp, size_t *used) {
    switch (c->enc) {
    case ENC_LATIN1:
        *cp = s[0];
        *used = 1;
        return DEC_OK;
    case ENC_UTF8: {
        unsigned b0 = s[0], need;
        uint32_t v;
        if (b0 < 0x80) {
            *cp = b0;
            *used = 1;
            return DEC_OK;
        }
        if (b0 >= 0xC0 && b0 < 0xE0) { need = 2; v = b0 & 0x1F; }
        else if (b0 >= 0xE0 && b0 < 0xF0) { need = 3; v = b0 & 0x0F; }
        else if (b0 >= 0xF0 && b0 < 0xF8) { need = 4; v = b0 & 0x07; }
        else return DEC_BAD;
        for (unsigned i = 1; i < need; i++) {
            if (i >= len) return DEC_SHORT;
            if ((s[i] & 0xC0) != 0x80) return DEC_BAD;
            v = (v << 6) | (s[i] & 0x3F);
        }
        if ((need == 2 && v < 0x80) || (need == 3 && v < 0x800) || (need == 4 && v < 0x10000) ||
            v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
            return DEC_BAD;
        *cp = v;
        *used = need;
        return DEC_OK;
    }
    case ENC_UTF16: {
        if (len < 2) return DEC_SHORT;
        unsigned w1 = c->little ? (unsigned)(s[1] << 8 | s[0]) : (unsigned)(s[0] << 8 | s[1]);
        if (w1 < 0xD800 || w1 > 0xDFFF) {
            *cp = w1;
            *used = 2;
            return DEC_OK;
        }
        if (w1 > 0xDBFF) return DEC_BAD;
        if (len < 4) return DEC_SHORT;
        unsigned w2 = c->little ? (unsigned)(s[3] << 8 | s[2]) : (unsigned)(s[2] << 8 | s[3]);
        if (w2 < 0xDC00 || w2 > 0xDFFF) return DEC_BAD;
        *cp = 0x10000 + (((uint32_t)(w1 - 0xD800) << 10) | (w2 - 0xDC00));
        *used = 4;
        return DEC_OK;
    }
    case ENC_UTF32: {
        if (len < 4) return DEC_SHORT;
        uint32_t v = c->little ? ((uint32_t)s[3] << 24 | (uint32_t)s[2] << 16 | (uint32_t)s[1] << 8 | s[0])
                               : ((uint32_t)s[0] << 24 | (uint32_t)s[1] << 16 | (uint32_t)s[2] << 8 | s[3]);
        if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return DEC_BAD;
        *cp = v;
        *used = 4;
        return DEC_OK;
    }
    }
    return DEC_BAD;
}

/* Where conversion stopped. */
typedef enum Stop { STOP_NONE, STOP_ERROR, STOP_INCOMPLETE, STOP_BADARG } Stop;

typedef struct Walk {
    Stop stop;
    Term rest;          /* innermost rest (error) */
    const uint8_t *bad; /* error or incomplete inside a binary: its remaining bytes */
    size_t nbad;
    Term bad_bin;       /* that binary */
    UWord bad_off;      /* byte offset of bad within it */
} Walk;

/* Feeds a binary's bytes (with pending bytes first).  Returns false when
 * conversion stops (w says why). */
static bool feed_binary(UConv *c, Walk *w, Term bin, bool last) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!bytes_of_binary(bin, &d, &n, &owned)) {
        w->stop = STOP_BADARG;
        return false;
    }
    size_t i = 0;
    uint32_t cp;
    size_t used;
    /* Complete a sequence left pending by the previous binary. */
    while (c->npend && i < n) {
        uint8_t tmp[4];
        memcpy(tmp, c->pend, c->npend);
        size_t k = c->npend;
        while (k < 4 && i + (k - c->npend) < n) {
            tmp[k] = d[i + (k - c->npend)];
            k++;
        }
        Dec r = decode_one(c, tmp, k, &cp, &used);
        if (r == DEC_OK) {
            uconv_push(c, cp);
            i += used - c->npend;
            c->npend = 0;
        } else if (r == DEC_SHORT && k - c->npend == n - i) {
            memcpy(c->pend, tmp, k);
            c->npend = (unsigned)k;
            i = n;
        } else {
            w->stop = STOP_ERROR;
            break;
        }
    }
    while (w->stop == STOP_NONE && i < n) {
        Dec r = decode_one(c, d + i, n - i, &cp, &used);
        if (r == DEC_OK) {
            uconv_push(c, cp);
            i += used;
        } else if (r == DEC_SHORT) {
            memcpy(c->pend, d + i, n - i);
            c->npend = (unsigned)(n - i);
            i = n;
        } else {
            w->stop = STOP_ERROR;
            w->bad_bin = bin;
            w->bad_off = i;
            w->nbad = n - i;
        }
    }
    (void)last;
    free(owned);
    return w->stop == STOP_NONE;
}

/* Walks chardata; on a stop, w->rest is the rest at the level it stopped
 * and the stack of outer tails is rebuilt around it by the caller. */
static Term walk(Process *p, UConv *c, Walk *w, Term t, bool list_ok) {
    *w = (Walk){STOP_NONE, NIL, NULL, 0, THE_NON_VALUE, 0};
    if (is_binary_any(t)) {
        feed_binary(c, w, t, true);
        if (w->stop == STOP_ERROR && w->bad_bin != THE_NON_VALUE) {
            w->rest = bin_sub(p, t, 8 * w->bad_off, 8 * (UWord)w->nbad);
        } else if (w->stop == STOP_ERROR) {
            w->rest = t;
        }
        return NIL;
    }
    if (!list_ok || (!is_list(t) && !is_nil(t))) {
        w->stop = STOP_BADARG;
        return NIL;
    }
    size_t cap = 16, depth = 0;
    Term *stack = malloc(cap * sizeof *stack);
    if (!stack) {
        c->nomem = true;
        return NIL;
    }
    Term cur = t;
    for (;;) {
        if (c->nomem) break;
        if (is_list(cur)) {
            Term cell = cur;
            Term h = CAR(list_ptr(cur));
            cur = CDR(list_ptr(cur));
            if (is_small(h)) {
                SWord v = small_val(h);
                bool okv = v >= 0 && v <= (c->enc == ENC_LATIN1 ? 255 : 0x10FFFF) &&
                           (v < 0xD800 || v > 0xDFFF);
                if (c->npend || !okv) {
                    w->stop = STOP_ERROR;
                    w->rest = cell;
                    if (c->npend) {
                        Term pb = bin_from_bytes(p, c->pend, c->npend);
                        Term *hp = proc_alloc(p, 4);
                        if (pb == THE_NON_VALUE || !hp) {
                            c->nomem = true;
                            break;
                        }
                        hp[0] = pb;
                        hp[1] = make_list(hp + 2);
                        hp[2] = cell;
                        hp[3] = NIL;
                        w->rest = make_list(hp);
                        c->npend = 0;
                    }
                    break;
                }
                uconv_push(c, (uint32_t)v);
            } else if (is_list(h) || is_nil(h)) {
                if (depth == cap) {
                    Term *ns = realloc(stack, 2 * cap * sizeof *stack);
                    if (!ns) {
                        c->nomem = true;
                        break;
                    }
                    stack = ns;
                    cap *= 2;
                }
                stack[depth++] = cur;
                cur = h;
            } else if (is_binary_any(h)) {
                if (!feed_binary(c, w, h, false)) {
                    if (w->stop == STOP_ERROR) {
                        Term r = w->bad_bin != THE_NON_VALUE
                                     ? bin_sub(p, h, 8 * w->bad_off, 8 * (UWord)w->nbad)
                                     : h;
                        Term *hp = proc_alloc(p, 2);
                        if (r == THE_NON_VALUE || !hp) {
                            c->nomem = true;
                            break;
                        }
                        hp[0] = r;
                        hp[1] = cur;
                        w->rest = make_list(hp);
                    }
                    break;
                }
            } else {
                w->stop = STOP_BADARG;
                break;
            }
            continue;
        }
        if (is_binary_any(cur)) {
            if (!feed_binary(c, w, cur, false)) {
                if (w->stop == STOP_ERROR)
                    w->rest = w->bad_bin != THE_NON_VALUE
                                  ? bin_sub(p, cur, 8 * w->bad_off, 8 * (UWord)w->nbad)
                                  : cur;
                break;
            }
        } else if (!is_nil(cur)) {
            w->stop = STOP_BADARG;
            break;
        }
        if (depth == 0) break;
        cur = stack[--depth];
    }
    /* Rebuild the rest around the outer levels' tails. */
    if (w->stop == STOP_ERROR) {
        while (depth > 0) {
            Term *hp = proc_alloc(p, 2);
            if (!hp) {
                c->nomem = true;
                break;
            }
            hp[0] = w->rest;
            hp[1] = stack[--depth];
            w->rest = make_list(hp);
        }
    }
    free(stack);
    return NIL;
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
    if (c.enc == ENC_LATIN1 || c.enc == ENC_UTF8) {
        c.latin1 = c.enc == ENC_LATIN1;
        Term r = uconv_utf8(p, &c, data, to_list);
        free(c.cps);
        return r;
    }
    Walk w;
    walk(p, &c, &w, data, true);
    Term r = THE_NON_VALUE;
    if (!c.nomem && w.stop != STOP_BADARG) {
        Term conv = to_list ? uconv_list(p, &c) : uconv_binary(p, &c);
        if (conv == THE_NON_VALUE) {
            c.nomem = true;
        } else if (w.stop == STOP_ERROR) {
            r = uconv_tuple3(p, ATOM_error, conv, w.rest);
        } else if (c.npend) {
            Term pb = bin_from_bytes(p, c.pend, c.npend);
            r = pb == THE_NON_VALUE ? pb : uconv_tuple3(p, ATOM_incomplete, conv, pb);
        } else {
            r = conv;
        }
        if (r == THE_NON_VALUE) c.nomem = true;
    }
    free(c.cps);
    if (c.nomem) return bif_error(p, ATOM_system_limit);
    if (r == THE_NON_VALUE) return bif_badarg(p);
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
