/*
 * unicode_utf16.c: unicode:characters_to_list/2 and characters_to_binary/2
 * for UTF-16 and UTF-32 input.
 *
 * OTP converts these encodings in Erlang (unicode.erl), walking the
 * chardata lazily, so its results on bad input have their own shapes.
 * This walk follows the same rules:
 *   - Integers must be code points; a bad one stops with Rest = [[I] | T].
 *   - A binary is decoded unit by unit; where decoding stops, the bytes
 *     left either could begin a valid unit (the sequence is incomplete:
 *     they wait for the next binary) or not (an error, Rest = [Bytes | T],
 *     or just Bytes for a binary that is not in a list).
 *   - Pending bytes are completed from the next binary (the completed
 *     unit and the rest of that binary then count as two list elements);
 *     an integer while bytes are pending is an error, Rest = [Pending |
 *     Whole]; pending bytes at the end make the result incomplete.
 *   - A nested list's error rest is consed onto the tail after it.
 *   - Binaries above 8192 bytes are taken in 8192-byte parts.
 *   - Anything else (an atom in the list...) is badarg when reached.
 */
#include <stdlib.h>
#include <string.h>

#include "../vm/binary.h"
#include "../vm/bits.h"
#include "bif.h"
#include "bytes.h"
#include "unicode.h"

typedef enum MlResult { ML_OK, ML_ERROR, ML_INCOMPLETE, ML_BADARG } MlResult;

/* Walk state: the conversion and the bytes of an incomplete unit. */
typedef struct Ml {
    Process *p;
    UConv *c;
    bool pending;         /* inc holds bytes waiting for more */
    uint8_t inc[8];
    unsigned ninc;
    unsigned missing;     /* bytes still needed */
    unsigned depth;       /* nesting, to bound C recursion */
} Ml;

#define ML_MAX_DEPTH 10000
#define ML_PART 8192

static Term cons(Ml *m, Term h, Term t) {
    Term *hp = proc_alloc(m->p, 2);
    if (!hp) {
        m->c->nomem = true;
        return NIL;
    }
    hp[0] = h;
    hp[1] = t;
    return make_list(hp);
}

static Term bytes_term(Ml *m, const uint8_t *d, size_t n) {
    Term t = bin_from_bytes(m->p, d, n);
    if (t == THE_NON_VALUE) {
        m->c->nomem = true;
        return NIL;
    }
    return t;
}

/* Missing bytes for a cut unit (OTP's rules), or 0 when it cannot be one. */
static unsigned cut_missing(const UConv *c, const uint8_t *s, size_t n) {
    bool hi = n >= 1 && (c->little ? false : (s[0] & 0xFC) == 0xD8);
    if (c->enc == ENC_UTF16 && !c->little) {
        if (n == 1) return hi ? 3 : (s[0] <= 215 || s[0] >= 224) ? 1 : 0;
        if (n == 2) return hi ? 2 : 0;
        if (n == 3) return hi && (s[2] & 0xFC) == 0xDC ? 1 : 0;
        return 0;
    }
    if (c->enc == ENC_UTF16) {
        if (n == 1) return 1;
        if (n == 2) return (s[1] & 0xFC) == 0xD8 ? 2 : 0;
        if (n == 3) return (s[1] & 0xFC) == 0xD8 ? 1 : 0;
        return 0;
    }
    if (!c->little) {
        if (n == 1) return s[0] == 0 ? 3 : 0;
        if (n == 2) return s[0] == 0 && s[1] <= 16 ? 2 : 0;
        if (n == 3)
            return s[0] == 0 && s[1] <= 16 && (s[1] > 0 || s[2] <= 215 || s[2] >= 224) ? 1 : 0;
        return 0;
    }
    if (n == 1) return 3;
    if (n == 2) return 2;
    if (n == 3) {
        if (s[1] == 255 && s[2] == 0 && (s[0] == 254 || s[0] == 255)) return 0;
        return s[2] <= 16 && (s[2] > 0 || s[1] <= 215 || s[1] >= 224) ? 1 : 0;
    }
    return 0;
}

/* Decodes a whole binary: ML_OK; ML_INCOMPLETE with the tail pending; or
 * ML_ERROR with *at the offset where decoding stopped. */
static MlResult decode(Ml *m, const uint8_t *d, size_t n, size_t *at) {
    UConv *c = m->c;
    size_t i = 0;
    while (i < n) {
        UWord used = 0;
        long cp = c->enc == ENC_UTF16 ? bits_utf16_decode(d, 8 * i, 8 * (n - i), c->little, &used)
                                      : bits_utf32_decode(d, 8 * i, 8 * (n - i), c->little);
        if (c->enc == ENC_UTF32) used = 32;
        if (cp < 0) {
            unsigned miss = cut_missing(c, d + i, n - i);
            if (!miss) {
                *at = i;
                return ML_ERROR;
            }
            memcpy(m->inc, d + i, n - i);
            m->ninc = (unsigned)(n - i);
            m->missing = miss;
            m->pending = true;
            return ML_INCOMPLETE;
        }
        uconv_push(c, (uint32_t)cp);
        i += used / 8;
    }
    return ML_OK;
}

static MlResult walk(Ml *m, Term t, Term *rest);

/* Splits a list element in place as OTP does: a binary completing pending
 * bytes becomes [Unit, Rest | T]; a binary over 8192 bytes becomes
 * [First8192, Rest | T].  Returns the new list, or NIL when no split
 * applies (or memory ran out: c->nomem). */
