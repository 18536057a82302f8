/*
 * bits_build.c: constructing binaries with bs_create_bin (OTP 25's form of
 * <<...>>), and OTP's error_info causes for a segment that cannot be built.
 *
 * Two passes over the segments: the first checks every segment and adds
 * up the size in bits (failing with OTP's cause {Segment, Type, Kind,
 * Value} before anything is allocated), the second writes the bits into
 * one new binary.  append and private_append copy their binary first;
 * nothing is ever written into an existing binary, so binaries stay
 * immutable whoever else refers to them.
 */
#include <stdatomic.h>
#include <string.h>

#include "atoms_gen.h"
#include "binary.h"
#include "bits.h"

/* An operand word as the interpreter's SRC decodes it. */
static inline Term src_word(const Term *x, const Term *E, UWord w) {
    if (w & 3) return (Term)w;
    return (w & 8) ? E[w >> 4] : x[w >> 4];
}

static Term seg_type_atom(unsigned type) {
    switch (type) {
    case BSEG_INTEGER: return ATOM_integer;
    case BSEG_FLOAT: return ATOM_float;
    case BSEG_UTF8: return ATOM_utf8;
    case BSEG_UTF16: return ATOM_utf16;
    case BSEG_UTF32: return ATOM_utf32;
    default: return ATOM_binary;
    }
}

static Term make_cause(Process *p, UWord seg, unsigned type, Term kind, Term value) {
    Term *hp = proc_alloc(p, 5);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_TUPLE, 4);
    hp[1] = make_small((SWord)seg);
    hp[2] = seg_type_atom(type);
    hp[3] = kind;
    hp[4] = value;
    return make_boxed(hp);
}

Term bits_error_info(Process *p, Term cause) {
    Term *hp = proc_alloc(p, 4 + 6);
    if (!hp) return THE_NON_VALUE;
    hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
    hp[1] = ATOM_cause;
    hp[2] = ATOM_function;
    hp[3] = ATOM_module;
    hp[4] = MAKE_HEADER(SUB_MAP, 5);
    hp[5] = 3;
    hp[6] = make_boxed(hp);
    hp[7] = cause;
    hp[8] = ATOM_format_bs_fail;
    hp[9] = ATOM_erl_erts_errors;
    return make_boxed(hp + 4);
}

/* Size in bits of a size operand times unit: 0 ok, else the reason. */
static Term seg_bits(Term size, unsigned unit, UWord *bits) {
    if (is_small(size)) {
        SWord v = small_val(size);
        if (v < 0) return ATOM_badarg;
        if (unit && (UWord)v > (UWord)MAX_SMALL / unit) return ATOM_system_limit;
        *bits = (UWord)v * unit;
        return 0;
    }
    if (is_big(size) && !big_negative(size)) return ATOM_system_limit;
    return ATOM_badarg;
}

static inline UWord bitstring_bits(Term b) {
    const unsigned char *base;
    UWord off, bits;
    binary_get(b, &base, &off, &bits);
    return bits;
}

static inline bool is_cp(Term v) {
    if (!is_small(v)) return false;
    SWord c = small_val(v);
    return c >= 0 && c <= 0x10FFFF && (c < 0xD800 || c > 0xDFFF);
}

