/*
 * hash.c: erlang:phash/2, phash2/1,2 and the hashes they use (see
 * hash.h), written from the definitions in OTP 25's erts (utils.c,
 * atom.c).
 *
 * Both hashes walk the term with an explicit stack.  Stack entries are
 * terms, or marker words with primary tag 00 (a header tag, which no term
 * has) for the steps that run after a sub-term, or raw saved values that
 * follow a marker which says how to read them.
 */
#include <stdlib.h>

#include "bif.h"
#include "bytes.h"
#include "hash.h"
#include "jenkins_hash.h"
#include "map.h"
#include "vm.h"

/* ---- a growable word stack ---- */

typedef struct WStack {
    UWord *w;   /* entries */
    size_t n;   /* used */
    size_t cap; /* allocated */
    bool failed; /* a push ran out of memory */
    UWord inline_w[64]; /* first entries, without malloc */
} WStack;

static void ws_init(WStack *s) {
    s->w = s->inline_w;
    s->n = 0;
    s->cap = 64;
    s->failed = false;
}
static void ws_free(WStack *s) {
    if (s->w != s->inline_w) free(s->w);
}
static void ws_push(WStack *s, UWord v) {
    if (s->n == s->cap) {
        size_t cap = 2 * s->cap;
        UWord *nw = s->w == s->inline_w ? malloc(cap * sizeof *nw) : realloc(s->w, cap * sizeof *nw);
        if (!nw) {
            s->failed = true;
            return;
        }
        if (s->w == s->inline_w) memcpy(nw, s->inline_w, sizeof s->inline_w);
        s->w = nw;
        s->cap = cap;
    }
    s->w[s->n++] = v;
}
static UWord ws_pop(WStack *s) { return s->w[--s->n]; }

/* Markers: header-tagged words, distinct from every term. */
#define MARK(k) ((UWord)(k) << 8)

uint32_t hash_atom(const AtomTable *atoms, Term atom) {
    const AtomEntry *e = atom_entry(atoms, atom);
    const uint8_t *s = (const uint8_t *)e->name;
    size_t len = e->len;
    uint32_t h = 0;
    while (len--) {
        uint8_t v = *s++;
        /* A two-byte UTF-8 sequence of a Latin-1 character counts as that
         * character (erts' compatibility with its Latin-1 atom days). */
        if (len && (v & 0xFE) == 0xC2 && (*s & 0xC0) == 0x80) {
            v = (uint8_t)((v << 6) | (*s & 0x3F));
            s++;
            len--;
        }
        h = (h << 4) + v;
        uint32_t g = h & 0xF0000000u;
        if (g) {
            h ^= g >> 24;
            h ^= g;
        }
    }
    return h;
}

/* The bytes of a bitstring: whole bytes in *buf (malloc'd if not NULL
 * on return in *owned), *trail the bits of a last partial byte, aligned
 * low, *tbits their count. */
static bool bits_bytes(Term t, const uint8_t **data, size_t *nbytes, uint8_t **owned,
                       unsigned *trail, unsigned *tbits) {
    const unsigned char *base;
    UWord off, bits;
    binary_get(t, &base, &off, &bits);
    size_t n = bits / 8;
    unsigned rest = (unsigned)(bits % 8);
    *owned = NULL;
    *nbytes = n;
    *tbits = rest;
    const unsigned char *s = base + off / 8;
    unsigned sh = (unsigned)(off % 8);
    if (sh == 0) {
        *data = s;
        *trail = rest ? (unsigned)(s[n] >> (8 - rest)) : 0;
        return true;
    }
    uint8_t *copy = malloc(n + 1);
    if (!copy) return false;
    for (size_t i = 0; i < n; i++) copy[i] = (uint8_t)((s[i] << sh) | (s[i + 1] >> (8 - sh)));
    if (rest) {
        /* The partial byte's bits start sh bits into s[n]. */
        unsigned hi = (unsigned)((s[n] << sh) & 0xFF);
        if (sh + rest > 8) hi |= s[n + 1] >> (8 - sh);
        *trail = (hi & 0xFF) >> (8 - rest);
    } else {
        *trail = 0;
    }
    *owned = copy;
    *data = copy;
    return true;
}

/* ---- make_hash2 ---- */

