/*
 * compare.c: term order and equality (see compare.h).
 *
 * One loop serves all four entry points.  It compares a pair of terms;
 * when the pair is a compound whose outcome depends on its parts, it pushes
 * the parts still to compare (as runs of words, so a tuple is one entry
 * however large) on a heap-allocated stack and goes on with the first part.
 * A list pushes its tail and continues with its head, so a long list costs
 * one entry, and only nesting in heads or elements makes the stack grow.
 *
 * Equality never needs the atom table (atoms are interned, so equal atoms
 * are equal words); only ordering reads atom names.
 */
#include "compare.h"

#include <stdio.h>
#include <stdlib.h>

#include "atoms_gen.h"
#include "big.h"
#include "map.h"
#include "../loader/module.h"

/* Type classes in OTP's order. */
enum {
    CLS_NUMBER,
    CLS_ATOM,
    CLS_REF,
    CLS_FUN,
    CLS_PORT,
    CLS_PID,
    CLS_TUPLE,
    CLS_MAP,
    CLS_NIL,
    CLS_LIST,
    CLS_BITSTRING,
    CLS_OTHER /* not a term value (header, catch, match context) */
};

static int term_class(Term t) {
    switch (term_primary(t)) {
    case TAG_LIST:
        return CLS_LIST;
    case TAG_IMMED1:
        switch (t & TAG_IMMED1_MASK) {
        case TAG_SMALL: return CLS_NUMBER;
        case TAG_PID: return CLS_PID;
        case TAG_PORT: return CLS_PORT;
        default:
            if (is_atom(t)) return CLS_ATOM;
            if (is_nil(t)) return CLS_NIL;
            return CLS_OTHER;
        }
    case TAG_BOXED:
        switch (HEADER_SUB(boxed_header(t))) {
        case SUB_TUPLE: return CLS_TUPLE;
        case SUB_POS_BIG:
        case SUB_NEG_BIG:
        case SUB_FLOAT: return CLS_NUMBER;
        case SUB_REF:
        case SUB_EXT_REF: return CLS_REF;
        case SUB_FUN:
        case SUB_EXPORT: return CLS_FUN;
        case SUB_REFC_BIN:
        case SUB_HEAP_BIN:
        case SUB_SUB_BIN: return CLS_BITSTRING;
        case SUB_EXT_PID: return CLS_PID;
        case SUB_EXT_PORT: return CLS_PORT;
        case SUB_MAP: return CLS_MAP;
        default: return CLS_OTHER;
        }
    default:
        return CLS_OTHER;
    }
}

static int sign_of(long long d) { return d < 0 ? -1 : d > 0; }
static int cmp_u64(uint64_t x, uint64_t y) { return x < y ? -1 : x > y; }

/* Atoms by their UTF-8 text: byte order is code point order. */
static int cmp_atoms(const AtomTable *atoms, Term a, Term b) {
    if (a == b) return 0;
    if (!atoms) return 1; /* equality only: distinct atoms differ */
    const AtomEntry *x = atom_entry(atoms, a), *y = atom_entry(atoms, b);
    uint32_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->name, y->name, n);
    if (c) return sign_of(c);
    return cmp_u64(x->len, y->len);
}

static int cmp_numbers(Term a, Term b, bool exact) {
    if (is_small(a) && is_small(b)) return sign_of((long long)(small_val(a) > small_val(b)) -
                                                   (long long)(small_val(a) < small_val(b)));
    bool fa = is_float(a), fb = is_float(b);
    if (fa && fb) {
        double x = float_val(a), y = float_val(b);
        return x < y ? -1 : x > y; /* -0.0 == 0.0, as in OTP 25 */
    }
    if (!fa && !fb) return big_compare(a, b);
    if (exact) return fa ? 1 : -1; /* every integer before every float */
    return fa ? -big_compare_double(b, float_val(a)) : big_compare_double(a, float_val(b));
}

/* The node (name, creation) of a pid, port or ref; local ones live on
 * nonode@nohost with creation 0. */
static void node_of(Term t, Term *name, uint64_t *creation) {
    if (is_immed(t) || HEADER_SUB(boxed_header(t)) == SUB_REF) {
        *name = ATOM_nonode_nohost;
        *creation = 0;
    } else {
        *name = boxed_ptr(t)[1];
        *creation = boxed_ptr(t)[2];
    }
}

