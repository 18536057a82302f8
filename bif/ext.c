/*
 * ext.c: the external term format from Erlang: term_to_binary/1,2,
 * external_size/1,2 (an encoder written here) and binary_to_term/1,2 (the
 * decoder of loader/etf.c, building on the process heap).
 *
 * The encoder writes OTP 25's choices byte for byte: small integers as
 * SMALL_INTEGER_EXT or INTEGER_EXT, others as SMALL_/LARGE_BIG_EXT;
 * floats as NEW_FLOAT_EXT (FLOAT_EXT for minor_version 0); atoms as
 * ATOM_EXT when every character is Latin-1 and minor_version < 2, else as
 * SMALL_/ATOM_UTF8_EXT; proper lists of at most 65535 bytes as STRING_EXT;
 * maps in iteration order (sorted by key with `deterministic`); local
 * pids, ports and refs of node nonode@nohost, creation 0.  With
 * `compressed`, zlib deflates the encoding when the result is smaller, as
 * erts decides.  The term is walked with an explicit stack.
 * term_to_iovec/1,2 use the same encoder, listing binaries of more than 64
 * bytes as themselves instead of copying them.
 *
 * term_to_binary/1,2 work a budget at a time and trap (traps.h): the
 * encoding so far then moves into a binary on the heap, which later
 * chunks write into (a bigger one when it fills), and the walk's stack
 * becomes a list of [Kind | Value] cells, so the state is terms only.
 * Counting a list's length, a map's pairs and deflating are single steps.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <zlib.h>

#include "../loader/load.h"
#include "bif.h"
#include "binary.h"
#include "bytes.h"
#include "compare.h"
#include "etf.h"
#include "map.h"
#include "../gc/magic.h"
#include "traps.h"
#include "vm.h"

/* ---- output buffer ---- */

typedef struct Enc {
    uint8_t *b;      /* bytes */
    size_t n;        /* used */
    size_t cap;      /* allocated */
    bool failed;     /* out of memory */
    int minor;       /* minor_version: 0, 1 or 2 */
    bool deterministic; /* maps sorted by key */
    const AtomTable *atoms; /* for atom names */
    Term self;       /* the pid that local funs record as their creator */
    bool iovec;      /* term_to_iovec: large binaries are referenced, not copied */
    Term *refs;      /* those binaries, in order */
    size_t *ref_at;  /* where each belongs in b */
    size_t nrefs;    /* entries in refs and ref_at */
    size_t cap_refs; /* entries allocated */
    Process *p;      /* with in_bin: the process whose heap holds the buffer */
    bool in_bin;     /* b is the bytes of binary `bin` (a trapping term_to_binary) */
    Term bin;        /* that binary */
} Enc;

/* term_to_iovec leaves binaries of more than this many bytes out of the
 * buffer and lists them as they are (erts' off-heap binary limit). */
#define IOVEC_REF_MIN 65

/* Records binary t as an element of the iovec at the current position. */
static void enc_ref(Enc *e, Term t) {
    if (e->failed) return;
    if (e->nrefs == e->cap_refs) {
        size_t cap = e->cap_refs ? 2 * e->cap_refs : 8;
        Term *nr = realloc(e->refs, cap * sizeof *nr);
        if (nr) e->refs = nr;
        size_t *na = nr ? realloc(e->ref_at, cap * sizeof *na) : NULL;
        if (na) e->ref_at = na;
        if (!nr || !na) {
            e->failed = true;
            return;
        }
        e->cap_refs = cap;
    }
    e->refs[e->nrefs] = t;
    e->ref_at[e->nrefs++] = e->n;
}

static bool enc_room(Enc *e, size_t k) {
    if (e->failed) return false;
    if (e->cap - e->n >= k) return true;
    size_t cap = e->cap ? e->cap : 256;
    while (cap - e->n < k) cap *= 2;
    if (e->in_bin) {
        /* grow by four: every new buffer counts towards the binary heap
         * that calls for a collection */
        cap *= 2;
        unsigned char *d;
        Term nbin = bin_new(e->p, cap, &d);
        if (nbin == THE_NON_VALUE) {
            e->failed = true;
            return false;
        }
        memcpy(d, e->b, e->n);
        e->b = d;
        e->bin = nbin;
        e->cap = cap;
        return true;
    }
    uint8_t *nb = realloc(e->b, cap);
    if (!nb) {
        e->failed = true;
        return false;
    }
    e->b = nb;
    e->cap = cap;
    return true;
}
static void put8(Enc *e, unsigned v) {
    if (enc_room(e, 1)) e->b[e->n++] = (uint8_t)v;
}
static void put16(Enc *e, unsigned v) {
    put8(e, (v >> 8) & 0xFF);
    put8(e, v & 0xFF);
}
static void put32(Enc *e, uint32_t v) {
    put16(e, v >> 16);
    put16(e, v & 0xFFFF);
}
static void putn(Enc *e, const void *d, size_t n) {
    if (n && enc_room(e, n)) {
        memcpy(e->b + e->n, d, n);
        e->n += n;
    }
}

/* ---- leaves ---- */

static void enc_atom(Enc *e, Term a) {
    const AtomEntry *ae = atom_entry(e->atoms, a);
    if (e->minor < 2 && ae->latin1) {
        put8(e, 100); /* ATOM_EXT, Latin-1 */
        put16(e, ae->chars);
        const uint8_t *s = (const uint8_t *)ae->name;
        for (size_t i = 0; i < ae->len;) {
            if (s[i] < 0x80) {
                put8(e, s[i++]);
            } else {
                put8(e, (unsigned)(((s[i] & 0x03) << 6) | (s[i + 1] & 0x3F)));
                i += 2;
            }
        }
        return;
    }
    if (ae->len < 256) {
        put8(e, 119); /* SMALL_ATOM_UTF8_EXT */
        put8(e, ae->len);
    } else {
        put8(e, 118); /* ATOM_UTF8_EXT */
        put16(e, ae->len);
    }
    putn(e, ae->name, ae->len);
}

