/*
 * beamfile.c: reading a .beam file into its generic form (see beamfile.h).
 *
 * A .beam file is an IFF form: "FOR1", the form's size, "BEAM", then chunks,
 * each a 4-byte id, a 32-bit big-endian size and that many bytes, padded to
 * a multiple of 4.  Unknown chunks are skipped; when an id appears twice
 * the last one counts, as in OTP.  The chunks are parsed in dependency
 * order: the Code header first (labels bound the tables' entry points),
 * then atoms, the tables that name atoms, literals and types, and last the
 * instructions, whose operands refer to all of them.
 *
 * Every count read from the file is checked against the bytes that could
 * hold it before anything is allocated by it, and every failure is a
 * message "FILE: CHUNK: what is wrong".  The compact-term operand decoder
 * lives in compact.c.
 */
#include "beamfile.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "../vm/md5.h"
#include "compact.h"
#include "genops_gen.h"

enum {
    CH_ATU8, CH_ATOM, CH_CODE, CH_STRT, CH_IMPT, CH_EXPT, CH_LOCT, CH_FUNT,
    CH_LITT, CH_LINE, CH_ATTR, CH_CINF, CH_TYPE, CH_META, CH_COUNT
};
static const char CHUNK_IDS[CH_COUNT][5] = {
    "AtU8", "Atom", "Code", "StrT", "ImpT", "ExpT", "LocT", "FunT",
    "LitT", "Line", "Attr", "CInf", "Type", "Meta",
};

/* The largest arity OTP allows a function. */
#define MAX_ARITY 255
/* Bytes of uncompressed literals one byte of zlib data can expand to
 * (deflate's limit is about 1032), and an absolute cap. */
#define ZLIB_MAX_RATIO 1040u
#define LITT_MAX_BYTES (1u << 30)

typedef struct Chunk {
    const uint8_t *data; /* contents (inside the file's bytes), NULL when absent */
    uint32_t size;       /* bytes in data */
} Chunk;

/* State shared by the chunk parsers. */
typedef struct Ctx {
    BeamFile *bf;          /* being filled */
    const EtfEnv *env;     /* atoms and fun/export resolution */
    StrBuf *err;           /* receives the message */
    Chunk ch[CH_COUNT];    /* the chunks girder reads */
    int atom_chunk;        /* CH_ATU8 or CH_ATOM: the one in use */
    const uint8_t *code;   /* instructions (after the Code header) */
    size_t code_len;       /* their bytes */
    size_t code_base;      /* offset of code from the start of the Code chunk */
} Ctx;