/* Checks one segment and computes its size; 0 or the failure reason. */
static Term check_seg(UWord w, Term val, Term size, UWord *bits, Term *kind, Term *what) {
    unsigned type = BSEG_TYPE(w), unit = BSEG_UNIT(w);
    Term r;
    *what = val;
    switch (type) {
    case BSEG_INTEGER:
        if ((r = seg_bits(size, unit, bits)) != 0) {
            *kind = ATOM_size;
            *what = size;
            return r;
        }
        if (!is_integer(val)) {
            *kind = ATOM_type;
            return ATOM_badarg;
        }
        return 0;
    case BSEG_FLOAT:
        if ((r = seg_bits(size, unit, bits)) != 0) {
            *kind = ATOM_size;
            *what = size;
            return r;
        }
        if (*bits != 16 && *bits != 32 && *bits != 64) {
            *kind = ATOM_invalid;
            *what = size;
            return ATOM_badarg;
        }
        if (!is_number(val)) {
            *kind = ATOM_type;
            return ATOM_badarg;
        }
        return 0;
    case BSEG_BINARY:
    case BSEG_APPEND:
    case BSEG_PRIVATE_APPEND:
        if (size != ATOM_all && (r = seg_bits(size, unit, bits)) != 0) {
            *kind = ATOM_size;
            *what = size;
            return r;
        }
        if (!is_binary_any(val)) {
            *kind = ATOM_type;
            return ATOM_badarg;
        }
        if (size == ATOM_all) {
            *bits = bitstring_bits(val);
            if (unit > 1 && *bits % unit != 0) {
                *kind = ATOM_unit;
                return ATOM_badarg;
            }
        } else if (*bits > bitstring_bits(val)) {
            *kind = ATOM_short;
            return ATOM_badarg;
        }
        return 0;
    case BSEG_UTF8:
        if (!is_cp(val)) break;
        {
            SWord c = small_val(val);
            *bits = c < 0x80 ? 8 : c < 0x800 ? 16 : c < 0x10000 ? 24 : 32;
        }
        return 0;
    case BSEG_UTF16:
        if (!is_cp(val)) break;
        *bits = small_val(val) < 0x10000 ? 16 : 32;
        return 0;
    case BSEG_UTF32:
        if (!is_cp(val)) break;
        *bits = 32;
        return 0;
    case BSEG_STRING:
        *bits = (UWord)small_val(size) * 8;
        return 0;
    default:
        break;
    }
    *kind = ATOM_type;
    return ATOM_badarg;
}

/* Writes one checked segment of `bits` bits at bit `at` of data. */
static void write_seg(unsigned char *data, UWord at, UWord w, Term val, UWord bits) {
    bool little = BSEG_LITTLE(w) != 0;
    unsigned char buf[4];
    switch (BSEG_TYPE(w)) {
    case BSEG_INTEGER:
        if (bits == 8 && (at & 7) == 0 && is_small(val)) {
            data[at >> 3] = (unsigned char)small_val(val);
            return;
        }
        bits_put_integer(data, at, val, bits, little);
        return;
    case BSEG_FLOAT:
        (void)bits_put_float(data, at, val, bits, little);
        return;
    case BSEG_UTF8:
        bits_copy(data, at, buf, 0, 8 * (UWord)bits_utf8_encode(buf, (UWord)small_val(val)));
        return;
    case BSEG_UTF16:
        bits_copy(data, at, buf, 0, 8 * (UWord)bits_utf16_encode(buf, (UWord)small_val(val), little));
        return;
    case BSEG_UTF32:
        bits_put_integer(data, at, val, 32, little);
        return;
    case BSEG_STRING:
        bits_copy(data, at, (const unsigned char *)(uintptr_t)small_val(val), 0, bits);
        return;
    default: {
        const unsigned char *base;
        UWord off, n;
        binary_get(val, &base, &off, &n);
        bits_copy(data, at, base, off, bits);
        return;
    }
    }
}

/* Writes segments first.. at bit `at` (sizes of the first 16 from the
 * checking pass); returns bin. */
static Term write_rest(unsigned char *data, UWord at, const Term *x, const Term *E, const UWord *list,
                       UWord first, UWord nseg, Term bin, const UWord *segbits) {
    for (UWord i = first; i < nseg; i++) {
        const UWord *s = list + 1 + 3 * i;
        Term val = src_word(x, E, s[1]);
        UWord bits = 0;
        if (i < 16) {
            bits = segbits[i];
        } else {
            Term kind, what;
            (void)check_seg(s[0], val, src_word(x, E, s[2]), &bits, &kind, &what);
        }
        write_seg(data, at, s[0], val, bits);
        at += bits;
    }
    return bin;
}

