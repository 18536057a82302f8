/*
 * traps.c: the hidden continuations' entries and what trapping natives
 * share (see traps.h): the call site and original arguments an error in a
 * later chunk reports, and reductions in proportion to work.
 */
#include "traps.h"

#include <stdlib.h>

#include "../vm/exception.h"
#include "../vm/sched.h"
#include "ops_gen.h"
#include "vm.h"

/* One continuation: the name its trap code shows (process_info's
 * current_function while it runs), its arity and function. */
typedef struct TrapDef {
    unsigned name;  /* function atom's index (ATOM_INDEX_*), in module erts_internal */
    uint32_t arity; /* its arguments: the state */
    BifFn fn;       /* the continuation */
} TrapDef;

static const TrapDef trap_defs[TRAP_COUNT] = {
    [TRAP_IOLIST] = {ATOM_INDEX_list_to_binary, 5, bif_trap_iolist},
    [TRAP_APPEND] = {ATOM_INDEX_append, 5, bif_trap_append},
    [TRAP_REVERSE] = {ATOM_INDEX_reverse, 3, bif_trap_reverse},
    [TRAP_KEYS] = {ATOM_INDEX_keymember, 2, bif_trap_keys},
    [TRAP_L2T] = {ATOM_INDEX_list_to_tuple, 4, bif_trap_l2t},
    [TRAP_T2L] = {ATOM_INDEX_tuple_to_list, 3, bif_trap_t2l},
    [TRAP_B2L] = {ATOM_INDEX_binary_to_list, 3, bif_trap_b2l},
    [TRAP_SUBTRACT] = {ATOM_INDEX_subtract, 6, bif_trap_subtract},
    [TRAP_T2B] = {ATOM_INDEX_term_to_binary, 4, bif_trap_t2b},
    [TRAP_B2T] = {ATOM_INDEX_binary_to_term, 4, bif_trap_b2t},
    [TRAP_T2B_ZIP] = {ATOM_INDEX_term_to_binary, 4, bif_trap_t2b_zip},
};

_Static_assert(TRAP_COUNT <= BIF_TRAP_MAX, "BIF_TRAP_MAX (bif/vmstate.h) too small");

void bif_traps_init(Export *traps) {
    for (unsigned i = 0; i < TRAP_COUNT; i++) {
        Export *e = &traps[i];
        e->module = ATOM_erts_internal;
        e->name = make_atom(trap_defs[i].name);
        e->arity = trap_defs[i].arity;
        atomic_store(&e->code, NULL);
        e->bif = trap_defs[i].fn;
        atomic_store(&e->trap_code, NULL);
        e->next = NULL;
    }
}

void bif_traps_destroy(Export *traps) {
    for (unsigned i = 0; i < TRAP_COUNT; i++) {
        const Instr *tc = atomic_load(&traps[i].trap_code);
        if (tc) free((void *)(uintptr_t)(tc - 4)); /* vm/trap.c: entry is word 4 */
        atomic_store(&traps[i].trap_code, NULL);
    }
}

Term bif_trap_to(Process *p, BifTrapId id) { return bif_trap(p, &p->vm->bifs.traps[id]); }

static Instr op_word(girder_vm *vm, unsigned opcode) {
    return vm->op_addr ? (Instr)(uintptr_t)vm->op_addr[opcode] : (Instr)opcode;
}

Term bif_trap_site(Process *p) {
    const Instr *ip = p->ip;
    if (!ip) return make_small(0);
    /* call_bif_only and call_bif_last leave no return address into the
     * caller: its frame must come from the instruction itself.  Code
     * addresses fit a small integer (user space is below 2^47). */
    if (*ip == op_word(p->vm, OP_call_bif_only) || *ip == op_word(p->vm, OP_call_bif_last))
        return make_small((SWord)(uintptr_t)ip);
    return make_small(0);
}

Term bif_trap_fail(Process *p, Term reason, Term module, Term name, Term arglist, Term site) {
    unsigned arity = 0;
    for (Term l = arglist; is_list(l); l = CDR(list_ptr(l))) arity++;
    p->fail_class = ATOM_error;
    p->fail_reason = reason;
    p->fail_raised = false;
    const Export *orig = export_find(p->vm, module, name, arity);
    if (!orig) return THE_NON_VALUE; /* cannot happen: every native has an entry */
    p->fail_args = arglist;
    const Instr *ip = is_small(site) ? (const Instr *)(uintptr_t)small_val(site) : NULL;
    /* The trace is built here, where the original native is known; the
     * interpreter keeps it (as for erlang:raise/3). */
    exc_build_trace(p, orig, ip);
    p->fail_trace_set = true;
    return THE_NON_VALUE;
}

Term bif_trap_args(Process *p, const Term *args, unsigned n) {
    /* n is at least 1, so [] can only mean no memory. */
    Term l = exc_args_list(p, args, n);
    return l == NIL ? THE_NON_VALUE : l;
}

void bif_trap_charge(Process *p, long units) {
    if (units <= 0) return;
    p->reds_bump += (size_t)(units / (TRAP_BUDGET / REDUCTIONS_PER_SLICE));
}
