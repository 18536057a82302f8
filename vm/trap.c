/*
 * trap.c: the code that continues a trapping native (see trap.h).
 */
#include "trap.h"

#include <stdlib.h>

#include "ops_gen.h"
#include "vm.h"

static Instr op(girder_vm *vm, unsigned opcode) {
    return vm->op_addr ? (Instr)(uintptr_t)vm->op_addr[opcode] : (Instr)opcode;
}

const Instr *trap_code(girder_vm *vm, Export *e) {
    const Instr *code = atomic_load(&e->trap_code);
    if (code) return code;
    Instr *c = malloc(8 * sizeof(Instr));
    if (!c) return NULL;
    c[0] = op(vm, OP_func_info);
    c[1] = e->module;
    c[2] = e->name;
    c[3] = e->arity;
    c[4] = op(vm, OP_call_bif_only);
    c[5] = e->arity;
    c[6] = (Instr)(uintptr_t)e->bif;
    c[7] = (Instr)(uintptr_t)e;
    const Instr *expected = NULL;
    if (!atomic_compare_exchange_strong(&e->trap_code, &expected, c + 4)) {
        free(c); /* another scheduler made it first */
        return expected;
    }
    return c + 4;
}
