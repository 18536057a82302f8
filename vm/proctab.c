/*
 * proctab.c: the process table, registered names, reference numbers and
 * spawning (see vm.h).
 */
#include <stdlib.h>

#include "../gc/term_copy.h"
#include "atoms_gen.h"
#include "vm.h"

bool vm_add_process(girder_vm *vm, Process *p) {
    pthread_mutex_lock(&vm->proc_lock);
    if (vm->nprocs == vm->cap_procs) {
        size_t cap = vm->cap_procs ? vm->cap_procs * 2 : 64;
        Process **n = realloc(vm->procs, cap * sizeof *n);
        if (!n) {
            pthread_mutex_unlock(&vm->proc_lock);
            return false;
        }
        vm->procs = n;
        vm->cap_procs = cap;
    }
    p->pid = make_pid(PID_FIRST + vm->nprocs);
    vm->procs[vm->nprocs++] = p;
    pthread_mutex_unlock(&vm->proc_lock);
    return true;
}

void vm_remove_process(girder_vm *vm, Process *p) {
    pthread_mutex_lock(&vm->proc_lock);
    UWord n = pid_val(p->pid) - PID_FIRST;
    if (n < vm->nprocs && vm->procs[n] == p) vm->procs[n] = NULL;
    pthread_mutex_unlock(&vm->proc_lock);
}

Process *vm_find_process(girder_vm *vm, Term pid) {
    if (!is_local_pid(pid)) return NULL;
    UWord n = pid_val(pid);
    if (n < PID_FIRST) return NULL;
    n -= PID_FIRST;
    pthread_mutex_lock(&vm->proc_lock);
    Process *p = n < vm->nprocs ? vm->procs[n] : NULL;
    pthread_mutex_unlock(&vm->proc_lock);
    if (p && atomic_load(&p->state) == PS_EXITED) return NULL;
    return p;
}

bool vm_register(girder_vm *vm, Term name, Process *p) {
    bool ok = false;
    pthread_mutex_lock(&vm->proc_lock);
    if (p->reg_name != NIL) goto out;
    for (size_t i = 0; i < vm->nnames; i++)
        if (vm->names[i].name == name) goto out;
    if (vm->nnames == vm->cap_names) {
        size_t cap = vm->cap_names ? vm->cap_names * 2 : 16;
        RegName *n = realloc(vm->names, cap * sizeof *n);
        if (!n) goto out;
        vm->names = n;
        vm->cap_names = cap;
    }
    vm->names[vm->nnames++] = (RegName){name, p->pid};
    p->reg_name = name;
    ok = true;
out:
    pthread_mutex_unlock(&vm->proc_lock);
    return ok;
}

bool vm_unregister(girder_vm *vm, Term name) {
    bool ok = false;
    pthread_mutex_lock(&vm->proc_lock);
    for (size_t i = 0; i < vm->nnames; i++) {
        if (vm->names[i].name != name) continue;
        UWord n = pid_val(vm->names[i].pid) - PID_FIRST;
        if (n < vm->nprocs && vm->procs[n]) vm->procs[n]->reg_name = NIL;
        vm->names[i] = vm->names[--vm->nnames];
        ok = true;
        break;
    }
    pthread_mutex_unlock(&vm->proc_lock);
    return ok;
}

Term vm_whereis(girder_vm *vm, Term name) {
    Term pid = NIL;
    pthread_mutex_lock(&vm->proc_lock);
    for (size_t i = 0; i < vm->nnames; i++)
        if (vm->names[i].name == name) pid = vm->names[i].pid;
    pthread_mutex_unlock(&vm->proc_lock);
    return pid;
}

RefId vm_new_ref(girder_vm *vm) {
    uint64_t n = atomic_fetch_add(&vm->ref_seq, 1) + 1;
    /* Printed #Ref<0.w2.w1.w0>, like OTP's: the low word holds 18 bits. */
    RefId r = {{(uint32_t)(n & 0x3FFFF), (uint32_t)(n >> 18), (uint32_t)(n >> 50)}};
    return r;
}

Process *vm_spawn(girder_vm *vm, Process *parent, Term m, Term f, Term args, size_t min_heap) {
    Process *c = proc_new(vm, min_heap);
    if (!c) return NULL;
    size_t words = term_flat_size(args);
    Term *hp = words == (size_t)-1 ? NULL : proc_alloc(c, words);
    if (!hp || !vm_add_process(vm, c)) {
        proc_free(c);
        return NULL;
    }
    c->xsave[0] = m;
    c->xsave[1] = f;
    c->xsave[2] = term_copy(args, hp, &c->off_heap);
    c->arity = 3; /* c->xsave is c->xinline, room for 3 */
    *--c->stop = (Term)(uintptr_t)vm->exit_code;
    c->ip = vm->spawn_code;
    c->group_leader = parent ? parent->group_leader : vm->user;
    return c;
}
