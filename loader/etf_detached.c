/*
 * etf_detached.c: decoder entries without a VM (see etf_detached.h).
 */
#include "etf_detached.h"

#include <stdlib.h>
#include <string.h>

static Export *export_entry(void *ctx, Term module, Term name, uint32_t arity) {
    EtfDetached *d = ctx;
    if (d->refuse) return NULL;
    for (Export *x = d->exports; x; x = x->next)
        if (x->module == module && x->name == name && x->arity == arity) return x;
    Export *x = calloc(1, sizeof *x);
    if (!x) return NULL;
    x->module = module;
    x->name = name;
    x->arity = arity;
    x->next = d->exports;
    d->exports = x;
    return x;
}

static FunEntry *fun_entry(void *ctx, Term module, uint32_t index, uint32_t old_uniq,
                           const uint8_t md5[16], uint32_t arity, uint32_t nfree) {
    EtfDetached *d = ctx;
    if (d->refuse || d->refuse_funs) return NULL;
    static const uint8_t no_md5[16];
    if (!md5) md5 = no_md5;
    for (size_t i = 0; i < d->nfuns; i++) {
        FunEntry *f = d->funs[i];
        if (f->module == module && f->index == index && f->old_uniq == old_uniq &&
            memcmp(f->md5, md5, 16) == 0)
            return f;
    }
    if (d->nfuns == d->capfuns) {
        size_t cap = d->capfuns ? d->capfuns * 2 : 16;
        FunEntry **n = realloc(d->funs, cap * sizeof *n);
        if (!n) return NULL;
        d->funs = n;
        d->capfuns = cap;
    }
    FunEntry *f = calloc(1, sizeof *f);
    if (!f) return NULL;
    f->module = module;
    f->index = index;
    f->old_uniq = old_uniq;
    memcpy(f->md5, md5, 16);
    f->arity = arity;
    f->nfree = nfree;
    d->funs[d->nfuns++] = f;
    return f;
}

void etf_detached_init(EtfDetached *d, AtomTable *atoms) {
    memset(d, 0, sizeof *d);
    d->env.atoms = atoms;
    d->env.export_entry = export_entry;
    d->env.fun_entry = fun_entry;
    d->env.ctx = d;
}

void etf_detached_free(EtfDetached *d) {
    while (d->exports) {
        Export *next = d->exports->next;
        free(d->exports);
        d->exports = next;
    }
    for (size_t i = 0; i < d->nfuns; i++) free(d->funs[i]);
    free(d->funs);
    d->funs = NULL;
    d->nfuns = d->capfuns = 0;
}
