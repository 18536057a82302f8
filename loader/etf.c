/*
 * etf.c: decoding the external term format (see etf.h).
 *
 * The format is a prefix code: a tag byte, fixed fields, then the tag's
 * sub-terms one after the other.  parse_item() reads one tag and its fixed
 * fields and checks everything that can be checked there (lengths against
 * the input, atom text, float values, node-local ranges); both passes use
 * it, so the format is known in one place.
 *
 * Pass 1 (etf_size) needs no stack at all: since sub-terms follow their
 * parent in order, it only counts how many terms are still due.  Every
 * due term takes at least one byte, so a count larger than the bytes left
 * is rejected at once, which also bounds every size the input can claim.
 *
 * Pass 2 (etf_decode_heap) builds each compound as soon as its tag is read
 * (so its term is known and stored in the parent's slot right away) and
 * pushes a frame saying where its sub-terms go; frames live in a
 * heap-allocated array.  A map frame, once complete, sorts the map's keys.
 */
#include "etf.h"

#include <limits.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../vm/big.h"
#include "../vm/compare.h"
#include "../vm/map.h"

enum {
    ETF_VERSION = 131,
    EXT_NEW_FLOAT = 70,
    EXT_BIT_BINARY = 77,
    EXT_COMPRESSED = 80,
    EXT_NEW_PID = 88,
    EXT_NEW_PORT = 89,
    EXT_NEWER_REFERENCE = 90,
    EXT_SMALL_INTEGER = 97,
    EXT_INTEGER = 98,
    EXT_FLOAT = 99,
    EXT_ATOM = 100,
    EXT_REFERENCE = 101,
    EXT_PORT = 102,
    EXT_PID = 103,
    EXT_SMALL_TUPLE = 104,
    EXT_LARGE_TUPLE = 105,
    EXT_NIL = 106,
    EXT_STRING = 107,
    EXT_LIST = 108,
    EXT_BINARY = 109,
    EXT_SMALL_BIG = 110,
    EXT_LARGE_BIG = 111,
    EXT_NEW_FUN = 112,
    EXT_EXPORT = 113,
    EXT_NEW_REFERENCE = 114,
    EXT_SMALL_ATOM = 115,
    EXT_MAP = 116,
    EXT_ATOM_UTF8 = 118,
    EXT_SMALL_ATOM_UTF8 = 119,
    EXT_V4_PORT = 120,
};

/* OTP 25's limits for terms of the local node. */
#define LOCAL_PID_NUMBER_LIMIT ((uint64_t)1 << 15)
#define LOCAL_PID_SERIAL_LIMIT ((uint64_t)1 << 13)
#define LOCAL_PORT_LIMIT ((uint64_t)1 << 28)
#define LOCAL_REF_ID0_LIMIT ((uint64_t)1 << 18)
#define REF_MAX_IDS 5
#define LOCAL_REF_MIN_IDS 3
/* deflate cannot compress better than about 1032:1. */
#define ZLIB_MAX_RATIO 1032

typedef struct Reader {
    const uint8_t *p;   /* next byte */
    const uint8_t *end; /* end of the input */
} Reader;

static size_t left(const Reader *r) { return (size_t)(r->end - r->p); }
static uint32_t be16(const uint8_t *p) { return (uint32_t)p[0] << 8 | p[1]; }
static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}
static uint64_t be64(const uint8_t *p) { return (uint64_t)be32(p) << 32 | be32(p + 4); }

/* Takes n bytes; NULL when the input is shorter. */
static const uint8_t *take(Reader *r, size_t n) {
    if (left(r) < n) return NULL;
    const uint8_t *p = r->p;
    r->p += n;
    return p;
}

#define TAKE(var, r, n)                                   \
    do {                                                  \
        if (!((var) = take((r), (n)))) return ETF_ERR_TRUNCATED; \
    } while (0)

/* The text of an atom as it appears in the input. */
typedef struct AtomText {
    const uint8_t *s; /* the bytes */
    size_t len;       /* byte count */
    bool latin1;      /* each byte is a Latin-1 character (else UTF-8) */
} AtomText;

/* Counts the code points of valid UTF-8 (no overlongs, surrogates or
 * values past U+10FFFF); -1 when invalid. */