static BeamResult fail(Ctx *c, const char *chunk, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static BeamResult fail(Ctx *c, const char *chunk, const char *fmt, ...) {
    if (c->err) {
        sb_printf(c->err, "%s: %s: ", c->bf->filename ? c->bf->filename : "(memory)", chunk);
        va_list ap;
        va_start(ap, fmt);
        sb_vprintf(c->err, fmt, ap);
        va_end(ap);
    }
    return BEAM_ERR_FORMAT;
}

static BeamResult nomem(Ctx *c, const char *chunk) {
    if (c->err)
        sb_printf(c->err, "%s: %s: out of memory", c->bf->filename ? c->bf->filename : "(memory)",
                  chunk);
    return BEAM_ERR_NOMEM;
}

static void reader_init(LdReader *r, const uint8_t *p, size_t len) {
    r->p = r->base = p;
    r->end = p + len;
}

static bool rd32(LdReader *r, uint32_t *out) {
    if (ld_left(r) < 4) return false;
    *out = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
    r->p += 4;
    return true;
}

/* Reads a word whose presence the caller has checked (0 if it was not). */
static uint32_t take32(LdReader *r) {
    uint32_t v = 0;
    rd32(r, &v);
    return v;
}

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* ---- the container ---- */

static void chunk_name(char out[20], const uint8_t *id) {
    int n = 0;
    for (int i = 0; i < 4; i++) {
        if (id[i] >= 0x20 && id[i] < 0x7F && id[i] != '\\')
            out[n++] = (char)id[i];
        else
            n += snprintf(out + n, 20 - (size_t)n, "\\x%02x", id[i]);
    }
    out[n] = 0;
}

static BeamResult read_container(Ctx *c, const uint8_t *data, size_t len) {
    if (len < 12) return fail(c, "header", "file is %zu bytes, too short for a BEAM header", len);
    if (memcmp(data, "FOR1", 4) != 0) return fail(c, "header", "not an IFF file (no FOR1)");
    uint32_t form = be32(data + 4);
    if (memcmp(data + 8, "BEAM", 4) != 0) return fail(c, "header", "IFF form type is not BEAM");
    if (form < 4) return fail(c, "header", "form size %u is too small", form);
    if (form > len - 8)
        return fail(c, "header", "form size %u runs past the end of the file (%zu bytes)", form,
                    len);
    LdReader r;
    reader_init(&r, data, 8 + (size_t)form);
    r.p += 12;
    while (ld_left(&r) > 0) {
        size_t at = ld_offset(&r);
        if (ld_left(&r) < 8) return fail(c, "header", "chunk header at byte %zu is truncated", at);
        char name[20];
        chunk_name(name, r.p);
        uint32_t size = be32(r.p + 4);
        const uint8_t *id = r.p;
        r.p += 8;
        size_t padded = ((size_t)size + 3) & ~(size_t)3;
        if (padded > ld_left(&r))
            return fail(c, name, "chunk size %u at byte %zu runs past the end of the file", size,
                        at);
        for (int i = 0; i < CH_COUNT; i++) {
            if (memcmp(id, CHUNK_IDS[i], 4) == 0) {
                c->ch[i].data = r.p;
                c->ch[i].size = size;
            }
        }
        r.p += padded;
    }
    /* As in OTP, an empty chunk counts as absent. */
    for (int i = 0; i < CH_COUNT; i++)
        if (c->ch[i].size == 0) c->ch[i].data = NULL;
    return BEAM_OK;
}

/* ---- atoms ---- */

static BeamResult read_atoms(Ctx *c) {
    int which = c->ch[CH_ATU8].data ? CH_ATU8 : CH_ATOM;
    const Chunk *ch = &c->ch[which];
    const char *name = CHUNK_IDS[which];
    BeamFile *bf = c->bf;
    if (!ch->data) return fail(c, "AtU8", "the file has no atom table (AtU8 or Atom chunk)");
    c->atom_chunk = which;
    LdReader r;
    reader_init(&r, ch->data, ch->size);
    uint32_t raw;
    if (!rd32(&r, &raw)) return fail(c, name, "atom count is truncated");
    /* OTP 28 writes the count negated when each length is a compact term
     * (so an atom may take more than 255 bytes). */
    int32_t count = (int32_t)raw;
    bool long_lengths = count < 0;
    if (count == INT32_MIN) return fail(c, name, "atom count %d is out of range", count);
    if (long_lengths) count = -count;
    if (count < 1) return fail(c, name, "atom count is 0 (the module name is missing)");
    if ((size_t)count > ld_left(&r))
        return fail(c, name, "atom count %d exceeds the %zu bytes of the chunk", count,
                    ld_left(&r));
    bf->atoms = calloc((size_t)count + 1, sizeof(Term));
    if (!bf->atoms) return nomem(c, name);
    bf->natoms = (uint32_t)count;
    bf->atoms[0] = NIL;
    for (uint32_t i = 1; i <= bf->natoms; i++) {
        UWord alen;
        if (long_lengths) {
            char msg[120];
            LdStatus s = ld_read_u(&r, SIZE_MAX, &alen, "a length", msg, sizeof msg);
            if (s != LD_OK) return fail(c, name, "atom %u %s", i, msg);
        } else {
            if (ld_left(&r) < 1) return fail(c, name, "atom %u is truncated", i);
            alen = *r.p++;
        }
        if (alen > ld_left(&r))
            return fail(c, name, "atom %u (%llu bytes) runs past the end of the chunk", i,
                        (unsigned long long)alen);
        AtomResult ar = which == CH_ATU8
                            ? atom_put(c->env->atoms, (const char *)r.p, (size_t)alen, &bf->atoms[i])
                            : atom_put_latin1(c->env->atoms, (const char *)r.p, (size_t)alen,
                                              &bf->atoms[i]);
        if (ar == ATOM_ERR_NOMEM) return nomem(c, name);
        if (ar != ATOM_OK) return fail(c, name, "atom %u: %s", i, atom_result_str(ar));
        r.p += alen;
    }
    bf->module = bf->atoms[1];
    return BEAM_OK;
}

static bool atom_index_ok(const BeamFile *bf, uint32_t i) { return i >= 1 && i <= bf->natoms; }

/* ---- ImpT, ExpT, LocT, FunT ---- */

/* Reads a table's count and checks that `entry` bytes per entry fit. */
static BeamResult table_count(Ctx *c, const char *name, LdReader *r, size_t entry, uint32_t *n) {
    if (!rd32(r, n)) return fail(c, name, "entry count is truncated");
    if (*n > ld_left(r) / entry)
        return fail(c, name, "%u entries of %zu bytes do not fit in the chunk's %zu bytes", *n,
                    entry, ld_left(r));
    return BEAM_OK;
}

static BeamResult read_imports(Ctx *c) {
    const Chunk *ch = &c->ch[CH_IMPT];
    BeamFile *bf = c->bf;
    if (!ch->data) return fail(c, "ImpT", "the file has no import table");
    LdReader r;
    reader_init(&r, ch->data, ch->size);
    uint32_t n;
    BeamResult res = table_count(c, "ImpT", &r, 12, &n);
    if (res != BEAM_OK) return res;
    bf->imports = calloc(n ? n : 1, sizeof *bf->imports);
    if (!bf->imports) return nomem(c, "ImpT");
    for (uint32_t i = 0; i < n; i++) {
        uint32_t m = take32(&r), f = take32(&r), a = take32(&r);
        if (!atom_index_ok(bf, m) || !atom_index_ok(bf, f))
            return fail(c, "ImpT", "import %u names atom %u or %u, outside the atom table", i, m,
                        f);
        if (a > MAX_ARITY) return fail(c, "ImpT", "import %u has arity %u", i, a);
        bf->imports[i].module = bf->atoms[m];
        bf->imports[i].name = bf->atoms[f];
        bf->imports[i].arity = a;
        bf->nimports = i + 1;
    }
    return BEAM_OK;
}

static BeamResult read_exports(Ctx *c, int which, BeamExport **out, uint32_t *count) {
    const Chunk *ch = &c->ch[which];
    const char *name = CHUNK_IDS[which];
    BeamFile *bf = c->bf;
    *out = NULL;
    *count = 0;
    if (!ch->data) {
        if (which == CH_EXPT) return fail(c, name, "the file has no export table");
        return BEAM_OK;
    }
    LdReader r;
    reader_init(&r, ch->data, ch->size);
    uint32_t n;
    BeamResult res = table_count(c, name, &r, 12, &n);
    if (res != BEAM_OK) return res;
    *out = calloc(n ? n : 1, sizeof **out);
    if (!*out) return nomem(c, name);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t f = take32(&r), a = take32(&r), l = take32(&r);
        if (!atom_index_ok(bf, f))
            return fail(c, name, "entry %u names atom %u, outside the atom table", i, f);
        if (a > MAX_ARITY) return fail(c, name, "entry %u has arity %u", i, a);
        if (l == 0 || l >= bf->nlabels)
            return fail(c, name, "entry %u has label %u, outside 1..%u", i, l, bf->nlabels - 1);
        (*out)[i].name = bf->atoms[f];
        (*out)[i].arity = a;
        (*out)[i].label = l;
        *count = i + 1;
    }
    return BEAM_OK;
}

