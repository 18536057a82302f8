/*
 * alias.c: the alias table (see alias.h): open addressing on the
 * reference identity, with tombstones, under one lock.
 */
#include "alias.h"

#include <stdlib.h>

#include "vm.h"

enum { SLOT_FREE, SLOT_USED, SLOT_DEAD };

static size_t hash_ref(const RefId *r) {
    uint64_t h = ((uint64_t)r->w[0] * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)r->w[1] << 17) ^ r->w[2];
    return (size_t)(h ^ (h >> 29));
}

/* The slot of ref, or NULL (lock held). */
static AliasSlot *find(AliasTable *t, const RefId *ref) {
    if (!t->cap) return NULL;
    for (size_t i = hash_ref(ref) & (t->cap - 1), k = 0; k < t->cap; i = (i + 1) & (t->cap - 1), k++) {
        AliasSlot *s = &t->slots[i];
        if (s->state == SLOT_FREE) return NULL;
        if (s->state == SLOT_USED && ref_id_eq(&s->ref, ref)) return s;
    }
    return NULL;
}

static bool grow(AliasTable *t) {
    size_t cap = t->cap ? t->cap * 2 : 64;
    AliasSlot *n = calloc(cap, sizeof *n);
    if (!n) return false;
    for (size_t i = 0; i < t->cap; i++) {
        AliasSlot *s = &t->slots[i];
        if (s->state != SLOT_USED) continue;
        size_t j = hash_ref(&s->ref) & (cap - 1);
        while (n[j].state == SLOT_USED) j = (j + 1) & (cap - 1);
        n[j] = *s;
    }
    free(t->slots);
    t->slots = n;
    t->cap = cap;
    t->filled = t->used;
    return true;
}

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
    bool ok = (t->filled + 1) * 4 < t->cap * 3 || grow(t);
    if (ok) {
        size_t i = hash_ref(ref) & (t->cap - 1);
        while (t->slots[i].state == SLOT_USED) i = (i + 1) & (t->cap - 1);
        if (t->slots[i].state == SLOT_FREE) t->filled++;
        t->slots[i] = (AliasSlot){*ref, p->pid, (unsigned char)mode, SLOT_USED};
        t->used++;
        p->aliases[p->naliases++] = *ref;
    }
    pthread_mutex_unlock(&t->lock);
    return ok;
}

Term alias_owner(girder_vm *vm, const RefId *ref, bool sending) {
    AliasTable *t = &vm->aliases;
    Term pid = NIL;
    pthread_mutex_lock(&t->lock);
    AliasSlot *s = find(t, ref);
    if (s) {
        pid = s->pid;
        if (sending && s->mode == ALIAS_REPLY_DEMONITOR) {
            s->state = SLOT_DEAD;
            t->used--;
        }
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
    pthread_mutex_lock(&t->lock);
    AliasSlot *s = find(t, ref);
    if (s && s->pid == p->pid && (!only_monitor || s->mode != ALIAS_EXPLICIT)) {
        s->state = SLOT_DEAD;
        t->used--;
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
        AliasSlot *s = find(t, &p->aliases[i]);
        if (s && s->pid == p->pid) {
            s->state = SLOT_DEAD;
            t->used--;
        }
    }
    pthread_mutex_unlock(&t->lock);
    p->naliases = 0;
}
