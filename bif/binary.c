/*
 * binary.c: the erlang module's binary BIFs: conversions between lists,
 * iolists and binaries (binary_to_list, bitstring_to_list,
 * list_to_bitstring, iolist_to_iovec), binary_part and split_binary.
 * list_to_binary, iolist_to_binary and iolist_size, which trap, are in
 * iolist_trap.c.
 *
 * Iolists are flattened by bytes.h's walk (no C recursion) into a
 * growable buffer at bit granularity, so list_to_bitstring shares it.
 * Results are new binaries (bin_new) or sub binaries of the argument
 * (bin_sub); nothing here collects garbage.
 */
#include <stdlib.h>
#include <string.h>

#include "../vm/binary.h"
#include "../vm/bits.h"
#include "bif.h"
#include "binutil.h"
#include "bytes.h"

static bool buf_room(BitBuf *b, UWord more_bits) {
    size_t need = (size_t)((b->bits + more_bits + 7) / 8) + 1;
    if (need <= b->cap) return true;
    size_t n = b->cap ? b->cap * 2 : 256;
    while (n < need) n *= 2;
    unsigned char *d = realloc(b->data, n);
    if (!d) return false;
    memset(d + b->cap, 0, n - b->cap);
    b->data = d;
    b->cap = n;
    return true;
}

static bool buf_bits(BitBuf *b, const unsigned char *src, UWord off, UWord n) {
    if (!buf_room(b, n)) return false;
    bits_copy(b->data, b->bits, src, off, n);
    b->bits += n;
    return true;
}

static bool buf_add_binary(BitBuf *b, Term t) {
    const unsigned char *base;
    UWord off, bits;
    binary_get(t, &base, &off, &bits);
    return buf_bits(b, base, off, bits);
}

static BytesResult flatten_run(void *ctx, const uint8_t *data, size_t len) {
    return buf_bits(ctx, data, 0, (UWord)len * 8) ? BYTES_OK : BYTES_NOMEM;
}

static BytesResult flatten_binary(void *ctx, Term t) {
    return buf_add_binary(ctx, t) ? BYTES_OK : BYTES_NOMEM;
}

IolResult binutil_flatten(Term t, bool allow_bits, BitBuf *out) {
    IolistVisitor v = {allow_bits, flatten_run, flatten_binary};
    BytesResult r = bytes_iolist_visit(t, &v, out);
    return r == BYTES_OK ? IOL_OK : r == BYTES_NOMEM ? IOL_NOMEM : IOL_BADARG;
}

