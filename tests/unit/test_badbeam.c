/*
 * test_badbeam.c: beam_read on real, damaged and hostile .beam files.
 *
 * Real OTP modules (found through GIRDER_OTP_ROOT) must read; every
 * truncated, shrunk-chunk and bit-flipped variant of them must either read
 * or fail with BEAM_ERR_FORMAT and a message that starts with the file's
 * name, and never touch memory it should not (run this test under ASan).
 * Hand-built files check each compact-term form, OTP 28's long atoms,
 * uncompressed literal tables, and hostile counts and sizes.  The random
 * variants use fixed seeds, so a failure repeats.
 */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "atom.h"
#include "beamfile.h"
#include "etf_detached.h"
#include "check.h"
#include "genops_gen.h"
#include "md5.h"

/* ---- an environment for the literal decoder ---- */

/* An atom table and the decoder's entries, shared by a run of reads. */
typedef struct Env {
    AtomTable atoms;  /* atoms of every module read */
    EtfDetached det;  /* export and fun entries; det.env goes to beam_read */
} Env;

static void env_init(Env *e) {
    CHECK(atom_table_init(&e->atoms) == ATOM_OK);
    etf_detached_init(&e->det, &e->atoms);
}

static void env_destroy(Env *e) {
    etf_detached_free(&e->det);
    atom_table_destroy(&e->atoms);
}

/* ---- running beam_read and judging the outcome ---- */

static long variants, variants_ok, variants_rejected;

/* Reads a variant: it must load or be rejected as malformed with a message
 * naming the file.  Returns the result. */
static BeamResult try_read(Env *env, const char *name, const uint8_t *data, size_t len) {
    BeamFile bf;
    StrBuf err = STRBUF_INIT;
    BeamResult r = beam_read(&bf, &env->det.env, name, data, len, &err);
    variants++;
    if (r == BEAM_OK) {
        variants_ok++;
        beam_free(&bf);
    } else {
        variants_rejected++;
        size_t n = strlen(name);
        bool named = strncmp(sb_str(&err), name, n) == 0 && sb_str(&err)[n] == ':';
        if (r != BEAM_ERR_FORMAT || !named) {
            CHECK(r == BEAM_ERR_FORMAT);
            CHECK(named);
            fprintf(stderr, "  variant of %zu bytes: %s\n", len, sb_str(&err));
        }
    }
    sb_free(&err);
    return r;
}

