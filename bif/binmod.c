/*
 * binmod.c: the native functions of OTP's `binary` module: at, first,
 * last, part, copy, encode_unsigned/decode_unsigned, list_to_bin,
 * longest_common_prefix/suffix, referenced_byte_size, compile_pattern,
 * match, matches and split.
 *
 * A compiled pattern is {bm, Bin} for one pattern or {ac, [Bin...]} for
 * several (OTP's tags; the payload is opaque to Erlang code either way).
 * Searching is a plain scan; when several patterns match at the same
 * position the longest wins, as in OTP.
 */
#include <stdlib.h>
#include <string.h>

#include "../vm/big.h"
#include "../vm/binary.h"
#include "../vm/bits.h"
#include "bif.h"
#include "binutil.h"
#include "build.h"
#include "bytes.h"

/* Bytes of a binary argument; *owned to free.  False if not a binary. */
static bool get_bytes(Term t, const uint8_t **d, size_t *n, uint8_t **owned) {
    return bytes_of_binary(t, d, n, owned);
}

/* A part of a binary: a copy when small (as OTP makes a heap binary), else a sub binary. */
static Term make_part(Process *p, Term bin, size_t from, size_t len) {
    if (len <= HEAP_BIN_MAX) {
        const uint8_t *d;
        size_t n;
        uint8_t *owned;
        if (!get_bytes(bin, &d, &n, &owned)) return THE_NON_VALUE;
        Term t = bin_from_bytes(p, d + from, len);
        free(owned);
        return t;
    }
    return bin_sub(p, bin, 8 * (UWord)from, 8 * (UWord)len);
}

Term bif_binary_at_2(Process *p, Term *args) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!is_small(args[1]) || !get_bytes(args[0], &d, &n, &owned)) return bif_badarg(p);
    SWord i = small_val(args[1]);
    Term r = (i >= 0 && (size_t)i < n) ? make_small(d[i]) : THE_NON_VALUE;
    free(owned);
    return r != THE_NON_VALUE ? r : bif_badarg(p);
}

static Term end_byte(Process *p, Term bin, bool last) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!get_bytes(bin, &d, &n, &owned)) return bif_badarg(p);
    Term r = n ? make_small(d[last ? n - 1 : 0]) : THE_NON_VALUE;
    free(owned);
    return r != THE_NON_VALUE ? r : bif_badarg(p);
}
Term bif_binary_first_1(Process *p, Term *args) { return end_byte(p, args[0], false); }
Term bif_binary_last_1(Process *p, Term *args) { return end_byte(p, args[0], true); }

static Term part3(Process *p, Term bin, Term start, Term len) {
    if (!is_binary(bin) || !is_small(start) || !is_small(len)) return bif_badarg(p);
    const unsigned char *base;
    UWord off, bits;
    binary_get(bin, &base, &off, &bits);
    UWord n = bits / 8;
    SWord s = small_val(start), l = small_val(len);
    if (l < 0) {
        s += l;
        l = -l;
    }
    if (s < 0 || (UWord)s > n || (UWord)l > n - (UWord)s) return bif_badarg(p);
    Term t = make_part(p, bin, (size_t)s, (size_t)l);
    return t == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : t;
}
Term bif_binary_part_3(Process *p, Term *args) { return part3(p, args[0], args[1], args[2]); }
Term bif_binary_part_2(Process *p, Term *args) {
    if (!is_tuple(args[1]) || tuple_arity(args[1]) != 2) return bif_badarg(p);
    return part3(p, args[0], tuple_elems(args[1])[0], tuple_elems(args[1])[1]);
}

static Term copy_n(Process *p, Term bin, Term times) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!is_small(times) || small_val(times) < 0 || !get_bytes(bin, &d, &n, &owned))
        return bif_badarg(p);
    size_t k = (size_t)small_val(times);
    if (n && k > ((size_t)1 << 40) / n) {
        free(owned);
        return bif_error(p, ATOM_system_limit);
    }
    unsigned char *out;
    Term t = bin_new(p, n * k, &out);
    if (t != THE_NON_VALUE)
        for (size_t i = 0; i < k; i++) memcpy(out + i * n, d, n);
    free(owned);
    return t == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : t;
}
Term bif_binary_copy_1(Process *p, Term *args) { return copy_n(p, args[0], make_small(1)); }
Term bif_binary_copy_2(Process *p, Term *args) { return copy_n(p, args[0], args[1]); }

