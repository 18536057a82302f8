/*
 * term.h: the representation of Erlang terms.
 *
 * A term is one 64-bit machine word, tagged in its low bits:
 *
 *   primary tag (bits 0-1)
 *     00  header word: first word of a boxed object on a heap; never a term
 *         value.  On the stack, a word with tag 00 is a continuation pointer
 *         (a code address), which is how the collector tells them apart.
 *     01  list: pointer to a cons cell (two words: head, tail)
 *     10  boxed: pointer to an object that starts with a header word
 *     11  immediate
 *
 *   immediate tags (bits 0-3 when the primary tag is 11)
 *     0011  local pid      (number << 4)
 *     0111  local port     (number << 4)
 *     1011  immediate2     (see below)
 *     1111  small integer  (signed 60-bit value << 4)
 *
 *   immediate2 tags (bits 0-5)
 *     001011  atom         (atom index << 6)
 *     011011  catch        (catch table index << 6), only on the stack
 *     111011  nil ([])
 *
 * A header word holds a 4-bit subtag in bits 2-5 and, from bit 6 up, the
 * number of words that follow it (the "arity"), so any heap object can be
 * skipped without knowing its type.  The boxed layouts are documented at
 * each subtag below; comparisons, hashing, printing and the external term
 * format must agree with OTP on every one of them.
 *
 * THE_NON_VALUE (0) is never a term: BIFs return it to signal an exception,
 * and the loader uses it for "no value".
 */
#ifndef GIRDER_TERM_H
#define GIRDER_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

typedef uint64_t Term;
typedef int64_t SWord;
typedef uint64_t UWord;

#define THE_NON_VALUE ((Term)0)

/* Primary tags. */
#define TAG_PRIMARY_MASK 0x3u
#define TAG_HEADER 0x0u
#define TAG_LIST 0x1u
#define TAG_BOXED 0x2u
#define TAG_IMMED1 0x3u

#define TAG_IMMED1_MASK 0xFu
#define TAG_PID 0x3u
#define TAG_PORT 0x7u
#define TAG_IMMED2 0xBu
#define TAG_SMALL 0xFu

#define TAG_IMMED2_MASK 0x3Fu
#define TAG_ATOM 0x0Bu
#define TAG_CATCH 0x1Bu
#define TAG_NIL 0x3Bu

#define NIL ((Term)TAG_NIL)

/* Header subtags (bits 2-5 of a header word). */
enum {
    SUB_TUPLE = 0x0,    /* arity = element count; elements follow */
    SUB_MATCH = 0x1,    /* binary match context (see the bit syntax) */
    SUB_POS_BIG = 0x2,  /* arity = limb count; 64-bit limbs, least first */
    SUB_NEG_BIG = 0x3,  /* same, negative */
    SUB_REF = 0x4,      /* local reference: arity 3..5 words, one 32-bit id each */
    SUB_FUN = 0x5,      /* closure: FunEntry*, then the free variables */
    SUB_FLOAT = 0x6,    /* arity 1: the IEEE double's bits */
    SUB_EXPORT = 0x7,   /* export fun (fun M:F/A): arity 1, Export* */
    SUB_REFC_BIN = 0x8, /* off-heap binary handle, see BinRefc below */
    SUB_HEAP_BIN = 0x9, /* byte size, then the bytes (at most 64) */
    SUB_SUB_BIN = 0xA,  /* bit-level slice of another binary, see SubBin */
    SUB_EXT_PID = 0xC,  /* external pid: node atom, creation, id, serial */
    SUB_EXT_PORT = 0xD, /* external port: node atom, creation, id */
    SUB_EXT_REF = 0xE,  /* external ref: node atom, creation, ids... */
    SUB_MAP = 0xF       /* map: see the map layout below */
};

#define HEADER_SUB(h) ((unsigned)(((h) >> 2) & 0xF))
#define HEADER_ARITY(h) ((UWord)((h) >> 6))
#define MAKE_HEADER(sub, arity) ((Term)(((UWord)(arity) << 6) | ((UWord)(sub) << 2)))

static inline unsigned term_primary(Term t) { return (unsigned)(t & TAG_PRIMARY_MASK); }

/* Immediates. */
#define SMALL_BITS 60
#define MAX_SMALL ((SWord)((((UWord)1) << (SMALL_BITS - 1)) - 1))
#define MIN_SMALL (-MAX_SMALL - 1)

static inline bool is_small(Term t) { return (t & TAG_IMMED1_MASK) == TAG_SMALL; }
static inline SWord small_val(Term t) { return (SWord)t >> 4; }
static inline Term make_small(SWord v) { return ((UWord)v << 4) | TAG_SMALL; }
static inline bool small_fits(SWord v) { return v >= MIN_SMALL && v <= MAX_SMALL; }

