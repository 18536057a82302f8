/*
 * unicode_utf8.c: unicode:characters_to_list/2 and characters_to_binary/2
 * for latin1 and UTF-8 input, the encodings OTP converts natively, with
 * OTP's exact results on bad input.
 *
 * The rules, as OTP applies them:
 *   - The whole argument is checked first: anything but small integers,
 *     byte-aligned binaries and lists (with [] or a binary as the tail)
 *     is badarg, wherever it is.
 *   - A binary that ends inside a UTF-8 sequence (judged by the lead
 *     byte's length alone) leaves its last bytes pending; the next binary
 *     completes them.  An integer while bytes are pending is an error.
 *   - At an error, the rest is the failing list cell (or, for a binary,
 *     the binary from the failing byte consed onto the cell's tail), then
 *     consed, level by level outwards, onto the tail saved at each
 *     enclosing list; pending bytes then go in front as a binary:
 *     [Pending, Rest].
 *   - Pending bytes at the end of the input give {incomplete, _, Bytes}
 *     when they could start a valid sequence, else {error, _, Bytes}.
 *   - For characters_to_binary, a list holding exactly one binary counts
 *     as that binary.
 */
#include <stdlib.h>
#include <string.h>

#include "../vm/binary.h"
#include "../vm/bits.h"
#include "bif.h"
#include "bytes.h"
#include "unicode.h"

/* Checks the shape of chardata (no C recursion). */
static bool chardata_ok(Term t) {
    if (is_binary_any(t)) return is_binary(t);
    if (!is_list(t) && !is_nil(t)) return false;
    size_t cap = 16, depth = 0;
    Term *stack = malloc(cap * sizeof *stack);
    if (!stack) return false;
    bool ok = true;
    Term cur = t;
    for (;;) {
        if (is_list(cur)) {
            Term h = CAR(list_ptr(cur));
            cur = CDR(list_ptr(cur));
            if (is_small(h) || (is_binary_any(h) && is_binary(h)) || is_nil(h)) continue;
            if (is_list(h)) {
                if (depth == cap) {
                    Term *ns = realloc(stack, 2 * cap * sizeof *stack);
                    if (!ns) {
                        ok = false;
                        break;
                    }
                    stack = ns;
                    cap *= 2;
                }
                stack[depth++] = cur;
                cur = h;
                continue;
            }
            ok = false;
            break;
        }
        if (!is_nil(cur) && !(is_binary_any(cur) && is_binary(cur))) {
            ok = false;
            break;
        }
        if (depth == 0) break;
        cur = stack[--depth];
    }
    free(stack);
    return ok;
}

static unsigned lead_len(unsigned b) {
    if (b < 0x80) return 1;
    if ((b & 0xE0) == 0xC0) return 2;
    if ((b & 0xF0) == 0xE0) return 3;
    if ((b & 0xF8) == 0xF0) return 4;
    return 0;
}

/* A whole sequence of len bytes, checked strictly; false if not valid. */
static bool seq_ok(const uint8_t *s, unsigned len, uint32_t *cp) {
    switch (len) {
    case 1:
        *cp = s[0];
        return true;
    case 2:
        if ((s[1] & 0xC0) != 0x80 || s[0] < 0xC2) return false;
        *cp = (uint32_t)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
        return true;
    case 3:
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[0] == 0xE0 && s[1] < 0xA0)) return false;
        if ((s[0] & 0x0F) == 0x0D && (s[1] & 0x20)) return false; /* surrogates */
        *cp = (uint32_t)(s[0] & 0x0F) << 12 | (uint32_t)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
        return true;
    case 4:
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80 ||
            (s[0] == 0xF0 && s[1] < 0x90))
            return false;
        if ((s[0] & 7) > 4 || ((s[0] & 7) == 4 && (s[1] & 0x3F) > 0x0F)) return false;
        *cp = (uint32_t)(s[0] & 0x07) << 18 | (uint32_t)(s[1] & 0x3F) << 12 |
              (uint32_t)(s[2] & 0x3F) << 6 | (s[3] & 0x3F);
        return true;
    default:
        return false;
    }
}

#define NO_ERROR ((size_t)-1)

/* Decodes a binary's bytes; NO_ERROR, or the offset of the failing byte. */
static size_t feed(UConv *c, const uint8_t *d, size_t n) {
    size_t i = 0;
    uint32_t cp;
    if (c->latin1) {
        for (; i < n; i++) uconv_push(c, d[i]);
        return NO_ERROR;
    }
    if (c->npend) {
        unsigned need = lead_len(c->pend[0]), from = need - c->npend;
        if (n < from) {
            memcpy(c->pend + c->npend, d, n);
            c->npend += (unsigned)n;
            return NO_ERROR;
        }
        uint8_t seq[4];
        memcpy(seq, c->pend, c->npend);
        memcpy(seq + c->npend, d, from);
        if (!seq_ok(seq, need, &cp)) return 0; /* the pending bytes stay pending */
        uconv_push(c, cp);
        c->npend = 0;
        i = from;
    }
    while (i < n) {
        unsigned len = lead_len(d[i]);
        if (len == 0) return i;
        if (len > 1 && n - i < len) {
            memcpy(c->pend, d + i, n - i);
            c->npend = (unsigned)(n - i);
            return NO_ERROR;
        }
        if (!seq_ok(d + i, len, &cp)) return i;
        uconv_push(c, cp);
        i += len;
    }
    return NO_ERROR;
}