static int cmp_nodes(const AtomTable *atoms, Term a, Term b) {
    Term na, nb;
    uint64_t ca, cb;
    node_of(a, &na, &ca);
    node_of(b, &nb, &cb);
    int c = cmp_atoms(atoms, na, nb);
    return c ? c : cmp_u64(ca, cb);
}

static void pid_parts(Term t, uint64_t *number, uint64_t *serial) {
    if (is_local_pid(t)) {
        *number = pid_val(t) & (((UWord)1 << PID_NUMBER_BITS) - 1);
        *serial = pid_val(t) >> PID_NUMBER_BITS;
    } else {
        *number = boxed_ptr(t)[3];
        *serial = boxed_ptr(t)[4];
    }
}

static uint64_t port_number(Term t) { return is_local_port(t) ? port_val(t) : boxed_ptr(t)[3]; }

static void ref_ids(Term t, const Term **ids, UWord *n) {
    Term *p = boxed_ptr(t);
    if (HEADER_SUB(p[0]) == SUB_REF) {
        *ids = p + 1;
        *n = HEADER_ARITY(p[0]);
    } else {
        *ids = p + 3;
        *n = HEADER_ARITY(p[0]) - 2;
    }
}

/* Ref ids from the last; ids beyond the shorter ref must be zero to tie. */
static int cmp_ref_ids(Term a, Term b) {
    const Term *x, *y;
    UWord nx, ny;
    ref_ids(a, &x, &nx);
    ref_ids(b, &y, &ny);
    for (; nx > ny; nx--)
        if (x[nx - 1] != 0) return 1;
    for (; ny > nx; ny--)
        if (y[ny - 1] != 0) return -1;
    for (UWord i = nx; i-- > 0;)
        if (x[i] != y[i]) return cmp_u64(x[i], y[i]);
    return 0;
}

/* The byte that starts `bit` bits into base. */
static unsigned byte_at(const unsigned char *base, UWord bit, UWord bits_left) {
    UWord i = bit / 8;
    unsigned s = (unsigned)(bit % 8);
    if (s == 0) return base[i];
    unsigned v = (unsigned)(base[i] << s) & 0xFF;
    if (bits_left > 8 - s) v |= base[i + 1] >> (8 - s);
    return v;
}

static int cmp_bits(Term a, Term b) {
    const unsigned char *pa, *pb;
    UWord oa, ob, na, nb;
    binary_get(a, &pa, &oa, &na);
    binary_get(b, &pb, &ob, &nb);
    UWord n = na < nb ? na : nb;
    if (oa % 8 == 0 && ob % 8 == 0 && n >= 8) {
        int c = memcmp(pa + oa / 8, pb + ob / 8, n / 8);
        if (c) return sign_of(c);
    } else {
        for (UWord i = 0; i + 8 <= n; i += 8) {
            unsigned x = byte_at(pa, oa + i, na - i), y = byte_at(pb, ob + i, nb - i);
            if (x != y) return x < y ? -1 : 1;
        }
    }
    UWord done = n / 8 * 8;
    if (done < n) {
        unsigned rest = (unsigned)(n - done);
        unsigned x = byte_at(pa, oa + done, na - done) >> (8 - rest);
        unsigned y = byte_at(pb, ob + done, nb - done) >> (8 - rest);
        if (x != y) return x < y ? -1 : 1;
    }
    return cmp_u64(na, nb);
}

/* Parts still to compare: n pairs a[i], b[i], in the given mode. */
typedef struct CmpRun {
    const Term *a; /* next left-hand part */
    const Term *b; /* next right-hand part */
    UWord n;       /* pairs left in this run */
    bool exact;    /* compare this run exactly (map keys always are) */
} CmpRun;

typedef struct CmpStack {
    CmpRun *runs;       /* the stack: `local` or a malloc'd copy */
    size_t len;         /* runs in use */
    size_t cap;         /* runs allocated */
    CmpRun local[32];   /* enough for most terms without malloc */
    struct MapPairs *temps; /* pair arrays of hash-trie maps, freed at the end */
} CmpStack;