/* True when a float segment's value does not fit a double. */
static bool no_float(Term val) {
    unsigned char tmp[8];
    return is_big(val) && !bits_put_float(tmp, 0, val, 64, false);
}

/*
 * Appending.  The result of an append is a writable binary: a refc binary
 * with spare capacity whose BinRefc.wbits says how many of its bits are in
 * use.  Appending to a bitstring that ends exactly there writes the new
 * bits in place and makes a new handle covering more of the bytes; every
 * older term still covers only its own bits, so binaries stay immutable as
 * seen from Erlang, and a loop of appends costs amortised linear time.
 * The in-use count is claimed with a compare-and-swap, so two appends to
 * the same binary (from two processes) never both write in place.
 */
static unsigned char *append_target(Process *p, Term acc, UWord extra, bool private,
                                    Term *result) {
    const unsigned char *base;
    UWord off, bits;
    binary_get(acc, &base, &off, &bits);
    UWord total = bits + extra;
    size_t nbytes = (size_t)((total + 7) / 8);
    Term under = acc;
    if (HEADER_SUB(boxed_header(acc)) == SUB_SUB_BIN) under = boxed_ptr(acc)[3];
    const Term *u = boxed_ptr(under);
    BinRefc *b = NULL;
    if (off == 0 && HEADER_SUB(u[0]) == SUB_REFC_BIN) {
        BinRefc *cand = (BinRefc *)(uintptr_t)u[2];
        UWord expect = bits;
        /* private_append: the compiler knows no other term covers the
         * end (as OTP, which then grows the binary in place), so no
         * other process can claim it. */
        if (nbytes <= cand->size &&
            atomic_load_explicit(&cand->wbits, memory_order_relaxed) == bits &&
            (private ? (atomic_store_explicit(&cand->wbits, total, memory_order_relaxed), true)
                     : atomic_compare_exchange_strong(&cand->wbits, &expect, total))) {
            /* In place: a sub binary over the same handle covers the longer
             * range (it may reach past the handle's byte size: the BinRefc
             * holds the bytes), so no new handle and no count to bump. */
            Term *sp = proc_alloc(p, SUB_BIN_WORDS);
            if (!sp) {
                atomic_store(&cand->wbits, bits);
                return NULL;
            }
            sp[0] = MAKE_HEADER(SUB_SUB_BIN, SUB_BIN_WORDS - 1);
            sp[1] = total;
            sp[2] = 0;
            sp[3] = under;
            if (bits % 8) cand->data[bits / 8] &= (unsigned char)(0xFF00u >> (bits % 8));
            *result = make_boxed(sp);
            return cand->data;
        }
    }
    {
        size_t cap = nbytes < 128 ? 256 : 2 * nbytes;
        b = bin_refc_new(cap);
        if (!b) return NULL;
        if (bits) {
            b->data[(bits - 1) / 8] = 0;
            bits_copy(b->data, 0, base, off, bits);
        }
        b->wbits = total;
    }
    Term *hp = proc_alloc(p, REFC_BIN_WORDS + (total % 8 ? SUB_BIN_WORDS : 0));
    if (!hp) {
        bin_refc_release(b);
        return NULL;
    }
    Term h = bin_make_refc_handle(hp, b, &p->off_heap);
    hp[1] = nbytes;
    if (total % 8) {
        Term *sp = hp + REFC_BIN_WORDS;
        sp[0] = MAKE_HEADER(SUB_SUB_BIN, SUB_BIN_WORDS - 1);
        sp[1] = total;
        sp[2] = 0;
        sp[3] = h;
        h = make_boxed(sp);
    }
    /* Bits after the old end start as zeros in the byte they share. */
    if (bits % 8) b->data[bits / 8] &= (unsigned char)(0xFF00u >> (bits % 8));
    *result = h;
    return b->data;
}

