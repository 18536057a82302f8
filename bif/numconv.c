/*
 * numconv.c: numbers to text and back.
 *
 *   float_to_list/1,2 and float_to_binary/1,2, with OTP's options:
 *     (none)          "%.20e", as float_to_list/1
 *     {scientific,D}  "%.De"
 *     {decimals,D}    fixed point, by OTP's own algorithm (below), so
 *                     halfway cases round exactly as OTP rounds them
 *     compact         with decimals: drop trailing zeros
 *     short           the shortest text that reads back (vm/print.c)
 *   The last of decimals/scientific/short wins; a result longer than OTP's
 *   255-character buffer is badarg, as in OTP.
 *   list_to_float/1, binary_to_float/1: OTP's float syntax (a sign, digits,
 *   '.' or ',', digits, an optional exponent); an overflow is badarg.  The
 *   text ends at a NUL character, since OTP reads it as a C string.
 *   integer_to_list/2, integer_to_binary/1,2, list_to_integer/1,2,
 *   binary_to_integer/1,2 (bases 2 to 36).
 *   string:list_to_integer/1, string:list_to_float/1: the longest prefix
 *   that is a number, as {Value, Rest}, or {error, no_integer | no_float |
 *   not_a_list}; the float scanner follows OTP's state machine, including
 *   where it stops.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith.h"
#include "big.h"
#include "bif.h"
#include "binary.h"
#include "build.h"
#include "print.h"

/* OTP formats floats into a buffer of this many bytes, NUL included. */
#define FLOAT_BUF 256

/* ---- building results ---- */

/* A list of the n bytes of s (all ASCII). */
static Term chars_to_list(Process *p, const char *s, size_t n) {
    Term *hp;
    BIF_ALLOC(p, hp, 2 * n);
    Term l = NIL;
    for (size_t i = n; i-- > 0;) {
        hp[2 * i] = make_small((unsigned char)s[i]);
        hp[2 * i + 1] = l;
        l = make_list(hp + 2 * i);
    }
    return l;
}

static Term chars_to_binary(Process *p, const char *s, size_t n) {
    Term b = bin_from_bytes(p, s, n);
    return b == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : b;
}

static Term text_result(Process *p, const char *s, size_t n, bool binary) {
    return binary ? chars_to_binary(p, s, n) : chars_to_list(p, s, n);
}

/* ---- reading text arguments ---- */

/* The bytes of a proper list of integers 0..255 into b; false otherwise. */
static bool list_bytes(Term l, StrBuf *b) {
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term c = CAR(list_ptr(l));
        if (!is_small(c) || small_val(c) < 0 || small_val(c) > 255) return false;
        sb_putc(b, (char)small_val(c));
    }
    return is_nil(l) && !sb_failed(b);
}

/* The bytes of a binary (whole bytes only) into b; false otherwise. */
static bool binary_bytes(Term t, StrBuf *b) {
    if (!is_binary(t)) return false;
    const unsigned char *base;
    UWord off, bits;
    binary_get(t, &base, &off, &bits);
    if (off % 8 == 0) {
        sb_put(b, (const char *)base + off / 8, bits / 8);
    } else {
        for (UWord i = 0; i < bits / 8; i++) {
            UWord bit = off + 8 * i;
            unsigned v = ((unsigned)base[bit / 8] << 8 | base[bit / 8 + 1]) >> (8 - bit % 8);
            sb_putc(b, (char)(v & 0xFF));
        }
    }
    return !sb_failed(b);
}

/* ---- floats to text ---- */

/* Removes trailing zeros after the point, keeping one digit after it; as
 * OTP does it, also on text with no point at all. */
static size_t strip_zeros(const char *s, size_t len) {
    while (len > 1 && s[len - 1] == '0') len--;
    if (len > 0 && s[len - 1] == '.') len++;
    return len;
}

/* Fixed-point text of f with `decimals` digits after the point into buf
 * (FLOAT_BUF bytes); its length, or -1 when it does not fit.  Below 2^53
 * and for fewer than 19 decimals this is OTP's algorithm: the integer part
 * is floor(|f|) and the fraction round(frac * 10^decimals), computed in
 * doubles (so 0.015 gives "0.02", as in OTP, where printf gives "0.01").
 * Otherwise printf's exact conversion, as in OTP. */
