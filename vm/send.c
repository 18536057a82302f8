/*
 * send.c: sending a message (see send.h).
 */
#include "send.h"

#include "../bif/bif.h"
#include "alias.h"
#include "signal.h"
#include "vm.h"

Term proc_send(Process *p, Term dest, Term msg) {
    girder_vm *vm = p->vm;
    if (is_tuple(dest) && tuple_arity(dest) == 2) {
        Term name = tuple_elems(dest)[0], node = tuple_elems(dest)[1];
        if (!is_atom(name) || !is_atom(node)) return bif_badarg(p);
        /* Another node: no distribution yet, so the message is lost, as
         * OTP loses messages to a node it cannot reach. */
        if (node != ATOM_nonode_nohost) return msg;
        /* {Name, node()} to a name nobody has: dropped, not badarg. */
        Term pid = vm_whereis(vm, name);
        if (pid == NIL) return msg;
        dest = pid;
    }
    if (is_atom(dest)) {
        Term pid = vm_whereis(vm, dest);
        if (pid == NIL) return bif_badarg(p);
        dest = pid;
    }
    if (is_local_pid(dest)) {
        Process *to = vm_find_process(vm, dest);
        if (!to) return msg; /* to a process that is gone: lost, as in OTP */
        if (!sig_send_to(vm, p->pid, to, SIG_MESSAGE, msg, NULL))
            return bif_error(p, ATOM_system_limit);
        /* A sender that outruns its receiver slows down, as in OTP: the
         * send costs more reductions the more signals wait, so queues do
         * not grow without bound.  Past 256 waiting signals the sender's
         * slice ends: its receiver often waits on the same scheduler's
         * queue, and a whole slice of sends (a producer of 1 MB binaries
         * queued some 300 of them) would be held in memory first. */
        size_t waiting = atomic_load_explicit(&to->inbox_len, memory_order_relaxed) +
                         atomic_load_explicit(&to->mq_len, memory_order_relaxed);
        p->reds_bump = waiting / 16;
        if (waiting >= 256 && to != p) p->reds_bump = 4000;
        return msg;
    }
    if (is_ref(dest)) {
        /* An alias: to its owner while it is active; else the message is lost. */
        RefId id;
        Term owner = ref_id_of(dest, &id) ? alias_owner(vm, &id, true) : NIL;
        if (owner != NIL && !sig_send(vm, p->pid, owner, SIG_MESSAGE, msg, NULL))
            return bif_error(p, ATOM_system_limit);
        return msg;
    }
    if (is_pid(dest) || is_port(dest)) return msg; /* remote: see above; ports later */
    return bif_badarg(p);
}