static BeamResult read_funs(Ctx *c) {
    const Chunk *ch = &c->ch[CH_FUNT];
    BeamFile *bf = c->bf;
    if (!ch->data) return BEAM_OK;
    LdReader r;
    reader_init(&r, ch->data, ch->size);
    uint32_t n;
    BeamResult res = table_count(c, "FunT", &r, 24, &n);
    if (res != BEAM_OK) return res;
    /* The MD5 covers whole entries only; OTP rejects a ragged table. */
    if ((ch->size - 4) % 24 != 0)
        return fail(c, "FunT", "chunk size %u is not 4 plus a multiple of 24", ch->size);
    bf->funs = calloc(n ? n : 1, sizeof *bf->funs);
    if (!bf->funs) return nomem(c, "FunT");
    for (uint32_t i = 0; i < n; i++) {
        uint32_t f = take32(&r), a = take32(&r), l = take32(&r);
        uint32_t idx = take32(&r), nfree = take32(&r), uniq = take32(&r);
        if (!atom_index_ok(bf, f))
            return fail(c, "FunT", "fun %u names atom %u, outside the atom table", i, f);
        if (a > MAX_ARITY || nfree > a)
            return fail(c, "FunT", "fun %u has arity %u with %u free variables", i, a, nfree);
        if (l == 0 || l >= bf->nlabels)
            return fail(c, "FunT", "fun %u has label %u, outside 1..%u", i, l, bf->nlabels - 1);
        bf->funs[i] = (BeamFun){bf->atoms[f], a, l, idx, nfree, uniq};
        bf->nfuns = i + 1;
    }
    return BEAM_OK;
}