static inline bool is_atom(Term t) { return (t & TAG_IMMED2_MASK) == TAG_ATOM; }
static inline UWord atom_val(Term t) { return t >> 6; }
static inline Term make_atom(UWord index) { return (index << 6) | TAG_ATOM; }

static inline bool is_nil(Term t) { return t == NIL; }
static inline bool is_catch(Term t) { return (t & TAG_IMMED2_MASK) == TAG_CATCH; }
static inline UWord catch_val(Term t) { return t >> 6; }
static inline Term make_catch(UWord index) { return (index << 6) | TAG_CATCH; }

static inline bool is_local_pid(Term t) { return (t & TAG_IMMED1_MASK) == TAG_PID; }
static inline UWord pid_val(Term t) { return t >> 4; }
static inline Term make_pid(UWord n) { return (n << 4) | TAG_PID; }
static inline bool is_local_port(Term t) { return (t & TAG_IMMED1_MASK) == TAG_PORT; }
static inline UWord port_val(Term t) { return t >> 4; }
static inline Term make_port(UWord n) { return (n << 4) | TAG_PORT; }
/* Local pids print as <0.Number.Serial>: the low 28 bits are the number. */
#define PID_NUMBER_BITS 28

static inline bool is_immed(Term t) { return (t & TAG_PRIMARY_MASK) == TAG_IMMED1; }

/* Pointers. */
static inline bool is_list(Term t) { return (t & TAG_PRIMARY_MASK) == TAG_LIST; }
static inline bool is_boxed(Term t) { return (t & TAG_PRIMARY_MASK) == TAG_BOXED; }
static inline Term *list_ptr(Term t) { return (Term *)(uintptr_t)(t - TAG_LIST); }
static inline Term *boxed_ptr(Term t) { return (Term *)(uintptr_t)(t - TAG_BOXED); }
static inline Term make_list(const Term *p) { return (Term)(uintptr_t)p | TAG_LIST; }
static inline Term make_boxed(const Term *p) { return (Term)(uintptr_t)p | TAG_BOXED; }
#define CAR(p) ((p)[0])
#define CDR(p) ((p)[1])

static inline Term boxed_header(Term t) { return *boxed_ptr(t); }
static inline bool is_boxed_sub(Term t, unsigned sub) {
    return is_boxed(t) && HEADER_SUB(boxed_header(t)) == sub;
}

/* Tuples: header(SUB_TUPLE, n), e1 .. en. */
static inline bool is_tuple(Term t) { return is_boxed_sub(t, SUB_TUPLE); }
static inline UWord tuple_arity(Term t) { return HEADER_ARITY(boxed_header(t)); }
/* Elements are 1-based, as in element/2. */
static inline Term *tuple_elems(Term t) { return boxed_ptr(t) + 1; }

/* Integers. */
static inline bool is_big(Term t) {
    return is_boxed(t) && (HEADER_SUB(boxed_header(t)) & ~1u) == SUB_POS_BIG;
}
static inline bool is_integer(Term t) { return is_small(t) || is_big(t); }
static inline bool big_negative(Term t) { return HEADER_SUB(boxed_header(t)) == SUB_NEG_BIG; }
static inline UWord big_limbs(Term t) { return HEADER_ARITY(boxed_header(t)); }
static inline UWord *big_digits(Term t) { return (UWord *)(boxed_ptr(t) + 1); }

/* Floats: header(SUB_FLOAT, 1), the double's bits. */
#define FLOAT_WORDS 2
/* Every float's header is the same word: one comparison tests it. */
static inline bool is_float(Term t) {
    return is_boxed(t) && boxed_header(t) == MAKE_HEADER(SUB_FLOAT, 1);
}
static inline double float_val(Term t) {
    double d;
    memcpy(&d, boxed_ptr(t) + 1, sizeof d);
    return d;
}
static inline Term make_float_at(Term *hp, double d) {
    hp[0] = MAKE_HEADER(SUB_FLOAT, 1);
    memcpy(hp + 1, &d, sizeof d);
    return make_boxed(hp);
}
static inline bool is_number(Term t) { return is_integer(t) || is_float(t); }

/*
 * Binaries.  Three boxed kinds hold bytes:
 *   heap binary  header(SUB_HEAP_BIN, 1 + words), byte size, bytes...
 *   refc binary  header(SUB_REFC_BIN, 3), byte size, BinRefc*, next handle
 *                in the owner's off-heap list (the Term address of the next
 *                handle, or 0)
 *   sub binary   header(SUB_SUB_BIN, 3), size in bits, offset in bits,
 *                the underlying heap or refc binary term
 * A bitstring whose size is not a multiple of 8 is always a sub binary.
 */