static uint8_t *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static uint32_t be32(const uint8_t *p) {
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

/* A small deterministic generator (xorshift64*). */
static uint64_t rng_state;
static uint64_t rnd(void) {
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ull;
}

/* ---- damaged real modules ---- */

/* The file with chunk number `which` cut to `keep` bytes, sizes fixed up,
 * so the damage reaches that chunk's parser instead of the container's. */
static uint8_t *shrink_chunk(const uint8_t *data, size_t len, int which, size_t keep, size_t *out_len,
                             char id[5]) {
    uint8_t *out = malloc(len);
    if (!out) return NULL;
    memcpy(out, data, 12);
    size_t o = 12, i = 12;
    int k = 0;
    bool found = false;
    while (i + 8 <= len) {
        uint32_t size = be32(data + i + 4);
        size_t padded = ((size_t)size + 3) & ~(size_t)3;
        if (i + 8 + padded > len) break;
        size_t use = size;
        if (k == which) {
            found = true;
            memcpy(id, data + i, 4);
            id[4] = 0;
            if (keep < use) use = keep;
        }
        memcpy(out + o, data + i, 4);
        put32(out + o + 4, (uint32_t)use);
        memcpy(out + o + 8, data + i + 8, use);
        size_t upad = (use + 3) & ~(size_t)3;
        memset(out + o + 8 + use, 0, upad - use);
        o += 8 + upad;
        i += 8 + padded;
        k++;
    }
    if (!found) {
        free(out);
        return NULL;
    }
    put32(out + 4, (uint32_t)(o - 8));
    *out_len = o;
    return out;
}

static void damage_module(const char *path, int flips) {
    size_t len;
    uint8_t *data = slurp(path, &len);
    if (!data) {
        fprintf(stderr, "  skipping %s (cannot read)\n", path);
        return;
    }
    Env env;
    env_init(&env);
    const char *name = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    long before = variants;

    /* The unmodified file reads. */
    BeamFile bf;
    StrBuf err = STRBUF_INIT;
    BeamResult r = beam_read(&bf, &env.det.env, name, data, len, &err);
    CHECK(r == BEAM_OK);
    if (r != BEAM_OK) fprintf(stderr, "  %s\n", sb_str(&err));
    else beam_free(&bf);
    sb_free(&err);

    /* Truncated: every offset near the start, then about 300 spread over
     * the file; once as is, once with the form size patched to match. */
    uint8_t *copy = malloc(len);
    size_t step = len / 300 + 1;
    for (size_t cut = 0; cut < len; cut += cut < 64 ? 1 : step) {
        memcpy(copy, data, cut);
        try_read(&env, name, copy, cut);
        if (cut >= 8) {
            put32(copy + 4, (uint32_t)(cut - 8));
            try_read(&env, name, copy, cut);
        }
    }

    /* Each chunk cut short at several lengths. */
    for (int which = 0; which < 20; which++) {
        static const size_t keeps[] = {0, 1, 3, 4, 5, 7, 8, 11, 12, 16, 19, 20, 24, 33, 64, 100,
                                       257, 1000, 4099};
        for (size_t k = 0; k < sizeof keeps / sizeof keeps[0]; k++) {
            size_t vlen;
            char id[5];
            uint8_t *v = shrink_chunk(data, len, which, keeps[k], &vlen, id);
            if (!v) break;
            try_read(&env, name, v, vlen);
            free(v);
        }
    }

    /* Bit flips and random bytes, from fixed seeds. */
    for (int seed = 1; seed <= flips; seed++) {
        rng_state = 0x9E3779B97F4A7C15ull * (uint64_t)seed ^ len;
        memcpy(copy, data, len);
        int n = 1 + (int)(rnd() % 8);
        for (int j = 0; j < n; j++) {
            size_t at = 12 + (size_t)(rnd() % (len - 12));
            if (rnd() % 4 == 0)
                copy[at] = (uint8_t)rnd();
            else
                copy[at] ^= (uint8_t)(1u << (rnd() % 8));
        }
        try_read(&env, name, copy, len);
    }
    printf("  %s: %zu bytes, %ld variants\n", name, len, variants - before);
    free(copy);
    free(data);
    env_destroy(&env);
}

static void real_modules(void) {
    const char *root = getenv("GIRDER_OTP_ROOT");
    if (!root || !*root) {
        printf("  GIRDER_OTP_ROOT not set: skipping real modules\n");
        return;
    }
    static const char *const patterns[] = {
        "lib/stdlib-*/ebin/lists.beam",       "lib/stdlib-*/ebin/gen_server.beam",
        "lib/stdlib-*/ebin/io_lib_format.beam", "lib/ssl-*/ebin/ssl_cipher.beam",
        "lib/public_key-*/ebin/OTP-PUB-KEY.beam", "lib/compiler-*/ebin/beam_ssa_type.beam",
        "lib/erts-*/ebin/erlang.beam",
    };
    for (size_t i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
        char pat[4096];
        snprintf(pat, sizeof pat, "%s/%s", root, patterns[i]);
        glob_t g;
        if (glob(pat, 0, NULL, &g) != 0 || g.gl_pathc == 0) {
            printf("  no match for %s\n", pat);
            continue;
        }
        /* The big asn1-generated module gets fewer random variants. */
        damage_module(g.gl_pathv[0], strstr(pat, "OTP-PUB-KEY") ? 300 : 1500);
        globfree(&g);
    }
}

/* ---- hand-built files ---- */

/* A growable byte buffer for building files. */
typedef struct Buf {
    uint8_t *p;
    size_t len, cap;
} Buf;

static void put(Buf *b, const void *d, size_t n) {
    if (b->len + n > b->cap) {
        b->cap = (b->len + n) * 2 + 64;
        b->p = realloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, d, n);
    b->len += n;
}
static void put8(Buf *b, unsigned v) {
    uint8_t c = (uint8_t)v;
    put(b, &c, 1);
}
static void put_word(Buf *b, uint32_t v) {
    uint8_t w[4];
    put32(w, v);
    put(b, w, 4);
}

/* A compact term, encoded as OTP's assembler does. */
static void enc(Buf *b, unsigned tag, long long n) {
    if (n >= 0 && n < 16) {
        put8(b, (unsigned)(n << 4) | tag);
        return;
    }
    if (n >= 16 && n < 0x800) {
        put8(b, (unsigned)((n >> 3) & 0xE0) | tag | 0x08);
        put8(b, (unsigned)(n & 0xFF));
        return;
    }
    /* Big-endian two's complement in the fewest bytes (at least 2). */
    uint8_t bytes[9];
    int cnt = 0;
    long long v = n;
    do {
        bytes[8 - cnt++] = (uint8_t)(v & 0xFF);
        v >>= 8;
    } while (!((v == 0 && !(bytes[9 - cnt] & 0x80)) || (v == -1 && (bytes[9 - cnt] & 0x80))) ||
             cnt < 2);
    put8(b, (unsigned)((cnt - 2) << 5) | 0x18 | tag);
    put(b, bytes + 9 - cnt, (size_t)cnt);
}

/* A long compact term from raw big-endian bytes (9 or more). */
static void enc_long(Buf *b, unsigned tag, const uint8_t *bytes, size_t n) {
    put8(b, 0xF8 | tag);
    enc(b, 0, (long long)n - 9);
    put(b, bytes, n);
}

static void chunk(Buf *file, const char *id, const Buf *c) {
    put(file, id, 4);
    put_word(file, (uint32_t)c->len);
    put(file, c->p, c->len);
    static const uint8_t zero[4];
    put(file, zero, (4 - c->len % 4) % 4);
}

/* The parts of a hand-built module; a NULL buffer leaves the chunk out. */
typedef struct Parts {
    Buf atoms, code, imp, exp, lit, type, line, fun, str;
    bool no_atoms, no_code, no_imp, no_exp;
    bool no_end;           /* leave out the final int_code_end */
    const char *atom_id;   /* "AtU8" unless set */
    uint32_t nlabels;
    uint32_t max_opcode;
} Parts;

static void parts_init(Parts *p) {
    memset(p, 0, sizeof *p);
    put_word(&p->atoms, 1);
    put8(&p->atoms, 1);
    put(&p->atoms, "m", 1);
    put_word(&p->imp, 0);
    put_word(&p->exp, 0);
    p->nlabels = 8;
    p->max_opcode = GENOP_MAX;
}

static void parts_free(Parts *p) {
    Buf *bs[] = {&p->atoms, &p->code, &p->imp, &p->exp, &p->lit, &p->type, &p->line, &p->fun, &p->str};
    for (size_t i = 0; i < sizeof bs / sizeof bs[0]; i++) free(bs[i]->p);
}

/* Builds the file: the code buffer holds instructions only; the Code
 * header and a final int_code_end are added. */
static Buf build(const Parts *p) {
    Buf f = {0}, code = {0};
    put_word(&code, 16);
    put_word(&code, 0);
    put_word(&code, p->max_opcode);
    put_word(&code, p->nlabels);
    put_word(&code, 0);
    if (p->code.len) put(&code, p->code.p, p->code.len);
    if (!p->no_end) put8(&code, GENOP_int_code_end);
    put(&f, "FOR1", 4);
    put_word(&f, 0);
    put(&f, "BEAM", 4);
    if (!p->no_atoms) chunk(&f, p->atom_id ? p->atom_id : "AtU8", &p->atoms);
    if (!p->no_code) chunk(&f, "Code", &code);
    if (p->str.len) chunk(&f, "StrT", &p->str);
    if (!p->no_imp) chunk(&f, "ImpT", &p->imp);
    if (!p->no_exp) chunk(&f, "ExpT", &p->exp);
    if (p->fun.len) chunk(&f, "FunT", &p->fun);
    if (p->lit.len) chunk(&f, "LitT", &p->lit);
    if (p->line.len) chunk(&f, "Line", &p->line);
    if (p->type.len) chunk(&f, "Type", &p->type);
    put32(f.p + 4, (uint32_t)(f.len - 8));
    free(code.p);
    return f;
}

/* Reads a built file; `expect_ok` says which outcome is right, and when
 * the read fails `needle` must occur in the message. */
static void expect(Env *env, const Parts *p, bool expect_ok, const char *needle) {
    Buf f = build(p);
    BeamFile bf;
    StrBuf err = STRBUF_INIT;
    BeamResult r = beam_read(&bf, &env->det.env, "hand.beam", f.p, f.len, &err);
    variants++;
    if (expect_ok) {
        CHECK(r == BEAM_OK);
        if (r != BEAM_OK) fprintf(stderr, "  unexpected failure: %s\n", sb_str(&err));
    } else {
        CHECK(r == BEAM_ERR_FORMAT);
        CHECK(strncmp(sb_str(&err), "hand.beam: ", 11) == 0);
        if (needle && !strstr(sb_str(&err), needle)) {
            CHECK(strstr(sb_str(&err), needle) != NULL);
            fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", sb_str(&err), needle);
        }
    }
    if (r == BEAM_OK) beam_free(&bf);
    sb_free(&err);
    free(f.p);
}

/* Reads a built file that must load; the caller frees bf and then file. */
static bool load_built(Env *env, const Parts *p, BeamFile *bf, Buf *file) {
    *file = build(p);
    StrBuf err = STRBUF_INIT;
    BeamResult r = beam_read(bf, &env->det.env, "hand.beam", file->p, file->len, &err);
    variants++;
    CHECK(r == BEAM_OK);
    if (r != BEAM_OK) fprintf(stderr, "  unexpected failure: %s\n", sb_str(&err));
    sb_free(&err);
    return r == BEAM_OK;
}

static void test_forms(Env *env) {
    Parts p;
    parts_init(&p);
    /* A literal table stored uncompressed (size word 0): [the atom b]. */
    put_word(&p.lit, 0);
    put_word(&p.lit, 1);
    put_word(&p.lit, 4);
    put(&p.lit, "\x83\x77\x01" "b", 4);
    /* Type chunk version 1: two entries, the second an integer 1..9. */
    put_word(&p.type, 1);
    put_word(&p.type, 2);
    put(&p.type, "\x1f\xff", 2);
    put_word(&p.type, 0), put_word(&p.type, 0), put_word(&p.type, 0xFFFFFFFF), put_word(&p.type, 0xFFFFFFFF);
    put(&p.type, "\x00\x40", 2);
    put_word(&p.type, 0), put_word(&p.type, 1), put_word(&p.type, 0), put_word(&p.type, 9);

    /* move/2 with each source form, into x0. */
    const uint8_t big9[9] = {0x01, 0, 0, 0, 0, 0, 0, 0, 0};                    /* 2^64 */
    const uint8_t neg9[9] = {0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}; /* -2^64-1... */
    long long ints[] = {0, 15, 16, 2047, 2048, -1, -16, -2048, 1LL << 40, -(1LL << 40),
                        (1LL << 59) - 1, -(1LL << 59), 1LL << 59, -(1LL << 59) - 1, INT64_MAX,
                        INT64_MIN};
    size_t nints = sizeof ints / sizeof ints[0];
    for (size_t i = 0; i < nints; i++) {
        put8(&p.code, GENOP_move);
        enc(&p.code, 1, ints[i]);
        enc(&p.code, 3, 0);
    }
    put8(&p.code, GENOP_move), enc_long(&p.code, 1, big9, 9), enc(&p.code, 3, 1);
    put8(&p.code, GENOP_move), enc_long(&p.code, 1, neg9, 9), enc(&p.code, 3, 1);
    put8(&p.code, GENOP_move), enc(&p.code, 2, 0), enc(&p.code, 4, 1023);  /* nil -> y1023 */
    put8(&p.code, GENOP_move), enc(&p.code, 2, 1), enc(&p.code, 3, 5);     /* atom m */
    put8(&p.code, GENOP_move), enc(&p.code, 7, 4), enc(&p.code, 0, 0), enc(&p.code, 3, 2); /* literal */
    put8(&p.code, GENOP_move), enc(&p.code, 6, 233), enc(&p.code, 3, 2);   /* char */
    /* fmove {float,2.5} {fr,3} in the old float form. */
    put8(&p.code, GENOP_fmove), enc(&p.code, 7, 0);
    put(&p.code, "\x40\x04\x00\x00\x00\x00\x00\x00", 8);
    enc(&p.code, 7, 2), enc(&p.code, 0, 3);
    /* test_heap {alloc,[{words,3},{floats,1},{funs,2}]} 2 */
    put8(&p.code, GENOP_test_heap), enc(&p.code, 7, 3), enc(&p.code, 0, 3);
    enc(&p.code, 0, 0), enc(&p.code, 0, 3), enc(&p.code, 0, 1), enc(&p.code, 0, 1);
    enc(&p.code, 0, 2), enc(&p.code, 0, 2), enc(&p.code, 0, 2);
    /* select_val {tr,{x,0},1} {f,1} {list,[{integer,1},{f,2},{atom,m},{f,3}]} */
    put8(&p.code, GENOP_select_val), enc(&p.code, 7, 5), enc(&p.code, 3, 0), enc(&p.code, 0, 1);
    enc(&p.code, 5, 1), enc(&p.code, 7, 1), enc(&p.code, 0, 4);
    enc(&p.code, 1, 1), enc(&p.code, 5, 2), enc(&p.code, 2, 1), enc(&p.code, 5, 3);

    BeamFile bf;
    Buf file;
    if (load_built(env, &p, &bf, &file)) {
        CHECK_EQ_INT(bf.ninstrs, nints + 10);
        for (size_t i = 0; i < nints; i++) {
            const GenArg *a = &bf.args[bf.code[i].args];
            CHECK_EQ_INT(a->kind, ARG_INT);
            if (small_fits(ints[i])) {
                CHECK(is_small(a->term) && small_val(a->term) == ints[i]);
            } else {
                CHECK(is_big(a->term) && big_limbs(a->term) == 1);
                UWord mag = ints[i] < 0 ? -(UWord)ints[i] : (UWord)ints[i];
                CHECK(big_digits(a->term)[0] == mag && big_negative(a->term) == (ints[i] < 0));
            }
        }
        const GenArg *a = &bf.args[bf.code[nints].args];
        CHECK(is_big(a->term) && !big_negative(a->term) && big_limbs(a->term) == 2);
        CHECK(big_digits(a->term)[0] == 0 && big_digits(a->term)[1] == 1);
        a = &bf.args[bf.code[nints + 1].args]; /* 0xFEFF..FF = -(2^64 + 1) */
        CHECK(is_big(a->term) && big_negative(a->term) && big_limbs(a->term) == 2);
        CHECK(big_digits(a->term)[0] == 1 && big_digits(a->term)[1] == 1);
        a = &bf.args[bf.code[nints + 2].args];
        CHECK(a[0].kind == ARG_NIL && a[1].kind == ARG_Y && a[1].val == 1023);
        a = &bf.args[bf.code[nints + 3].args];
        CHECK(a[0].kind == ARG_ATOM && a[0].term == bf.module && a[1].kind == ARG_X && a[1].val == 5);
        a = &bf.args[bf.code[nints + 4].args];
        CHECK(a[0].kind == ARG_LITERAL && is_atom(a[0].term));
        if (is_atom(a[0].term)) CHECK_EQ_STR(atom_name(&env->atoms, a[0].term), "b");
        a = &bf.args[bf.code[nints + 5].args];
        CHECK(a[0].kind == ARG_CHAR && a[0].val == 233);
        a = &bf.args[bf.code[nints + 6].args];
        CHECK(a[0].kind == ARG_FLOAT && float_val(a[0].term) == 2.5);
        CHECK(a[1].kind == ARG_FR && a[1].val == 3);
        a = &bf.args[bf.code[nints + 7].args];
        CHECK(a[0].kind == ARG_ALLOC && a[0].val == 3 && a[0].count == 1 && a[0].aux == 2);
        CHECK(a[1].kind == ARG_U && a[1].val == 2);
        a = &bf.args[bf.code[nints + 8].args];
        CHECK(a[0].kind == ARG_TR && a[0].reg == ARG_X && a[0].val == 0 && a[0].aux == 1);
        CHECK(a[1].kind == ARG_LABEL && a[1].val == 1);
        CHECK(a[2].kind == ARG_LIST && a[2].count == 4);
        if (a[2].kind == ARG_LIST && a[2].count == 4) {
            const GenArg *l = &bf.args[a[2].val];
            CHECK(l[0].kind == ARG_INT && l[0].term == make_small(1));
            CHECK(l[1].kind == ARG_LABEL && l[1].val == 2);
            CHECK(l[2].kind == ARG_ATOM && l[3].kind == ARG_LABEL && l[3].val == 3);
        }
        CHECK(bf.code[nints + 9].op == GENOP_int_code_end);
        CHECK_EQ_INT(bf.ntypes, 2);
        CHECK(bf.types && bf.types[1].flags == 0x40 && bf.types[1].min == 1 && bf.types[1].max == 9);
        beam_free(&bf);
    }
    free(file.p);
    parts_free(&p);
}

/* OTP 28 atom tables: a negative count, compact lengths, long atoms. */
static void test_long_atoms(Env *env) {
    Parts p;
    parts_init(&p);
    free(p.atoms.p);
    memset(&p.atoms, 0, sizeof p.atoms);
    put_word(&p.atoms, (uint32_t)-2);
    enc(&p.atoms, 0, 1);
    put(&p.atoms, "m", 1);
    char name[1100];
    for (int i = 0; i < 255; i++) memcpy(name + 4 * i, "\xf0\x9f\x98\x80", 4); /* U+1F600 */
    enc(&p.atoms, 0, 1020);
    put(&p.atoms, name, 1020);
    put8(&p.code, GENOP_move), enc(&p.code, 2, 2), enc(&p.code, 3, 0);
    BeamFile bf;
    Buf file;
    if (load_built(env, &p, &bf, &file)) {
        CHECK_EQ_INT(bf.natoms, 2);
        CHECK_EQ_INT(atom_entry(&env->atoms, bf.atoms[2])->chars, 255);
        CHECK(bf.args[bf.code[0].args].term == bf.atoms[2]);
        beam_free(&bf);
    }
    free(file.p);
    /* 256 characters are one too many. */
    p.atoms.len = 4;
    enc(&p.atoms, 0, 1);
    put(&p.atoms, "m", 1);
    memset(name, 'x', 256);
    enc(&p.atoms, 0, 256);
    put(&p.atoms, name, 256);
    expect(env, &p, false, "AtU8: atom 2");
    /* A length running past the chunk. */
    p.atoms.len = 4;
    enc(&p.atoms, 0, 1);
    put(&p.atoms, "m", 1);
    enc(&p.atoms, 0, 2000);
    put(&p.atoms, name, 10);
    expect(env, &p, false, "AtU8: atom 2");
    parts_free(&p);
}

/* Counts and sizes that promise more than the file holds. */
static void test_hostile(Env *env) {
    Parts p;

#define VARIANT(setup, ok, needle)        \
    do {                                  \
        parts_init(&p);                   \
        setup;                            \
        expect(env, &p, ok, needle);      \
        parts_free(&p);                   \
    } while (0)

    VARIANT((void)0, true, NULL);
    VARIANT(p.imp.len = 0; put_word(&p.imp, 0x7FFFFFFF), false, "ImpT");
    VARIANT(p.exp.len = 0; put_word(&p.exp, 0xFFFFFFFF), false, "ExpT");
    VARIANT(p.atoms.len = 0; put_word(&p.atoms, 0x7FFFFFFF), false, "AtU8: atom count");
    VARIANT(p.atoms.len = 0; put_word(&p.atoms, 0x80000000), false, "AtU8");
    VARIANT(p.atoms.len = 0; put_word(&p.atoms, 0), false, "AtU8");
    VARIANT(p.atoms.len = 0, false, "AtU8");
    VARIANT(p.imp.len = 0, false, "ImpT");
    VARIANT(p.no_imp = true, false, "ImpT");
    VARIANT(p.no_code = true, false, "Code");
    VARIANT(p.no_atoms = true, false, "atom table");
    VARIANT(p.atom_id = "Atom", true, NULL);
    VARIANT(put_word(&p.fun, 0x10000000), false, "FunT");
    VARIANT(put_word(&p.lit, 0); put_word(&p.lit, 0x7FFFFFFF), false, "LitT");
    VARIANT(put_word(&p.lit, 0xFFFFFFF0); put(&p.lit, "\x78\x9c", 2), false, "LitT");
    VARIANT(put_word(&p.lit, 100); put(&p.lit, "\x78\x9c\x01\x02\x03", 5), false, "LitT: zlib");
    VARIANT(put_word(&p.lit, 0); put_word(&p.lit, 1); put_word(&p.lit, 1000), false, "LitT: literal 0");
    VARIANT(put_word(&p.line, 0); put_word(&p.line, 0); put_word(&p.line, 0); put_word(&p.line, 0x7FFFFFFF);
            put_word(&p.line, 0), false, "Line");
    VARIANT(put_word(&p.line, 0); put_word(&p.line, 0); put_word(&p.line, 0); put_word(&p.line, 2);
            put_word(&p.line, 1); enc(&p.line, 2, 1); enc(&p.line, 1, 7); enc(&p.line, 1, 9);
            put(&p.line, "\x00\x03" "a.e", 5), true, NULL);
    VARIANT(put_word(&p.line, 0); put_word(&p.line, 0); put_word(&p.line, 0); put_word(&p.line, 1);
            put_word(&p.line, 0); enc(&p.line, 2, 3); enc(&p.line, 1, 7), false, "Line: file switch");
    VARIANT(put_word(&p.type, 1); put_word(&p.type, 0x7FFFFFFF), false, "Type");
    VARIANT(put_word(&p.type, 99); put_word(&p.type, 0x7FFFFFFF), true, NULL); /* unknown version: ignored */
    VARIANT(p.nlabels = 0x7FFFFFFF, false, "label count");
    VARIANT(p.max_opcode = GENOP_MAX + 1, false, "highest opcode");
    VARIANT(put8(&p.code, GENOP_MAX + 1), false, "unknown opcode");
    VARIANT(put8(&p.code, 0), false, "unknown opcode 0");
    /* Operands: truncated, out of range, malformed. */
    VARIANT(p.no_end = true; put8(&p.code, GENOP_move); enc(&p.code, 3, 0), false,
            "operand 2 of instruction 0 (move) at byte 20 is truncated");
    VARIANT(p.no_end = true; put8(&p.code, GENOP_move); put8(&p.code, 0xF8 | 1), false,
            "is truncated");
    VARIANT(p.no_end = true, false, "without int_code_end");
    VARIANT(put8(&p.code, GENOP_move); put8(&p.code, 0xF8 | 1); put8(&p.code, 0xF8);
            put8(&p.code, 0x10), false, "length");
    VARIANT(put8(&p.code, GENOP_move); put8(&p.code, 0xF8 | 1); enc(&p.code, 0, 0x7FFFFFF0),
            false, "is truncated");
    VARIANT(put8(&p.code, GENOP_move); enc(&p.code, 2, 9); enc(&p.code, 3, 0), false, "atom 9");
    VARIANT(put8(&p.code, GENOP_move); enc(&p.code, 3, 1024); enc(&p.code, 3, 0), false, "register 1024");
    VARIANT(put8(&p.code, GENOP_jump); enc(&p.code, 5, 8), false, "label 8");
    VARIANT(put8(&p.code, GENOP_move); enc(&p.code, 7, 4); enc(&p.code, 0, 0); enc(&p.code, 3, 0),
            false, "literal 0");
    VARIANT(put8(&p.code, GENOP_move); enc(&p.code, 7, 9); enc(&p.code, 3, 0), false, "extended tag 9");
    VARIANT(put8(&p.code, GENOP_move); enc(&p.code, 7, 5); enc(&p.code, 2, 1); enc(&p.code, 0, 0);
            enc(&p.code, 3, 0), false, "typed register");
    VARIANT(put8(&p.code, GENOP_move); enc(&p.code, 7, 0); put(&p.code, "\0\0\0", 3), false,
            "is truncated");
    /* Lists: too long for the bytes left, nested, not last. */
    VARIANT(put8(&p.code, GENOP_select_val); enc(&p.code, 3, 0); enc(&p.code, 5, 1);
            enc(&p.code, 7, 1); enc(&p.code, 0, 0x7FFFFFFF), false, "list of 2147483647");
    VARIANT(put8(&p.code, GENOP_select_val); enc(&p.code, 3, 0); enc(&p.code, 5, 1);
            enc(&p.code, 7, 1); enc(&p.code, 0, 2); enc(&p.code, 7, 1); enc(&p.code, 0, 0);
            enc(&p.code, 5, 1), false, "nested");
    VARIANT(put8(&p.code, GENOP_move); enc(&p.code, 7, 1); enc(&p.code, 0, 0); enc(&p.code, 3, 0),
            false, "not the last operand");
    VARIANT(put8(&p.code, GENOP_test_heap); enc(&p.code, 7, 3); enc(&p.code, 0, 1);
            enc(&p.code, 0, 7); enc(&p.code, 0, 1); enc(&p.code, 0, 0), false, "allocation kind");
    /* Deep lists of lists are refused at the first nesting, whatever the depth. */
    VARIANT(put8(&p.code, GENOP_select_val); enc(&p.code, 3, 0); enc(&p.code, 5, 1);
            for (int i = 0; i < 10000; i++) { enc(&p.code, 7, 1); enc(&p.code, 0, 1); },
            false, "nested");
#undef VARIANT

    /* Container damage. */
    Buf f = {0};
    put(&f, "FOR1\0\0\0\x10" "BEAMAtU8\x7f\0\0\0", 20);
    CHECK(try_read(env, "hand.beam", f.p, f.len) == BEAM_ERR_FORMAT);
    f.len = 0;
    put(&f, "FOR1\x7f\0\0\0BEAM", 12);
    CHECK(try_read(env, "hand.beam", f.p, f.len) == BEAM_ERR_FORMAT);
    f.len = 0;
    put(&f, "FOR2\0\0\0\x04" "BEAM", 12);
    CHECK(try_read(env, "hand.beam", f.p, f.len) == BEAM_ERR_FORMAT);
    CHECK(try_read(env, "hand.beam", f.p, 0) == BEAM_ERR_FORMAT);
    free(f.p);
}

static void test_md5(void) {
    static const struct { const char *in, *hex; } v[] = {
        {"", "d41d8cd98f00b204e9800998ecf8427e"},
        {"abc", "900150983cd24fb0d6963f7d28e17f72"},
        {"message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
        {"12345678901234567890123456789012345678901234567890123456789012345678901234567890",
         "57edf4a22be3c955ac49da2e2107b67a"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        uint8_t d[16];
        char hex[33];
        /* Fed in pieces, to cross the 64-byte block boundary unevenly. */
        Md5Ctx c;
        md5_init(&c);
        size_t n = strlen(v[i].in);
        for (size_t k = 0; k < n; k += 7) md5_update(&c, v[i].in + k, n - k < 7 ? n - k : 7);
        md5_final(&c, d);
        for (int j = 0; j < 16; j++) sprintf(hex + 2 * j, "%02x", d[j]);
        CHECK_EQ_STR(hex, v[i].hex);
    }
}

int main(void) {
    test_md5();
    Env env;
    env_init(&env);
    test_forms(&env);
    test_long_atoms(&env);
    test_hostile(&env);
    env_destroy(&env);
    real_modules();
    printf("  %ld variants read: %ld loaded, %ld rejected\n", variants, variants_ok,
           variants_rejected);
    return check_report("badbeam");
}