/* An integer given as sign and 64-bit limbs, least significant first. */
static void enc_bignum(Enc *e, const UWord *limbs, UWord n, bool neg) {
    while (n > 0 && limbs[n - 1] == 0) n--;
    size_t bytes = n * 8;
    if (n) {
        UWord top = limbs[n - 1];
        bytes -= 8;
        while (top) {
            bytes++;
            top >>= 8;
        }
    }
    if (bytes < 256) {
        put8(e, 110); /* SMALL_BIG_EXT */
        put8(e, (unsigned)bytes);
    } else {
        put8(e, 111); /* LARGE_BIG_EXT */
        put32(e, (uint32_t)bytes);
    }
    put8(e, neg ? 1 : 0);
    for (size_t i = 0; i < bytes; i++) put8(e, (unsigned)((limbs[i / 8] >> (8 * (i % 8))) & 0xFF));
}

static void enc_int(Enc *e, SWord v) {
    if (v >= 0 && v <= 255) {
        put8(e, 97); /* SMALL_INTEGER_EXT */
        put8(e, (unsigned)v);
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        put8(e, 98); /* INTEGER_EXT */
        put32(e, (uint32_t)(int32_t)v);
    } else {
        UWord mag = v < 0 ? (UWord)0 - (UWord)v : (UWord)v;
        enc_bignum(e, &mag, 1, v < 0);
    }
}

static void enc_float(Enc *e, double d) {
    if (e->minor == 0) {
        char buf[32] = {0};
        put8(e, 99); /* FLOAT_EXT: "%.20e" in 31 bytes */
        snprintf(buf, sizeof buf, "%.20e", d);
        putn(e, buf, 31);
        return;
    }
    uint64_t bits;
    memcpy(&bits, &d, sizeof bits);
    put8(e, 70); /* NEW_FLOAT_EXT */
    put32(e, (uint32_t)(bits >> 32));
    put32(e, (uint32_t)bits);
}

static void enc_pid(Enc *e, Term node, uint32_t id, uint32_t serial, uint32_t creation) {
    put8(e, 88); /* NEW_PID_EXT */
    enc_atom(e, node);
    put32(e, id);
    put32(e, serial);
    put32(e, creation);
}

static void enc_binary(Enc *e, Term t) {
    const unsigned char *base;
    UWord off, bits;
    binary_get(t, &base, &off, &bits);
    size_t n = (size_t)((bits + 7) / 8);
    unsigned rest = (unsigned)(bits % 8);
    if (rest) {
        put8(e, 77); /* BIT_BINARY_EXT */
        put32(e, (uint32_t)n);
        put8(e, rest);
    } else {
        put8(e, 109); /* BINARY_EXT */
        put32(e, (uint32_t)n);
        if (e->iovec && n >= IOVEC_REF_MIN) {
            enc_ref(e, t);
            return;
        }
    }
    if (!enc_room(e, n)) return;
    const unsigned char *s = base + off / 8;
    unsigned sh = (unsigned)(off % 8);
    uint8_t *d = e->b + e->n;
    for (size_t i = 0; i < n; i++) {
        unsigned v = (unsigned)(s[i] << sh) & 0xFF;
        if (sh && (i * 8 + 8 - sh) < bits) v |= s[i + 1] >> (8 - sh);
        d[i] = (uint8_t)v;
    }
    if (rest) d[n - 1] &= (uint8_t)(0xFF << (8 - rest));
    e->n += n;
}

/* A proper list of at most 65535 bytes (STRING_EXT); *n its length. */
static bool is_ext_string(Term l, size_t *n) {
    size_t k = 0;
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term h = CAR(list_ptr(l));
        if (!is_small(h) || (UWord)small_val(h) > 255 || ++k > 65535) return false;
    }
    *n = k;
    return is_nil(l);
}

/* ---- the walk ---- */

enum { W_TERM, W_LIST_REST, W_PATCH };

typedef struct Work {
    unsigned kind; /* W_* */
    UWord v;       /* the term, list, or patch position */
} Work;

typedef struct WorkStack {
    Work *w;    /* entries */
    size_t n;   /* used */
    size_t cap; /* allocated */
} WorkStack;

static bool work_push(WorkStack *s, unsigned kind, UWord v) {
    if (s->n == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 64;
        Work *nw = realloc(s->w, cap * sizeof *nw);
        if (!nw) return false;
        s->w = nw;
        s->cap = cap;
    }
    s->w[s->n].kind = kind;
    s->w[s->n++].v = v;
    return true;
}

/* Sorts the n pairs (keys k, values v) by key in the exact term order:
 * a merge sort (map keys are distinct), with tk/tv as scratch. */