/* The sizes of up to FAST_SEGS segments of the common kinds, checked
 * without a call per segment: integers (small size, any integer value),
 * whole binaries (`all`, including an append's first segment), floats of
 * 64 bits from a float or small value, strings.  Anything else (and
 * every error) returns false, and the general code does it all again. */
#define FAST_SEGS 16
static bool fast_sizes(const Term *x, const Term *E, const UWord *list, UWord nseg, UWord *segbits,
                       UWord *total) {
    UWord sum = 0;
    if (nseg > FAST_SEGS) return false;
    for (UWord i = 0; i < nseg; i++) {
        const UWord *s = list + 1 + 3 * i;
        UWord w = s[0], bits;
        Term val = src_word(x, E, s[1]), size = src_word(x, E, s[2]);
        switch (BSEG_TYPE(w)) {
        case BSEG_INTEGER:
            if (!is_small(size) || (UWord)small_val(size) > ((UWord)1 << 32) ||
                !(is_small(val) || is_big(val)))
                return false;
            bits = (UWord)small_val(size) * BSEG_UNIT(w);
            break;
        case BSEG_BINARY:
        case BSEG_APPEND:
        case BSEG_PRIVATE_APPEND:
            if (size != ATOM_all || !is_binary_any(val)) return false;
            bits = bitstring_bits(val);
            if (BSEG_UNIT(w) == 8 ? (bits & 7) != 0 : BSEG_UNIT(w) > 1 && bits % BSEG_UNIT(w) != 0)
                return false;
            break;
        case BSEG_FLOAT:
            if (!is_small(size) || small_val(size) * (SWord)BSEG_UNIT(w) != 64 ||
                !(is_float(val) || is_small(val)))
                return false;
            bits = 64;
            break;
        case BSEG_STRING:
            bits = (UWord)small_val(size) * 8;
            break;
        default:
            return false;
        }
        segbits[i] = bits;
        sum += bits; /* cannot wrap: 16 sizes of at most 2^44 or 2^53 bits */
    }
    *total = sum;
    return true;
}

/* Writes the segments first.. checked by fast_sizes at bit `at`: byte-
 * aligned big-endian integers of small values and byte-aligned binaries
 * inline, the rest by write_seg. */
static void fast_write(unsigned char *data, UWord at, const Term *x, const Term *E, const UWord *list,
                       UWord first, UWord nseg, const UWord *segbits) {
    for (UWord i = first; i < nseg; i++) {
        const UWord *s = list + 1 + 3 * i;
        UWord w = s[0], bits = segbits[i];
        Term val = src_word(x, E, s[1]);
        unsigned type = BSEG_TYPE(w);
        if (type == BSEG_INTEGER && ((at | bits) & 7) == 0 && bits <= 64 && is_small(val) &&
            !BSEG_LITTLE(w)) {
            uint64_t v = (uint64_t)small_val(val);
            unsigned char *d = data + (at >> 3);
            for (UWord k = bits >> 3; k-- > 0;) {
                d[k] = (unsigned char)v;
                v >>= 8;
            }
        } else if (type == BSEG_BINARY && (at & 7) == 0 && (bits & 7) == 0) {
            const unsigned char *base;
            UWord off, n;
            binary_get(val, &base, &off, &n);
            if ((off & 7) == 0)
                memcpy(data + (at >> 3), base + (off >> 3), bits >> 3);
            else
                bits_copy(data, at, base, off, bits);
        } else {
            write_seg(data, at, w, val, bits);
        }
        at += bits;
    }
}

static Term create_general(Process *p, const Term *x, const Term *E, const UWord *list,
                           Term *reason, Term *cause);

/* <<Acc/binary, Int:Size>>, the loop that builds a binary a field at a
 * time: an integer of a small value and at most 64 bits appended to a
 * whole binary.  THE_NON_VALUE (nothing done) for anything else. */