#define HC 0x9e3779b9u
#define HC_2 0x3c6ef372u
#define HC_3 0xdaa66d2bu
#define HC_4 0x78dde6e4u
#define HC_5 0x1715609du
#define HC_6 0xb54cda56u
#define HC_7 0x5384540fu
#define HC_9 0x8ff34781u
#define HC_10 0x2e2ac13au
#define HC_11 0xcc623af3u
#define HC_12 0x6a99b4acu
#define HC_13 0x08d12e65u
#define HC_14 0xa708a81eu
#define HC_15 0x454021d7u
#define HC_16 0xe3779b90u
#define HC_19 0xbe1e08bbu

/* The value erts' tag_val_def gives [], mixed into make_hash2. */
#define NIL_DEF 2

/* Hash of a 64-bit magnitude as a bignum of one limb. */
static uint32_t hash2_limbs(uint32_t hash, const UWord *limbs, UWord n, bool neg) {
    uint32_t con = neg ? HC_10 : HC_11;
    for (UWord i = 0; i < n; i++)
        hash = jenkins_mix2(hash, (uint32_t)limbs[i], (uint32_t)(limbs[i] >> 32), con);
    return hash;
}

enum { H2_MAP_TAIL = 1, H2_MAP_PAIR };

bool hash_phash2(const AtomTable *atoms, Term term, uint32_t *out) {
    if (is_atom(term)) {
        *out = hash_atom(atoms, term);
        return true;
    }
    WStack s;
    ws_init(&s);
    uint32_t hash = 0, xor_pairs = 0;
    for (;;) {
        /* Hash `term` into `hash`. */
        if (is_list(term)) {
            Term *c = list_ptr(term);
            unsigned cnt = 0;
            uint32_t sh = 0;
            /* Runs of bytes are packed four to a word. */
            while (is_small(CAR(c)) && (UWord)small_val(CAR(c)) <= 255) {
                sh = (sh << 8) + (uint32_t)small_val(CAR(c));
                if (cnt == 3) {
                    hash = jenkins_mix2(hash, sh, 0, HC_4);
                    cnt = 0;
                    sh = 0;
                } else {
                    cnt++;
                }
                term = CDR(c);
                if (!is_list(term)) break;
                c = list_ptr(term);
            }
            if (cnt > 0) hash = jenkins_mix2(hash, sh, 0, HC_4);
            if (is_list(term)) {
                ws_push(&s, CDR(c));
                term = CAR(c);
            }
            continue;
        }
        if (is_small(term)) {
            SWord x = small_val(term);
            if (x >= -(1 << 27) && x < (1 << 27)) {
                int32_t y = (int32_t)x;
                if (y < 0) hash = jenkins_mix2(hash, (uint32_t)-y, 0, HC);
                hash = jenkins_mix2(hash, (uint32_t)y, 0, HC);
            } else {
                UWord mag = x < 0 ? (UWord)0 - (UWord)x : (UWord)x;
                hash = hash2_limbs(hash, &mag, 1, x < 0);
            }
        } else if (is_atom(term)) {
            uint32_t hv = hash_atom(atoms, term);
            hash = hash == 0 ? hv : jenkins_mix2(hash, hv, 0, HC_3);
        } else if (is_nil(term)) {
            hash = hash == 0 ? 3468870702u : jenkins_mix2(hash, NIL_DEF, 0, HC_2);
        } else if (is_local_pid(term)) {
            hash = jenkins_mix2(hash, (uint32_t)(pid_val(term) & ((1u << PID_NUMBER_BITS) - 1)), 0,
                                HC_5);
        } else if (is_local_port(term)) {
            hash = jenkins_mix2(hash, (uint32_t)port_val(term), 0, HC_6);
        } else if (is_boxed(term)) {
            Term *b = boxed_ptr(term);
            switch (HEADER_SUB(b[0])) {
            case SUB_TUPLE: {
                UWord n = HEADER_ARITY(b[0]);
                hash = jenkins_mix2(hash, (uint32_t)n, 0, HC_9);
                if (n == 0) break;
                for (UWord i = n; i > 1; i--) ws_push(&s, b[i]);
                term = b[1];
                continue;
            }
            case SUB_MAP: {
                UWord n = map_size(term);
                hash = jenkins_mix2(hash, (uint32_t)n, 0, HC_16);
                if (n == 0) break;
                /* Each pair hashes on its own from 0; the pairs are xor'ed
                 * together, so their order does not matter. */
                ws_push(&s, xor_pairs);
                ws_push(&s, hash);
                ws_push(&s, MARK(H2_MAP_TAIL));
                hash = 0;
                xor_pairs = 0;
                MapIter it;
                map_iter_init(&it, term);
                Term k, v;
                while (map_iter_next(&it, &k, &v)) {
                    ws_push(&s, MARK(H2_MAP_PAIR));
                    ws_push(&s, v);
                    ws_push(&s, k);
                }
                break;
            }
            case SUB_EXPORT: {
                const Export *e = (const Export *)(uintptr_t)b[1];
                hash = jenkins_mix2(hash, e->arity, hash_atom(atoms, e->module), HC);
                hash = jenkins_mix2(hash, hash_atom(atoms, e->name), 0, HC_14);
                break;
            }
            case SUB_FUN: {
                const FunEntry *fe = (const FunEntry *)(uintptr_t)b[1];
                UWord nfree = HEADER_ARITY(b[0]) - 1;
                hash = jenkins_mix2(hash, (uint32_t)nfree, hash_atom(atoms, fe->module), HC);
                hash = jenkins_mix2(hash, fe->index, fe->old_uniq, HC);
                if (nfree == 0) break;
                for (UWord i = nfree; i > 1; i--) ws_push(&s, b[1 + i]);
                term = b[2];
                continue;
            }
            case SUB_HEAP_BIN:
            case SUB_REFC_BIN:
            case SUB_SUB_BIN: {
                const uint8_t *d;
                size_t n;
                uint8_t *owned;
                unsigned trail, tbits;
                if (!bits_bytes(term, &d, &n, &owned, &trail, &tbits)) {
                    s.failed = true;
                    break;
                }
                uint32_t con = HC_13 + hash;
                if (n == 0 && tbits == 0) {
                    hash = con;
                } else {
                    hash = jenkins_bytes(d, n, con);
                    if (tbits) hash = jenkins_mix2(hash, tbits, trail, HC_15);
                }
                free(owned);
                break;
            }
            case SUB_POS_BIG:
            case SUB_NEG_BIG:
                hash = hash2_limbs(hash, big_digits(term), big_limbs(term), big_negative(term));
                break;
            case SUB_REF:
                hash = jenkins_mix2(hash, (uint32_t)b[1], 0, HC_7);
                break;
            case SUB_EXT_REF:
                hash = jenkins_mix2(hash, (uint32_t)b[3], 0, HC_7);
                break;
            case SUB_EXT_PID:
                hash = jenkins_mix2(hash, (uint32_t)b[3], 0, HC_5);
                break;
            case SUB_EXT_PORT:
                hash = jenkins_mix2(hash, (uint32_t)b[3], 0, HC_6);
                break;
            case SUB_FLOAT: {
                double d = float_val(term);
                if (d == 0.0) d = 0.0; /* -0.0 hashes as 0.0 */
                uint64_t bits;
                memcpy(&bits, &d, sizeof bits);
                hash = jenkins_mix2(hash, (uint32_t)(bits >> 32), (uint32_t)bits, HC_12);
                break;
            }
            default:
                break;
            }
        }
        /* Done with a term: continue with what the stack holds. */
        for (;;) {
            if (s.failed) {
                ws_free(&s);
                return false;
            }
            if (s.n == 0) {
                ws_free(&s);
                *out = hash;
                return true;
            }
            UWord w = ws_pop(&s);
            if (w == MARK(H2_MAP_TAIL)) {
                hash = (uint32_t)ws_pop(&s);
                hash = jenkins_mix2(hash, xor_pairs, 0, HC_19);
                xor_pairs = (uint32_t)ws_pop(&s);
                continue;
            }
            if (w == MARK(H2_MAP_PAIR)) {
                xor_pairs ^= hash;
                hash = 0;
                continue;
            }
            term = w;
            break;
        }
    }
}