static void sort_pairs_in(const AtomTable *at, Term *k, Term *v, Term *tk, Term *tv, size_t n) {
    if (n < 2) return;
    size_t h = n / 2;
    sort_pairs_in(at, k, v, tk, tv, h);
    sort_pairs_in(at, k + h, v + h, tk, tv, n - h);
    size_t i = 0, j = h, o = 0;
    while (i < h && j < n) {
        if (term_compare_exact(at, k[j], k[i]) < 0) {
            tk[o] = k[j];
            tv[o++] = v[j++];
        } else {
            tk[o] = k[i];
            tv[o++] = v[i++];
        }
    }
    while (i < h) {
        tk[o] = k[i];
        tv[o++] = v[i++];
    }
    while (j < n) {
        tk[o] = k[j];
        tv[o++] = v[j++];
    }
    memcpy(k, tk, n * sizeof *k);
    memcpy(v, tv, n * sizeof *v);
}

static bool sort_pairs(const AtomTable *at, Term *k, Term *v, size_t n) {
    Term *t = malloc(2 * (n ? n : 1) * sizeof *t);
    if (!t) return false;
    sort_pairs_in(at, k, v, t, t + n, n);
    free(t);
    return true;
}

/* Pushes a map's pairs so that they come out key, value, key, value... */
static bool push_map(Enc *e, WorkStack *s, Term m) {
    UWord n = map_size(m);
    put8(e, 116); /* MAP_EXT */
    put32(e, (uint32_t)n);
    if (n == 0) return true;
    Term *k = malloc(2 * n * sizeof *k);
    if (!k) return false;
    Term *v = k + n;
    MapIter it;
    map_iter_init(&it, m);
    UWord i = 0;
    while (i < n && map_iter_next(&it, &k[i], &v[i])) i++;
    if (!map_is_flat(m)) {
        if (e->deterministic) {
            if (!sort_pairs(e->atoms, k, v, i)) {
                free(k);
                return false;
            }
        } else {
            /* erts writes a hash-trie map in the order of maps:to_list/1,
             * which is map_iter's order reversed. */
            for (UWord a = 0, z = i; a + 1 < z; a++, z--) {
                Term tk = k[a], tv = v[a];
                k[a] = k[z - 1];
                v[a] = v[z - 1];
                k[z - 1] = tk;
                v[z - 1] = tv;
            }
        }
    }
    bool ok = true;
    for (UWord j = i; j-- > 0 && ok;)
        ok = work_push(s, W_TERM, v[j]) && work_push(s, W_TERM, k[j]);
    free(k);
    return ok;
}

/* Pops an entry of a trapped encoding's stack, kept on the heap as
 * [Kind | Value] cells (see ttb_run), into s. */
static void work_unspill(WorkStack *s, Term *more) {
    Term c = CAR(list_ptr(*more));
    *more = CDR(list_ptr(*more));
    unsigned kind = (unsigned)small_val(CAR(list_ptr(c)));
    Term v = CDR(list_ptr(c));
    s->w[s->n].kind = kind;
    s->w[s->n++].v = kind == W_PATCH ? (UWord)small_val(v) : (UWord)v;
}

/* Encodes what stack s holds (then what *more holds, when more is given)
 * until it is empty or *budget runs out (a unit a term, or a list element
 * or 16 bytes); false when out of memory. */
