/*
 * map_hash.c: OTP 25's internal term hash (make_internal_hash), which
 * places keys in a hash-trie map (see map.h).
 *
 * The function is Bob Jenkins' 96-bit mix (jenkins_hash.h) applied to the
 * term's parts in a fixed walk, with a salt (the rehash round) xored into
 * the start value.
 * Immediates hash their machine word, which girder lays out as OTP does
 * (small integers, [], atoms, pids and ports), so small-integer keys land
 * exactly where OTP puts them; atoms hash by their index, which is
 * VM-specific in OTP too.  Maps hash their pairs in layout order (OTP 25
 * keeps full inner nodes as bitmap nodes, never as 16-tuples, and its
 * single-child nodes add nothing).  No C recursion: an explicit stack.
 */
#include <stdlib.h>
#include <string.h>

#include "../loader/module.h"
#include "jenkins_hash.h"
#include "map.h"

#define HC 0x9e3779b9u /* Jenkins' golden-ratio constant */
/* HC * k mod 2^32, one per kind of part. */
#define HC4 0x78dde6e4u
#define HC5 0x1715609du
#define HC6 0xb54cda56u
#define HC7 0x5384540fu
#define HC8 0xf1bbcdc8u
#define HC9 0x8ff34781u
#define HC10 0x2e2ac13au
#define HC11 0xcc623af3u
#define HC12 0x6a99b4acu
#define HC13 0x08d12e65u
#define HC14 0xa708a81eu
#define HC15 0x454021d7u
#define HC16 0xe3779b90u
#define HC17 0x81af1549u
#define HC18 0x1fe68f02u
#define HC20 0x5c558274u
#define HC21 0xfa8cfc2du
#define HC22 0x98c475e6u
#define BASE_SALT MAP_HASH_BASE_SALT

static inline uint32_t rotl17(uint32_t h, uint32_t k) {
    h ^= k;
    return (h << 17) ^ (h >> 15);
}

static uint32_t hash_bits(uint32_t hash, Term t) {
    const unsigned char *base;
    UWord off, bits;
    binary_get(t, &base, &off, &bits);
    UWord sz = bits / 8, rem = bits % 8;
    uint32_t con = HC13 + hash;
    if (bits == 0) return con;
    const unsigned char *p = base + off / 8;
    unsigned char *tmp = NULL;
    if (off % 8) {
        /* Realign into a temporary buffer. */
        UWord nb = sz + (rem != 0);
        tmp = malloc(nb ? nb : 1);
        if (!tmp) return con; /* out of memory: a weaker but valid hash */
        unsigned s = (unsigned)(off % 8);
        for (UWord i = 0; i < nb; i++) {
            unsigned hi = p[i], lo = (i + 1 < (off % 8 + bits + 7) / 8) ? p[i + 1] : 0;
            tmp[i] = (unsigned char)((hi << s) | (lo >> (8 - s)));
        }
        p = tmp;
    }
    hash = jenkins_bytes(p, sz, con);
    if (rem) hash = jenkins_mix2(hash, (uint32_t)rem, (uint32_t)(p[sz] >> (8 - rem)), HC15);
    free(tmp);
    return hash;
}

/* A marker on the stack: the cdr of a list was hashed (never a term). */
#define MARK_CDR MAKE_HEADER(SUB_REF, 7)

typedef struct HStack {
    Term *w;
    size_t n, cap;
    Term local[64];
} HStack;

static bool hpush(HStack *s, Term t) {
    if (s->n == s->cap) {
        size_t cap = s->cap * 2;
        Term *nw = malloc(cap * sizeof *nw);
        if (!nw) return false;
        memcpy(nw, s->w, s->n * sizeof *nw);
        if (s->w != s->local) free(s->w);
        s->w = nw;
        s->cap = cap;
    }
    s->w[s->n++] = t;
    return true;
}

/* Pushes a bitmap node's children so the first is hashed last (as OTP's
 * stack walk does); a leaf's key is hashed before its value. */
static void push_children(HStack *s, const Term *c, UWord k) {
    for (UWord i = 0; i < k; i++) {
        if (is_list(c[i])) {
            hpush(s, CDR(list_ptr(c[i])));
            hpush(s, CAR(list_ptr(c[i])));
        } else {
            hpush(s, c[i]);
        }
    }
}