static Term append_int(Process *p, const Term *x, const Term *E, const UWord *list) {
    const UWord *s0 = list + 1, *s1 = list + 4;
    unsigned t0 = BSEG_TYPE(s0[0]);
    if ((t0 != BSEG_APPEND && t0 != BSEG_PRIVATE_APPEND) || s0[2] != ATOM_all ||
        BSEG_TYPE(s1[0]) != BSEG_INTEGER)
        return THE_NON_VALUE;
    Term acc = src_word(x, E, s0[1]), val = src_word(x, E, s1[1]), size = src_word(x, E, s1[2]);
    if (!is_small(val) || !is_small(size) || (UWord)small_val(size) > 64 || !is_binary_any(acc))
        return THE_NON_VALUE;
    UWord bits = (UWord)small_val(size) * BSEG_UNIT(s1[0]), at = bitstring_bits(acc);
    unsigned unit0 = BSEG_UNIT(s0[0]);
    if (bits > 64 || (unit0 > 1 && at % unit0 != 0)) return THE_NON_VALUE;
    Term bin;
    unsigned char *data = append_target(p, acc, bits, t0 == BSEG_PRIVATE_APPEND, &bin);
    if (!data) return THE_NON_VALUE; /* the general code fails the same way */
    if (((at | bits) & 7) == 0 && !BSEG_LITTLE(s1[0])) {
        uint64_t v = (uint64_t)small_val(val);
        unsigned char *d = data + (at >> 3);
        for (UWord k = bits >> 3; k-- > 0;) {
            d[k] = (unsigned char)v;
            v >>= 8;
        }
    } else {
        bits_put_integer(data, at, val, bits, BSEG_LITTLE(s1[0]) != 0);
    }
    return bin;
}

Term bits_create_bin(Process *p, const Term *x, const Term *E, const UWord *list, Term *reason,
                     Term *cause) {
    UWord nseg = list[0] / 3, total, segbits[FAST_SEGS];
    if (nseg == 2) {
        Term r = append_int(p, x, E, list);
        if (r != THE_NON_VALUE) return r;
    }
    if (!fast_sizes(x, E, list, nseg, segbits, &total) || total / 8 > ((UWord)1 << 50))
        return create_general(p, x, E, list, reason, cause);
    unsigned char *data;
    Term bin;
    unsigned t0 = nseg ? BSEG_TYPE(list[1]) : BSEG_INTEGER;
    if (t0 == BSEG_APPEND || t0 == BSEG_PRIVATE_APPEND) {
        UWord at = segbits[0];
        data = append_target(p, src_word(x, E, list[2]), total - at,
                             t0 == BSEG_PRIVATE_APPEND, &bin);
        if (!data) {
            *reason = ATOM_system_limit;
            *cause = THE_NON_VALUE;
            return THE_NON_VALUE;
        }
        fast_write(data, at, x, E, list, 1, nseg, segbits);
        return bin;
    }
    size_t nbytes = (size_t)((total + 7) / 8);
    bin = bin_new(p, nbytes, &data);
    if (bin == THE_NON_VALUE) {
        *reason = ATOM_system_limit;
        *cause = THE_NON_VALUE;
        return THE_NON_VALUE;
    }
    if (nbytes) data[nbytes - 1] = 0;
    fast_write(data, 0, x, E, list, 0, nseg, segbits);
    if (total % 8) {
        bin = bin_sub(p, bin, 0, total);
        if (bin == THE_NON_VALUE) {
            *reason = ATOM_system_limit;
            *cause = THE_NON_VALUE;
        }
    }
    return bin;
}