static bool enc_steps(Enc *e, WorkStack *sp, Term *more, long *budget) {
    WorkStack s = *sp;
    Term t;
    bool ok = true;
    while (ok && !e->failed && (*budget)-- > 0) {
        if (s.n == 0) {
            if (!more || !is_list(*more)) break;
            if (s.cap == 0) {
                ok = work_push(&s, W_TERM, NIL);
                s.n = 0;
                if (!ok) break;
            }
            work_unspill(&s, more);
        }
        Work w = s.w[--s.n];
        if (w.kind == W_PATCH) {
            uint32_t size = (uint32_t)(e->n - w.v);
            e->b[w.v] = (uint8_t)(size >> 24);
            e->b[w.v + 1] = (uint8_t)(size >> 16);
            e->b[w.v + 2] = (uint8_t)(size >> 8);
            e->b[w.v + 3] = (uint8_t)size;
            continue;
        }
        if (w.kind == W_LIST_REST) {
            Term *c = list_ptr(w.v);
            ok = (is_list(CDR(c)) ? work_push(&s, W_LIST_REST, CDR(c)) : work_push(&s, W_TERM, CDR(c))) &&
                 work_push(&s, W_TERM, CAR(c));
            continue;
        }
        t = w.v;
        if (is_small(t)) {
            enc_int(e, small_val(t));
        } else if (is_atom(t)) {
            enc_atom(e, t);
        } else if (is_nil(t)) {
            put8(e, 106); /* NIL_EXT */
        } else if (is_list(t)) {
            size_t n;
            if (is_ext_string(t, &n)) {
                *budget -= (long)n;
                put8(e, 107); /* STRING_EXT */
                put16(e, (unsigned)n);
                for (Term l = t; is_list(l); l = CDR(list_ptr(l))) put8(e, (unsigned)small_val(CAR(list_ptr(l))));
            } else {
                n = 0;
                for (Term l = t; is_list(l); l = CDR(list_ptr(l))) n++;
                *budget -= (long)(n / 16);
                put8(e, 108); /* LIST_EXT */
                put32(e, (uint32_t)n);
                ok = work_push(&s, W_LIST_REST, t);
            }
        } else if (is_local_pid(t)) {
            UWord v = pid_val(t);
            enc_pid(e, ATOM_nonode_nohost, (uint32_t)(v & ((1u << PID_NUMBER_BITS) - 1)),
                    (uint32_t)(v >> PID_NUMBER_BITS), 0);
        } else if (is_local_port(t)) {
            put8(e, 89); /* NEW_PORT_EXT */
            enc_atom(e, ATOM_nonode_nohost);
            put32(e, (uint32_t)port_val(t));
            put32(e, 0);
        } else if (is_boxed(t)) {
            Term *b = boxed_ptr(t);
            switch (HEADER_SUB(b[0])) {
            case SUB_TUPLE: {
                UWord n = HEADER_ARITY(b[0]);
                if (n < 256) {
                    put8(e, 104); /* SMALL_TUPLE_EXT */
                    put8(e, (unsigned)n);
                } else {
                    put8(e, 105); /* LARGE_TUPLE_EXT */
                    put32(e, (uint32_t)n);
                }
                for (UWord i = n; i > 0 && ok; i--) ok = work_push(&s, W_TERM, b[i]);
                break;
            }
            case SUB_POS_BIG:
            case SUB_NEG_BIG:
                enc_bignum(e, big_digits(t), big_limbs(t), big_negative(t));
                break;
            case SUB_FLOAT:
                enc_float(e, float_val(t));
                break;
            case SUB_HEAP_BIN:
            case SUB_REFC_BIN:
            case SUB_SUB_BIN: {
                const unsigned char *bb;
                UWord boff, bbits;
                binary_get(t, &bb, &boff, &bbits);
                *budget -= (long)(bbits / 128);
                enc_binary(e, t);
                break;
            }
            case SUB_MAP:
                *budget -= (long)map_size(t);
                ok = push_map(e, &s, t);
                break;
            case SUB_EXPORT: {
                const Export *x = (const Export *)(uintptr_t)b[1];
                put8(e, 113); /* EXPORT_EXT */
                enc_atom(e, x->module);
                enc_atom(e, x->name);
                put8(e, 97);
                put8(e, x->arity);
                break;
            }
            case SUB_FUN: {
                const FunEntry *fe = (const FunEntry *)(uintptr_t)b[1];
                UWord nfree = HEADER_ARITY(b[0]) - 1;
                put8(e, 112); /* NEW_FUN_EXT */
                size_t at = e->n;
                put32(e, 0); /* the size, patched when the free variables are done */
                put8(e, fe->arity);
                putn(e, ld_fun_md5(fe), 16);
                put32(e, fe->index);
                put32(e, (uint32_t)nfree);
                enc_atom(e, fe->module);
                enc_int(e, fe->index);
                enc_int(e, fe->old_uniq);
                Term self = e->self;
                enc_pid(e, ATOM_nonode_nohost, (uint32_t)(pid_val(self) & ((1u << PID_NUMBER_BITS) - 1)),
                        (uint32_t)(pid_val(self) >> PID_NUMBER_BITS), 0);
                ok = work_push(&s, W_PATCH, at);
                for (UWord i = nfree; i > 0 && ok; i--) ok = work_push(&s, W_TERM, b[1 + i]);
                break;
            }
            case SUB_REF: {
                UWord n = HEADER_ARITY(b[0]);
                put8(e, 90); /* NEWER_REFERENCE_EXT */
                put16(e, (unsigned)n);
                enc_atom(e, ATOM_nonode_nohost);
                put32(e, 0);
                for (UWord i = 0; i < n; i++) put32(e, (uint32_t)b[1 + i]);
                break;
            }
            case SUB_EXT_PID:
                enc_pid(e, b[1], (uint32_t)b[3], (uint32_t)b[4], (uint32_t)b[2]);
                break;
            case SUB_EXT_PORT:
                if (b[3] > UINT32_MAX) {
                    put8(e, 120); /* V4_PORT_EXT */
                    enc_atom(e, b[1]);
                    put32(e, (uint32_t)(b[3] >> 32));
                    put32(e, (uint32_t)b[3]);
                } else {
                    put8(e, 89);
                    enc_atom(e, b[1]);
                    put32(e, (uint32_t)b[3]);
                }
                put32(e, (uint32_t)b[2]);
                break;
            case SUB_EXT_REF: {
                UWord n = HEADER_ARITY(b[0]) - 2;
                put8(e, 90);
                put16(e, (unsigned)n);
                enc_atom(e, b[1]);
                put32(e, (uint32_t)b[2]);
                for (UWord i = 0; i < n; i++) put32(e, (uint32_t)b[3 + i]);
                break;
            }
            default:
                put8(e, 106);
                break;
            }
        }
    }
    *sp = s;
    return ok && !e->failed;
}

/* Encodes t after whatever e holds; false when out of memory. */
static bool enc_term(Enc *e, Term t) {
    WorkStack s = {NULL, 0, 0};
    long budget = LONG_MAX;
    bool ok = work_push(&s, W_TERM, t) && enc_steps(e, &s, NULL, &budget);
    free(s.w);
    return ok;
}

/* ---- options ---- */

typedef struct TtbOpts {
    int level;          /* zlib level, 0 for none */
    int minor;          /* minor_version */
    bool deterministic; /* sort map keys */
} TtbOpts;

/* Reads term_to_binary/2's (or external_size/2's) options. */
static bool ttb_opts(Term l, TtbOpts *o, bool allow_compress) {
    o->level = 0;
    o->minor = 1;
    o->deterministic = false;
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term x = CAR(list_ptr(l));
        if (x == ATOM_compressed && allow_compress) {
            o->level = Z_DEFAULT_COMPRESSION;
        } else if (x == ATOM_deterministic) {
            o->deterministic = true;
        } else if (is_tuple(x) && tuple_arity(x) == 2 && is_small(tuple_elems(x)[1])) {
            Term k = tuple_elems(x)[0];
            SWord v = small_val(tuple_elems(x)[1]);
            if (k == ATOM_compressed && allow_compress && v >= 0 && v <= 9) o->level = (int)v;
            else if (k == ATOM_minor_version && v >= 0 && v <= 2) o->minor = (int)v;
            else return false;
        } else {
            return false;
        }
    }
    return is_nil(l);
}