static long utf8_count(const uint8_t *s, size_t n) {
    long count = 0;
    size_t i = 0;
    while (i < n) {
        uint8_t c = s[i];
        uint32_t cp;
        size_t k;
        if (c < 0x80) {
            i++;
            count++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) {
            k = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            k = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            k = 3;
            cp = c & 0x07;
        } else {
            return -1;
        }
        if (n - i <= k) return -1;
        for (size_t j = 1; j <= k; j++) {
            if ((s[i + j] & 0xC0) != 0x80) return -1;
            cp = cp << 6 | (s[i + j] & 0x3F);
        }
        if ((k == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (k == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return -1;
        i += k + 1;
        count++;
    }
    return count;
}

/* Reads an atom in any of its four encodings and checks its text. */
static EtfResult read_atom(Reader *r, AtomText *a) {
    const uint8_t *p;
    TAKE(p, r, 1);
    size_t len;
    switch (*p) {
    case EXT_ATOM:
    case EXT_ATOM_UTF8:
        TAKE(p, r, 2);
        len = be16(p);
        a->latin1 = p[-1] == EXT_ATOM;
        break;
    case EXT_SMALL_ATOM:
    case EXT_SMALL_ATOM_UTF8:
        TAKE(p, r, 1);
        len = p[0];
        a->latin1 = p[-1] == EXT_SMALL_ATOM;
        break;
    default:
        return ETF_ERR_VALUE; /* an atom was required here */
    }
    TAKE(a->s, r, len);
    a->len = len;
    if (a->latin1) {
        if (len > ATOM_MAX_CHARS) return ETF_ERR_ATOM;
    } else {
        long chars = utf8_count(a->s, len);
        if (chars < 0 || chars > ATOM_MAX_CHARS) return ETF_ERR_ATOM;
    }
    return ETF_OK;
}

static bool is_local_node(const AtomText *a) {
    static const char local[] = "nonode@nohost";
    return a->len == sizeof local - 1 && memcmp(a->s, local, a->len) == 0;
}

/* Reads a small integer field (SMALL_INTEGER_EXT or INTEGER_EXT). */
static EtfResult read_int(Reader *r, int64_t *v) {
    const uint8_t *p;
    TAKE(p, r, 1);
    if (*p == EXT_SMALL_INTEGER) {
        TAKE(p, r, 1);
        *v = p[0];
    } else if (*p == EXT_INTEGER) {
        TAKE(p, r, 4);
        *v = (int32_t)be32(p);
    } else {
        return ETF_ERR_VALUE;
    }
    return ETF_OK;
}

/* One tag and its fixed fields. */
typedef struct Item {
    uint8_t tag;
    UWord n;              /* elements, pairs, bytes, limbs' bytes, ids, free vars */
    const uint8_t *data;  /* payload: string, binary, big or ref id bytes; fun md5 */
    SWord ival;           /* SMALL_INTEGER, INTEGER, and bigs that fit a small */
    double fval;          /* floats */
    bool neg;             /* big sign */
    bool fits_small;      /* big: the value fits a small (in ival) */
    unsigned bits;        /* BIT_BINARY: bits used in the last byte (1..8) */
    AtomText atom;        /* atoms; module of EXPORT and NEW_FUN; node of pid/port/ref */
    AtomText name;        /* EXPORT: function */
    uint64_t id;          /* pid/port number */
    uint64_t serial;      /* pid serial */
    uint32_t creation;    /* pid/port/ref creation */
    uint32_t arity;       /* EXPORT, NEW_FUN */
    uint32_t index;       /* NEW_FUN index */
    uint32_t old_uniq;    /* NEW_FUN old uniq */
    bool local;           /* pid/port/ref of the local node */
} Item;

/* Parses a pid's fields after its tag (shared by PID tags and NEW_FUN's pid). */
static EtfResult parse_pid_fields(Reader *r, uint8_t tag, Item *it) {
    EtfResult e = read_atom(r, &it->atom);
    if (e) return e;
    const uint8_t *p;
    TAKE(p, r, tag == EXT_NEW_PID ? 12 : 9);
    it->id = be32(p);
    it->serial = be32(p + 4);
    it->creation = tag == EXT_NEW_PID ? be32(p + 8) : p[8];
    it->local = it->creation == 0 && is_local_node(&it->atom);
    if (it->local && (it->id >= LOCAL_PID_NUMBER_LIMIT || it->serial >= LOCAL_PID_SERIAL_LIMIT))
        return ETF_ERR_VALUE;
    return ETF_OK;
}

/* The old FLOAT_EXT text: [+-]digits.digits([eE][+-]digits), NUL-padded. */
static EtfResult parse_old_float(const uint8_t *p, double *out) {
    char buf[32];
    size_t n = 0;
    while (n < 31 && p[n]) {
        buf[n] = (char)p[n];
        n++;
    }
    buf[n] = '\0';
    size_t i = 0;
    if (buf[i] == '+' || buf[i] == '-') i++;
    size_t d0 = i;
    while (buf[i] >= '0' && buf[i] <= '9') i++;
    if (i == d0 || buf[i] != '.') return ETF_ERR_VALUE;
    size_t f0 = ++i;
    while (buf[i] >= '0' && buf[i] <= '9') i++;
    if (i == f0) return ETF_ERR_VALUE;
    if (buf[i] == 'e' || buf[i] == 'E') {
        i++;
        if (buf[i] == '+' || buf[i] == '-') i++;
        size_t e0 = i;
        while (buf[i] >= '0' && buf[i] <= '9') i++;
        if (i == e0) return ETF_ERR_VALUE;
    }
    if (i != n) return ETF_ERR_VALUE;
    double d = strtod(buf, NULL);
    if (!isfinite(d)) return ETF_ERR_VALUE;
    *out = d;
    return ETF_OK;
}

static EtfResult parse_big(Reader *r, size_t n, Item *it) {
    const uint8_t *p;
    TAKE(p, r, 1);
    it->neg = p[0] != 0;
    TAKE(it->data, r, n);
    while (n > 0 && it->data[n - 1] == 0) n--; /* leading zeros don't count */
    it->n = n;
    it->fits_small = false;
    if (n <= 8) {
        uint64_t m = 0;
        for (size_t i = n; i-- > 0;) m = m << 8 | it->data[i];
        if (!it->neg && m <= (uint64_t)MAX_SMALL) {
            it->fits_small = true;
            it->ival = (SWord)m;
        } else if (it->neg && m <= (uint64_t)MAX_SMALL + 1) {
            it->fits_small = true;
            it->ival = m ? -(SWord)(m - 1) - 1 : 0;
        }
    }
    return ETF_OK;
}

static EtfResult parse_item(Reader *r, Item *it) {
    const uint8_t *p;
    EtfResult e;
    TAKE(p, r, 1);
    it->tag = p[0];
    switch (it->tag) {
    case EXT_SMALL_INTEGER:
        TAKE(p, r, 1);
        it->ival = p[0];
        return ETF_OK;
    case EXT_INTEGER:
        TAKE(p, r, 4);
        it->ival = (int32_t)be32(p);
        return ETF_OK;
    case EXT_NEW_FLOAT: {
        TAKE(p, r, 8);
        uint64_t bits = be64(p);
        memcpy(&it->fval, &bits, sizeof bits);
        return isfinite(it->fval) ? ETF_OK : ETF_ERR_VALUE;
    }
    case EXT_FLOAT:
        TAKE(p, r, 31);
        return parse_old_float(p, &it->fval);
    case EXT_ATOM:
    case EXT_ATOM_UTF8:
    case EXT_SMALL_ATOM:
    case EXT_SMALL_ATOM_UTF8:
        r->p--;
        return read_atom(r, &it->atom);
    case EXT_SMALL_TUPLE:
        TAKE(p, r, 1);
        it->n = p[0];
        return ETF_OK;
    case EXT_LARGE_TUPLE:
    case EXT_LIST:
    case EXT_MAP:
        TAKE(p, r, 4);
        it->n = be32(p);
        return ETF_OK;
    case EXT_NIL:
        return ETF_OK;
    case EXT_STRING:
        TAKE(p, r, 2);
        it->n = be16(p);
        TAKE(it->data, r, it->n);
        return ETF_OK;
    case EXT_BINARY:
        TAKE(p, r, 4);
        it->n = be32(p);
        it->bits = 8;
        TAKE(it->data, r, it->n);
        return ETF_OK;
    case EXT_BIT_BINARY:
        TAKE(p, r, 5);
        it->n = be32(p);
        it->bits = p[4];
        /* As OTP: an empty one has 0 bits; otherwise 1..8 bits are used. */
        if (it->n == 0 ? it->bits != 0 : it->bits == 0 || it->bits > 8) return ETF_ERR_VALUE;
        if (it->n == 0) it->bits = 8;
        TAKE(it->data, r, it->n);
        return ETF_OK;
    case EXT_SMALL_BIG:
        TAKE(p, r, 1);
        return parse_big(r, p[0], it);
    case EXT_LARGE_BIG:
        TAKE(p, r, 4);
        return parse_big(r, be32(p), it);
    case EXT_PID:
    case EXT_NEW_PID:
        return parse_pid_fields(r, it->tag, it);
    case EXT_PORT:
    case EXT_NEW_PORT:
    case EXT_V4_PORT: {
        if ((e = read_atom(r, &it->atom))) return e;
        size_t idlen = it->tag == EXT_V4_PORT ? 8 : 4;
        TAKE(p, r, idlen + (it->tag == EXT_PORT ? 1 : 4));
        it->id = idlen == 8 ? be64(p) : be32(p);
        it->creation = it->tag == EXT_PORT ? p[idlen] : be32(p + idlen);
        it->local = it->creation == 0 && is_local_node(&it->atom);
        if (it->local && it->id >= LOCAL_PORT_LIMIT) return ETF_ERR_VALUE;
        return ETF_OK;
    }
    case EXT_REFERENCE:
    case EXT_NEW_REFERENCE:
    case EXT_NEWER_REFERENCE: {
        if (it->tag == EXT_REFERENCE) {
            it->n = 1;
        } else {
            TAKE(p, r, 2);
            it->n = be16(p);
        }
        if ((e = read_atom(r, &it->atom))) return e;
        if (it->tag == EXT_REFERENCE) {
            TAKE(it->data, r, 4);
            TAKE(p, r, 1);
            it->creation = p[0];
        } else if (it->tag == EXT_NEW_REFERENCE) {
            TAKE(p, r, 1);
            it->creation = p[0];
            TAKE(it->data, r, 4 * it->n);
        } else {
            TAKE(p, r, 4);
            it->creation = be32(p);
            TAKE(it->data, r, 4 * it->n);
        }
        it->local = it->creation == 0 && is_local_node(&it->atom);
        if (it->n > REF_MAX_IDS) return ETF_ERR_VALUE;
        if (it->local && (it->n == 0 || be32(it->data) >= LOCAL_REF_ID0_LIMIT)) return ETF_ERR_VALUE;
        return ETF_OK;
    }
    case EXT_EXPORT: {
        if ((e = read_atom(r, &it->atom)) || (e = read_atom(r, &it->name))) return e;
        int64_t arity;
        if ((e = read_int(r, &arity))) return e;
        if (arity < 0 || arity > 255) return ETF_ERR_VALUE;
        it->arity = (uint32_t)arity;
        return ETF_OK;
    }
    case EXT_NEW_FUN: {
        const uint8_t *start = r->p;
        TAKE(p, r, 4 + 1 + 16 + 4 + 4);
        uint32_t size = be32(p);
        it->arity = p[4];
        it->data = p + 5; /* md5 */
        it->index = be32(p + 21);
        it->n = be32(p + 25);
        if ((e = read_atom(r, &it->atom))) return e;
        int64_t old_index, old_uniq;
        if ((e = read_int(r, &old_index)) || (e = read_int(r, &old_uniq))) return e;
        it->old_uniq = (uint32_t)old_uniq;
        Item pid;
        TAKE(p, r, 1);
        if (p[0] != EXT_PID && p[0] != EXT_NEW_PID) return ETF_ERR_VALUE;
        if ((e = parse_pid_fields(r, p[0], &pid))) return e;
        /* Size counts every byte from itself to the end of the free
         * variables, so it is at least what has been read so far. */
        if (size < (size_t)(r->p - start) || size - (size_t)(r->p - start) > left(r))
            return ETF_ERR_VALUE;
        return ETF_OK;
    }
    default:
        /* Includes ATOM_CACHE_REF, FUN_EXT, LOCAL_EXT and a nested
         * COMPRESSED, none of which binary_to_term accepts here. */
        return ETF_ERR_TAG;
    }
}

static size_t binary_words(size_t n) { return n <= HEAP_BIN_MAX ? HEAP_BIN_WORDS(n) : REFC_BIN_WORDS; }

/* Heap words the item itself takes (not counting its sub-terms). */
static size_t item_words(const Item *it) {
    switch (it->tag) {
    case EXT_NEW_FLOAT:
    case EXT_FLOAT: return FLOAT_WORDS;
    case EXT_SMALL_TUPLE:
    case EXT_LARGE_TUPLE: return 1 + it->n;
    case EXT_LIST: return 2 * it->n;
    case EXT_STRING: return 2 * it->n;
    case EXT_MAP: /* flat: header, size, keys, values; keys tuple; then the hash trie */
        return MAP_FLAT_WORDS(it->n) + (it->n > MAP_FLAT_MAX ? MAP_HAMT_MAX_WORDS(it->n) : 0);
    case EXT_BINARY: return binary_words(it->n);
    case EXT_BIT_BINARY: return binary_words(it->n) + (it->bits == 8 ? 0 : SUB_BIN_WORDS);
    case EXT_SMALL_BIG:
    case EXT_LARGE_BIG: return it->fits_small ? 0 : big_from_bytes_words(it->n);
    case EXT_PID:
    case EXT_NEW_PID: return it->local ? 0 : 5;
    case EXT_PORT:
    case EXT_NEW_PORT:
    case EXT_V4_PORT: return it->local ? 0 : 4;
    case EXT_REFERENCE:
    case EXT_NEW_REFERENCE:
    case EXT_NEWER_REFERENCE:
        return it->local ? 1 + (it->n < LOCAL_REF_MIN_IDS ? LOCAL_REF_MIN_IDS : it->n) : 3 + it->n;
    case EXT_EXPORT: return 2;
    case EXT_NEW_FUN: return 2 + it->n;
    default: return 0;
    }
}

/* Sub-terms that follow the item. */
static UWord item_children(const Item *it) {
    switch (it->tag) {
    case EXT_SMALL_TUPLE:
    case EXT_LARGE_TUPLE: return it->n;
    case EXT_LIST: return it->n + 1;
    case EXT_MAP: return 2 * it->n;
    case EXT_NEW_FUN: return it->n;
    default: return 0;
    }
}

/* The term's bytes after the version byte: the input itself, or its
 * inflated copy when compressed. */
typedef struct Source {
    Reader r;          /* over the term's encoding */
    uint8_t *inflated; /* malloc'd, when compressed */
    size_t used;       /* input bytes the whole term occupies (with version byte) */
    bool compressed;   /* the data came through zlib */
} Source;

static EtfResult open_source(const uint8_t *buf, size_t len, Source *s) {
    s->inflated = NULL;
    s->compressed = false;
    if (len < 1) return ETF_ERR_TRUNCATED;
    if (buf[0] != ETF_VERSION) return ETF_ERR_VERSION;
    if (len < 2 || buf[1] != EXT_COMPRESSED) {
        s->r.p = buf + 1;
        s->r.end = buf + len;
        return ETF_OK;
    }
    if (len < 6) return ETF_ERR_TRUNCATED;
    size_t size = be32(buf + 2), in = len - 6;
    if (size == 0 || size / ZLIB_MAX_RATIO > in) return ETF_ERR_ZLIB;
    uint8_t *out = malloc(size);
    if (!out) return ETF_ERR_NOMEM;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK) {
        free(out);
        return ETF_ERR_NOMEM;
    }
    /* uInt is 32 bits; the input may be longer, so feed it in slices. */
    z.next_out = out;
    z.avail_out = (uInt)size;
    const uint8_t *src = buf + 6;
    int rc = Z_OK;
    while (rc == Z_OK) {
        if (z.avail_in == 0 && in > 0) {
            size_t chunk = in > (1u << 30) ? (1u << 30) : in;
            z.next_in = (Bytef *)(uintptr_t)src;
            z.avail_in = (uInt)chunk;
            src += chunk;
            in -= chunk;
        }
        /* Z_BUF_ERROR ends the loop: the input ran out, or the output
         * reached the declared size before the stream's end. */
        rc = inflate(&z, Z_NO_FLUSH);
    }
    size_t got = z.total_out, consumed = z.total_in;
    inflateEnd(&z);
    if (rc != Z_STREAM_END || got != size) {
        free(out);
        return rc == Z_MEM_ERROR ? ETF_ERR_NOMEM : ETF_ERR_ZLIB;
    }
    s->inflated = out;
    s->compressed = true;
    s->used = 6 + consumed;
    s->r.p = out;
    s->r.end = out + size;
    return ETF_OK;
}

/* After the term: the compressed data must hold exactly one term; the
 * plain input may go on only when the caller asked for `used`. */
static EtfResult close_source(const uint8_t *buf, size_t len, Source *s, size_t *used) {
    EtfResult e = ETF_OK;
    if (s->compressed) {
        if (left(&s->r) != 0) e = ETF_ERR_ZLIB;
    } else {
        s->used = (size_t)(s->r.p - buf);
    }
    if (!e && !used && s->used != len) e = ETF_ERR_TRAILING;
    if (!e && used) *used = s->used;
    free(s->inflated);
    s->inflated = NULL;
    return e;
}

/* Work an item costs (a unit, and one per 8 bytes it copies). */
static long item_cost(const Item *it) {
    return it->tag == EXT_STRING || it->tag == EXT_BINARY || it->tag == EXT_BIT_BINARY ? 1 + (long)(it->n / 8) : 1;
}

/* Pass 1 over the terms still *due, until none is or *budget runs out:
 * adds their words to *words. */
static EtfResult size_steps(Reader *r, UWord *due, size_t *words, long *budget) {
    size_t w = *words;
    EtfResult e = ETF_OK;
    while (*due > 0 && *budget > 0) {
        (*due)--;
        Item it;
        if ((e = parse_item(r, &it))) break;
        w += item_words(&it);
        *budget -= item_cost(&it);
        UWord kids = item_children(&it), room = left(r);
        if (kids > room || *due > room - kids) {
            e = ETF_ERR_TRUNCATED;
            break;
        }
        *due += kids;
    }
    *words = w;
    return e;
}

EtfResult etf_size(const EtfEnv *env, const uint8_t *buf, size_t len, size_t *words, size_t *used) {
    (void)env;
    Source s;
    EtfResult e = open_source(buf, len, &s);
    if (e) return e;
    size_t w = 0;
    UWord due = 1;
    long budget = LONG_MAX;
    e = size_steps(&s.r, &due, &w, &budget);
    if (e) {
        free(s.inflated);
        return e;
    }
    e = close_source(buf, len, &s, used);
    if (!e) *words = w;
    return e;
}

/* Where the sub-terms of a compound go. */
enum { FRAME_SEQ, FRAME_LIST, FRAME_MAP };

typedef struct Frame {
    Term *dest;   /* slot of the next sub-term (map: of the next key) */
    Term *vals;   /* map: slot of the next value */
    Term map;     /* map: the map to sort when complete */
    UWord due;    /* sub-terms still to come */
    int kind;     /* FRAME_* */
    Term *slot;   /* map: where the map went (replaced if it becomes a trie) */
} Frame;

typedef struct Builder {
    const EtfEnv *env;  /* atoms and callbacks */
    Term *hp;           /* next free heap word */
    Term *hp_end;       /* end of the caller's area */
    OffHeap *oh;        /* where refc binaries are linked */
    Term *oh_tail;      /* the first handle linked into oh, when oh started empty */
    Frame *frames;      /* the stack */
    size_t nframes;     /* frames in use */
    size_t cap;         /* frames allocated */
} Builder;

static EtfResult push_frame(Builder *b, Frame f) {
    if (b->nframes == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        Frame *nf = realloc(b->frames, cap * sizeof *nf);
        if (!nf) return ETF_ERR_NOMEM;
        b->frames = nf;
        b->cap = cap;
    }
    b->frames[b->nframes++] = f;
    return ETF_OK;
}

/* The slot for the frame's next sub-term; moves the frame past it. */
static Term *next_slot(Frame *f) {
    Term *slot;
    switch (f->kind) {
    case FRAME_LIST:
        /* Cars at stride 2, then the tail in the last cell's cdr; each
         * cell is linked to the next as its car is reached. */
        slot = f->dest;
        if (f->due > 2) {
            f->dest[1] = make_list(f->dest + 2);
            f->dest += 2;
        } else {
            f->dest += f->due == 2 ? 1 : 0;
        }
        break;
    case FRAME_MAP:
        if (f->due % 2 == 0) {
            slot = f->dest++;
        } else {
            slot = f->vals++;
        }
        break;
    default:
        slot = f->dest++;
        break;
    }
    f->due--;
    return slot;
}

static Term *alloc_words(Builder *b, size_t n) {
    if ((size_t)(b->hp_end - b->hp) < n) return NULL;
    Term *p = b->hp;
    b->hp += n;
    return p;
}

#define ALLOC(var, b, n)                               \
    do {                                               \
        if (!((var) = alloc_words((b), (n)))) return ETF_ERR_NOMEM; \
    } while (0)

static EtfResult make_atom_term(const EtfEnv *env, const AtomText *a, Term *out) {
    if (env->existing_atoms) {
        /* Look the name up as UTF-8 (a Latin-1 name is converted first). */
        uint8_t u[2 * 255];
        const uint8_t *s = a->s;
        size_t n = a->len;
        if (a->latin1) {
            if (a->len > 255) return ETF_ERR_ATOM;
            n = 0;
            for (size_t i = 0; i < a->len; i++) {
                if (a->s[i] < 0x80) {
                    u[n++] = a->s[i];
                } else {
                    u[n++] = (uint8_t)(0xC0 | (a->s[i] >> 6));
                    u[n++] = (uint8_t)(0x80 | (a->s[i] & 0x3F));
                }
            }
            s = u;
        }
        return atom_find(env->atoms, (const char *)s, n, out) ? ETF_OK : ETF_ERR_ATOM;
    }
    AtomResult r = a->latin1 ? atom_put_latin1(env->atoms, (const char *)a->s, a->len, out)
                             : atom_put(env->atoms, (const char *)a->s, a->len, out);
    if (r == ATOM_OK) return ETF_OK;
    return r == ATOM_ERR_NOMEM ? ETF_ERR_NOMEM : ETF_ERR_ATOM;
}

static EtfResult make_binary(Builder *b, const uint8_t *data, size_t n, unsigned bits, Term *out) {
    Term *hp;
    unsigned char *bytes;
    if (n <= HEAP_BIN_MAX) {
        ALLOC(hp, b, HEAP_BIN_WORDS(n));
        hp[0] = MAKE_HEADER(SUB_HEAP_BIN, HEAP_BIN_WORDS(n) - 1);
        hp[1] = n;
        if (n) hp[HEAP_BIN_WORDS(n) - 1] = 0; /* defined padding */
        bytes = (unsigned char *)(hp + 2);
        *out = make_boxed(hp);
    } else {
        ALLOC(hp, b, REFC_BIN_WORDS);
        BinRefc *bin = bin_refc_new(n);
        if (!bin) return ETF_ERR_NOMEM;
        bytes = bin->data;
        bool first = b->oh->first == NULL;
        *out = bin_make_refc_handle(hp, bin, b->oh);
        if (first) b->oh_tail = hp;
    }
    if (n) memcpy(bytes, data, n);
    if (bits == 8) return ETF_OK;
    /* A bitstring: clear the unused low bits, then slice. */
    bytes[n - 1] &= (unsigned char)(0xFF << (8 - bits));
    ALLOC(hp, b, SUB_BIN_WORDS);
    hp[0] = MAKE_HEADER(SUB_SUB_BIN, SUB_BIN_WORDS - 1);
    hp[1] = (n - 1) * 8 + bits;
    hp[2] = 0;
    hp[3] = *out;
    *out = make_boxed(hp);
    return ETF_OK;
}

static Term *map_alloc_fn(void *ctx, size_t n) { return alloc_words((Builder *)ctx, n); }

/* Sorts a complete map's pairs by key, or turns a map of more than 32
 * pairs into a hash trie (vm/map.h); rejects duplicate keys, as OTP does. */
static EtfResult finish_map(Builder *b, Frame *f) {
    bool dup;
    Term m = map_finish_decoded(b->env->atoms, (MapAlloc){map_alloc_fn, b}, f->map, &dup);
    if (m == THE_NON_VALUE) return dup ? ETF_ERR_VALUE : ETF_ERR_NOMEM;
    *f->slot = m;
    return ETF_OK;
}

/* Builds one item into *slot, pushing a frame for its sub-terms. */
static EtfResult build_item(Builder *b, const Item *it, Term *slot) {
    const EtfEnv *env = b->env;
    Term *hp;
    EtfResult e;
    switch (it->tag) {
    case EXT_SMALL_INTEGER:
    case EXT_INTEGER:
        *slot = make_small(it->ival);
        return ETF_OK;
    case EXT_SMALL_BIG:
    case EXT_LARGE_BIG:
        if (it->fits_small) {
            *slot = make_small(it->ival);
            return ETF_OK;
        }
        ALLOC(hp, b, big_from_bytes_words(it->n));
        *slot = big_from_bytes_le(hp, it->data, it->n, it->neg);
        return ETF_OK;
    case EXT_NEW_FLOAT:
    case EXT_FLOAT:
        ALLOC(hp, b, FLOAT_WORDS);
        *slot = make_float_at(hp, it->fval);
        return ETF_OK;
    case EXT_ATOM:
    case EXT_ATOM_UTF8:
    case EXT_SMALL_ATOM:
    case EXT_SMALL_ATOM_UTF8:
        return make_atom_term(env, &it->atom, slot);
    case EXT_NIL:
        *slot = NIL;
        return ETF_OK;
    case EXT_SMALL_TUPLE:
    case EXT_LARGE_TUPLE:
        ALLOC(hp, b, 1 + it->n);
        hp[0] = MAKE_HEADER(SUB_TUPLE, it->n);
        *slot = make_boxed(hp);
        return it->n ? push_frame(b, (Frame){hp + 1, NULL, 0, it->n, FRAME_SEQ, NULL}) : ETF_OK;
    case EXT_STRING:
        if (it->n == 0) {
            *slot = NIL;
            return ETF_OK;
        }
        ALLOC(hp, b, 2 * it->n);
        for (UWord i = 0; i < it->n; i++) {
            hp[2 * i] = make_small(it->data[i]);
            hp[2 * i + 1] = i + 1 < it->n ? make_list(hp + 2 * i + 2) : NIL;
        }
        *slot = make_list(hp);
        return ETF_OK;
    case EXT_LIST:
        if (it->n == 0) /* only the tail: it takes the list's place */
            return push_frame(b, (Frame){slot, NULL, 0, 1, FRAME_SEQ, NULL});
        ALLOC(hp, b, 2 * it->n);
        *slot = make_list(hp);
        return push_frame(b, (Frame){hp, NULL, 0, it->n + 1, FRAME_LIST, NULL});
    case EXT_MAP: {
        ALLOC(hp, b, 4 + 2 * it->n);
        Term *keys = hp + 3 + it->n;
        keys[0] = MAKE_HEADER(SUB_TUPLE, it->n);
        hp[0] = MAKE_HEADER(SUB_MAP, 2 + it->n);
        hp[1] = it->n;
        hp[2] = make_boxed(keys);
        *slot = make_boxed(hp);
        if (!it->n) return ETF_OK;
        return push_frame(b, (Frame){keys + 1, hp + 3, *slot, 2 * it->n, FRAME_MAP, slot});
    }
    case EXT_BINARY:
    case EXT_BIT_BINARY:
        return make_binary(b, it->data, it->n, it->bits, slot);
    case EXT_PID:
    case EXT_NEW_PID:
        if (it->local) {
            *slot = make_pid(it->serial << PID_NUMBER_BITS | it->id);
            return ETF_OK;
        }
        ALLOC(hp, b, 5);
        hp[0] = MAKE_HEADER(SUB_EXT_PID, 4);
        if ((e = make_atom_term(env, &it->atom, &hp[1]))) return e;
        hp[2] = it->creation;
        hp[3] = it->id;
        hp[4] = it->serial;
        *slot = make_boxed(hp);
        return ETF_OK;
    case EXT_PORT:
    case EXT_NEW_PORT:
    case EXT_V4_PORT:
        if (it->local) {
            *slot = make_port(it->id);
            return ETF_OK;
        }
        ALLOC(hp, b, 4);
        hp[0] = MAKE_HEADER(SUB_EXT_PORT, 3);
        if ((e = make_atom_term(env, &it->atom, &hp[1]))) return e;
        hp[2] = it->creation;
        hp[3] = it->id;
        *slot = make_boxed(hp);
        return ETF_OK;
    case EXT_REFERENCE:
    case EXT_NEW_REFERENCE:
    case EXT_NEWER_REFERENCE: {
        Term *ids;
        size_t nids = it->n;
        if (it->local) {
            /* Short refs from old nodes are padded to make_ref/0's three ids. */
            if (nids < LOCAL_REF_MIN_IDS) nids = LOCAL_REF_MIN_IDS;
            ALLOC(hp, b, 1 + nids);
            hp[0] = MAKE_HEADER(SUB_REF, nids);
            ids = hp + 1;
        } else {
            ALLOC(hp, b, 3 + nids);
            hp[0] = MAKE_HEADER(SUB_EXT_REF, 2 + nids);
            if ((e = make_atom_term(env, &it->atom, &hp[1]))) return e;
            hp[2] = it->creation;
            ids = hp + 3;
        }
        for (size_t i = 0; i < nids; i++) ids[i] = i < it->n ? be32(it->data + 4 * i) : 0;
        *slot = make_boxed(hp);
        return ETF_OK;
    }
    case EXT_EXPORT: {
        Term m, f;
        if ((e = make_atom_term(env, &it->atom, &m)) || (e = make_atom_term(env, &it->name, &f)))
            return e;
        Export *ex = env->export_entry ? env->export_entry(env->ctx, m, f, it->arity) : NULL;
        if (!ex) return ETF_ERR_FUN;
        ALLOC(hp, b, 2);
        hp[0] = MAKE_HEADER(SUB_EXPORT, 1);
        hp[1] = (Term)(uintptr_t)ex;
        *slot = make_boxed(hp);
        return ETF_OK;
    }
    case EXT_NEW_FUN: {
        Term m;
        if ((e = make_atom_term(env, &it->atom, &m))) return e;
        FunEntry *fe = env->fun_entry ? env->fun_entry(env->ctx, m, it->index, it->old_uniq, it->data,
                                                       it->arity, (uint32_t)it->n)
                                      : NULL;
        if (!fe || fe->nfree != it->n) return ETF_ERR_FUN;
        ALLOC(hp, b, 2 + it->n);
        hp[0] = MAKE_HEADER(SUB_FUN, 1 + it->n);
        hp[1] = (Term)(uintptr_t)fe;
        *slot = make_boxed(hp);
        return it->n ? push_frame(b, (Frame){hp + 2, NULL, 0, it->n, FRAME_SEQ, NULL}) : ETF_OK;
    }
    default:
        return ETF_ERR_TAG; /* parse_item lets no other tag through */
    }
}

/* Pass 2 until the frames are done or *budget runs out. */
static EtfResult build_steps(Builder *b, Reader *r, long *budget) {
    EtfResult e = ETF_OK;
    while (!e && b->nframes > 0 && *budget > 0) {
        Frame *f = &b->frames[b->nframes - 1];
        if (f->due == 0) {
            if (f->kind == FRAME_MAP) e = finish_map(b, f);
            b->nframes--;
            continue;
        }
        Term *slot = next_slot(f); /* f is stale once build_item pushes */
        Item it;
        if ((e = parse_item(r, &it))) break;
        *budget -= item_cost(&it);
        e = build_item(b, &it, slot);
    }
    return e;
}

/* Covers the unused end of a decode area (part of the reserve of a map
 * of more than 32 pairs, see MAP_HAMT_MAX_WORDS) with a binary header,
 * so the area stays a sequence of well-formed objects. */
static void fill_gap(Term *hp, Term *end) {
    size_t gap = (size_t)(end - hp);
    if (gap == 1) {
        hp[0] = MAKE_HEADER(SUB_TUPLE, 0);
    } else if (gap > 1) {
        hp[0] = MAKE_HEADER(SUB_HEAP_BIN, gap - 1);
        hp[1] = (gap - 2) * 8;
    }
}

/* Releases the refc binaries linked into oh since it looked like `saved`. */
static void rollback_off_heap(OffHeap *oh, const OffHeap *saved) {
    Term *h = oh->first;
    while (h && h != saved->first) {
        Term *next = (Term *)(uintptr_t)h[3];
        bin_refc_release((BinRefc *)(uintptr_t)h[2]);
        h = next;
    }
    *oh = *saved;
}

EtfResult etf_decode_heap(const EtfEnv *env, const uint8_t *buf, size_t len, Term *hp, size_t words,
                          OffHeap *oh, Term *out) {
    Source s;
    EtfResult e = open_source(buf, len, &s);
    if (e) return e;
    OffHeap saved = *oh;
    Term result = THE_NON_VALUE;
    Builder b = {env, hp, hp + words, oh, NULL, NULL, 0, 0};
    e = push_frame(&b, (Frame){&result, NULL, 0, 1, FRAME_SEQ, NULL});
    long budget = LONG_MAX;
    if (!e) e = build_steps(&b, &s.r, &budget);
    free(b.frames);
    if (!e) e = close_source(buf, len, &s, NULL);
    else free(s.inflated);
    if (e) {
        rollback_off_heap(oh, &saved);
        return e;
    }
    fill_gap(b.hp, b.hp_end);
    *out = result;
    return ETF_OK;
}

/* ---- the resumable decoder (etf.h: EtfDec) ---- */

enum { DEC_START, DEC_INFLATE, DEC_SIZE, DEC_HEAP, DEC_BUILD, DEC_DONE };

struct EtfDec {
    int phase;          /* DEC_* */
    bool want_used;     /* the term may be followed by other bytes */
    bool compressed;    /* the term came through zlib */
    uint8_t *inflated;  /* compressed input: its inflated bytes (malloc'd) */
    size_t size;        /* bytes in `inflated` (the declared size) */
    z_stream *z;        /* while inflating */
    size_t in_pos;      /* input bytes after the 6-byte header given to zlib */
    size_t pos;         /* next byte of the term, from its first tag */
    size_t used;        /* input bytes the term occupies (with the version byte) */
    UWord due;          /* pass 1: terms still to read */
    size_t words;       /* pass 1: heap words they need */
    Builder b;          /* pass 2 */
    Term result;        /* the term, once built */
    OffHeap oh;         /* the refc binaries made (until handed over) */
};

EtfDec *etf_dec_new(bool want_used) {
    EtfDec *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->want_used = want_used;
    d->due = 1;
    d->result = THE_NON_VALUE;
    return d;
}

static void dec_end_inflate(EtfDec *d) {
    if (!d->z) return;
    inflateEnd(d->z);
    free(d->z);
    d->z = NULL;
}

void etf_dec_free(EtfDec *d) {
    if (!d) return;
    dec_end_inflate(d);
    free(d->inflated);
    free(d->b.frames);
    off_heap_release_all(&d->oh);
    free(d);
}

/* Reads the header: the version byte, and the compressed header if any. */
static EtfResult dec_start(EtfDec *d, const uint8_t *buf, size_t len) {
    if (len < 1) return ETF_ERR_TRUNCATED;
    if (buf[0] != ETF_VERSION) return ETF_ERR_VERSION;
    if (len < 2 || buf[1] != EXT_COMPRESSED) {
        d->phase = DEC_SIZE;
        return ETF_OK;
    }
    if (len < 6) return ETF_ERR_TRUNCATED;
    size_t size = be32(buf + 2);
    if (size == 0 || size / ZLIB_MAX_RATIO > len - 6) return ETF_ERR_ZLIB;
    d->inflated = malloc(size);
    d->z = calloc(1, sizeof *d->z);
    if (!d->inflated || !d->z) return ETF_ERR_NOMEM;
    if (inflateInit(d->z) != Z_OK) {
        free(d->z);
        d->z = NULL;
        return ETF_ERR_NOMEM;
    }
    d->size = size;
    d->compressed = true;
    d->phase = DEC_INFLATE;
    return ETF_OK;
}

/* Inflates about 8 bytes of output a unit of budget. */
static EtfResult dec_inflate(EtfDec *d, const uint8_t *buf, size_t len, long *budget) {
    z_stream *z = d->z;
    while (*budget > 0) {
        size_t in = len - 6 - d->in_pos, out = d->size - z->total_out;
        size_t want = (size_t)*budget * 8;
        z->next_in = (Bytef *)(uintptr_t)(buf + 6 + d->in_pos);
        z->avail_in = (uInt)(in > (1u << 30) ? (1u << 30) : in);
        z->next_out = d->inflated + z->total_out;
        z->avail_out = (uInt)(out < want ? out : want);
        uLong in0 = z->total_in, out0 = z->total_out;
        int rc = inflate(z, Z_NO_FLUSH);
        d->in_pos += z->total_in - in0;
        *budget -= 1 + (long)((z->total_out - out0) / 8) + (long)((z->total_in - in0) / 64);
        if (rc == Z_STREAM_END) {
            bool whole = z->total_out == d->size;
            d->used = 6 + z->total_in;
            dec_end_inflate(d);
            if (!whole) return ETF_ERR_ZLIB;
            d->phase = DEC_SIZE;
            return ETF_OK;
        }
        /* No progress: the input ran out, or the output reached the
         * declared size before the stream's end. */
        if (rc == Z_BUF_ERROR && z->total_in == in0 && z->total_out == out0) return ETF_ERR_ZLIB;
        if (rc != Z_OK && rc != Z_BUF_ERROR) return rc == Z_MEM_ERROR ? ETF_ERR_NOMEM : ETF_ERR_ZLIB;
    }
    return ETF_OK;
}

/* The term's bytes from its first tag: a reader at d->pos. */
static Reader dec_reader(const EtfDec *d, const uint8_t *buf, size_t len) {
    const uint8_t *base = d->compressed ? d->inflated : buf + 1;
    size_t n = d->compressed ? d->size : len - 1;
    return (Reader){base + d->pos, base + n};
}

static EtfResult dec_size(EtfDec *d, const uint8_t *buf, size_t len, long *budget) {
    Reader r = dec_reader(d, buf, len);
    const uint8_t *start = r.p;
    EtfResult e = size_steps(&r, &d->due, &d->words, budget);
    d->pos += (size_t)(r.p - start);
    if (e || d->due > 0) return e;
    if (d->compressed && left(&r) != 0) return ETF_ERR_ZLIB;
    if (!d->compressed) d->used = 1 + d->pos;
    if (!d->want_used && d->used != len) return ETF_ERR_TRAILING;
    d->pos = 0;
    d->phase = DEC_HEAP;
    return ETF_OK;
}

EtfResult etf_dec_step(EtfDec *d, const EtfEnv *env, const uint8_t *buf, size_t len, long *budget) {
    EtfResult e = ETF_OK;
    while (!e && *budget > 0) {
        switch (d->phase) {
        case DEC_START: e = dec_start(d, buf, len); break;
        case DEC_INFLATE: e = dec_inflate(d, buf, len, budget); break;
        case DEC_SIZE: e = dec_size(d, buf, len, budget); break;
        case DEC_HEAP: return ETF_NEED_HEAP;
        case DEC_BUILD: {
            Reader r = dec_reader(d, buf, len);
            const uint8_t *start = r.p;
            d->b.env = env;
            e = build_steps(&d->b, &r, budget);
            d->pos += (size_t)(r.p - start);
            if (!e && d->b.nframes == 0) {
                fill_gap(d->b.hp, d->b.hp_end);
                d->phase = DEC_DONE;
            }
            break;
        }
        default: return ETF_OK;
        }
    }
    if (e) return e;
    if (d->phase == DEC_HEAP) return ETF_NEED_HEAP;
    return d->phase == DEC_DONE ? ETF_OK : ETF_MORE;
}

size_t etf_dec_words(const EtfDec *d) { return d->words; }

EtfResult etf_dec_heap(EtfDec *d, Term *hp) {
    d->b = (Builder){NULL, hp, hp + d->words, &d->oh, NULL, NULL, 0, 0};
    d->phase = DEC_BUILD;
    return push_frame(&d->b, (Frame){&d->result, NULL, 0, 1, FRAME_SEQ, NULL});
}

Term etf_dec_result(EtfDec *d, size_t *used, OffHeap *oh, Term **oh_tail) {
    *used = d->used;
    *oh = d->oh;
    *oh_tail = d->oh.first ? d->b.oh_tail : NULL;
    d->oh.first = NULL;
    d->oh.bytes = 0;
    return d->result;
}

EtfResult etf_decode_literal(const EtfEnv *env, LitArea *area, const uint8_t *buf, size_t len,
                             Term *out) {
    size_t words;
    EtfResult e = etf_size(env, buf, len, &words, NULL);
    if (e) return e;
    Term *hp = lit_alloc(area, words);
    if (!hp) return ETF_ERR_NOMEM;
    return etf_decode_heap(env, buf, len, hp, words, &area->off_heap, out);
}

const char *etf_result_str(EtfResult r) {
    switch (r) {
    case ETF_OK: return "ok";
    case ETF_ERR_TRUNCATED: return "external term ends too soon";
    case ETF_ERR_VERSION: return "external term does not start with version 131";
    case ETF_ERR_TAG: return "unknown or unsupported external term tag";
    case ETF_ERR_ATOM: return "bad atom in external term";
    case ETF_ERR_VALUE: return "field out of range in external term";
    case ETF_ERR_FUN: return "fun in external term cannot be resolved";
    case ETF_ERR_ZLIB: return "compressed external term is corrupt";
    case ETF_ERR_TRAILING: return "bytes left after external term";
    case ETF_ERR_NOMEM: return "out of memory decoding external term";
    case ETF_MORE: return "external term decoding not finished";
    case ETF_NEED_HEAP: return "external term decoding needs its heap";
    }
    return "unknown external term error";
}