/* A bitstring term from a flattened buffer (consumes it). */
static Term buf_to_term(Process *p, BitBuf *b) {
    size_t nbytes = (size_t)((b->bits + 7) / 8);
    Term t = bin_from_bytes(p, b->data, nbytes);
    free(b->data);
    b->data = NULL;
    if (t == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    if (b->bits % 8) {
        t = bin_sub(p, t, 0, b->bits);
        if (t == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    }
    return t;
}

static Term flatten_bif(Process *p, Term t, bool allow_bits) {
    BitBuf b = {NULL, 0, 0};
    IolResult r = binutil_flatten(t, allow_bits, &b);
    if (r != IOL_OK) {
        free(b.data);
        return r == IOL_NOMEM ? bif_error(p, ATOM_system_limit) : bif_badarg(p);
    }
    return buf_to_term(p, &b);
}

Term bif_erlang_list_to_bitstring_1(Process *p, Term *args) {
    if (!is_list(args[0]) && !is_nil(args[0])) return bif_badarg(p);
    return flatten_bif(p, args[0], true);
}

/* The list of bytes [from, from + n) of a bitstring, then `tail`. */
static Term bytes_list(Process *p, Term bin, UWord from, UWord n, Term tail) {
    const unsigned char *base;
    UWord off, bits;
    binary_get(bin, &base, &off, &bits);
    Term *hp = proc_alloc(p, 2 * (size_t)n);
    if (!hp && n) return bif_error(p, ATOM_system_limit);
    Term list = tail;
    for (UWord i = n; i-- > 0;) {
        UWord at = off + 8 * (from + i);
        unsigned v = (at & 7) == 0 ? base[at >> 3]
                                   : (unsigned)((base[at >> 3] << (at & 7)) | (base[(at >> 3) + 1] >> (8 - (at & 7)))) & 0xFF;
        hp[2 * i] = make_small(v);
        hp[2 * i + 1] = list;
        list = make_list(hp + 2 * i);
    }
    return list;
}

static bool bin_bytes(Term t, UWord *nbytes) {
    if (!is_binary(t)) return false;
    const unsigned char *base;
    UWord off, bits;
    binary_get(t, &base, &off, &bits);
    *nbytes = bits / 8;
    return true;
}

Term bif_erlang_binary_to_list_3(Process *p, Term *args) {
    UWord n;
    if (!bin_bytes(args[0], &n) || !is_small(args[1]) || !is_small(args[2])) return bif_badarg(p);
    SWord a = small_val(args[1]), b = small_val(args[2]);
    if (a < 1 || b < a || (UWord)b > n) return bif_badarg(p);
    return bytes_list(p, args[0], (UWord)a - 1, (UWord)(b - a + 1), NIL);
}

Term bif_erlang_bitstring_to_list_1(Process *p, Term *args) {
    if (!is_binary_any(args[0])) return bif_badarg(p);
    const unsigned char *base;
    UWord off, bits;
    binary_get(args[0], &base, &off, &bits);
    Term tail = NIL;
    if (bits % 8) {
        Term rest = bin_sub(p, args[0], bits & ~(UWord)7, bits % 8);
        if (rest == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
        Term *hp = proc_alloc(p, 2);
        if (!hp) return bif_error(p, ATOM_system_limit);
        hp[0] = rest;
        hp[1] = NIL;
        tail = make_list(hp);
    }
    return bytes_list(p, args[0], 0, bits / 8, tail);
}

/* binary_part(Bin, Start, Len) with OTP's rules: Len may be negative. */
static Term part(Process *p, Term bin, Term start, Term len) {
    if (!is_binary_any(bin) || !is_small(start) || !is_small(len)) return bif_badarg(p);
    const unsigned char *base;
    UWord off, bits;
    binary_get(bin, &base, &off, &bits);
    UWord n = bits / 8; /* whole bytes of a bitstring, as OTP counts them here */
    SWord s = small_val(start), l = small_val(len);
    if (l < 0) {
        s += l;
        l = -l;
    }
    if (s < 0 || (UWord)s > n || (UWord)l > n - (UWord)s) return bif_badarg(p);
    Term t = bin_sub(p, bin, 8 * (UWord)s, 8 * (UWord)l);
    return t == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : t;
}

Term bif_erlang_binary_part_3(Process *p, Term *args) { return part(p, args[0], args[1], args[2]); }

Term bif_erlang_binary_part_2(Process *p, Term *args) {
    Term pl = args[1];
    if (!is_tuple(pl) || tuple_arity(pl) != 2) return bif_badarg(p);
    return part(p, args[0], tuple_elems(pl)[0], tuple_elems(pl)[1]);
}

Term bif_erlang_split_binary_2(Process *p, Term *args) {
    UWord n;
    if (!is_binary_any(args[0]) || !is_small(args[1])) return bif_badarg(p);
    const unsigned char *base;
    UWord off, bits;
    binary_get(args[0], &base, &off, &bits);
    n = bits / 8;
    SWord at = small_val(args[1]);
    if (at < 0 || (UWord)at > n) return bif_badarg(p);
    Term a = bin_sub(p, args[0], 0, 8 * (UWord)at);
    Term b = bin_sub(p, args[0], 8 * (UWord)at, bits - 8 * (UWord)at);
    Term *hp = proc_alloc(p, 3);
    if (a == THE_NON_VALUE || b == THE_NON_VALUE || !hp) return bif_error(p, ATOM_system_limit);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = a;
    hp[2] = b;
    return make_boxed(hp);
}

/* iolist_to_iovec: one binary of all the bytes ([] when there are none). */
Term bif_erlang_iolist_to_iovec_1(Process *p, Term *args) {
    Term t = args[0];
    if (!is_list(t) && !is_nil(t) && !is_binary(t)) return bif_badarg(p);
    Term bin;
    if (is_binary(t)) {
        bin = t;
    } else {
        bin = flatten_bif(p, t, false);
        if (bin == THE_NON_VALUE) return bin;
    }
    const unsigned char *base;
    UWord off, bits;
    binary_get(bin, &base, &off, &bits);
    if (bits == 0) return NIL;
    Term *hp = proc_alloc(p, 2);
    if (!hp) return bif_error(p, ATOM_system_limit);
    hp[0] = bin;
    hp[1] = NIL;
    return make_list(hp);
}