/* ---- make_hash (phash/2) ---- */

#define F1 268440163u
#define F2 268439161u
#define F3 268435459u
#define F4 268436141u
#define F5 268438633u
#define F6 268437017u
#define F8 268437511u
#define F9 268439627u
#define F10 268440479u
#define F11 268440577u
#define F12 268440581u
#define F13 268440593u
#define F14 268440611u

/* Four bytes of x, least significant first. */
static uint32_t step32(uint32_t hash, uint32_t x, uint32_t prime) {
    hash = hash * prime + (x & 0xFF);
    hash = hash * prime + ((x >> 8) & 0xFF);
    hash = hash * prime + ((x >> 16) & 0xFF);
    return hash * prime + (x >> 24);
}

/* A magnitude's bytes, least significant first: whole limbs, then the
 * top limb's low half only when its high half is zero. */
static uint32_t hash1_limbs(uint32_t hash, const UWord *limbs, UWord n, bool neg) {
    for (UWord i = 0; i < n; i++) {
        UWord d = limbs[i];
        int bytes = (i + 1 == n && !(d >> 32)) ? 4 : 8;
        for (int j = 0; j < bytes; j++, d >>= 8) hash = hash * F2 + (uint32_t)(d & 0xFF);
    }
    return hash * (neg ? F4 : F3);
}