/* ---- LitT ---- */

static BeamResult parse_literals(Ctx *c, const uint8_t *p, size_t len) {
    BeamFile *bf = c->bf;
    LdReader r;
    reader_init(&r, p, len);
    uint32_t n;
    BeamResult res = table_count(c, "LitT", &r, 4, &n);
    if (res != BEAM_OK) return res;
    bf->literals = calloc(n ? n : 1, sizeof(Term));
    if (!bf->literals) return nomem(c, "LitT");
    for (uint32_t i = 0; i < n; i++) {
        uint32_t size;
        if (!rd32(&r, &size)) return fail(c, "LitT", "size of literal %u is truncated", i);
        if (size > ld_left(&r))
            return fail(c, "LitT", "literal %u (%u bytes) runs past the end of the table", i,
                        size);
        EtfResult er = etf_decode_literal(c->env, &bf->lit, r.p, size, &bf->literals[i]);
        if (er == ETF_ERR_NOMEM) return nomem(c, "LitT");
        if (er != ETF_OK) return fail(c, "LitT", "literal %u: %s", i, etf_result_str(er));
        r.p += size;
        bf->nliterals = i + 1;
    }
    return BEAM_OK;
}

static BeamResult read_literals(Ctx *c) {
    const Chunk *ch = &c->ch[CH_LITT];
    if (!ch->data) return BEAM_OK;
    if (ch->size < 4) return fail(c, "LitT", "chunk of %u bytes has no size word", ch->size);
    uint32_t usize = be32(ch->data);
    const uint8_t *z = ch->data + 4;
    size_t zlen = ch->size - 4;
    /* A size of 0 means the table is stored uncompressed (a compressed
     * table is never empty: it holds at least its count). */
    if (usize == 0) return parse_literals(c, z, zlen);
    if (usize > LITT_MAX_BYTES || usize / ZLIB_MAX_RATIO > zlen)
        return fail(c, "LitT", "uncompressed size %u is impossible for %zu bytes of zlib data",
                    usize, zlen);
    uint8_t *buf = malloc(usize);
    if (!buf) return nomem(c, "LitT");
    uLongf out = usize;
    int zr = uncompress(buf, &out, z, (uLong)zlen);
    BeamResult res;
    if (zr == Z_MEM_ERROR)
        res = nomem(c, "LitT");
    else if (zr != Z_OK)
        res = fail(c, "LitT", "zlib data is corrupt (%s)", zr == Z_BUF_ERROR ? "larger than its stated size" : "bad stream");
    else if (out != usize)
        res = fail(c, "LitT", "zlib data gives %lu bytes, not the stated %u", (unsigned long)out,
                   usize);
    else
        res = parse_literals(c, buf, usize);
    free(buf);
    return res;
}

/* ---- Line ---- */

