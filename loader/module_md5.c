/*
 * module_md5.c: a loaded module's MD5 (module_info(md5), the NEW_FUN_EXT
 * uniq of its funs), digested the first time something asks.
 *
 * Loading only gathers the bytes to digest (beamfile.c); most modules are
 * never asked, and the digest cost more than the rest of their loading.
 * The first caller digests and frees the bytes; a caller on another
 * scheduler that comes meanwhile waits for it (the digest of one module
 * takes microseconds), so every caller sees the one finished digest.
 */
#include <threads.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "../vm/md5.h"
#include "load.h"

/* The digest is a cache: filling it does not change what the module is,
 * so callers holding a const Module may ask. */
const uint8_t *ld_module_md5(const Module *cm) {
    Module *m = (Module *)(uintptr_t)cm;
    int state = atomic_load_explicit(&m->md5_state, memory_order_acquire);
    if (state == MD5_DONE) return m->md5;
    int expect = MD5_PENDING;
    if (atomic_compare_exchange_strong(&m->md5_state, &expect, MD5_DIGESTING)) {
        md5_digest(m->md5_input, m->md5_input_len, m->md5);
        free(m->md5_input);
        m->md5_input = NULL;
        atomic_store_explicit(&m->md5_state, MD5_DONE, memory_order_release);
        return m->md5;
    }
    while (atomic_load_explicit(&m->md5_state, memory_order_acquire) != MD5_DONE) thrd_yield();
    return m->md5;
}

const uint8_t *ld_fun_md5(const FunEntry *fe) {
    return fe->md5_lazy ? ld_module_md5(fe->owner) : fe->md5;
}