uint32_t map_hash(Term term, uint32_t salt) {
    uint32_t hash = salt ^ BASE_SALT;
    if (is_immed(term)) return map_hash_immed(term, salt);
    HStack s = {NULL, 0, 64, {0}};
    s.w = s.local;
    for (;;) {
        switch (term_primary(term)) {
        case TAG_LIST: {
            Term *ptr = list_ptr(term);
            unsigned c = 0;
            uint32_t sh = 0;
            while (is_small(CAR(ptr)) && (UWord)small_val(CAR(ptr)) < 256) {
                sh = (sh << 8) + (uint32_t)small_val(CAR(ptr));
                if (c == 3) {
                    hash = jenkins_mix2(hash, sh, 0, HC4);
                    c = 0;
                    sh = 0;
                } else {
                    c++;
                }
                term = CDR(ptr);
                if (!is_list(term)) break;
                ptr = list_ptr(term);
            }
            if (c > 0) hash = jenkins_mix2(hash, sh, c, HC22);
            if (is_list(term)) {
                Term tail = CDR(ptr);
                hash = rotl17(hash, HC17);
                hpush(&s, tail);
                if (!is_list(tail)) hpush(&s, MARK_CDR);
                term = CAR(ptr);
            }
            continue; /* the head, or the tail that ended a string */
        }
        case TAG_BOXED: {
            Term *p = boxed_ptr(term);
            UWord ar = HEADER_ARITY(p[0]);
            switch (HEADER_SUB(p[0])) {
            case SUB_TUPLE:
                hash = jenkins_mix2(hash, (uint32_t)ar, 0, HC9);
                if (ar == 0) goto pop;
                for (UWord i = ar; i > 1; i--) hpush(&s, p[i]);
                term = p[1];
                continue;
            case SUB_MAP: {
                UWord w1 = p[1];
                switch (w1 & MAP_KIND_MASK) {
                case MAP_KIND_FLAT: {
                    UWord n = w1;
                    hash = jenkins_mix2(hash, (uint32_t)n, 0, HC16);
                    Term *ks = tuple_elems(p[2]);
                    for (UWord i = n; i-- > 0;) {
                        hpush(&s, p[3 + i]);
                        hpush(&s, ks[i]);
                    }
                    goto pop;
                }
                case MAP_KIND_HEAD:
                    hash = jenkins_mix2(hash, (uint32_t)(w1 & MAP_SIZE_MASK), 0, HC16);
                    push_children(&s, p + 2, ar - 1);
                    goto pop;
                default:
                    push_children(&s, p + 2, ar - 1);
                    goto pop;
                }
            }
            case SUB_FUN: {
                const FunEntry *fe = (const FunEntry *)(uintptr_t)p[1];
                UWord nfree = ar - 1;
                hash = jenkins_mix2(hash, (uint32_t)nfree, (uint32_t)fe->module, HC20);
                hash = jenkins_mix2(hash, (uint32_t)fe->index, (uint32_t)fe->old_uniq, HC21);
                if (nfree == 0) goto pop;
                for (UWord i = nfree; i > 1; i--) hpush(&s, p[1 + i]);
                term = p[2];
                continue;
            }
            case SUB_EXPORT:
                hash = jenkins_mix2(hash, (uint32_t)p[1], (uint32_t)(p[1] >> 32), HC14);
                goto pop;
            case SUB_REFC_BIN:
            case SUB_HEAP_BIN:
            case SUB_SUB_BIN:
                hash = hash_bits(hash, term);
                goto pop;
            case SUB_POS_BIG:
            case SUB_NEG_BIG: {
                uint32_t con = HEADER_SUB(p[0]) == SUB_NEG_BIG ? HC10 : HC11;
                for (UWord i = 0; i < ar; i++)
                    hash = jenkins_mix2(hash, (uint32_t)p[1 + i], (uint32_t)(p[1 + i] >> 32), con);
                goto pop;
            }
            case SUB_REF:
                hash = jenkins_mix2(hash, (uint32_t)p[1], 0, HC7);
                hash = jenkins_mix2(hash, (uint32_t)(ar > 1 ? p[2] : 0),
                                    (uint32_t)(ar > 2 ? p[3] : 0), HC8);
                if (ar >= 5) hash = jenkins_mix2(hash, (uint32_t)p[4], (uint32_t)p[5], HC9);
                goto pop;
            case SUB_EXT_REF:
                hash = jenkins_mix2(hash, (uint32_t)p[1], (uint32_t)(p[1] >> 32), HC7);
                for (UWord i = 3; i < 1 + ar; i++)
                    hash = jenkins_mix2(hash, (uint32_t)p[i], 0, HC8);
                goto pop;
            case SUB_EXT_PID:
                hash = jenkins_mix2(hash, (uint32_t)p[1], (uint32_t)(p[1] >> 32), HC5);
                hash = jenkins_mix2(hash, (uint32_t)p[3], (uint32_t)p[4], HC5);
                goto pop;
            case SUB_EXT_PORT:
                hash = jenkins_mix2(hash, (uint32_t)p[1], (uint32_t)(p[1] >> 32), HC6);
                hash = jenkins_mix2(hash, (uint32_t)p[3], (uint32_t)(p[3] >> 32), HC6);
                goto pop;
            case SUB_FLOAT: {
                double d = float_val(term);
                if (d == 0.0) d = 0.0; /* -0.0 hashes as 0.0 */
                uint64_t bitsw;
                memcpy(&bitsw, &d, sizeof bitsw);
                hash = jenkins_mix2(hash, (uint32_t)bitsw, (uint32_t)(bitsw >> 32), HC12);
                goto pop;
            }
            default:
                goto pop;
            }
            goto pop;
        }
        default:
            hash = jenkins_mix2(hash, (uint32_t)term, (uint32_t)(term >> 32), HC);
            goto pop;
        }
    pop:
        for (;;) {
            if (s.n == 0) {
                if (s.w != s.local) free(s.w);
                return hash;
            }
            term = s.w[--s.n];
            if (term != MARK_CDR) break;
            hash = rotl17(hash, HC18);
        }
    }
}