/* Checks UTF-8 and counts its code points; -1 when invalid. */
static long utf8_count(const uint8_t *s, size_t n) {
    long count = 0;
    for (size_t i = 0; i < n; count++) {
        unsigned c = s[i], need, cp;
        if (c < 0x80) { i++; continue; }
        if ((c & 0xE0) == 0xC0) { need = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { need = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { need = 3; cp = c & 0x07; }
        else return -1;
        if (n - i <= need) return -1;
        for (unsigned k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return -1;
            cp = cp << 6 | (s[i + k] & 0x3F);
        }
        static const unsigned min_cp[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_cp[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
        i += need + 1;
    }
    return count;
}

/* Builds the charlist of valid UTF-8 bytes (and an optional ASCII suffix)
 * in the literal area; THE_NON_VALUE when out of memory. */
static Term make_charlist(LitArea *lit, const uint8_t *s, size_t n, long chars, const char *suffix) {
    size_t slen = suffix ? strlen(suffix) : 0;
    size_t total = (size_t)chars + slen;
    if (total == 0) return NIL;
    Term *hp = lit_alloc(lit, 2 * total);
    if (!hp) return THE_NON_VALUE;
    size_t k = 0;
    for (size_t i = 0; i < n; k++) {
        unsigned c = s[i], need = c < 0x80 ? 0 : (c & 0xE0) == 0xC0 ? 1 : (c & 0xF0) == 0xE0 ? 2 : 3;
        unsigned cp = need == 0 ? c : c & (0x3F >> need);
        for (unsigned j = 1; j <= need; j++) cp = cp << 6 | (s[i + j] & 0x3F);
        i += need + 1;
        hp[2 * k] = make_small(cp);
        hp[2 * k + 1] = make_list(hp + 2 * k + 2);
    }
    for (size_t j = 0; j < slen; j++, k++) {
        hp[2 * k] = make_small((unsigned char)suffix[j]);
        hp[2 * k + 1] = make_list(hp + 2 * k + 2);
    }
    hp[2 * total - 1] = NIL;
    return make_list(hp);
}

static BeamResult read_line_items(Ctx *c, LdReader *r, uint32_t nitems, uint32_t nnames) {
    BeamFile *bf = c->bf;
    bf->lines[0] = (BeamLine){0, 0};
    uint32_t file = 0;
    for (uint32_t i = 1; i <= nitems;) {
        LdTagged t;
        size_t at = ld_offset(r);
        LdStatus s = ld_read_tagged(r, &t);
        if (s == LD_TRUNCATED) return fail(c, "Line", "line item %u at byte %zu is truncated", i, at);
        if (s != LD_OK) return fail(c, "Line", "line item %u at byte %zu is malformed", i, at);
        if (t.tag == CT_A) {
            if (t.nbytes || t.val > nnames)
                return fail(c, "Line", "file switch at byte %zu names file %llu of %u", at,
                            (unsigned long long)t.val, nnames);
            file = (uint32_t)t.val;
        } else if (t.tag == CT_I) {
            if (t.nbytes || (SWord)t.val < 0 || t.val > UINT32_MAX)
                return fail(c, "Line", "line item %u at byte %zu has line number out of range", i,
                            at);
            bf->lines[i].line = (uint32_t)t.val;
            bf->lines[i].file_index = file;
            i++;
        } else {
            return fail(c, "Line", "line item %u at byte %zu has tag %u, not a or i", i, at, t.tag);
        }
    }
    return BEAM_OK;
}

static BeamResult read_lines(Ctx *c) {
    const Chunk *ch = &c->ch[CH_LINE];
    BeamFile *bf = c->bf;
    if (!ch->data) return BEAM_OK;
    LdReader r;
    reader_init(&r, ch->data, ch->size);
    uint32_t version, nitems, nnames;
    if (!rd32(&r, &version)) return fail(c, "Line", "header is truncated");
    if (version != 0) return BEAM_OK; /* a newer format: OTP ignores it too */
    if (!rd32(&r, &bf->line_flags) || !rd32(&r, &bf->line_instrs) || !rd32(&r, &nitems) ||
        !rd32(&r, &nnames))
        return fail(c, "Line", "header is truncated");
    /* Each item takes a byte at least, each name its 2-byte length. */
    if (nitems > ld_left(&r) || nnames > ld_left(&r) / 2)
        return fail(c, "Line", "%u items and %u names do not fit in the chunk's %zu bytes", nitems,
                    nnames, ld_left(&r));
    bf->lines = calloc((size_t)nitems + 1, sizeof *bf->lines);
    bf->files = calloc((size_t)nnames + 1, sizeof(Term));
    if (!bf->lines || !bf->files) return nomem(c, "Line");
    bf->nlines = nitems + 1;
    BeamResult res = read_line_items(c, &r, nitems, nnames);
    if (res != BEAM_OK) return res;
    /* File 0 is implicit: the module's name with ".erl". */
    const AtomEntry *mod = atom_entry(c->env->atoms, bf->module);
    bf->files[0] = make_charlist(&bf->lit, (const uint8_t *)mod->name, mod->len, mod->chars, ".erl");
    if (bf->files[0] == THE_NON_VALUE) return nomem(c, "Line");
    bf->nfiles = 1;
    for (uint32_t i = 1; i <= nnames; i++) {
        if (ld_left(&r) < 2) return fail(c, "Line", "file name %u is truncated", i);
        int16_t nlen = (int16_t)(r.p[0] << 8 | r.p[1]);
        r.p += 2;
        if (nlen < 0 || (size_t)nlen > ld_left(&r))
            return fail(c, "Line", "file name %u has length %d, past the end of the chunk", i,
                        nlen);
        long chars = utf8_count(r.p, (size_t)nlen);
        if (chars < 0) return fail(c, "Line", "file name %u is not valid UTF-8", i);
        /* An empty name stands for the module's own file, as in OTP. */
        bf->files[i] = nlen == 0 ? bf->files[0]
                                 : make_charlist(&bf->lit, r.p, (size_t)nlen, chars, NULL);
        if (bf->files[i] == THE_NON_VALUE) return nomem(c, "Line");
        r.p += nlen;
        bf->nfiles = i + 1;
    }
    return BEAM_OK;
}

/* ---- Type, Attr, CInf, Meta ---- */

static BeamResult read_types(Ctx *c) {
    const Chunk *ch = &c->ch[CH_TYPE];
    BeamFile *bf = c->bf;
    if (!ch->data) return BEAM_OK;
    LdReader r;
    reader_init(&r, ch->data, ch->size);
    uint32_t version, n;
    if (!rd32(&r, &version)) return fail(c, "Type", "version is truncated");
    bf->types_version = version;
    if (version < 1 || version > 3) return BEAM_OK; /* unknown: registers go untyped */
    size_t min_entry = version == 1 ? 18 : 2;
    BeamResult res = table_count(c, "Type", &r, min_entry, &n);
    if (res != BEAM_OK) return res;
    bf->types = calloc(n ? n : 1, sizeof *bf->types);
    if (!bf->types) return nomem(c, "Type");
    for (uint32_t i = 0; i < n; i++) {
        BeamType *t = &bf->types[i];
        t->min = 0;
        t->max = -1;
        t->unit = 1;
        if (ld_left(&r) < 2) return fail(c, "Type", "type %u is truncated", i);
        t->flags = (uint16_t)(r.p[0] << 8 | r.p[1]);
        r.p += 2;
        /* Version 3 (OTP 27) dropped the match context bit (bit 2): move
         * the bits above it up one, to version 2's layout. */
        if (version == 3) t->flags = (uint16_t)((t->flags & 3u) | (uint16_t)((t->flags & ~3u) << 1));
        if (version == 1) {
            uint64_t hi = take32(&r);
            t->min = (int64_t)(hi << 32 | take32(&r));
            hi = take32(&r);
            t->max = (int64_t)(hi << 32 | take32(&r));
            continue;
        }
        /* Bits 13-15: a lower bound, an upper bound (numbers only) and a
         * unit (bitstrings only) follow. */
        bool number = (t->flags & ((1u << 4) | (1u << 6))) != 0;
        for (int b = 13; b <= 14; b++) {
            if (!(t->flags & (1u << b))) continue;
            if (!number) return fail(c, "Type", "type %u has a range but is not a number", i);
            uint32_t hi, lo;
            if (!rd32(&r, &hi) || !rd32(&r, &lo)) return fail(c, "Type", "type %u is truncated", i);
            int64_t v = (int64_t)((uint64_t)hi << 32 | lo);
            if (b == 13) t->min = v; else t->max = v;
        }
        if (t->flags & (1u << 15)) {
            if (!(t->flags & (1u << 1))) return fail(c, "Type", "type %u has a unit but is not a bitstring", i);
            if (ld_left(&r) < 1) return fail(c, "Type", "type %u is truncated", i);
            t->unit = (uint8_t)(*r.p++ + 1);
        }
    }
    bf->ntypes = n;
    return BEAM_OK;
}

static BeamResult read_term_chunk(Ctx *c, int which, Term *out) {
    const Chunk *ch = &c->ch[which];
    *out = NIL;
    if (!ch->data) return BEAM_OK;
    EtfResult er = etf_decode_literal(c->env, &c->bf->lit, ch->data, ch->size, out);
    if (er == ETF_ERR_NOMEM) return nomem(c, CHUNK_IDS[which]);
    if (er != ETF_OK) {
        *out = NIL;
        return fail(c, CHUNK_IDS[which], "%s", etf_result_str(er));
    }
    return BEAM_OK;
}

/* ---- Code ---- */

static BeamResult read_code_header(Ctx *c) {
    const Chunk *ch = &c->ch[CH_CODE];
    BeamFile *bf = c->bf;
    if (!ch->data) return fail(c, "Code", "the file has no Code chunk");
    LdReader r;
    reader_init(&r, ch->data, ch->size);
    uint32_t hsize;
    if (!rd32(&r, &hsize)) return fail(c, "Code", "header size is truncated");
    if (hsize < 16 || hsize > ld_left(&r))
        return fail(c, "Code", "header size %u is not within 16..%zu", hsize, ld_left(&r));
    bf->instr_set = take32(&r);
    bf->max_opcode = take32(&r);
    bf->nlabels = take32(&r);
    bf->nfunctions = take32(&r);
    c->code_base = 4 + (size_t)hsize;
    c->code = ch->data + c->code_base;
    c->code_len = ch->size - c->code_base;
    if (bf->instr_set != 0)
        return fail(c, "Code", "instruction set %u is not 0", bf->instr_set);
    if (bf->max_opcode > GENOP_MAX)
        return fail(c, "Code",
                    "highest opcode %u is newer than this VM knows (%d): the file needs a "
                    "newer runtime", bf->max_opcode, GENOP_MAX);
    /* A label takes 2 bytes to define and a function at least 6, so larger
     * counts are lies; the bound (with some slack for tiny files) keeps the
     * loader's per-label tables proportional to the input. */
    if (bf->nlabels > c->code_len / 2 + 16)
        return fail(c, "Code", "label count %u is impossible in %zu bytes of code", bf->nlabels,
                    c->code_len);
    if (bf->nfunctions > c->code_len / 6 + 16)
        return fail(c, "Code", "function count %u is impossible in %zu bytes of code",
                    bf->nfunctions, c->code_len);
    return BEAM_OK;
}

static BeamResult read_code(Ctx *c) {
    BeamFile *bf = c->bf;
    LdReader r;
    reader_init(&r, c->code, c->code_len);
    uint32_t cap = 0;
    char msg[160];
    for (;;) {
        size_t at = c->code_base + ld_offset(&r);
        if (ld_left(&r) == 0) return fail(c, "Code", "code ends at byte %zu without int_code_end", at);
        unsigned op = *r.p++;
        if (op == 0 || op > GENOP_MAX || !genop_info[op].name)
            return fail(c, "Code", "unknown opcode %u at byte %zu (instruction %u; this VM knows 1..%d)",
                        op, at, bf->ninstrs, GENOP_MAX);
        if (bf->ninstrs == cap) {
            uint32_t ncap = cap ? cap * 2 : 1024;
            GenInstr *ni = realloc(bf->code, (size_t)ncap * sizeof *ni);
            if (!ni) return nomem(c, "Code");
            bf->code = ni;
            cap = ncap;
        }
        unsigned arity = genop_info[op].arity;
        if (!ld_reserve_args(bf, arity)) return nomem(c, "Code");
        GenInstr *in = &bf->code[bf->ninstrs];
        in->op = (uint16_t)op;
        in->arity = (uint8_t)arity;
        in->args = bf->nargs;
        in->offset = (uint32_t)at;
        bf->nargs += arity;
        for (unsigned k = 0; k < arity; k++) {
            LdPlace place = k + 1 == arity ? LD_LAST_OPERAND : LD_OPERAND;
            LdStatus s = ld_decode_operand(&r, bf, in->args + k, place, msg, sizeof msg);
            if (s != LD_OK)
                return fail(c, "Code", "operand %u of instruction %u (%s) at byte %zu %s", k + 1,
                            bf->ninstrs, genop_info[op].name, at, msg);
        }
        bf->ninstrs++;
        if (op == GENOP_int_code_end) break;
    }
    return BEAM_OK;
}

/* ---- MD5 ---- */

/* module_info(md5) as OTP computes it: the atom, code, string, import,
 * export, fun (with each fun's old_uniq word zeroed: it was derived from a
 * hash that differs between platforms), literal and meta chunks, in that
 * order, contents without padding.  Hashing is left until a caller asks
 * (loader/module_md5.c): loading only gathers those bytes into one block,
 * a copy far cheaper than the digest. */
static BeamResult gather_md5_input(Ctx *c) {
    static const int order[] = {-1, CH_CODE, CH_STRT, CH_IMPT, CH_EXPT, CH_FUNT, CH_LITT, CH_META};
    size_t len = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const Chunk *ch = &c->ch[order[i] < 0 ? c->atom_chunk : order[i]];
        if (ch->data && (order[i] != CH_FUNT || ch->size >= 4)) len += ch->size;
    }
    uint8_t *buf = malloc(len ? len : 1);
    if (!buf) return BEAM_ERR_NOMEM;
    size_t at = 0;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const Chunk *ch = &c->ch[order[i] < 0 ? c->atom_chunk : order[i]];
        if (!ch->data) continue;
        if (order[i] != CH_FUNT) {
            memcpy(buf + at, ch->data, ch->size);
            at += ch->size;
            continue;
        }
        if (ch->size < 4) continue;
        memcpy(buf + at, ch->data, 4);
        at += 4;
        for (size_t off = 4; off + 24 <= ch->size; off += 24) {
            memcpy(buf + at, ch->data + off, 20);
            memset(buf + at + 20, 0, 4);
            at += 24;
        }
    }
    c->bf->md5_input = buf;
    c->bf->md5_input_len = at;
    return BEAM_OK;
}

void beam_md5(const BeamFile *bf, uint8_t digest[16]) {
    md5_digest(bf->md5_input, bf->md5_input_len, digest);
}

/* ---- entry points ---- */

BeamResult beam_read(BeamFile *bf, const EtfEnv *env, const char *filename, const uint8_t *data,
                     size_t len, StrBuf *err) {
    memset(bf, 0, sizeof *bf);
    bf->filename = filename;
    bf->module = bf->attributes = bf->compile_info = NIL;
    lit_init(&bf->lit);
    Ctx c;
    memset(&c, 0, sizeof c);
    c.bf = bf;
    c.env = env;
    c.err = err;
    BeamResult res;
    if ((res = read_container(&c, data, len)) != BEAM_OK ||
        (res = read_code_header(&c)) != BEAM_OK || (res = read_atoms(&c)) != BEAM_OK ||
        (res = read_imports(&c)) != BEAM_OK ||
        (res = read_exports(&c, CH_EXPT, &bf->exports, &bf->nexports)) != BEAM_OK ||
        (res = read_exports(&c, CH_LOCT, &bf->locals, &bf->nlocals)) != BEAM_OK ||
        (res = read_funs(&c)) != BEAM_OK || (res = read_literals(&c)) != BEAM_OK ||
        (res = read_types(&c)) != BEAM_OK || (res = read_lines(&c)) != BEAM_OK ||
        (res = read_term_chunk(&c, CH_ATTR, &bf->attributes)) != BEAM_OK ||
        (res = read_term_chunk(&c, CH_CINF, &bf->compile_info)) != BEAM_OK ||
        (res = read_code(&c)) != BEAM_OK) {
        beam_free(bf);
        return res;
    }
    if (c.ch[CH_STRT].data) {
        bf->strings = c.ch[CH_STRT].data;
        bf->strings_len = c.ch[CH_STRT].size;
    }
    if (c.ch[CH_META].data) {
        bf->meta = c.ch[CH_META].data;
        bf->meta_len = c.ch[CH_META].size;
    }
    if ((res = gather_md5_input(&c)) != BEAM_OK) {
        beam_free(bf);
        return res;
    }
    return BEAM_OK;
}

void beam_free(BeamFile *bf) {
    free(bf->atoms);
    free(bf->imports);
    free(bf->exports);
    free(bf->locals);
    free(bf->funs);
    free(bf->literals);
    free(bf->lines);
    free(bf->files);
    free(bf->types);
    free(bf->code);
    free(bf->args);
    free(bf->md5_input);
    lit_free(&bf->lit);
    const char *filename = bf->filename;
    memset(bf, 0, sizeof *bf);
    bf->filename = filename;
    bf->module = bf->attributes = bf->compile_info = NIL;
    lit_init(&bf->lit);
}