static Term splice(Ml *m, Term bin, Term tail) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!bytes_of_binary(bin, &d, &n, &owned)) return NIL;
    Term first, second;
    if (m->pending) {
        if (n < m->missing) {
            free(owned);
            return NIL;
        }
        uint8_t unit[8];
        unsigned k = m->ninc, miss = m->missing;
        memcpy(unit, m->inc, k);
        memcpy(unit + k, d, miss);
        m->pending = false;
        first = bytes_term(m, unit, k + miss);
        second = bin_sub(m->p, bin, 8 * (UWord)miss, 8 * (UWord)(n - miss));
    } else if (n > ML_PART) {
        first = bin_sub(m->p, bin, 0, 8 * ML_PART);
        second = bin_sub(m->p, bin, 8 * ML_PART, 8 * (UWord)(n - ML_PART));
    } else {
        free(owned);
        return NIL;
    }
    free(owned);
    if (first == THE_NON_VALUE || second == THE_NON_VALUE) {
        m->c->nomem = true;
        return NIL;
    }
    return cons(m, first, cons(m, second, tail));
}

/* A binary that is not split: *rest on error is what is left of it. */
static MlResult walk_binary(Ml *m, Term bin, Term *rest) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!bytes_of_binary(bin, &d, &n, &owned)) return ML_BADARG;
    if (m->pending) { /* fewer bytes than missing */
        memcpy(m->inc + m->ninc, d, n);
        m->ninc += (unsigned)n;
        m->missing -= (unsigned)n;
        free(owned);
        return ML_INCOMPLETE;
    }
    size_t at = 0;
    MlResult r = decode(m, d, n, &at);
    free(owned);
    if (r == ML_ERROR) {
        *rest = bin_sub(m->p, bin, 8 * (UWord)at, 8 * (UWord)(n - at));
        if (*rest == THE_NON_VALUE) m->c->nomem = true;
    }
    return r;
}

/* A binary outside a list (the argument, or an improper tail). */
static MlResult walk_lone_binary(Ml *m, Term bin, Term *rest) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!bytes_of_binary(bin, &d, &n, &owned)) return ML_BADARG;
    free(owned);
    if (m->pending && n >= m->missing) {
        /* [Pending, Bin], walked afresh */
        Term inc = bytes_term(m, m->inc, m->ninc);
        m->pending = false;
        return walk(m, cons(m, inc, cons(m, bin, NIL)), rest);
    }
    if (!m->pending && n > ML_PART) return walk(m, splice(m, bin, NIL), rest);
    return walk_binary(m, bin, rest);
}

static MlResult walk(Ml *m, Term t, Term *rest) {
    if (m->c->nomem || m->depth > ML_MAX_DEPTH) return ML_BADARG;
    if (is_binary_any(t)) return walk_lone_binary(m, t, rest);
    m->depth++;
    MlResult r = ML_OK;
    while (!m->c->nomem) {
        if (is_nil(t)) {
            r = m->pending ? ML_INCOMPLETE : ML_OK;
            break;
        }
        if (!is_list(t)) {
            /* an improper tail: a binary, or badarg */
            r = is_binary_any(t) ? walk_lone_binary(m, t, rest) : ML_BADARG;
            break;
        }
        Term h = CAR(list_ptr(t)), tail = CDR(list_ptr(t));
        if (is_integer(h)) {
            if (m->pending) {
                *rest = cons(m, bytes_term(m, m->inc, m->ninc), t);
                r = ML_ERROR;
                break;
            }
            SWord v = is_small(h) ? small_val(h) : -1;
            if (v < 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
                *rest = cons(m, cons(m, h, NIL), tail);
                r = ML_ERROR;
                break;
            }
            uconv_push(m->c, (uint32_t)v);
        } else if (is_binary_any(h) && (m->pending || is_binary(h))) {
            Term sp = splice(m, h, tail);
            if (m->c->nomem) break;
            if (sp != NIL) {
                t = sp; /* walk the two parts in its place */
                continue;
            }
            Term sub = NIL;
            MlResult s = walk_binary(m, h, &sub);
            if (s == ML_ERROR) {
                *rest = cons(m, sub, tail);
                r = ML_ERROR;
                break;
            }
            if (s == ML_BADARG) {
                r = s;
                break;
            }
        } else if (is_binary_any(h) || is_list(h) || is_nil(h)) {
            Term sub = NIL;
            MlResult s = is_binary_any(h) ? walk_binary(m, h, &sub) : walk(m, h, &sub);
            if (s == ML_ERROR) {
                *rest = cons(m, sub, tail);
                r = ML_ERROR;
                break;
            }
            if (s == ML_BADARG) {
                r = s;
                break;
            }
        } else {
            r = ML_BADARG;
            break;
        }
        t = tail;
    }
    m->depth--;
    return m->c->nomem ? ML_BADARG : r;
}

Term uconv_utf16(Process *p, UConv *c, Term data, bool to_list) {
    Ml m = {p, c, false, {0}, 0, 0, 0};
    Term rest = NIL;
    MlResult r = walk(&m, data, &rest);
    if (c->nomem) return bif_error(p, ATOM_system_limit);
    if (r == ML_BADARG) return bif_badarg(p);
    Term conv = to_list ? uconv_list(p, c) : uconv_binary(p, c);
    if (conv == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    Term out = conv;
    if (r == ML_ERROR) out = uconv_tuple3(p, ATOM_error, conv, rest);
    else if (r == ML_INCOMPLETE) out = uconv_tuple3(p, ATOM_incomplete, conv, bytes_term(&m, m.inc, m.ninc));
    if (out == THE_NON_VALUE || c->nomem) return bif_error(p, ATOM_system_limit);
    return out;
}