/* Steps that run after sub-terms: markers, each with its saved words. */
enum { H1_TUPLE = 1, H1_ARRAY, H1_CDR_PRE, H1_CDR_POST };

bool hash_phash(const AtomTable *atoms, Term term, uint32_t *out) {
    WStack s;
    ws_init(&s);
    uint32_t hash = 0;
    for (;;) {
        bool descend = false;
        if (is_list(term)) {
            Term *c = list_ptr(term);
            for (;;) {
                Term h = CAR(c);
                if (!(is_small(h) && (UWord)small_val(h) <= 255)) {
                    ws_push(&s, CDR(c));
                    ws_push(&s, MARK(H1_CDR_PRE));
                    term = h;
                    break;
                }
                hash = hash * F2 + (uint32_t)small_val(h);
                if (!is_list(CDR(c))) {
                    ws_push(&s, MARK(H1_CDR_POST));
                    term = CDR(c);
                    break;
                }
                c = list_ptr(CDR(c));
            }
            continue;
        }
        if (is_nil(term)) {
            hash = hash * F3 + 1;
        } else if (is_atom(term)) {
            hash = hash * F1 + hash_atom(atoms, term);
        } else if (is_small(term)) {
            SWord y = small_val(term);
            UWord mag = y < 0 ? (UWord)0 - (UWord)y : (UWord)y;
            hash = step32(hash, (uint32_t)mag, F2);
            if (mag >> 32) hash = step32(hash, (uint32_t)(mag >> 32), F2);
            hash *= y < 0 ? F4 : F3;
        } else if (is_local_pid(term)) {
            hash = step32(hash, (uint32_t)(pid_val(term) & ((1u << PID_NUMBER_BITS) - 1)), F5) * F6;
        } else if (is_local_port(term)) {
            hash = step32(hash, (uint32_t)port_val(term), F9) * F10;
        } else if (is_boxed(term)) {
            Term *b = boxed_ptr(term);
            switch (HEADER_SUB(b[0])) {
            case SUB_TUPLE: {
                UWord n = HEADER_ARITY(b[0]);
                ws_push(&s, n);
                ws_push(&s, (UWord)(uintptr_t)(b + 1));
                ws_push(&s, n);
                ws_push(&s, MARK(H1_TUPLE));
                break;
            }
            case SUB_MAP: {
                uint32_t h2;
                if (!hash_phash2(atoms, term, &h2)) s.failed = true;
                hash = hash * F13 + F14 + h2;
                break;
            }
            case SUB_EXPORT: {
                const Export *e = (const Export *)(uintptr_t)b[1];
                hash = hash * F11 + e->arity;
                hash = hash * F1 + hash_atom(atoms, e->module);
                hash = hash * F1 + hash_atom(atoms, e->name);
                break;
            }
            case SUB_FUN: {
                const FunEntry *fe = (const FunEntry *)(uintptr_t)b[1];
                UWord nfree = HEADER_ARITY(b[0]) - 1;
                hash = hash * F10 + (uint32_t)nfree;
                hash = hash * F1 + hash_atom(atoms, fe->module);
                hash = hash * F2 + fe->index;
                hash = hash * F2 + fe->old_uniq;
                if (nfree > 0) {
                    if (nfree > 1) {
                        ws_push(&s, (UWord)(uintptr_t)(b + 3));
                        ws_push(&s, nfree - 1);
                        ws_push(&s, MARK(H1_ARRAY));
                    }
                    term = b[2];
                    descend = true;
                }
                break;
            }
            case SUB_HEAP_BIN:
            case SUB_REFC_BIN:
            case SUB_SUB_BIN: {
                const uint8_t *d;
                size_t n;
                uint8_t *owned;
                unsigned trail, tbits;
                if (!bits_bytes(term, &d, &n, &owned, &trail, &tbits)) {
                    s.failed = true;
                    break;
                }
                for (size_t i = 0; i < n; i++) hash = hash * F1 + d[i];
                if (tbits) hash = (hash * F1 + trail) * F12 + tbits;
                hash = hash * F4 + (uint32_t)n;
                free(owned);
                break;
            }
            case SUB_POS_BIG:
            case SUB_NEG_BIG:
                hash = hash1_limbs(hash, big_digits(term), big_limbs(term), big_negative(term));
                break;
            case SUB_REF:
                hash = step32(hash, (uint32_t)b[1], F9) * F10;
                break;
            case SUB_EXT_REF:
                hash = step32(hash, (uint32_t)b[3], F9) * F10;
                break;
            case SUB_EXT_PID:
                hash = step32(hash, (uint32_t)b[3], F5) * F6;
                break;
            case SUB_EXT_PORT:
                hash = step32(hash, (uint32_t)b[3], F9) * F10;
                break;
            case SUB_FLOAT: {
                double d = float_val(term);
                if (d == 0.0) d = 0.0;
                uint64_t bits;
                memcpy(&bits, &d, sizeof bits);
                hash = hash * F6 + ((uint32_t)bits ^ (uint32_t)(bits >> 32));
                break;
            }
            default:
                break;
            }
        }
        if (descend) continue;
        /* Run the pending steps until one asks for a term to be hashed. */
        for (;;) {
            if (s.failed) {
                ws_free(&s);
                return false;
            }
            if (s.n == 0) {
                ws_free(&s);
                *out = hash;
                return true;
            }
            UWord op = ws_pop(&s);
            if (op == MARK(H1_CDR_POST)) {
                hash *= F8;
                continue;
            }
            if (op == MARK(H1_CDR_PRE)) {
                term = ws_pop(&s);
                if (!is_list(term)) ws_push(&s, MARK(H1_CDR_POST));
                break;
            }
            /* H1_TUPLE or H1_ARRAY: count and pointer below the marker. */
            UWord left = ws_pop(&s);
            const Term *ptr = (const Term *)(uintptr_t)ws_pop(&s);
            if (left) {
                ws_push(&s, (UWord)(uintptr_t)(ptr + 1));
                ws_push(&s, left - 1);
                ws_push(&s, op);
                term = *ptr;
                break;
            }
            if (op == MARK(H1_TUPLE)) hash = hash * F9 + (uint32_t)ws_pop(&s);
        }
    }
}