/* Every segment kind and every error: check all, then write. */
static Term create_general(Process *p, const Term *x, const Term *E, const UWord *list,
                           Term *reason, Term *cause) {
    UWord nseg = list[0] / 3;
    UWord total = 0;
    UWord segbits[16] = {0}; /* sizes of the first segments, for the second pass */
    for (UWord i = 0; i < nseg; i++) {
        const UWord *s = list + 1 + 3 * i;
        Term val = src_word(x, E, s[1]), size = src_word(x, E, s[2]);
        UWord bits = 0;
        Term kind = ATOM_type, what = val;
        Term r = check_seg(s[0], val, size, &bits, &kind, &what);
        if (r == 0 && BSEG_TYPE(s[0]) == BSEG_FLOAT && no_float(val)) {
            r = ATOM_badarg;
            kind = ATOM_no_float;
        }
        if (r == 0 && total + bits < total) {
            r = ATOM_system_limit;
            kind = ATOM_size;
            what = size;
        }
        if (r != 0) {
            *reason = r;
            *cause = make_cause(p, BSEG_NUM(s[0]), BSEG_TYPE(s[0]), kind, what);
            return THE_NON_VALUE;
        }
        total += bits;
        if (i < 16) segbits[i] = bits;
    }
    if (total / 8 > ((UWord)1 << 50)) {
        *reason = ATOM_system_limit;
        *cause = THE_NON_VALUE;
        return THE_NON_VALUE;
    }
    size_t nbytes = (size_t)((total + 7) / 8);
    unsigned char *data;
    Term bin;
    UWord at = 0, first = 0;
    unsigned t0 = nseg ? BSEG_TYPE(list[1]) : BSEG_INTEGER;
    if (t0 == BSEG_APPEND || t0 == BSEG_PRIVATE_APPEND) {
        Term acc = src_word(x, E, list[2]);
        at = bitstring_bits(acc);
        first = 1;
        data = append_target(p, acc, total - at, t0 == BSEG_PRIVATE_APPEND, &bin);
        if (!data) bin = THE_NON_VALUE;
    } else {
        bin = bin_new(p, nbytes, &data);
        if (bin != THE_NON_VALUE && nbytes) data[nbytes - 1] = 0;
    }
    if (bin == THE_NON_VALUE) {
        *reason = ATOM_system_limit;
        *cause = THE_NON_VALUE;
        return THE_NON_VALUE;
    }
    if (first) return write_rest(data, at, x, E, list, first, nseg, bin, segbits);
    (void)write_rest(data, 0, x, E, list, 0, nseg, bin, segbits);
    if (total % 8) {
        bin = bin_sub(p, bin, 0, total);
        if (bin == THE_NON_VALUE) {
            *reason = ATOM_system_limit;
            *cause = THE_NON_VALUE;
        }
    }
    return bin;
}

/*
 * The construction of OTP 24 and older compilers (bs_init2, bs_put_*,
 * bs_append...): the binary is allocated first, then filled field by field
 * at p->bs_data / p->bs_pos.  Nothing collects between the allocation and
 * the last field, so the pointer stays valid.
 */
Term bits_old_new(Process *p, UWord bits) {
    size_t nbytes = (size_t)((bits + 7) / 8);
    unsigned char *data;
    Term bin = bin_new(p, nbytes, &data);
    if (bin == THE_NON_VALUE) return bin;
    memset(data, 0, nbytes);
    p->bs_data = data;
    p->bs_pos = 0;
    if (bits % 8) bin = bin_sub(p, bin, 0, bits);
    return bin;
}

Term bits_old_append(Process *p, Term bin, UWord extra, unsigned unit) {
    if (!is_binary_any(bin)) return THE_NON_VALUE;
    UWord bits = bitstring_bits(bin);
    if (unit > 1 && bits % unit) return THE_NON_VALUE;
    if (bits + extra < bits) return THE_NON_VALUE;
    Term r;
    unsigned char *data = append_target(p, bin, extra, false, &r);
    if (!data) return THE_NON_VALUE;
    p->bs_data = data;
    p->bs_pos = bits;
    return r;
}

bool bits_old_put(Process *p, UWord w, Term val, Term size) {
    UWord bits = 0;
    Term kind, what;
    if (check_seg(w, val, size, &bits, &kind, &what) != 0) return false;
    if (BSEG_TYPE(w) == BSEG_FLOAT && no_float(val)) return false;
    write_seg(p->bs_data, p->bs_pos, w, val, bits);
    p->bs_pos += bits;
    return true;
}