/* A hash-trie map's keys and values, laid out for push_run. */
typedef struct MapPairs {
    struct MapPairs *next; /* older block */
    Term w[];              /* n keys, then n values */
} MapPairs;

static void sort_pairs(const AtomTable *atoms, Term *k, Term *v, UWord n, Term *tk, Term *tv) {
    for (UWord w = 1; w < n; w *= 2) {
        for (UWord lo = 0; lo < n; lo += 2 * w) {
            UWord mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
            UWord i = lo, j = mid, o = lo;
            while (i < mid && j < hi) {
                bool right = term_compare_exact(atoms, k[j], k[i]) < 0;
                UWord x = right ? j++ : i++;
                tk[o] = k[x];
                tv[o++] = v[x];
            }
            while (i < mid) { tk[o] = k[i]; tv[o++] = v[i++]; }
            while (j < hi) { tk[o] = k[j]; tv[o++] = v[j++]; }
        }
        memcpy(k, tk, n * sizeof(Term));
        memcpy(v, tv, n * sizeof(Term));
    }
}

/* The pairs of hash-trie map m: in key order when ordering (atoms set),
 * in layout order for equality (equal maps have equal layouts). */
static Term *map_pairs(CmpStack *s, const AtomTable *atoms, Term m) {
    UWord n = map_size(m);
    MapPairs *mp = malloc(sizeof *mp + (atoms ? 4 : 2) * n * sizeof(Term));
    if (!mp) {
        fputs("girder: out of memory comparing terms\n", stderr);
        abort();
    }
    mp->next = s->temps;
    s->temps = mp;
    MapIter it;
    map_iter_init(&it, m);
    for (UWord i = 0; map_iter_next(&it, &mp->w[i], &mp->w[n + i]); i++) {
    }
    if (atoms) sort_pairs(atoms, mp->w, mp->w + n, n, mp->w + 2 * n, mp->w + 3 * n);
    return mp->w;
}

static void push_run(CmpStack *s, const Term *a, const Term *b, UWord n, bool exact) {
    if (n == 0) return;
    if (s->len == s->cap) {
        size_t cap = s->cap * 2;
        CmpRun *r = s->runs == s->local ? malloc(cap * sizeof *r) : realloc(s->runs, cap * sizeof *r);
        if (!r) {
            /* Comparison has no error result; running out of memory for
             * a stack of a few words per nesting level is fatal. */
            fputs("girder: out of memory comparing terms\n", stderr);
            abort();
        }
        if (s->runs == s->local) memcpy(r, s->local, sizeof s->local);
        s->runs = r;
        s->cap = cap;
    }
    s->runs[s->len++] = (CmpRun){a, b, n, exact};
}

