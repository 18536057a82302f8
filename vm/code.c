/*
 * code.c: the module table and the code path.
 *
 * Each module name has a slot with its current and old version.  Loading
 * publishes a new version by pointing the export entries of its exported
 * functions at the new code (natives keep precedence: an exported stub of
 * a function girder implements natively, such as lists:reverse/2, is never
 * called).  Modules are found on the code path the first time they are
 * called.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../loader/beamfile.h"
#include "../loader/load.h"
#include "ops_gen.h"
#include "vm.h"

static ModuleSlot *find_slot(girder_vm *vm, Term name) {
    for (size_t i = 0; i < vm->nmodules; i++)
        if (vm->modules[i].name == name) return &vm->modules[i];
    return NULL;
}

Module *code_current(girder_vm *vm, Term module) {
    pthread_mutex_lock(&vm->code_lock);
    ModuleSlot *s = find_slot(vm, module);
    Module *m = s ? s->current : NULL;
    pthread_mutex_unlock(&vm->code_lock);
    return m;
}

static Export *etf_export_cb(void *ctx, Term module, Term name, uint32_t arity) {
    return export_get((girder_vm *)ctx, module, name, arity);
}

static FunEntry *etf_fun_cb(void *ctx, Term module, uint32_t index, uint32_t old_uniq,
                            const uint8_t md5[16], uint32_t arity, uint32_t nfree) {
    Module *m = code_current((girder_vm *)ctx, module);
    (void)md5;
    (void)arity;
    (void)nfree;
    if (!m) return NULL;
    for (uint32_t i = 0; i < m->nfuns; i++)
        if (m->funs[i]->index == index && m->funs[i]->old_uniq == old_uniq) return m->funs[i];
    return NULL;
}

/* A native function replaces its module's stub for remote calls through
 * the export entry; local calls reach the stub's code, so its entry is
 * made to jump to a call of the native (the stub is at least two words).
 * Each entry of native_calls is NATIVE_CALL_WORDS long: the call, then
 * the two words of the stub it overwrote (for the disassembler). */
static bool redirect_native_stubs(girder_vm *vm, Module *m, StrBuf *err) {
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->nexports; i++) n += m->exports[i]->bif != NULL;
    if (!n) return true;
    m->native_calls = malloc(n * NATIVE_CALL_WORDS * sizeof(Instr));
    if (!m->native_calls) {
        sb_printf(err, "out of memory");
        return false;
    }
    m->nnative_calls = n;
    Instr *t = m->native_calls;
    for (uint32_t i = 0; i < m->nexports; i++) {
        Export *e = m->exports[i];
        if (!e->bif) continue;
        t[0] = vm->op_addr ? (Instr)(uintptr_t)vm->op_addr[OP_call_bif_only] : OP_call_bif_only;
        t[1] = e->arity;
        t[2] = (Instr)(uintptr_t)e->bif;
        t[3] = (Instr)(uintptr_t)e;
        Instr *entry = (Instr *)(uintptr_t)m->export_code[i];
        t[4] = entry[0];
        t[5] = entry[1];
        entry[0] = vm->op_addr ? (Instr)(uintptr_t)vm->op_addr[OP_jump] : OP_jump;
        entry[1] = (Instr)(uintptr_t)t;
        t += NATIVE_CALL_WORDS;
    }
    return true;
}

static bool publish(girder_vm *vm, Module *m, StrBuf *err) {
    ModuleSlot *s = find_slot(vm, m->name);
    if (!s) {
        if (vm->nmodules == vm->cap_modules) {
            size_t cap = vm->cap_modules ? vm->cap_modules * 2 : 64;
            ModuleSlot *n = realloc(vm->modules, cap * sizeof *n);
            if (!n) {
                sb_puts(err, "out of memory");
                return false;
            }
            vm->modules = n;
            vm->cap_modules = cap;
        }
        s = &vm->modules[vm->nmodules++];
        s->name = m->name;
        s->current = s->old = NULL;
    }
    Module *prev = s->current;
    if (prev) {
        /* Exports the new version drops stop being callable. */
        for (uint32_t i = 0; i < prev->nexports; i++) prev->exports[i]->code = NULL;
        if (s->old) ld_module_free(s->old); /* no process scheduling yet: nothing runs in it */
        s->old = prev;
    }
    s->current = m;
    /* A module with an on_load function becomes callable when the function
     * has returned ok (vm/onload.h). */
    for (uint32_t i = 0; i < m->nexports && !m->on_load; i++)
        if (!m->exports[i]->bif) m->exports[i]->code = m->export_code[i];
    return redirect_native_stubs(vm, m, err);
}

bool code_load_binary(girder_vm *vm, const char *filename, const uint8_t *data, size_t len,
                      Term *module_out, StrBuf *err) {
    EtfEnv env = {&vm->atoms, etf_export_cb, etf_fun_cb, vm, false};
    BeamFile bf;
    pthread_mutex_lock(&vm->code_lock);
    if (beam_read(&bf, &env, filename, data, len, err) != BEAM_OK) {
        pthread_mutex_unlock(&vm->code_lock);
        return false;
    }
    Module *m = ld_load(vm, &bf, err);
    beam_free(&bf);
    bool ok = m && publish(vm, m, err);
    if (m && !ok) ld_module_free(m);
    pthread_mutex_unlock(&vm->code_lock);
    if (ok && module_out) *module_out = m->name;
    return ok;
}

