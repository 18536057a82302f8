/*
 * compact.c: reading compact terms and decoding instruction operands
 * (see compact.h).
 *
 * Two rules keep hostile input harmless.  Every read is checked against the
 * reader's end before it happens.  Every count that sizes an allocation or
 * a loop (list lengths, allocation lists, multi-byte lengths) is checked
 * against the bytes that remain, each counted item needing at least one
 * byte, so neither memory nor time can exceed a small multiple of the
 * input's size.  Nothing here recurses on input structure except one level
 * of list nesting, which is rejected.
 */
#include "compact.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* x, y and float registers are numbered below this, as in OTP. */
#define LD_MAX_REG 1024

/* Reads the first byte's value and, for the long forms, the bytes that
 * follow.  `allow_long` is false when reading the length of a long value:
 * a length that needs its own length is never produced by a compiler and
 * would let a file nest lengths as deeply as it likes. */
static LdStatus read_tagged(LdReader *r, LdTagged *t, bool allow_long) {
    if (r->p >= r->end) return LD_TRUNCATED;
    unsigned b = *r->p++;
    t->tag = b & 7;
    t->bytes = NULL;
    t->nbytes = 0;
    if (!(b & 0x08)) {
        t->val = b >> 4;
        return LD_OK;
    }
    if (!(b & 0x10)) {
        if (r->p >= r->end) return LD_TRUNCATED;
        t->val = ((UWord)(b & 0xE0) << 3) | *r->p++;
        return LD_OK;
    }
    size_t count = (b >> 5) + 2;
    if ((b >> 5) == 7) {
        if (!allow_long) return LD_BAD;
        LdTagged len;
        LdStatus s = read_tagged(r, &len, false);
        if (s != LD_OK) return s;
        if (len.tag != CT_U || len.nbytes) return LD_BAD;
        if (len.val > ld_left(r)) return LD_TRUNCATED;
        count = (size_t)len.val + 9;
    }
    if (count > ld_left(r)) return LD_TRUNCATED;
    const uint8_t *bytes = r->p;
    r->p += count;
    if (t->tag == CT_I) {
        /* Two's complement: drop leading bytes that only repeat the sign. */
        while (count > 1 && ((bytes[0] == 0x00 && !(bytes[1] & 0x80)) ||
                             (bytes[0] == 0xFF && (bytes[1] & 0x80)))) {
            bytes++;
            count--;
        }
        if (count <= 8) {
            UWord v = (bytes[0] & 0x80) ? ~(UWord)0 : 0;
            for (size_t i = 0; i < count; i++) v = (v << 8) | bytes[i];
            t->val = v;
            return LD_OK;
        }
    } else {
        while (count > 1 && bytes[0] == 0) {
            bytes++;
            count--;
        }
        if (count <= 8) {
            UWord v = 0;
            for (size_t i = 0; i < count; i++) v = (v << 8) | bytes[i];
            t->val = v;
            return LD_OK;
        }
    }
    t->val = 0;
    t->bytes = bytes;
    t->nbytes = count;
    return LD_OK;
}

LdStatus ld_read_tagged(LdReader *r, LdTagged *t) { return read_tagged(r, t, true); }

LdStatus ld_read_u(LdReader *r, UWord max, UWord *out, const char *what, char *msg, size_t msglen) {
    LdTagged t;
    LdStatus s = ld_read_tagged(r, &t);
    if (s == LD_TRUNCATED) {
        snprintf(msg, msglen, "has %s that is truncated", what);
        return s;
    }
    if (s != LD_OK || t.tag != CT_U) {
        snprintf(msg, msglen, "has %s that is not an untagged integer", what);
        return LD_BAD;
    }
    if (t.nbytes || t.val > max) {
        snprintf(msg, msglen, "has %s that is too large", what);
        return LD_BAD;
    }
    *out = t.val;
    return LD_OK;
}

/* Builds a bignum from a magnitude given as little-endian limbs, or a
 * small when it fits (the loader and the runtime rely on integers in the
 * small range never being boxed). */
static bool make_integer(const UWord *limbs, size_t n, bool negative, LitArea *lit, Term *out) {
    while (n > 0 && limbs[n - 1] == 0) n--;
    if (n == 0) {
        *out = make_small(0);
        return true;
    }
    if (n == 1) {
        UWord m = limbs[0];
        if (!negative && m <= (UWord)MAX_SMALL) {
            *out = make_small((SWord)m);
            return true;
        }
        if (negative && m <= (UWord)MAX_SMALL + 1) {
            *out = make_small(-(SWord)(m - 1) - 1);
            return true;
        }
    }
    Term *hp = lit_alloc(lit, 1 + n);
    if (!hp) return false;
    hp[0] = MAKE_HEADER(negative ? SUB_NEG_BIG : SUB_POS_BIG, n);
    memcpy(hp + 1, limbs, n * sizeof(UWord));
    *out = make_boxed(hp);
    return true;
}