Term bif_binary_referenced_byte_size_1(Process *p, Term *args) {
    Term t = args[0];
    if (!is_binary(t)) return bif_badarg(p);
    Term *b = boxed_ptr(t);
    if (HEADER_SUB(b[0]) == SUB_SUB_BIN) b = boxed_ptr(b[3]);
    return make_small((SWord)b[1]);
}

/* big | little option: 1 little, 0 big, -1 bad. */
static int endian_opt(Term t) {
    if (t == ATOM_big) return 0;
    if (t == ATOM_little) return 1;
    return -1;
}

static Term encode_unsigned(Process *p, Term v, int little) {
    if (little < 0 || !is_integer(v) || (is_small(v) ? small_val(v) < 0 : big_negative(v)))
        return bif_badarg(p);
    uint8_t buf[8];
    const uint8_t *le;
    size_t n;
    if (is_small(v)) {
        UWord u = (UWord)small_val(v);
        n = 0;
        do {
            buf[n++] = (uint8_t)u;
            u >>= 8;
        } while (u);
        le = buf;
    } else {
        le = (const uint8_t *)big_digits(v); /* limbs are little-endian words on this host */
        n = big_limbs(v) * 8;
        while (n > 1 && le[n - 1] == 0) n--;
    }
    unsigned char *out;
    Term t = bin_new(p, n, &out);
    if (t == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    for (size_t i = 0; i < n; i++) out[i] = little ? le[i] : le[n - 1 - i];
    return t;
}
Term bif_binary_encode_unsigned_1(Process *p, Term *args) { return encode_unsigned(p, args[0], 0); }
Term bif_binary_encode_unsigned_2(Process *p, Term *args) {
    return encode_unsigned(p, args[0], endian_opt(args[1]));
}

static Term decode_unsigned(Process *p, Term bin, int little) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (little < 0 || !get_bytes(bin, &d, &n, &owned)) return bif_badarg(p);
    uint8_t *le = malloc(n ? n : 1);
    if (!le) {
        free(owned);
        return bif_error(p, ATOM_system_limit);
    }
    for (size_t i = 0; i < n; i++) le[i] = little ? d[i] : d[n - 1 - i];
    free(owned);
    Term *hp = proc_alloc(p, big_from_bytes_words(n));
    Term t = hp ? big_from_bytes_le(hp, le, n, false) : THE_NON_VALUE;
    free(le);
    return t == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : t;
}
Term bif_binary_decode_unsigned_1(Process *p, Term *args) { return decode_unsigned(p, args[0], 0); }
Term bif_binary_decode_unsigned_2(Process *p, Term *args) {
    return decode_unsigned(p, args[0], endian_opt(args[1]));
}

Term bif_binary_list_to_bin_1(Process *p, Term *args) {
    if (!is_list(args[0]) && !is_nil(args[0])) return bif_badarg(p);
    BitBuf b = {NULL, 0, 0};
    IolResult r = binutil_flatten(args[0], false, &b);
    if (r != IOL_OK) {
        free(b.data);
        return r == IOL_NOMEM ? bif_error(p, ATOM_system_limit) : bif_badarg(p);
    }
    Term t = bin_from_bytes(p, b.data, (size_t)(b.bits / 8));
    free(b.data);
    return t == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : t;
}

/* Longest common prefix (or suffix) of a non-empty list of binaries. */
static Term common(Process *p, Term list, bool suffix) {
    if (!is_list(list)) return bif_badarg(p);
    size_t best = (size_t)-1;
    const uint8_t *first = NULL;
    size_t first_n = 0;
    uint8_t *first_owned = NULL;
    Term r = THE_NON_VALUE;
    for (Term l = list; ; l = CDR(list_ptr(l))) {
        if (is_nil(l)) {
            r = make_small((SWord)best);
            break;
        }
        if (!is_list(l)) break;
        const uint8_t *d;
        size_t n;
        uint8_t *owned;
        if (!get_bytes(CAR(list_ptr(l)), &d, &n, &owned)) break;
        if (!first) {
            first = d;
            first_n = n;
            first_owned = owned;
            best = n;
            continue;
        }
        size_t k = 0, lim = n < best ? n : best;
        if (suffix)
            while (k < lim && d[n - 1 - k] == first[first_n - 1 - k]) k++;
        else
            while (k < lim && d[k] == first[k]) k++;
        best = k;
        free(owned);
    }
    free(first_owned);
    return r != THE_NON_VALUE ? r : bif_badarg(p);
}
Term bif_binary_longest_common_prefix_1(Process *p, Term *args) { return common(p, args[0], false); }
Term bif_binary_longest_common_suffix_1(Process *p, Term *args) { return common(p, args[0], true); }

