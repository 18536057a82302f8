/*
 * alias.c: the alias table (see alias.h): a RefMap from the reference to
 * its owner's pid, with the mode in the value's top bits, under one lock.
 */
#include "alias.h"

#include <stdlib.h>

#include "vm.h"

#define MODE_SHIFT 62
#define PID_MASK (((uint64_t)1 << MODE_SHIFT) - 1)

bool alias_add(girder_vm *vm, Process *p, const RefId *ref, AliasMode mode) {
    AliasTable *t = &vm->aliases;
    if (p->naliases == p->cap_aliases) {
        unsigned cap = p->cap_aliases ? p->cap_aliases * 2 : 2;
        RefId *n = realloc(p->aliases, cap * sizeof *n);
        if (!n) return false;
        p->aliases = n;
        p->cap_aliases = cap;
    }
    pthread_mutex_lock(&t->lock);
    bool ok = refmap_put(&t->map, ref, (uint64_t)p->pid | ((uint64_t)mode << MODE_SHIFT));
    if (ok) p->aliases[p->naliases++] = *ref;
    pthread_mutex_unlock(&t->lock);
    return ok;
}

Term alias_owner(girder_vm *vm, const RefId *ref, bool sending) {
    AliasTable *t = &vm->aliases;
    Term pid = NIL;
    uint64_t v;
    pthread_mutex_lock(&t->lock);
    if (refmap_get(&t->map, ref, &v)) {
        pid = (Term)(v & PID_MASK);
        if (sending && (AliasMode)(v >> MODE_SHIFT) == ALIAS_REPLY_DEMONITOR)
            refmap_remove(&t->map, ref, NULL);
    }
    pthread_mutex_unlock(&t->lock);
    return pid;
}

static void forget(Process *p, const RefId *ref) {
    for (unsigned i = 0; i < p->naliases; i++) {
        if (ref_id_eq(&p->aliases[i], ref)) {
            p->aliases[i] = p->aliases[--p->naliases];
            return;
        }
    }
}

bool alias_remove(girder_vm *vm, Process *p, const RefId *ref, bool only_monitor) {
    AliasTable *t = &vm->aliases;
    bool found = false;
    uint64_t v;
    pthread_mutex_lock(&t->lock);
    if (refmap_get(&t->map, ref, &v) && (Term)(v & PID_MASK) == p->pid &&
        (!only_monitor || (AliasMode)(v >> MODE_SHIFT) != ALIAS_EXPLICIT)) {
        refmap_remove(&t->map, ref, NULL);
        found = true;
    }
    pthread_mutex_unlock(&t->lock);
    if (found || !only_monitor) forget(p, ref);
    return found;
}

void alias_remove_all(girder_vm *vm, Process *p) {
    AliasTable *t = &vm->aliases;
    if (!p->naliases) return;
    pthread_mutex_lock(&t->lock);
    for (unsigned i = 0; i < p->naliases; i++) {
        uint64_t v;
        if (refmap_get(&t->map, &p->aliases[i], &v) && (Term)(v & PID_MASK) == p->pid)
            refmap_remove(&t->map, &p->aliases[i], NULL);
    }
    pthread_mutex_unlock(&t->lock);
    p->naliases = 0;
}