bool ld_integer_term(const LdTagged *t, LitArea *lit, Term *out) {
    if (t->nbytes == 0) {
        SWord v = (SWord)t->val;
        if (small_fits(v)) {
            *out = make_small(v);
            return true;
        }
        UWord mag = v < 0 ? -(UWord)v : (UWord)v;
        return make_integer(&mag, 1, v < 0, lit, out);
    }
    /* A long two's complement value: negate into a magnitude, limb by limb
     * from the least significant byte. */
    size_t n = t->nbytes, nlimbs = (n + 7) / 8;
    bool negative = (t->bytes[0] & 0x80) != 0;
    UWord *limbs = calloc(nlimbs, sizeof(UWord));
    if (!limbs) return false;
    unsigned carry = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned byte = t->bytes[n - 1 - i];
        if (negative) {
            byte = (~byte & 0xFF) + carry;
            carry = byte >> 8;
            byte &= 0xFF;
        }
        limbs[i / 8] |= (UWord)byte << (8 * (i % 8));
    }
    bool ok = make_integer(limbs, nlimbs, negative, lit, out);
    free(limbs);
    return ok;
}

bool ld_reserve_args(BeamFile *bf, uint32_t n) {
    if (n > UINT32_MAX / 4 - bf->nargs) return false;
    if (bf->nargs + n <= bf->args_cap) return true;
    size_t cap = bf->args_cap ? bf->args_cap : 256;
    while (cap < (size_t)bf->nargs + n) cap *= 2;
    GenArg *a = realloc(bf->args, cap * sizeof *a);
    if (!a) return false;
    bf->args = a;
    bf->args_cap = (uint32_t)cap;
    return true;
}

static LdStatus bad(char *msg, size_t msglen, const char *fmt, unsigned long long v) {
    snprintf(msg, msglen, fmt, v);
    return LD_BAD;
}

static LdStatus bad0(char *msg, size_t msglen, const char *text) {
    snprintf(msg, msglen, "%s", text);
    return LD_BAD;
}

static LdStatus truncated(char *msg, size_t msglen) {
    snprintf(msg, msglen, "is truncated");
    return LD_TRUNCATED;
}

/* Reads the u-tagged value of an extended form. */
static LdStatus ext_u(LdReader *r, UWord max, UWord *out, const char *what, char *msg,
                      size_t msglen) {
    LdStatus s = ld_read_u(r, max, out, what, msg, msglen);
    if (s == LD_TRUNCATED) return truncated(msg, msglen);
    return s;
}

static LdStatus decode_list(LdReader *r, BeamFile *bf, uint32_t slot, char *msg, size_t msglen) {
    UWord n;
    LdStatus s = ext_u(r, UINT32_MAX, &n, "a list length", msg, msglen);
    if (s != LD_OK) return s;
    /* Each element takes at least one byte. */
    if (n > ld_left(r)) {
        snprintf(msg, msglen, "is a list of %llu elements but only %zu bytes remain",
                 (unsigned long long)n, ld_left(r));
        return LD_TRUNCATED;
    }
    if (!ld_reserve_args(bf, (uint32_t)n)) {
        snprintf(msg, msglen, "needs more memory than is available");
        return LD_BAD;
    }
    uint32_t first = bf->nargs;
    bf->nargs += (uint32_t)n;
    for (uint32_t i = 0; i < n; i++) {
        s = ld_decode_operand(r, bf, first + i, LD_LIST_ELEMENT, msg, msglen);
        if (s != LD_OK) return s;
    }
    GenArg *a = &bf->args[slot];
    a->kind = ARG_LIST;
    a->val = first;
    a->count = (uint32_t)n;
    return LD_OK;
}

static LdStatus decode_alloc(LdReader *r, GenArg *a, char *msg, size_t msglen) {
    UWord n;
    LdStatus s = ext_u(r, UINT32_MAX, &n, "an allocation list length", msg, msglen);
    if (s != LD_OK) return s;
    if (n > ld_left(r) / 2) return truncated(msg, msglen);
    UWord sums[3] = {0, 0, 0};
    for (UWord i = 0; i < n; i++) {
        UWord kind, count;
        if ((s = ext_u(r, 2, &kind, "an allocation kind", msg, msglen)) != LD_OK) return s;
        if ((s = ext_u(r, INT32_MAX, &count, "an allocation count", msg, msglen)) != LD_OK) return s;
        sums[kind] += count;
        if (sums[kind] > INT32_MAX) return bad0(msg, msglen, "allocation list total is too large");
    }
    a->kind = ARG_ALLOC;
    a->val = sums[0];
    a->count = (uint32_t)sums[1];
    a->aux = (uint32_t)sums[2];
    return LD_OK;
}