static int format_decimals(char *buf, double f, int decimals, bool compact) {
    double af = fabs(f);
    if (decimals < 0) return -1;
    if (af > 9007199254740992.0 || decimals >= 19) {
        int len = snprintf(buf, FLOAT_BUF, "%.*f", decimals, f);
        if (len < 0 || len >= FLOAT_BUF) return -1;
        return compact ? (int)strip_zeros(buf, (size_t)len) : len;
    }
    uint64_t int_part, frac_part = 0;
    if (decimals > 0) {
        double scale = 1.0;
        for (int i = 0; i < decimals; i++) scale *= 10.0; /* exact up to 1e18 */
        double int_f = floor(af);
        double frac_f = round((af - int_f) * scale);
        int_part = (uint64_t)int_f;
        frac_part = (uint64_t)frac_f;
        if (frac_f >= scale) { /* the fraction rounded up to a whole unit */
            int_part++;
            frac_part = 0;
        }
    } else {
        int_part = (uint64_t)llround(af);
    }
    int len = snprintf(buf, FLOAT_BUF, "%s%llu", signbit(f) ? "-" : "",
                       (unsigned long long)int_part);
    if (decimals > 0) {
        len += snprintf(buf + len, (size_t)(FLOAT_BUF - len), ".%0*llu", decimals,
                        (unsigned long long)frac_part);
        if (compact) len = (int)strip_zeros(buf, (size_t)len);
    }
    return len;
}

typedef enum { FMT_LEGACY, FMT_SHORT, FMT_FIXED, FMT_SCIENTIFIC } FloatFmt;

/* Formats a float term by an option list into buf; the length, or -1 for
 * badarg. */
static int format_float(Term f, Term opts, char *buf) {
    if (!is_float(f)) return -1;
    FloatFmt fmt = FMT_LEGACY;
    SWord digits = 20;
    bool compact = false;
    for (; is_list(opts); opts = CDR(list_ptr(opts))) {
        Term o = CAR(list_ptr(opts));
        if (o == ATOM_compact) {
            compact = true;
        } else if (o == ATOM_short) {
            fmt = FMT_SHORT;
        } else if (is_tuple(o) && tuple_arity(o) == 2 && is_small(tuple_elems(o)[1]) &&
                   (tuple_elems(o)[0] == ATOM_decimals || tuple_elems(o)[0] == ATOM_scientific)) {
            digits = small_val(tuple_elems(o)[1]);
            fmt = tuple_elems(o)[0] == ATOM_decimals ? FMT_FIXED : FMT_SCIENTIFIC;
        } else {
            return -1;
        }
    }
    if (!is_nil(opts)) return -1;
    double d = float_val(f);
    if (fmt == FMT_SHORT) {
        StrBuf b = STRBUF_INIT;
        print_float_short(&b, d);
        int len = sb_failed(&b) || b.len >= FLOAT_BUF ? -1 : (int)b.len;
        if (len > 0) memcpy(buf, sb_str(&b), (size_t)len);
        sb_free(&b);
        return len;
    }
    if (digits < -1 || digits > FLOAT_BUF) return -1;
    if (fmt == FMT_FIXED) return format_decimals(buf, d, (int)digits, compact);
    int len = snprintf(buf, FLOAT_BUF, "%.*e", (int)digits, d);
    return len < 0 || len >= FLOAT_BUF ? -1 : len;
}

static Term float_to_text(Process *p, Term f, Term opts, bool binary) {
    char buf[FLOAT_BUF];
    int len = format_float(f, opts, buf);
    if (len <= 0) return bif_badarg(p);
    return text_result(p, buf, (size_t)len, binary);
}

Term bif_erlang_float_to_list_1(Process *p, Term *args) {
    return float_to_text(p, args[0], NIL, false);
}
Term bif_erlang_float_to_list_2(Process *p, Term *args) {
    return float_to_text(p, args[0], args[1], false);
}
Term bif_erlang_float_to_binary_1(Process *p, Term *args) {
    return float_to_text(p, args[0], NIL, true);
}
Term bif_erlang_float_to_binary_2(Process *p, Term *args) {
    return float_to_text(p, args[0], args[1], true);
}

/* ---- text to floats ---- */

static bool is_digit(int c) { return c >= '0' && c <= '9'; }

/* OTP's float syntax over the whole NUL-terminated s: [+-] digits [.,]
 * digits [[eE] [+-] digits]; then the value, failing on overflow. */
