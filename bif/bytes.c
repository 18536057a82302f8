/*
 * bytes.c: the bytes of binaries and iodata (see bytes.h).
 */
#include <stdlib.h>

#include "bytes.h"

bool bytes_of_binary(Term t, const uint8_t **data, size_t *len, uint8_t **owned) {
    *owned = NULL;
    if (!is_binary_any(t)) return false;
    const unsigned char *base;
    UWord off, bits;
    binary_get(t, &base, &off, &bits);
    if (bits % 8) return false;
    size_t n = bits / 8;
    *len = n;
    if (off % 8 == 0) {
        *data = base + off / 8;
        return true;
    }
    uint8_t *copy = malloc(n ? n : 1);
    if (!copy) return false;
    const unsigned char *s = base + off / 8;
    unsigned sh = off % 8;
    for (size_t i = 0; i < n; i++) copy[i] = (uint8_t)((s[i] << sh) | (s[i + 1] >> (8 - sh)));
    *owned = copy;
    *data = copy;
    return true;
}

/* Hands one binary to the sink. */
static BytesResult walk_binary(Term t, BytesSink sink, void *ctx) {
    const uint8_t *d;
    size_t n;
    uint8_t *owned;
    if (!bytes_of_binary(t, &d, &n, &owned)) return BYTES_BADARG;
    bool go = n == 0 || sink(ctx, d, n);
    free(owned);
    return go ? BYTES_OK : BYTES_STOPPED;
}

/* Hands a binary part (element or tail) of an iolist to the visitor, after
 * the run of bytes before it. */
static BytesResult visit_binary(Term t, const IolistVisitor *v, void *ctx, const uint8_t *run,
                                size_t *nrun) {
    if (!is_binary_any(t) || !(v->allow_bits || is_binary(t))) return BYTES_BADARG;
    if (*nrun) {
        BytesResult r = v->run(ctx, run, *nrun);
        if (r != BYTES_OK) return r;
        *nrun = 0;
    }
    return v->binary(ctx, t);
}

BytesResult bytes_iolist_visit(Term t, const IolistVisitor *v, void *ctx) {
    if (is_binary_any(t)) return v->allow_bits || is_binary(t) ? v->binary(ctx, t) : BYTES_BADARG;
    if (!is_list(t) && !is_nil(t)) return BYTES_BADARG;
    /* Explicit stack of list tails still to walk. */
    size_t cap = 16, depth = 0;
    Term *stack = malloc(cap * sizeof *stack);
    if (!stack) return BYTES_NOMEM;
    uint8_t run[256];
    size_t nrun = 0;
    BytesResult r = BYTES_OK;
    Term cur = t;
    for (;;) {
        if (is_list(cur)) {
            Term *c = list_ptr(cur);
            Term h = CAR(c);
            cur = CDR(c);
            if (is_small(h)) {
                SWord val = small_val(h);
                if (val < 0 || val > 255) { r = BYTES_BADARG; break; }
                run[nrun++] = (uint8_t)val;
                if (nrun == sizeof run) {
                    r = v->run(ctx, run, nrun);
                    if (r != BYTES_OK) break;
                    nrun = 0;
                }
            } else if (is_list(h) || is_nil(h)) {
                if (depth == cap) {
                    Term *ns = realloc(stack, 2 * cap * sizeof *stack);
                    if (!ns) { r = BYTES_NOMEM; break; }
                    stack = ns;
                    cap *= 2;
                }
                stack[depth++] = cur;
                cur = h;
            } else {
                r = visit_binary(h, v, ctx, run, &nrun);
                if (r != BYTES_OK) break;
            }
            continue;
        }
        /* End of a list: [] or a binary tail. */
        if (!is_nil(cur)) {
            r = visit_binary(cur, v, ctx, run, &nrun);
            if (r != BYTES_OK) break;
        }
        if (depth == 0) break;
        cur = stack[--depth];
    }
    if (r == BYTES_OK && nrun) r = v->run(ctx, run, nrun);
    free(stack);
    return r;
}

/* bytes_iodata_walk's visitor: the sink and its context. */
typedef struct SinkCtx {
    BytesSink sink;
    void *ctx;
} SinkCtx;

static BytesResult sink_run(void *ctx, const uint8_t *data, size_t len) {
    SinkCtx *s = ctx;
    return s->sink(s->ctx, data, len) ? BYTES_OK : BYTES_STOPPED;
}

static BytesResult sink_binary(void *ctx, Term t) {
    SinkCtx *s = ctx;
    return walk_binary(t, s->sink, s->ctx);
}

BytesResult bytes_iodata_walk(Term t, BytesSink sink, void *ctx) {
    static const IolistVisitor v = {false, sink_run, sink_binary};
    SinkCtx s = {sink, ctx};
    return bytes_iolist_visit(t, &v, &s);
}

size_t bytes_put_utf8(uint8_t *out, uint32_t cp) {
    if (cp < 0x80) {
        out[0] = (uint8_t)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (uint8_t)(0xC0 | (cp >> 6));
        out[1] = (uint8_t)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (uint8_t)(0xE0 | (cp >> 12));
        out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (uint8_t)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (uint8_t)(0xF0 | (cp >> 18));
    out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (uint8_t)(0x80 | (cp & 0x3F));
    return 4;
}