static LdStatus decode_extended(LdReader *r, BeamFile *bf, uint32_t slot, UWord sub,
                                LdPlace place, char *msg, size_t msglen) {
    GenArg *a = &bf->args[slot];
    LdStatus s;
    UWord v;
    switch (sub) {
    case CTZ_FLOAT: {
        if (ld_left(r) < 8) return truncated(msg, msglen);
        uint64_t bits = 0;
        for (int i = 0; i < 8; i++) bits = (bits << 8) | *r->p++;
        double d;
        memcpy(&d, &bits, sizeof d);
        Term *hp = lit_alloc(&bf->lit, FLOAT_WORDS);
        if (!hp) return bad0(msg, msglen, "needs more memory than is available");
        a->kind = ARG_FLOAT;
        a->term = make_float_at(hp, d);
        return LD_OK;
    }
    case CTZ_LIST:
        if (place == LD_LIST_ELEMENT) return bad0(msg, msglen, "is a list nested in a list");
        if (place != LD_LAST_OPERAND)
            return bad0(msg, msglen, "is a list that is not the last operand");
        return decode_list(r, bf, slot, msg, msglen);
    case CTZ_FR:
        if ((s = ext_u(r, LD_MAX_REG - 1, &v, "a float register", msg, msglen)) != LD_OK) return s;
        a->kind = ARG_FR;
        a->val = v;
        return LD_OK;
    case CTZ_ALLOC:
        return decode_alloc(r, a, msg, msglen);
    case CTZ_LITERAL:
        if ((s = ext_u(r, UINT32_MAX, &v, "a literal index", msg, msglen)) != LD_OK) return s;
        if (v >= bf->nliterals)
            return bad(msg, msglen, "refers to literal %llu, past the literal table", v);
        a->kind = ARG_LITERAL;
        a->val = v;
        a->term = bf->literals[v];
        return LD_OK;
    case CTZ_TR: {
        LdTagged reg;
        s = ld_read_tagged(r, &reg);
        if (s == LD_TRUNCATED) return truncated(msg, msglen);
        if (s != LD_OK || (reg.tag != CT_X && reg.tag != CT_Y))
            return bad0(msg, msglen, "is a typed register that is not an x or y register");
        if (reg.nbytes || reg.val >= LD_MAX_REG)
            return bad0(msg, msglen, "is a typed register number too large");
        if ((s = ext_u(r, UINT32_MAX, &v, "a type index", msg, msglen)) != LD_OK) return s;
        if (bf->ntypes > 0 && v >= bf->ntypes)
            return bad(msg, msglen, "refers to type %llu, past the Type chunk", v);
        a->kind = ARG_TR;
        a->reg = reg.tag == CT_X ? ARG_X : ARG_Y;
        a->val = reg.val;
        /* Without a type table (stripped, or a version we do not read) the
         * register is used untyped, as OTP does. */
        a->aux = bf->ntypes > 0 ? (uint32_t)v : BEAM_NO_TYPE;
        return LD_OK;
    }
    default:
        return bad(msg, msglen, "has unknown extended tag %llu", sub);
    }
}

LdStatus ld_decode_operand(LdReader *r, BeamFile *bf, uint32_t slot, LdPlace place, char *msg,
                           size_t msglen) {
    LdTagged t;
    LdStatus s = ld_read_tagged(r, &t);
    if (s == LD_TRUNCATED) return truncated(msg, msglen);
    if (s != LD_OK) return bad0(msg, msglen, "has a length that is itself too long");
    GenArg *a = &bf->args[slot];
    memset(a, 0, sizeof *a);
    if (t.nbytes && t.tag != CT_I)
        return bad(msg, msglen, "is a value too large for a word (%llu bytes)", t.nbytes);
    switch (t.tag) {
    case CT_U:
        a->kind = ARG_U;
        a->val = t.val;
        return LD_OK;
    case CT_I:
        if (!ld_integer_term(&t, &bf->lit, &a->term))
            return bad0(msg, msglen, "needs more memory than is available");
        a->kind = ARG_INT;
        return LD_OK;
    case CT_A:
        if (t.val == 0) {
            a->kind = ARG_NIL;
            a->term = NIL;
            return LD_OK;
        }
        if (t.val > bf->natoms) return bad(msg, msglen, "refers to atom %llu, past the atom table", t.val);
        a->kind = ARG_ATOM;
        a->val = t.val;
        a->term = bf->atoms[t.val];
        return LD_OK;
    case CT_X:
    case CT_Y:
        if (t.val >= LD_MAX_REG) return bad(msg, msglen, "is register %llu, above the limit of 1023", t.val);
        a->kind = t.tag == CT_X ? ARG_X : ARG_Y;
        a->val = t.val;
        return LD_OK;
    case CT_F:
        if (t.val != 0 && t.val >= bf->nlabels)
            return bad(msg, msglen, "refers to label %llu, past the label count", t.val);
        a->kind = ARG_LABEL;
        a->val = t.val;
        return LD_OK;
    case CT_H:
        if (t.val > 0x10FFFF) return bad(msg, msglen, "is character %llu, not a code point", t.val);
        a->kind = ARG_CHAR;
        a->val = t.val;
        return LD_OK;
    default:
        return decode_extended(r, bf, slot, t.val, place, msg, msglen);
    }
}