/* Feeds a binary term; on an error returns the binary from the failing byte. */
static Term feed_term(Process *p, UConv *c, Term bin, bool *err) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!bytes_of_binary(bin, &d, &n, &owned)) {
        *err = true;
        return bin;
    }
    size_t at = feed(c, d, n);
    free(owned);
    if (at == NO_ERROR) return NIL;
    *err = true;
    Term r = bin_sub(p, bin, 8 * (UWord)at, 8 * (UWord)(n - at));
    if (r == THE_NON_VALUE) c->nomem = true;
    return r;
}

static Term cons(Process *p, UConv *c, Term h, Term t) {
    Term *hp = proc_alloc(p, 2);
    if (!hp) {
        c->nomem = true;
        return NIL;
    }
    hp[0] = h;
    hp[1] = t;
    return make_list(hp);
}

/* Converts; *err and the returned rest say where it stopped. */
static Term walk(Process *p, UConv *c, Term t, bool *err) {
    *err = false;
    if (is_binary_any(t)) return feed_term(p, c, t, err);
    size_t cap = 16, depth = 0;
    Term *stack = malloc(cap * sizeof *stack);
    if (!stack) {
        c->nomem = true;
        return NIL;
    }
    Term rest = NIL, cur = t;
    for (;;) {
        if (c->nomem) break;
        if (is_list(cur)) {
            Term cell = cur, h = CAR(list_ptr(cur));
            cur = CDR(list_ptr(cur));
            if (is_small(h)) {
                SWord v = small_val(h);
                bool ok = c->npend == 0 && v >= 0 && v <= (c->latin1 ? 255 : 0x10FFFF) &&
                          (v < 0xD800 || v > 0xDFFF);
                if (!ok) {
                    *err = true;
                    rest = cell;
                    break;
                }
                uconv_push(c, (uint32_t)v);
            } else if (is_list(h)) {
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
                Term r = feed_term(p, c, h, err);
                if (*err) {
                    rest = cons(p, c, r, cur);
                    break;
                }
            }
            continue;
        }
        if (is_binary_any(cur)) {
            Term r = feed_term(p, c, cur, err);
            if (*err) {
                rest = r;
                break;
            }
        }
        if (depth == 0) break;
        cur = stack[--depth];
    }
    if (*err)
        while (depth > 0 && !c->nomem) rest = cons(p, c, rest, stack[--depth]);
    free(stack);
    return rest;
}

/* Pending bytes that could still begin a valid sequence. */
static bool pending_incomplete(const uint8_t *s, unsigned n) {
    bool c1 = n > 1 && (s[1] & 0xC0) == 0x80, c2 = n > 2 && (s[2] & 0xC0) == 0x80;
    if ((s[0] & 0xE0) == 0xC0) return true;
    if ((s[0] & 0xF0) == 0xE0) return n < 2 || (n < 3 && c1);
    if ((s[0] & 0xF8) == 0xF0) return n < 2 || (n < 3 && c1) || (n < 4 && c1 && c2);
    return false;
}

Term uconv_utf8(Process *p, UConv *c, Term data, bool to_list) {
    if (!chardata_ok(data)) return bif_badarg(p);
    if (!to_list && is_list(data) && is_binary_any(CAR(list_ptr(data))) && is_nil(CDR(list_ptr(data))))
        data = CAR(list_ptr(data));
    bool err;
    Term rest = walk(p, c, data, &err);
    Term r = THE_NON_VALUE;
    if (!c->nomem) {
        Term conv = to_list ? uconv_list(p, c) : uconv_binary(p, c);
        if (conv == THE_NON_VALUE) {
            c->nomem = true;
        } else if (err) {
            if (c->npend) {
                Term pb = bin_from_bytes(p, c->pend, c->npend);
                rest = pb == THE_NON_VALUE ? NIL : cons(p, c, pb, cons(p, c, rest, NIL));
                if (pb == THE_NON_VALUE) c->nomem = true;
            }
            r = uconv_tuple3(p, ATOM_error, conv, rest);
        } else if (c->npend) {
            Term pb = bin_from_bytes(p, c->pend, c->npend);
            r = pb == THE_NON_VALUE ? pb
                                    : uconv_tuple3(p, pending_incomplete(c->pend, c->npend)
                                                          ? ATOM_incomplete : ATOM_error,
                                                   conv, pb);
        } else {
            r = conv;
        }
        if (r == THE_NON_VALUE) c->nomem = true;
    }
    if (c->nomem) return bif_error(p, ATOM_system_limit);
    return r;
}