/* The 6 bytes before a compressed encoding's deflated body (erts'
 * layout): version 131, tag 80, the plain body's size (big-endian). */
static void zip_header(uint8_t *d, size_t body) {
    d[0] = 131;
    d[1] = 80;
    d[2] = (uint8_t)(body >> 24);
    d[3] = (uint8_t)(body >> 16);
    d[4] = (uint8_t)(body >> 8);
    d[5] = (uint8_t)body;
}

/* The result of term_to_binary from the n bytes of an encoding at b. */
static Term ttb_finish(Process *p, const uint8_t *b, size_t n, int level) {
    Term r;
    if (level != 0) {
        /* Deflate the body; keep it only if it fits in 5 bytes less than
         * the plain body (erts' rule), else send it plain. */
        size_t body = n - 1;
        uLongf dest = body < 5 ? 0 : body - 5;
        uint8_t *z = malloc(dest + 6);
        if (z && dest > 0 &&
            compress2(z + 6, &dest, b + 1, body, level == Z_DEFAULT_COMPRESSION ? 6 : level) == Z_OK) {
            zip_header(z, body);
            r = bin_from_bytes(p, z, dest + 6);
            free(z);
            return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
        }
        free(z);
    }
    r = bin_from_bytes(p, b, n);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

/* ---- deflating in slices ---- */

/* Encodings of at most this many bytes are deflated in one go. */
#define ZIP_ONE_GO 32768
/* Bytes of the encoding deflated a slice (about as long as a slice of
 * other work at deflate's slowest levels). */
#define ZIP_SLICE 32768

/* A compressed term_to_binary between slices (a magic binary's bytes). */
typedef struct ZipState {
    z_stream z;     /* the deflate stream (live when `init`) */
    bool init;      /* z was initialised */
    uint8_t *out;   /* the deflated body: it must fit in 5 bytes less than the plain one */
    size_t cap;     /* bytes in out */
    size_t in_pos;  /* bytes of the body given to z so far */
    uint8_t *src;   /* the encoding, when the first chunk made it in C memory */
} ZipState;

static void zip_state_free(void *state) {
    ZipState *st = state;
    if (st->init) deflateEnd(&st->z);
    free(st->out);
    free(st->src);
    st->init = false;
    st->out = st->src = NULL;
}

/* Deflates a slice of the n-byte encoding at src: the result when done,
 * else a trap.  The continuation's arguments: 0 the magic binary, 1 the
 * binary holding the encoding (or [] when it is in st->src), 2 n, 3 the
 * level. */
static Term zip_run(Process *p, Term *args, ZipState *st, const uint8_t *src, size_t n) {
    size_t body = n - 1;
    if (!st->init) {
        int level = (int)small_val(args[3]);
        st->cap = body - 5;
        st->out = malloc(st->cap);
        if (!st->out || deflateInit(&st->z, level == Z_DEFAULT_COMPRESSION ? 6 : level) != Z_OK)
            return bif_error(p, ATOM_system_limit);
        st->init = true;
    }
    z_stream *z = &st->z;
    size_t in = body - st->in_pos, out = st->cap - z->total_out;
    if (in > ZIP_SLICE) in = ZIP_SLICE;
    z->next_in = (Bytef *)(uintptr_t)(src + 1 + st->in_pos);
    z->avail_in = (uInt)in;
    z->next_out = st->out + z->total_out;
    z->avail_out = (uInt)(out > UINT_MAX ? UINT_MAX : out);
    uLong in0 = z->total_in;
    int rc = deflate(z, st->in_pos + in == body ? Z_FINISH : Z_NO_FLUSH);
    st->in_pos += z->total_in - in0;
    if (rc == Z_STREAM_END) {
        unsigned char *d;
        Term r = bin_new(p, 6 + z->total_out, &d);
        if (r == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
        zip_header(d, body);
        memcpy(d + 6, st->out, z->total_out);
        return r;
    }
    if ((rc == Z_OK || rc == Z_BUF_ERROR) && z->total_out == st->cap) {
        /* it does not shrink enough: the plain encoding, as erts sends it */
        Term r = bin_from_bytes(p, src, n);
        return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) return bif_error(p, ATOM_system_limit);
    return bif_trap_to(p, TRAP_T2B_ZIP);
}

/* Starts deflating encoder e's bytes: they move into the state, or stay
 * in the binary that holds them. */
static Term zip_start(Process *p, Term *args, Enc *e, int level) {
    void *mem;
    Term magic = bin_magic_new(p, sizeof(ZipState), zip_state_free, &mem);
    if (magic == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    ZipState *st = mem;
    args[0] = magic;
    args[1] = NIL;
    args[2] = make_small((SWord)e->n);
    args[3] = make_small(level);
    if (e->in_bin) {
        args[1] = e->bin;
    } else {
        st->src = e->b; /* the state owns it now */
        e->b = NULL;
    }
    return zip_run(p, args, st, e->in_bin ? e->b : st->src, e->n);
}

Term bif_trap_t2b_zip(Process *p, Term *args) {
    ZipState *st = bin_magic_state(args[0]);
    const uint8_t *src = st->src;
    if (!src) {
        const unsigned char *base;
        UWord off, bits;
        binary_get(args[1], &base, &off, &bits);
        src = base + off / 8;
    }
    return zip_run(p, args, st, src, (size_t)small_val(args[2]));
}

/* Runs the encoder for a budget: the result, or a trap with the state in
 * the continuation's arguments: 0 the stack as [Kind | Value] cells (top
 * first; a later chunk pops them as it needs them), 1 the buffer binary, 2 the bytes used in it, 3 {Level, Minor,
 * Deterministic}. */
static Term ttb_run(Process *p, Term *args, Enc *e, WorkStack *s, Term more, const TtbOpts *o) {
    long budget = TRAP_BUDGET;
    bool ok = enc_steps(e, s, &more, &budget);
    Term r = THE_NON_VALUE;
    if (!ok) {
        r = bif_error(p, ATOM_system_limit);
    } else if (s->n == 0 && !is_list(more)) {
        bif_trap_charge(p, TRAP_BUDGET - budget);
        r = o->level != 0 && e->n > ZIP_ONE_GO ? zip_start(p, args, e, o->level)
                                               : ttb_finish(p, e->b, e->n, o->level);
    } else {
        /* the C stack's entries go on top of those still on the heap */
        Term stack = more;
        Term *hp = proc_alloc(p, 4 * s->n + 4);
        if (hp && !e->in_bin) {
            unsigned char *d;
            Term nbin = bin_new(p, e->cap, &d);
            if (nbin != THE_NON_VALUE) {
                memcpy(d, e->b, e->n);
                free(e->b);
                e->b = d;
                e->in_bin = true;
                e->bin = nbin;
            }
        }
        if (!hp || !e->in_bin) {
            r = bif_error(p, ATOM_system_limit);
        } else {
            for (size_t i = 0; i < s->n; i++, hp += 4) {
                Work w = s->w[i];
                hp[0] = make_small(w.kind);
                hp[1] = w.kind == W_PATCH ? make_small((SWord)w.v) : (Term)w.v;
                hp[2] = make_list(hp);
                hp[3] = stack;
                stack = make_list(hp + 2);
            }
            hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
            hp[1] = make_small(o->level);
            hp[2] = make_small(o->minor);
            hp[3] = o->deterministic ? ATOM_true : ATOM_false;
            args[0] = stack;
            args[1] = e->bin;
            args[2] = make_small((SWord)e->n);
            args[3] = make_boxed(hp);
            r = bif_trap_to(p, TRAP_T2B);
        }
    }
    free(s->w);
    if (!e->in_bin) free(e->b);
    return r;
}

/* An encoder for p's terms with the options' minor version and ordering. */
static void enc_init(Enc *e, Process *p, const TtbOpts *o) {
    *e = (Enc){0};
    e->minor = o->minor;
    e->deterministic = o->deterministic;
    e->atoms = &p->vm->atoms;
    e->self = p->pid;
}

/* The same, the version byte written. */
static void enc_start(Enc *e, Process *p, const TtbOpts *o) {
    enc_init(e, p, o);
    put8(e, 131);
}

/* term_to_binary in one go (for term_to_iovec's compressed form). */
static Term ttb_whole(Process *p, Term t, const TtbOpts *o) {
    Enc e;
    enc_start(&e, p, o);
    Term r = enc_term(&e, t) ? ttb_finish(p, e.b, e.n, o->level) : bif_error(p, ATOM_system_limit);
    free(e.b);
    return r;
}

static Term ttb(Process *p, Term *args, Term t, const TtbOpts *o) {
    Enc e;
    enc_start(&e, p, o);
    e.p = p;
    WorkStack s = {NULL, 0, 0};
    if (!work_push(&s, W_TERM, t)) e.failed = true;
    return ttb_run(p, args, &e, &s, NIL, o);
}

Term bif_trap_t2b(Process *p, Term *args) {
    const Term *ot = tuple_elems(args[3]);
    TtbOpts o = {(int)small_val(ot[0]), (int)small_val(ot[1]), ot[2] == ATOM_true};
    Enc e;
    enc_init(&e, p, &o);
    e.p = p;
    e.in_bin = true;
    e.bin = args[1];
    const unsigned char *base;
    UWord off, bits;
    binary_get(e.bin, &base, &off, &bits);
    e.b = (uint8_t *)(uintptr_t)base; /* our own buffer */
    e.cap = bits / 8;
    e.n = (size_t)small_val(args[2]);
    /* the stack stays on the heap, popped an entry at a time */
    WorkStack s = {NULL, 0, 0};
    return ttb_run(p, args, &e, &s, args[0], &o);
}

Term bif_erlang_term_to_binary_1(Process *p, Term *args) {
    TtbOpts o = {0, 1, false};
    return ttb(p, args, args[0], &o);
}

Term bif_erlang_term_to_binary_2(Process *p, Term *args) {
    TtbOpts o;
    if (!ttb_opts(args[1], &o, true)) return bif_badarg(p);
    return ttb(p, args, args[0], &o);
}

static Term ext_size(Process *p, Term t, const TtbOpts *o) {
    Enc e;
    enc_start(&e, p, o);
    bool ok = enc_term(&e, t);
    free(e.b);
    if (!ok) return bif_error(p, ATOM_system_limit);
    return make_small((SWord)e.n);
}

Term bif_erlang_external_size_1(Process *p, Term *args) {
    TtbOpts o = {0, 1, false};
    return ext_size(p, args[0], &o);
}

Term bif_erlang_external_size_2(Process *p, Term *args) {
    TtbOpts o;
    if (!ttb_opts(args[1], &o, false)) return bif_badarg(p);
    return ext_size(p, args[0], &o);
}

/* A whole binary as an iovec element: t itself when it starts on a byte. */
static Term iovec_binary(Process *p, Term t) {
    const unsigned char *base;
    UWord off, bits;
    binary_get(t, &base, &off, &bits);
    if (off % 8 == 0) return t;
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!bytes_of_binary(t, &d, &n, &owned)) return THE_NON_VALUE;
    Term r = bin_from_bytes(p, d, n);
    free(owned);
    return r;
}

/* term_to_iovec: the encoding as a list of binaries, large binaries of
 * the term standing for themselves.  With compression, a binary. */
static Term ttiov(Process *p, Term t, const TtbOpts *o) {
    if (o->level != 0) return ttb_whole(p, t, o);
    Enc e;
    enc_start(&e, p, o);
    e.iovec = true;
    Term r = THE_NON_VALUE;
    if (enc_term(&e, t)) {
        /* Elements back to front: chunk, ref, chunk, ref, ..., chunk. */
        r = NIL;
        size_t end = e.n;
        for (size_t i = e.nrefs + 1; i-- > 0 && r != THE_NON_VALUE;) {
            size_t start = i > 0 ? e.ref_at[i - 1] : 0;
            Term items[2];
            int k = 0;
            if (i > 0) items[k++] = iovec_binary(p, e.refs[i - 1]);
            if (end > start) items[k++] = bin_from_bytes(p, e.b + start, end - start);
            /* Cons the chunk first, then its preceding binary. */
            for (int j = k; j-- > 0 && r != THE_NON_VALUE;) {
                Term *hp = items[j] == THE_NON_VALUE ? NULL : proc_alloc(p, 2);
                if (!hp) {
                    r = THE_NON_VALUE;
                    break;
                }
                hp[0] = items[j];
                hp[1] = r;
                r = make_list(hp);
            }
            end = start;
        }
    }
    free(e.b);
    free(e.refs);
    free(e.ref_at);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_erlang_term_to_iovec_1(Process *p, Term *args) {
    TtbOpts o = {0, 1, false};
    return ttiov(p, args[0], &o);
}

Term bif_erlang_term_to_iovec_2(Process *p, Term *args) {
    TtbOpts o;
    if (!ttb_opts(args[1], &o, true)) return bif_badarg(p);
    return ttiov(p, args[0], &o);
}

/* ---- binary_to_term ---- */

static Export *b2t_export(void *ctx, Term module, Term name, uint32_t arity) {
    return export_get((girder_vm *)ctx, module, name, arity);
}

static FunEntry *b2t_fun(void *ctx, Term module, uint32_t index, uint32_t old_uniq,
                         const uint8_t md5[16], uint32_t arity, uint32_t nfree) {
    Module *m = code_current((girder_vm *)ctx, module);
    (void)md5;
    (void)nfree;
    if (!m) return NULL;
    for (uint32_t i = 0; i < m->nfuns; i++) {
        FunEntry *fe = m->funs[i];
        if (fe->index == index && fe->old_uniq == old_uniq && fe->arity == arity) return fe;
    }
    return NULL;
}

/* Inputs of at most this many plain bytes are decoded in one go, on the heap. */
#define B2T_ONE_GO 8192

/* {Term, Used} for the `used` option, else the term. */
static Term b2t_answer(Process *p, Term out, size_t used, bool want_used) {
    if (!want_used) return out;
    Term *hp;
    BIF_ALLOC(p, hp, 3);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = out;
    hp[2] = make_small((SWord)used);
    return make_boxed(hp);
}

/* A small input: both passes at once, on the heap. */
static Term b2t_one_go(Process *p, const EtfEnv *env, const uint8_t *d, size_t n, bool want_used) {
    size_t words, used = n;
    /* Bytes after the term are ignored, as OTP ignores them. */
    EtfResult r = etf_size(env, d, n, &words, &used);
    Term out = THE_NON_VALUE;
    if (r == ETF_OK) {
        Term *hp = words ? proc_alloc(p, words) : NULL;
        if (words && !hp) {
            r = ETF_ERR_NOMEM;
        } else {
            r = etf_decode_heap(env, d, used, hp, words, &p->off_heap, &out);
            /* Leave no garbage words behind a failed decode. */
            if (r != ETF_OK)
                for (size_t i = 0; i < words; i++) hp[i] = NIL;
        }
    }
    if (r == ETF_ERR_NOMEM) return bif_error(p, ATOM_system_limit);
    if (r != ETF_OK) return bif_badarg(p);
    return b2t_answer(p, out, used, want_used);
}

/* A large binary_to_term between slices: the bytes of a magic binary
 * (gc/magic.h), as the C state cannot be terms.  The term is built in
 * `frag`, which no collection sees until it is complete and joins the
 * process's heap fragments. */
typedef struct B2tState {
    EtfDec *dec;    /* the decoder */
    HeapFrag *frag; /* its area, or NULL (not sized yet, or built on the heap) */
    uint8_t *owned; /* the input's bytes when it had to be copied (unaligned) */
} B2tState;

static void b2t_state_free(void *state) {
    B2tState *st = state;
    etf_dec_free(st->dec); /* first: it releases binaries whose handles are in frag */
    free(st->frag);
    free(st->owned);
    st->dec = NULL;
    st->frag = NULL;
    st->owned = NULL;
}

/* Continuation flags. */
enum { B2T_SAFE = 1, B2T_USED = 2 };

/* Runs the decoder for a budget.  `st` is on the C stack in the first
 * call (`magic` THE_NON_VALUE), later in the magic binary.  The
 * continuation's arguments: 0 the magic binary, 1 the original arguments
 * as a list, 2 the flags, 3 the call site (bif_trap_site). */
static Term b2t_run(Process *p, Term *args, B2tState *st, Term magic, Term arglist, int flags, Term site) {
    Term bin = CAR(list_ptr(arglist));
    const uint8_t *d;
    size_t n;
    uint8_t *copy = NULL;
    if (st->owned) {
        const unsigned char *base;
        UWord off, bits;
        binary_get(bin, &base, &off, &bits);
        d = st->owned;
        n = (size_t)(bits / 8);
    } else if (!bytes_of_binary(bin, &d, &n, &copy)) {
        return bif_badarg(p); /* not a binary: only ever the first call */
    }
    if (copy) st->owned = copy;
    EtfEnv env = {&p->vm->atoms, b2t_export, b2t_fun, p->vm, (flags & B2T_SAFE) != 0};
    long budget = TRAP_BUDGET;
    EtfResult r;
    while ((r = etf_dec_step(st->dec, &env, d, n, &budget)) == ETF_NEED_HEAP) {
        size_t words = etf_dec_words(st->dec);
        if (magic == THE_NON_VALUE && (long)words <= budget) {
            /* Small enough to finish now: build on the heap, where no
             * collection can happen before the decoder is done. */
            Term *hp = words ? proc_alloc(p, words) : NULL;
            if (words && !hp) {
                r = ETF_ERR_NOMEM;
                break;
            }
            r = etf_dec_heap(st->dec, hp);
            if (r == ETF_OK) {
                long all = LONG_MAX;
                r = etf_dec_step(st->dec, &env, d, n, &all);
                budget -= (LONG_MAX - all);
            }
            if (r != ETF_OK) {
                /* release its binaries (their handles are in hp) first */
                etf_dec_free(st->dec);
                st->dec = NULL;
                for (size_t i = 0; i < words; i++) hp[i] = NIL;
            }
            break;
        }
        st->frag = malloc(sizeof *st->frag + (words ? words : 1) * sizeof(Term));
        if (!st->frag) {
            r = ETF_ERR_NOMEM;
            break;
        }
        st->frag->next = NULL;
        st->frag->used = st->frag->size = words;
        r = etf_dec_heap(st->dec, st->frag->mem);
        if (r != ETF_OK) break;
    }
    if (r == ETF_OK) {
        size_t used;
        OffHeap oh;
        Term *tail;
        Term out = etf_dec_result(st->dec, &used, &oh, &tail);
        if (oh.first) {
            tail[3] = (Term)(uintptr_t)p->off_heap.first;
            p->off_heap.first = oh.first;
            p->off_heap.bytes += oh.bytes;
        }
        if (st->frag) {
            st->frag->next = p->frags;
            p->frags = st->frag;
            p->frag_words += st->frag->used;
            st->frag = NULL;
        }
        b2t_state_free(st);
        bif_trap_charge(p, TRAP_BUDGET - budget);
        return b2t_answer(p, out, used, (flags & B2T_USED) != 0);
    }
    if (r == ETF_MORE) {
        if (magic == THE_NON_VALUE) {
            void *mem;
            magic = bin_magic_new(p, sizeof *st, b2t_state_free, &mem);
            if (magic == THE_NON_VALUE) {
                b2t_state_free(st);
                return bif_error(p, ATOM_system_limit);
            }
            memcpy(mem, st, sizeof *st);
        }
        args[0] = magic;
        args[1] = arglist;
        args[2] = make_small(flags);
        args[3] = site;
        return bif_trap_to(p, TRAP_B2T);
    }
    b2t_state_free(st);
    Term reason = r == ETF_ERR_NOMEM ? ATOM_system_limit : ATOM_badarg;
    if (magic == THE_NON_VALUE) return bif_error(p, reason); /* the first call's own error */
    return bif_trap_fail(p, reason, ATOM_erlang, ATOM_binary_to_term, arglist, site);
}

static Term b2t(Process *p, Term *args, unsigned nargs, bool safe, bool want_used) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!bytes_of_binary(args[0], &d, &n, &owned)) return bif_badarg(p);
    if (n <= B2T_ONE_GO && (n < 2 || d[1] != 80)) {
        EtfEnv env = {&p->vm->atoms, b2t_export, b2t_fun, p->vm, safe};
        Term r = b2t_one_go(p, &env, d, n, want_used);
        free(owned);
        return r;
    }
    free(owned);
    /* Bytes after the term are ignored, as OTP ignores them. */
    B2tState st = {etf_dec_new(true), NULL, NULL};
    Term arglist = bif_trap_args(p, args, nargs);
    if (!st.dec || arglist == THE_NON_VALUE) {
        etf_dec_free(st.dec);
        return bif_error(p, ATOM_system_limit);
    }
    int flags = (safe ? B2T_SAFE : 0) | (want_used ? B2T_USED : 0);
    return b2t_run(p, args, &st, THE_NON_VALUE, arglist, flags, bif_trap_site(p));
}

Term bif_trap_b2t(Process *p, Term *args) {
    return b2t_run(p, args, bin_magic_state(args[0]), args[0], args[1], (int)small_val(args[2]), args[3]);
}

Term bif_erlang_binary_to_term_1(Process *p, Term *args) { return b2t(p, args, 1, false, false); }

Term bif_erlang_binary_to_term_2(Process *p, Term *args) {
    bool safe = false, used = false;
    Term l = args[1];
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term o = CAR(list_ptr(l));
        if (o == ATOM_safe) safe = true;
        else if (o == ATOM_used) used = true;
        else return bif_badarg(p);
    }
    if (!is_nil(l)) return bif_badarg(p);
    return b2t(p, args, 2, safe, used);
}