static int compare(const AtomTable *atoms, Term a, Term b, bool exact) {
    CmpStack s;
    s.runs = s.local;
    s.len = 0;
    s.cap = sizeof s.local / sizeof s.local[0];
    s.temps = NULL;
    int r = 0;
    for (;;) {
        if (a == b) goto next;
        int ca = term_class(a), cb = term_class(b);
        if (ca != cb) {
            r = ca < cb ? -1 : 1;
            goto done;
        }
        switch (ca) {
        case CLS_NUMBER:
            r = cmp_numbers(a, b, exact);
            break;
        case CLS_ATOM:
            r = cmp_atoms(atoms, a, b);
            break;
        case CLS_REF:
            r = cmp_nodes(atoms, a, b);
            if (!r) r = cmp_ref_ids(a, b);
            break;
        case CLS_PORT:
            r = cmp_nodes(atoms, a, b);
            if (!r) r = cmp_u64(port_number(a), port_number(b));
            break;
        case CLS_PID: {
            /* Unlike ports and refs, pids compare their numbers first. */
            uint64_t xa, xb, sa, sb;
            pid_parts(a, &xa, &sa);
            pid_parts(b, &xb, &sb);
            r = sa != sb ? cmp_u64(sa, sb) : cmp_u64(xa, xb);
            if (!r) r = cmp_nodes(atoms, a, b);
            break;
        }
        case CLS_FUN: {
            Term *pa = boxed_ptr(a), *pb = boxed_ptr(b);
            bool ea = HEADER_SUB(pa[0]) == SUB_EXPORT, eb = HEADER_SUB(pb[0]) == SUB_EXPORT;
            if (ea != eb) {
                r = ea ? 1 : -1; /* export funs after local ones */
            } else if (ea) {
                const Export *x = (const Export *)(uintptr_t)pa[1], *y = (const Export *)(uintptr_t)pb[1];
                r = cmp_atoms(atoms, x->module, y->module);
                if (!r) r = cmp_atoms(atoms, x->name, y->name);
                if (!r) r = cmp_u64(x->arity, y->arity);
            } else {
                const FunEntry *x = (const FunEntry *)(uintptr_t)pa[1];
                const FunEntry *y = (const FunEntry *)(uintptr_t)pb[1];
                UWord fa = HEADER_ARITY(pa[0]) - 1, fb = HEADER_ARITY(pb[0]) - 1;
                r = cmp_atoms(atoms, x->module, y->module);
                if (!r) r = cmp_u64(x->index, y->index);
                if (!r) r = cmp_u64(x->old_uniq, y->old_uniq);
                if (!r) r = cmp_u64(fa, fb);
                if (!r) push_run(&s, pa + 2, pb + 2, fa, exact);
            }
            break;
        }
        case CLS_TUPLE: {
            UWord na = tuple_arity(a), nb = tuple_arity(b);
            r = cmp_u64(na, nb);
            if (!r) push_run(&s, tuple_elems(a), tuple_elems(b), na, exact);
            break;
        }
        case CLS_MAP: {
            UWord na = map_size(a), nb = map_size(b);
            r = cmp_u64(na, nb);
            if (r) break;
            /* Keys first (always exactly), then values; the stack is LIFO.
             * Maps of one size have one layout (flat up to 32 pairs). */
            if (map_is_flat(a)) {
                push_run(&s, flatmap_values(a), flatmap_values(b), na, exact);
                push_run(&s, tuple_elems(flatmap_keys(a)), tuple_elems(flatmap_keys(b)), na, true);
            } else {
                Term *pa = map_pairs(&s, atoms, a), *pb = map_pairs(&s, atoms, b);
                push_run(&s, pa + na, pb + na, na, exact);
                push_run(&s, pa, pb, na, true);
            }
            break;
        }
        case CLS_LIST: {
            Term *pa = list_ptr(a), *pb = list_ptr(b);
            if (!(is_nil(CDR(pa)) && is_nil(CDR(pb)))) push_run(&s, &CDR(pa), &CDR(pb), 1, exact);
            a = CAR(pa);
            b = CAR(pb);
            continue;
        }
        case CLS_BITSTRING:
            r = cmp_bits(a, b);
            break;
        case CLS_NIL:
        default:
            /* Not term values: order by their words so the result is stable. */
            r = cmp_u64(a, b);
            break;
        }
        if (r) goto done;
    next:
        if (s.len == 0) break;
        {
            CmpRun *top = &s.runs[s.len - 1];
            a = *top->a++;
            b = *top->b++;
            exact = top->exact;
            if (--top->n == 0) s.len--;
        }
    }
done:
    if (s.runs != s.local) free(s.runs);
    while (s.temps) {
        MapPairs *next = s.temps->next;
        free(s.temps);
        s.temps = next;
    }
    return r;
}

/* Two small integers compare as their tagged words do (same tag bits
 * below the value): the common case of ETS keys and sorting, without the
 * general walk's set-up. */
static inline bool both_small(Term a, Term b) { return is_small(a) && is_small(b); }
static inline int word_order(Term a, Term b) { return ((SWord)a > (SWord)b) - ((SWord)a < (SWord)b); }

int term_compare(const AtomTable *atoms, Term a, Term b) {
    if (both_small(a, b)) return word_order(a, b);
    return compare(atoms, a, b, false);
}
int term_compare_exact(const AtomTable *atoms, Term a, Term b) {
    if (both_small(a, b)) return word_order(a, b);
    return compare(atoms, a, b, true);
}
bool term_eq_exact(Term a, Term b) { return a == b || compare(NULL, a, b, true) == 0; }
bool term_eq(Term a, Term b) { return a == b || compare(NULL, a, b, false) == 0; }
