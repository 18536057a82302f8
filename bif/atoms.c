/*
 * atoms.c: conversions between atoms, strings and binaries, and the
 * textual forms of pids, ports, references and funs.
 *
 * OTP 25's rules: an atom's name is at most 255 characters (longer names
 * raise system_limit when an atom would be created, badarg when only an
 * existing one is looked up); a character list may hold any Unicode code
 * point except surrogates; the encodings are latin1, unicode and utf8
 * (unicode meaning utf8).  atom_to_binary/1, binary_to_atom/1 and
 * binary_to_existing_atom/1 are Erlang code in erlang.beam, calling these.
 */
#include <stdlib.h>

#include "atom.h"
#include "bif.h"
#include "binary.h"
#include "bytes.h"
#include "print.h"
#include "vm.h"

/* The UTF-8 text of a list of code points into b; *chars counts them.
 * False if the term is not a proper list of valid code points. */
static bool list_utf8(Term l, StrBuf *b, size_t *chars) {
    size_t n = 0;
    while (is_list(l)) {
        Term *c = list_ptr(l);
        Term h = CAR(c);
        if (!is_small(h)) return false;
        SWord v = small_val(h);
        if (v < 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
        uint8_t u[4];
        sb_put(b, (const char *)u, bytes_put_utf8(u, (uint32_t)v));
        n++;
        l = CDR(c);
    }
    *chars = n;
    return is_nil(l) && !sb_failed(b);
}

/* An atom result: AtomResult to the BIF's failure. */
static Term atom_result(Process *p, AtomResult r, Term a) {
    switch (r) {
    case ATOM_OK: return a;
    case ATOM_ERR_TOO_LONG:
    case ATOM_ERR_FULL: return bif_error(p, ATOM_system_limit);
    case ATOM_ERR_NOMEM: return bif_error(p, ATOM_system_limit);
    default: return bif_badarg(p);
    }
}

Term bif_erlang_list_to_atom_1(Process *p, Term *args) {
    StrBuf b = STRBUF_INIT;
    size_t chars;
    if (!list_utf8(args[0], &b, &chars)) {
        sb_free(&b);
        return bif_badarg(p);
    }
    Term a = THE_NON_VALUE;
    AtomResult r = chars > ATOM_MAX_CHARS ? ATOM_ERR_TOO_LONG
                                          : atom_put(&p->vm->atoms, sb_str(&b), b.len, &a);
    sb_free(&b);
    return atom_result(p, r, a);
}

Term bif_erlang_list_to_existing_atom_1(Process *p, Term *args) {
    StrBuf b = STRBUF_INIT;
    size_t chars;
    Term a;
    bool ok = list_utf8(args[0], &b, &chars) && chars <= ATOM_MAX_CHARS &&
              atom_find(&p->vm->atoms, sb_str(&b), b.len, &a);
    sb_free(&b);
    return ok ? a : bif_badarg(p);
}

/* Encoding argument: 1 for latin1, 2 for utf8/unicode, 0 when bad. */
static int encoding_of(Term t) {
    if (t == ATOM_latin1) return 1;
    if (t == ATOM_utf8 || t == ATOM_unicode) return 2;
    return 0;
}

static Term atom_to_binary(Process *p, Term a, int enc) {
    if (!is_atom(a) || !enc) return bif_badarg(p);
    const AtomEntry *e = atom_entry(&p->vm->atoms, a);
    if (enc == 2 || e->len == e->chars) {
        Term r = bin_from_bytes(p, e->name, e->len);
        return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
    }
    if (!e->latin1) return bif_badarg(p);
    /* Latin-1: every code point is below 256, one byte each. */
    uint8_t buf[ATOM_MAX_CHARS];
    const uint8_t *s = (const uint8_t *)e->name;
    size_t n = 0;
    for (size_t i = 0; i < e->len; n++) {
        if (s[i] < 0x80) {
            buf[n] = s[i++];
        } else {
            buf[n] = (uint8_t)(((s[i] & 0x03) << 6) | (s[i + 1] & 0x3F));
            i += 2;
        }
    }
    Term r = bin_from_bytes(p, buf, n);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_erlang_atom_to_binary_2(Process *p, Term *args) {
    return atom_to_binary(p, args[0], encoding_of(args[1]));
}

/* binary_to_atom and binary_to_existing_atom. */
static Term binary_to_atom(Process *p, Term bin, int enc, bool existing) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!enc || !bytes_of_binary(bin, &d, &n, &owned)) return bif_badarg(p);
    AtomTable *t = &p->vm->atoms;
    Term a = THE_NON_VALUE;
    AtomResult r;
    if (enc == 1) {
        if (n > ATOM_MAX_CHARS) {
            r = ATOM_ERR_TOO_LONG;
        } else if (existing) {
            uint8_t u[2 * ATOM_MAX_CHARS];
            size_t k = 0;
            for (size_t i = 0; i < n; i++) k += bytes_put_utf8(u + k, d[i]);
            r = atom_find(t, (const char *)u, k, &a) ? ATOM_OK : ATOM_ERR_BAD_UTF8;
        } else {
            r = atom_put_latin1(t, (const char *)d, n, &a);
        }
    } else if (existing) {
        r = atom_find(t, (const char *)d, n, &a) ? ATOM_OK : ATOM_ERR_BAD_UTF8;
    } else {
        r = atom_put(t, (const char *)d, n, &a);
    }
    free(owned);
    if (existing && r != ATOM_OK) return bif_badarg(p);
    return atom_result(p, r, a);
}