/* ---- the BIFs ---- */

/* A range argument: 1..2^32; *r = 0 stands for 2^32. */
static bool hash_range(Term t, uint64_t *r) {
    if (!is_small(t)) return false;
    SWord v = small_val(t);
    if (v < 1 || v > ((SWord)1 << 32)) return false;
    *r = v == ((SWord)1 << 32) ? 0 : (uint64_t)v;
    return true;
}

Term bif_erlang_phash2_1(Process *p, Term *args) {
    uint32_t h;
    if (!hash_phash2(&p->vm->atoms, args[0], &h)) return bif_error(p, ATOM_system_limit);
    return make_small(h & ((1u << 27) - 1));
}

Term bif_erlang_phash2_2(Process *p, Term *args) {
    uint64_t r;
    if (!hash_range(args[1], &r)) return bif_badarg(p);
    uint32_t h;
    if (!hash_phash2(&p->vm->atoms, args[0], &h)) return bif_error(p, ATOM_system_limit);
    return make_small(r ? (SWord)(h % r) : (SWord)h);
}

Term bif_erlang_phash_2(Process *p, Term *args) {
    uint64_t r;
    if (!hash_range(args[1], &r)) return bif_badarg(p);
    uint32_t h;
    if (!hash_phash(&p->vm->atoms, args[0], &h)) return bif_error(p, ATOM_system_limit);
    return make_small(r ? (SWord)(h % r) + 1 : (SWord)h + 1);
}