/* Search patterns: copies of their bytes. */
typedef struct Patterns {
    size_t n;          /* patterns */
    uint8_t **data;    /* each pattern's bytes */
    size_t *len;       /* and length (never 0) */
} Patterns;

static void pats_free(Patterns *ps) {
    for (size_t i = 0; i < ps->n; i++) free(ps->data[i]);
    free(ps->data);
    free(ps->len);
}

static bool pats_add(Patterns *ps, Term b) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!get_bytes(b, &d, &n, &owned)) return false;
    if (n == 0) {
        free(owned);
        return false;
    }
    uint8_t **nd = realloc(ps->data, (ps->n + 1) * sizeof *nd);
    size_t *nl = nd ? realloc(ps->len, (ps->n + 1) * sizeof *nl) : NULL;
    if (nd) ps->data = nd;
    if (!nl) {
        free(owned);
        return false;
    }
    ps->len = nl;
    uint8_t *copy = malloc(n);
    if (!copy) {
        free(owned);
        return false;
    }
    memcpy(copy, d, n);
    free(owned);
    ps->data[ps->n] = copy;
    ps->len[ps->n++] = n;
    return true;
}

/* Reads a pattern: a binary, a non-empty list of binaries, or a compiled pattern. */
static bool pats_read(Term t, Patterns *ps) {
    *ps = (Patterns){0, NULL, NULL};
    if (is_tuple(t) && tuple_arity(t) == 2 &&
        (tuple_elems(t)[0] == ATOM_bm || tuple_elems(t)[0] == ATOM_ac))
        t = tuple_elems(t)[1];
    if (is_binary(t)) return pats_add(ps, t);
    if (!is_list(t)) return false;
    for (; is_list(t); t = CDR(list_ptr(t)))
        if (!pats_add(ps, CAR(list_ptr(t)))) {
            pats_free(ps);
            return false;
        }
    if (!is_nil(t)) {
        pats_free(ps);
        return false;
    }
    return true;
}

Term bif_binary_compile_pattern_1(Process *p, Term *args) {
    Patterns ps;
    if (!pats_read(args[0], &ps)) return bif_badarg(p);
    bool one = ps.n == 1 && is_binary(args[0]);
    pats_free(&ps);
    Term *hp = proc_alloc(p, 3);
    if (!hp) return bif_error(p, ATOM_system_limit);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = one ? ATOM_bm : ATOM_ac;
    hp[2] = args[0];
    return make_boxed(hp);
}

/* The longest pattern matching at or after `from`, within [from, end):
 * true with *at and *len, false if none. */
static bool find(const Patterns *ps, const uint8_t *d, size_t from, size_t end, size_t *at, size_t *len) {
    for (size_t i = from; i < end; i++) {
        size_t best = 0;
        for (size_t k = 0; k < ps->n; k++) {
            size_t l = ps->len[k];
            if (l <= end - i && l > best && memcmp(d + i, ps->data[k], l) == 0) best = l;
        }
        if (best) {
            *at = i;
            *len = best;
            return true;
        }
    }
    return false;
}

/* Options of match/matches/split. */
typedef struct SearchOpts {
    size_t start, end; /* the scope */
    bool global, trim, trim_all;
} SearchOpts;

static bool read_opts(Term opts, size_t n, bool split, SearchOpts *o) {
    *o = (SearchOpts){0, n, false, false, false};
    for (; is_list(opts); opts = CDR(list_ptr(opts))) {
        Term e = CAR(list_ptr(opts));
        if (split && e == ATOM_global) {
            o->global = true;
        } else if (split && e == ATOM_trim) {
            o->trim = true;
        } else if (split && e == ATOM_trim_all) {
            o->trim_all = true;
        } else if (is_tuple(e) && tuple_arity(e) == 2 && tuple_elems(e)[0] == ATOM_scope) {
            Term sc = tuple_elems(e)[1];
            if (!is_tuple(sc) || tuple_arity(sc) != 2 || !is_small(tuple_elems(sc)[0]) ||
                !is_small(tuple_elems(sc)[1]))
                return false;
            SWord s = small_val(tuple_elems(sc)[0]), l = small_val(tuple_elems(sc)[1]);
            if (l < 0) {
                s += l;
                l = -l;
            }
            if (s < 0 || (UWord)s > n || (UWord)l > n - (UWord)s) return false;
            o->start = (size_t)s;
            o->end = (size_t)(s + l);
        } else {
            return false;
        }
    }
    return is_nil(opts);
}