Term bif_erlang_binary_to_atom_2(Process *p, Term *args) {
    return binary_to_atom(p, args[0], encoding_of(args[1]), false);
}
Term bif_erlang_binary_to_existing_atom_2(Process *p, Term *args) {
    return binary_to_atom(p, args[0], encoding_of(args[1]), true);
}

/* A term's printed form (as ~w) as a character list. */
static Term printed_list(Process *p, Term t) {
    StrBuf b = STRBUF_INIT;
    print_term(&b, &p->vm->atoms, t, PRINT_WRITE);
    Term r = sb_failed(&b) ? THE_NON_VALUE
                           : proc_utf8_list(p, (const unsigned char *)sb_str(&b), b.len);
    sb_free(&b);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_erlang_pid_to_list_1(Process *p, Term *args) {
    return is_pid(args[0]) ? printed_list(p, args[0]) : bif_badarg(p);
}
Term bif_erlang_port_to_list_1(Process *p, Term *args) {
    return is_port(args[0]) ? printed_list(p, args[0]) : bif_badarg(p);
}
Term bif_erlang_ref_to_list_1(Process *p, Term *args) {
    return is_ref(args[0]) ? printed_list(p, args[0]) : bif_badarg(p);
}
Term bif_erlang_fun_to_list_1(Process *p, Term *args) {
    return is_fun(args[0]) ? printed_list(p, args[0]) : bif_badarg(p);
}

/* Reads a decimal number from a character list; false if none. */
static bool read_number(Term *l, UWord *out) {
    UWord v = 0;
    int digits = 0;
    while (is_list(*l)) {
        Term h = CAR(list_ptr(*l));
        if (!is_small(h) || small_val(h) < '0' || small_val(h) > '9') break;
        if (v > ((UWord)1 << 40)) return false;
        v = v * 10 + (UWord)(small_val(h) - '0');
        digits++;
        *l = CDR(list_ptr(*l));
    }
    *out = v;
    return digits > 0;
}

/* Consumes one expected character. */
static bool read_char(Term *l, int ch) {
    if (!is_list(*l) || CAR(list_ptr(*l)) != make_small(ch)) return false;
    *l = CDR(list_ptr(*l));
    return true;
}

/* list_to_pid("<0.N.S>"): only pids of the local node can be made. */
Term bif_erlang_list_to_pid_1(Process *p, Term *args) {
    Term l = args[0];
    UWord node, num, serial;
    if (!read_char(&l, '<') || !read_number(&l, &node) || !read_char(&l, '.') ||
        !read_number(&l, &num) || !read_char(&l, '.') || !read_number(&l, &serial) ||
        !read_char(&l, '>') || !is_nil(l))
        return bif_badarg(p);
    if (node != 0 || num >= ((UWord)1 << 15) || serial >= ((UWord)1 << 13)) return bif_badarg(p);
    return make_pid(num | (serial << PID_NUMBER_BITS));
}

/* Consumes the characters of s. */
static bool read_text(Term *l, const char *s) {
    for (; *s; s++)
        if (!read_char(l, (unsigned char)*s)) return false;
    return true;
}

/* list_to_ref("#Ref<0.A.B.C>"): a local reference of three ids (printed
 * last id first); C < 2^18, B not 2^32 - 1, as OTP 25 requires. */
Term bif_erlang_list_to_ref_1(Process *p, Term *args) {
    Term l = args[0];
    UWord node, a, b, c;
    if (!read_text(&l, "#Ref<") || !read_number(&l, &node) || !read_char(&l, '.') ||
        !read_number(&l, &a) || !read_char(&l, '.') || !read_number(&l, &b) ||
        !read_char(&l, '.') || !read_number(&l, &c) || !read_char(&l, '>') || !is_nil(l))
        return bif_badarg(p);
    if (node != 0 || a > 0xFFFFFFFFu || b >= 0xFFFFFFFFu || c >= ((UWord)1 << 18)) return bif_badarg(p);
    Term *hp;
    BIF_ALLOC(p, hp, 4);
    hp[0] = MAKE_HEADER(SUB_REF, 3);
    hp[1] = c;
    hp[2] = b;
    hp[3] = a;
    return make_boxed(hp);
}

/* list_to_port("#Port<0.N>"), N < 2^28. */
Term bif_erlang_list_to_port_1(Process *p, Term *args) {
    Term l = args[0];
    UWord node, n;
    if (!read_text(&l, "#Port<") || !read_number(&l, &node) || !read_char(&l, '.') ||
        !read_number(&l, &n) || !read_char(&l, '>') || !is_nil(l))
        return bif_badarg(p);
    if (node != 0 || n >= ((UWord)1 << 28)) return bif_badarg(p);
    return make_port(n);
}