uint8_t *code_read_file(const char *path, size_t *len, int *errno_out, StrBuf *err) {
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno_out) *errno_out = errno;
        sb_printf(err, "%s: %s", path, strerror(errno));
        return NULL;
    }
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *b = realloc(buf, cap);
            if (!b) {
                free(buf);
                fclose(f);
                if (errno_out) *errno_out = ENOMEM;
                sb_printf(err, "%s: out of memory", path);
                return NULL;
            }
            buf = b;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(buf);
        if (errno_out) *errno_out = EIO;
        sb_printf(err, "%s: read error", path);
        return NULL;
    }
    if (errno_out) *errno_out = 0;
    *len = n;
    return buf;
}

bool code_load_file(girder_vm *vm, const char *path, Term *module_out, StrBuf *err) {
    size_t len;
    uint8_t *data = code_read_file(path, &len, NULL, err);
    if (!data) return false;
    bool ok = code_load_binary(vm, path, data, len, module_out, err);
    free(data);
    return ok;
}

static bool ensure_loaded_locked(girder_vm *vm, Term module, StrBuf *err) {
    if (code_current(vm, module)) return true;
    const AtomEntry *a = atom_entry(&vm->atoms, module);
    for (size_t i = 0; i < vm->npath; i++) {
        StrBuf path = STRBUF_INIT, miss = STRBUF_INIT;
        sb_printf(&path, "%s/%s.beam", vm->code_path[i], a->name);
        size_t len;
        int e;
        uint8_t *data = code_read_file(sb_str(&path), &len, &e, &miss);
        sb_free(&miss);
        if (!data && e == ENOENT) {
            sb_free(&path);
            continue;
        }
        Term got = THE_NON_VALUE;
        bool ok = data && code_load_binary(vm, sb_str(&path), data, len, &got, err);
        if (!data) sb_printf(err, "%s: %s", sb_str(&path), strerror(e));
        free(data);
        sb_free(&path);
        if (ok && got != module) {
            sb_printf(err, "module name in file does not match %s", a->name);
            return false;
        }
        return ok;
    }
    sb_printf(err, "module %s not found in the code path", a->name);
    return false;
}

bool code_ensure_loaded(girder_vm *vm, Term module, StrBuf *err) {
    if (code_current(vm, module)) return true;
    /* One scheduler loads; another asking meanwhile waits and finds it. */
    pthread_mutex_lock(&vm->code_lock);
    bool ok = ensure_loaded_locked(vm, module, err);
    pthread_mutex_unlock(&vm->code_lock);
    return ok;
}

bool code_find_file(girder_vm *vm, Term module, StrBuf *path) {
    const AtomEntry *a = atom_entry(&vm->atoms, module);
    for (size_t i = 0; i < vm->npath; i++) {
        sb_reset(path);
        sb_printf(path, "%s/%s.beam", vm->code_path[i], a->name);
        if (access(sb_str(path), R_OK) == 0) return true;
    }
    sb_reset(path);
    return false;
}

static bool in_module(const Module *m, const Instr *addr) {
    return m && addr >= m->code && addr < m->code + m->code_words;
}

const Module *code_find_module(girder_vm *vm, const Instr *addr) {
    const Module *m = NULL;
    pthread_mutex_lock(&vm->code_lock);
    for (size_t i = 0; i < vm->nmodules && !m; i++) {
        if (in_module(vm->modules[i].current, addr)) m = vm->modules[i].current;
        else if (in_module(vm->modules[i].old, addr)) m = vm->modules[i].old;
    }
    pthread_mutex_unlock(&vm->code_lock);
    return m;
}

const FuncInfo *code_find_function(const Module *m, const Instr *addr) {
    uint32_t off = (uint32_t)(addr - m->code);
    uint32_t lo = 0, hi = m->nfuncs;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (m->funcs[mid].end <= off) lo = mid + 1;
        else hi = mid;
    }
    if (lo < m->nfuncs && m->funcs[lo].offset <= off) return &m->funcs[lo];
    return NULL;
}

uint32_t code_find_line(const Module *m, const Instr *addr, Term *file) {
    uint32_t off = (uint32_t)(addr - m->code);
    uint32_t lo = 0, hi = m->nlines;
    /* The last entry at or before off. */
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (m->lines[mid].offset <= off) lo = mid + 1;
        else hi = mid;
    }
    *file = NIL;
    if (lo == 0) return 0;
    const LineRef *l = &m->lines[lo - 1];
    if (l->file_index < m->nfiles) *file = m->files[l->file_index];
    return l->line;
}

bool code_add_path(girder_vm *vm, const char *dir, bool front) {
    char **n = realloc(vm->code_path, (vm->npath + 1) * sizeof *n);
    if (!n) return false;
    vm->code_path = n;
    char *copy = strdup(dir);
    if (!copy) return false;
    if (front) {
        memmove(n + 1, n, vm->npath * sizeof *n);
        n[0] = copy;
    } else {
        n[vm->npath] = copy;
    }
    vm->npath++;
    return true;
}