#define HEAP_BIN_MAX 64
#define HEAP_BIN_WORDS(nbytes) (2 + ((nbytes) + 7) / 8)
#define REFC_BIN_WORDS 4
#define SUB_BIN_WORDS 4

/* The shared, reference-counted payload of a large binary. */
typedef struct BinRefc {
    _Atomic(long) refc;  /* handles (on any heap or literal area) that point here */
    size_t size;         /* bytes in data[] */
    _Atomic(UWord) wbits; /* a writable binary (the bit syntax's appends, vm/bits_build.c):
                             bits of data[] in use, which an append may extend in place;
                             BIN_NOT_WRITABLE for every other binary */
    unsigned char data[]; /* the bytes */
} BinRefc;
#define BIN_NOT_WRITABLE (~(UWord)0)
/* wbits of a magic binary, which holds a native's state (gc/magic.h) */
#define BIN_MAGIC (~(UWord)1)

static inline bool is_binary_any(Term t) {
    if (!is_boxed(t)) return false;
    unsigned s = HEADER_SUB(boxed_header(t));
    return s == SUB_HEAP_BIN || s == SUB_REFC_BIN || s == SUB_SUB_BIN;
}

/* The bytes of any binary: base pointer, offset and size in bits. */
static inline void binary_get(Term t, const unsigned char **base, UWord *bit_off, UWord *bit_size) {
    Term *p = boxed_ptr(t);
    UWord off = 0, bits;
    if (HEADER_SUB(p[0]) == SUB_SUB_BIN) {
        bits = p[1];
        off = p[2];
        p = boxed_ptr(p[3]);
    } else {
        bits = p[1] * 8;
    }
    if (HEADER_SUB(p[0]) == SUB_HEAP_BIN)
        *base = (const unsigned char *)(p + 2);
    else
        *base = ((const BinRefc *)(uintptr_t)p[2])->data;
    *bit_off = off;
    *bit_size = bits;
}

/* A binary: a bitstring of a whole number of bytes. */
static inline bool is_binary(Term t) {
    if (!is_binary_any(t)) return false;
    const unsigned char *base;
    UWord off, bits;
    binary_get(t, &base, &off, &bits);
    return bits % 8 == 0;
}

/* Funs.
 *   closure     header(SUB_FUN, 1 + nfree), FunEntry*, free variables...
 *   export fun  header(SUB_EXPORT, 1), Export*
 * FunEntry and Export are defined by the module table (loader/module.h). */
static inline bool is_fun(Term t) {
    return is_boxed(t) && (HEADER_SUB(boxed_header(t)) == SUB_FUN ||
                           HEADER_SUB(boxed_header(t)) == SUB_EXPORT);
}

/* References.  Local: header(SUB_REF, n), n words each holding one 32-bit
 * id (n is 3 for make_ref/0; 4 or 5 for refs received from OTP).
 * External pid:  header(SUB_EXT_PID, 4), node atom, creation, id, serial.
 * External port: header(SUB_EXT_PORT, 3), node atom, creation, id (64-bit).
 * External ref:  header(SUB_EXT_REF, 2 + n), node atom, creation, n ids. */
static inline bool is_ref(Term t) {
    return is_boxed(t) && (HEADER_SUB(boxed_header(t)) == SUB_REF ||
                           HEADER_SUB(boxed_header(t)) == SUB_EXT_REF);
}
static inline bool is_pid(Term t) { return is_local_pid(t) || is_boxed_sub(t, SUB_EXT_PID); }
static inline bool is_port(Term t) { return is_local_port(t) || is_boxed_sub(t, SUB_EXT_PORT); }

/*
 * Maps.  header(SUB_MAP, 2 + n) for a flat map of n <= 32 pairs:
 *   word 1: n
 *   word 2: a tuple term holding the n keys in term order
 *   then the n values, in the order of the keys.
 * Maps of more than 32 pairs are hash-array-mapped tries with OTP's hash:
 * word 1's high bits say which kind of object it is (vm/map.h has the
 * layouts and the functions that read and build maps; use map_size(),
 * map_get() and MapIter rather than these flat accessors).  Every SUB_MAP
 * object has a raw (non-term) word 1 and only terms after it.
 */
#define MAP_FLAT_MAX 32
static inline bool is_map(Term t) { return is_boxed_sub(t, SUB_MAP); }
static inline UWord flatmap_size(Term t) { return boxed_ptr(t)[1]; }
static inline Term flatmap_keys(Term t) { return boxed_ptr(t)[2]; }
static inline Term *flatmap_values(Term t) { return boxed_ptr(t) + 3; }

/* Words needed by each fixed-size object. */
#define CONS_WORDS 2

#endif