static Term pos_len(Process *p, size_t at, size_t len) {
    return build_tuple2(p, make_small((SWord)at), make_small((SWord)len));
}

/* Reverses a list built on the heap. */
static Term reverse(Process *p, Term l) {
    Term r = NIL;
    for (; is_list(l); l = CDR(list_ptr(l))) {
        r = build_cons(p, CAR(list_ptr(l)), r);
        if (r == THE_NON_VALUE) return r;
    }
    return r;
}

/* match (all = false) and matches (all = true). */
static Term do_match(Process *p, Term subj, Term pat, Term opts, bool all) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!get_bytes(subj, &d, &n, &owned)) return bif_badarg(p);
    Patterns ps;
    SearchOpts o;
    if (!pats_read(pat, &ps)) {
        free(owned);
        return bif_badarg(p);
    }
    if (!read_opts(opts, n, false, &o)) {
        pats_free(&ps);
        free(owned);
        return bif_badarg(p);
    }
    Term r = all ? NIL : ATOM_nomatch;
    size_t from = o.start, at, len;
    while (find(&ps, d, from, o.end, &at, &len)) {
        Term pl = pos_len(p, at, len);
        if (!all) {
            r = pl;
            break;
        }
        r = pl == THE_NON_VALUE ? THE_NON_VALUE : build_cons(p, pl, r);
        if (r == THE_NON_VALUE) break;
        from = at + len;
    }
    pats_free(&ps);
    free(owned);
    if (r == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    return all ? reverse(p, r) : r;
}
Term bif_binary_match_2(Process *p, Term *args) { return do_match(p, args[0], args[1], NIL, false); }
Term bif_binary_match_3(Process *p, Term *args) { return do_match(p, args[0], args[1], args[2], false); }
Term bif_binary_matches_2(Process *p, Term *args) { return do_match(p, args[0], args[1], NIL, true); }
Term bif_binary_matches_3(Process *p, Term *args) { return do_match(p, args[0], args[1], args[2], true); }

static Term do_split(Process *p, Term subj, Term pat, Term opts) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!get_bytes(subj, &d, &n, &owned)) return bif_badarg(p);
    Patterns ps;
    SearchOpts o;
    if (!pats_read(pat, &ps)) {
        free(owned);
        return bif_badarg(p);
    }
    if (!read_opts(opts, n, true, &o)) {
        pats_free(&ps);
        free(owned);
        return bif_badarg(p);
    }
    /* Positions of the parts: [begin, end) pairs. */
    size_t cap = 8, np = 0, from = o.start, last = 0, at, len;
    size_t *parts = malloc(cap * 2 * sizeof *parts);
    bool ok = parts != NULL;
    while (ok && find(&ps, d, from, o.end, &at, &len)) {
        if (np == cap) {
            size_t *q = realloc(parts, cap * 4 * sizeof *parts);
            if (!q) {
                ok = false;
                break;
            }
            parts = q;
            cap *= 2;
        }
        parts[2 * np] = last;
        parts[2 * np + 1] = at;
        np++;
        last = from = at + len;
        if (!o.global) break;
    }
    if (ok && np == cap) {
        size_t *q = realloc(parts, (cap + 1) * 2 * sizeof *parts);
        if (q) parts = q;
        else ok = false;
    }
    if (ok) {
        parts[2 * np] = last;
        parts[2 * np + 1] = n;
        np++;
    }
    pats_free(&ps);
    free(owned);
    if (!ok) {
        free(parts);
        return bif_error(p, ATOM_system_limit);
    }
    size_t keep = np;
    if (o.trim || o.trim_all)
        while (keep > 0 && parts[2 * (keep - 1)] == parts[2 * (keep - 1) + 1]) keep--;
    Term r = NIL;
    for (size_t i = keep; i-- > 0;) {
        size_t b = parts[2 * i], e = parts[2 * i + 1];
        if (o.trim_all && b == e) continue;
        Term part = make_part(p, subj, b, e - b);
        r = part == THE_NON_VALUE ? THE_NON_VALUE : build_cons(p, part, r);
        if (r == THE_NON_VALUE) break;
    }
    free(parts);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}
Term bif_binary_split_2(Process *p, Term *args) { return do_split(p, args[0], args[1], NIL); }
Term bif_binary_split_3(Process *p, Term *args) { return do_split(p, args[0], args[1], args[2]); }
