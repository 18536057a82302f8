/*
 * proctab.c: the process table, registered names, reference numbers and
 * spawning (see vm.h).
 */
#include <stdlib.h>

#include "../gc/term_copy.h"
#include "atoms_gen.h"
#include "vm.h"

bool vm_add_process(girder_vm *vm, Process *p) {
    size_t n = atomic_fetch_add(&vm->nprocs, 1);
    if (n >= PROC_SEGS * PROC_SEG_SIZE) return false;
    _Atomic(Process *) *seg = atomic_load(&vm->proc_segs[n >> PROC_SEG_BITS]);
    if (!seg) {
        _Atomic(Process *) *fresh = calloc(PROC_SEG_SIZE, sizeof *fresh), *expected = NULL;
        if (!fresh) return false;
        if (atomic_compare_exchange_strong(&vm->proc_segs[n >> PROC_SEG_BITS], &expected, fresh)) {
            seg = fresh;
        } else {
            free(fresh); /* another scheduler added the segment first */
            seg = expected;
        }
    }
    p->pid = make_pid(PID_FIRST + n);
    atomic_store_explicit(&seg[n & (PROC_SEG_SIZE - 1)], p, memory_order_release);
    return true;
}

size_t vm_proc_slots(girder_vm *vm) {
    size_t n = atomic_load(&vm->nprocs);
    return n < PROC_SEGS * PROC_SEG_SIZE ? n : PROC_SEGS * PROC_SEG_SIZE;
}

Process *vm_proc_at(girder_vm *vm, size_t i) {
    _Atomic(Process *) *seg = atomic_load_explicit(&vm->proc_segs[i >> PROC_SEG_BITS],
                                                   memory_order_acquire);
    return seg ? atomic_load_explicit(&seg[i & (PROC_SEG_SIZE - 1)], memory_order_acquire) : NULL;
}

void vm_remove_process(girder_vm *vm, Process *p) {
    UWord n = pid_val(p->pid) - PID_FIRST;
    _Atomic(Process *) *seg = atomic_load(&vm->proc_segs[n >> PROC_SEG_BITS]);
    if (seg && atomic_load(&seg[n & (PROC_SEG_SIZE - 1)]) == p)
        atomic_store(&seg[n & (PROC_SEG_SIZE - 1)], NULL);
}

/* No lock: the process, if found, is freed only after every scheduler has
 * passed a quiescent point (epoch reclamation, vm/sched.c). */
Process *vm_find_process(girder_vm *vm, Term pid) {
    if (!is_local_pid(pid)) return NULL;
    UWord n = pid_val(pid);
    if (n < PID_FIRST) return NULL;
    n -= PID_FIRST;
    if (n >= vm_proc_slots(vm)) return NULL;
    Process *p = vm_proc_at(vm, n);
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
        Process *q = n < vm_proc_slots(vm) ? vm_proc_at(vm, n) : NULL;
        if (q) q->reg_name = NIL;
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