static bool chars_to_double(char *s, double *out) {
    char *q = s;
    if (*q == '+' || *q == '-') q++;
    if (!is_digit(*q)) return false;
    while (is_digit(*q)) q++;
    if (*q != '.' && *q != ',') return false;
    *q++ = '.'; /* strtod reads '.' */
    if (!is_digit(*q)) return false;
    while (is_digit(*q)) q++;
    if (*q == 'e' || *q == 'E') {
        q++;
        if (*q == '+' || *q == '-') q++;
        if (!is_digit(*q)) return false;
        while (is_digit(*q)) q++;
    }
    if (*q) return false;
    double d = strtod(s, NULL);
    if (!isfinite(d)) return false;
    *out = d;
    return true;
}

static Term text_to_float(Process *p, StrBuf *b, bool ok) {
    double d;
    Term r;
    if (ok && b->len > 0) sb_putc(b, '\0');
    if (!ok || b->len == 0 || sb_failed(b) || !chars_to_double(b->data, &d))
        r = bif_badarg(p);
    else
        r = arith_make_float(p, d);
    sb_free(b);
    return r;
}

Term bif_erlang_list_to_float_1(Process *p, Term *args) {
    StrBuf b = STRBUF_INIT;
    bool ok = list_bytes(args[0], &b);
    return text_to_float(p, &b, ok);
}

Term bif_erlang_binary_to_float_1(Process *p, Term *args) {
    StrBuf b = STRBUF_INIT;
    bool ok = binary_bytes(args[0], &b);
    return text_to_float(p, &b, ok);
}

/* ---- integers to and from text ---- */

static bool base_arg(Term t, unsigned *base) {
    if (!is_small(t) || small_val(t) < 2 || small_val(t) > 36) return false;
    *base = (unsigned)small_val(t);
    return true;
}

static Term integer_to_text(Process *p, Term i, Term base_t, bool binary) {
    unsigned base;
    if (!is_integer(i) || !base_arg(base_t, &base)) return bif_badarg(p);
    StrBuf b = STRBUF_INIT;
    big_to_string(&b, i, base);
    Term r = sb_failed(&b) ? bif_error(p, ATOM_system_limit)
                           : text_result(p, sb_str(&b), b.len, binary);
    sb_free(&b);
    return r;
}

Term bif_erlang_integer_to_list_2(Process *p, Term *args) {
    return integer_to_text(p, args[0], args[1], false);
}
Term bif_erlang_integer_to_binary_1(Process *p, Term *args) {
    return integer_to_text(p, args[0], make_small(10), true);
}
Term bif_erlang_integer_to_binary_2(Process *p, Term *args) {
    return integer_to_text(p, args[0], args[1], true);
}

/* The integer written in b (sign, digits of the base, nothing else);
 * badarg for anything else. */
static Term text_to_integer(Process *p, StrBuf *b, bool ok, unsigned base) {
    Term r = THE_NON_VALUE;
    if (!ok || sb_failed(b)) {
        r = bif_badarg(p);
    } else {
        Term *hp = proc_alloc(p, big_from_string_words(b->len, base));
        if (!hp)
            r = bif_error(p, ATOM_system_limit);
        else if (!big_from_string(hp, b->data ? b->data : "", b->len, base, &r))
            r = bif_badarg(p);
        else if (big_too_big(r))
            r = bif_error(p, ATOM_system_limit);
    }
    sb_free(b);
    return r;
}

static Term list_to_integer(Process *p, Term l, Term base_t) {
    unsigned base = 10;
    StrBuf b = STRBUF_INIT;
    bool ok = base_arg(base_t, &base) && list_bytes(l, &b);
    return text_to_integer(p, &b, ok, base);
}

static Term binary_to_integer(Process *p, Term t, Term base_t) {
    unsigned base = 10;
    StrBuf b = STRBUF_INIT;
    bool ok = base_arg(base_t, &base) && binary_bytes(t, &b);
    return text_to_integer(p, &b, ok, base);
}

Term bif_erlang_list_to_integer_1(Process *p, Term *args) {
    return list_to_integer(p, args[0], make_small(10));
}
Term bif_erlang_list_to_integer_2(Process *p, Term *args) {
    return list_to_integer(p, args[0], args[1]);
}
Term bif_erlang_binary_to_integer_1(Process *p, Term *args) {
    return binary_to_integer(p, args[0], make_small(10));
}
Term bif_erlang_binary_to_integer_2(Process *p, Term *args) {
    return binary_to_integer(p, args[0], args[1]);
}

