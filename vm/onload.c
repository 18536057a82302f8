/*
 * onload.c: a module's -on_load function (see onload.h).
 */
#include "onload.h"

#include "../loader/load.h"
#include "print.h"

const Instr *code_take_on_load(girder_vm *vm, Term module) {
    Module *m = code_current(vm, module);
    if (!m) return NULL;
    return __atomic_exchange_n(&m->on_load, (const Instr *)NULL, __ATOMIC_ACQ_REL);
}

void code_on_load_done(girder_vm *vm, Term module) {
    pthread_mutex_lock(&vm->code_lock);
    Module *m = code_current(vm, module);
    for (uint32_t i = 0; m && i < m->nexports; i++)
        if (!m->exports[i]->bif) m->exports[i]->code = m->export_code[i];
    pthread_mutex_unlock(&vm->code_lock);
}

void code_on_load_failed(girder_vm *vm, Term module, Term result) {
    /* Unload: the module becomes old code, so the next call loads it again
     * (and runs its on_load function again), as in OTP. */
    pthread_mutex_lock(&vm->code_lock);
    for (size_t i = 0; i < vm->nmodules; i++) {
        ModuleSlot *s = &vm->modules[i];
        if (s->name != module || !s->current) continue;
        for (uint32_t k = 0; k < s->current->nexports; k++) s->current->exports[k]->code = NULL;
        if (s->old) ld_module_free(s->old); /* as a reload does (vm/code.c) */
        s->old = s->current;
        s->current = NULL;
    }
    pthread_mutex_unlock(&vm->code_lock);
    StrBuf b = STRBUF_INIT;
    sb_puts(&b, "=ERROR REPORT==== The on_load function for module ");
    print_term(&b, &vm->atoms, module, PRINT_WRITE);
    sb_puts(&b, " returned:\n");
    print_term(&b, &vm->atoms, result, PRINT_WRITE);
    sb_puts(&b, "\n\n");
    fflush(vm->out);
    fwrite(sb_str(&b), 1, b.len, vm->err);
    fflush(vm->err);
    sb_free(&b);
}