/* ---- string:list_to_integer/1 and string:list_to_float/1 ---- */

static Term string_error(Process *p, Term reason) { return build_tuple2(p, ATOM_error, reason); }

/* The character at the head of a list cell, or -1 when it is not one. */
static int cell_char(Term l) {
    Term c = CAR(list_ptr(l));
    return is_small(c) && small_val(c) >= 0 && small_val(c) < 256 ? (int)small_val(c) : -1;
}

Term bif_string_list_to_integer_1(Process *p, Term *args) {
    Term l = args[0];
    if (is_nil(l)) return string_error(p, ATOM_no_integer);
    if (!is_list(l)) return string_error(p, ATOM_not_a_list);
    StrBuf b = STRBUF_INIT;
    int c = cell_char(l);
    if (c == '+' || c == '-') {
        sb_putc(&b, (char)c);
        l = CDR(list_ptr(l));
    }
    size_t ndigits = 0;
    while (is_list(l) && is_digit(cell_char(l))) {
        sb_putc(&b, (char)cell_char(l));
        ndigits++;
        l = CDR(list_ptr(l));
    }
    if (ndigits == 0) {
        sb_free(&b);
        return string_error(p, ATOM_no_integer);
    }
    Term v = text_to_integer(p, &b, true, 10);
    if (v == THE_NON_VALUE) return v;
    return build_tuple2(p, v, l);
}

/* Where the scanner is in a float: OTP's states. */
typedef enum { SF_SIGN, SF_INT, SF_FRAC, SF_EXP_SIGN, SF_EXP0, SF_EXP1, SF_END } ScanState;

Term bif_string_list_to_float_1(Process *p, Term *args) {
    Term l = args[0];
    if (is_nil(l)) return string_error(p, ATOM_no_float);
    if (!is_list(l)) return string_error(p, ATOM_not_a_list);
    StrBuf b = STRBUF_INIT;
    ScanState st = SF_SIGN;
    /* Where an 'e' began, in case the exponent turns out incomplete: the
     * float then ends before the 'e'. */
    size_t e_len = 0;
    Term e_rest = NIL;
    for (;;) {
        int c = cell_char(l);
        bool store = true;
        if (c == '-' || c == '+') {
            if (st == SF_SIGN) {
                st = SF_INT;
                store = c == '-'; /* a leading '+' is skipped */
            } else if (st == SF_EXP_SIGN) {
                st = SF_EXP0;
            } else {
                if (st == SF_EXP0) {
                    b.len = e_len;
                    l = e_rest;
                }
                st = SF_END;
            }
        } else if (c == '.' || c == ',') {
            if (st == SF_INT) {
                st = SF_FRAC;
            } else {
                if (st == SF_EXP_SIGN || st == SF_EXP0) {
                    b.len = e_len;
                    l = e_rest;
                }
                st = SF_END;
            }
        } else if (c == 'e' || c == 'E') {
            if (st == SF_FRAC) {
                e_len = b.len;
                e_rest = l;
                st = SF_EXP_SIGN;
            } else {
                if (st == SF_EXP0 || st == SF_EXP_SIGN) {
                    b.len = e_len;
                    l = e_rest;
                }
                st = SF_END;
            }
        } else if (is_digit(c)) {
            if (st == SF_SIGN) st = SF_INT;
            else if (st == SF_EXP_SIGN || st == SF_EXP0) st = SF_EXP1;
        } else {
            break; /* not part of a float */
        }
        if (st == SF_END) {
            if (b.len < 3) { /* there must be a fraction */
                sb_free(&b);
                return string_error(p, ATOM_no_float);
            }
            goto scanned;
        }
        if (store) sb_putc(&b, (char)c);
        l = CDR(list_ptr(l));
        if (!is_list(l)) break;
    }
    /* The list (or the float's characters) ended. */
    if (st == SF_EXP_SIGN || st == SF_EXP0) {
        b.len = e_len;
        l = e_rest;
    }
scanned:
    if (b.len == 0 || sb_failed(&b)) {
        sb_free(&b);
        return string_error(p, ATOM_no_float);
    }
    sb_putc(&b, '\0');
    double d;
    bool ok = !sb_failed(&b) && chars_to_double(b.data, &d);
    sb_free(&b);
    if (!ok) return string_error(p, ATOM_no_float);
    Term f = arith_make_float(p, d);
    if (f == THE_NON_VALUE) return f;
    return build_tuple2(p, f, l);
}
