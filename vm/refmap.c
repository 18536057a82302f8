/*
 * refmap.c: the reference-keyed hash map (see refmap.h).
 */
#include "refmap.h"

#include <stdlib.h>

enum { SLOT_FREE, SLOT_USED, SLOT_DEAD };

static size_t hash_ref(const RefId *r) {
    uint64_t h = ((uint64_t)r->w[0] * 0x9E3779B97F4A7C15ull) ^ ((uint64_t)r->w[1] << 17) ^ r->w[2];
    return (size_t)(h ^ (h >> 29));
}

static RefMapSlot *find(const RefMap *m, const RefId *ref) {
    if (!m->cap) return NULL;
    for (size_t i = hash_ref(ref) & (m->cap - 1), k = 0; k < m->cap; i = (i + 1) & (m->cap - 1), k++) {
        RefMapSlot *s = &m->slots[i];
        if (s->state == SLOT_FREE) return NULL;
        if (s->state == SLOT_USED && ref_id_eq(&s->ref, ref)) return s;
    }
    return NULL;
}

/* Rehashes into a table with room (growing only when live entries need it). */
static bool rehash(RefMap *m) {
    size_t cap = m->cap ? m->cap : 64;
    while ((m->used + 1) * 2 > cap) cap *= 2;
    RefMapSlot *n = calloc(cap, sizeof *n);
    if (!n) return false;
    for (size_t i = 0; i < m->cap; i++) {
        RefMapSlot *s = &m->slots[i];
        if (s->state != SLOT_USED) continue;
        size_t j = hash_ref(&s->ref) & (cap - 1);
        while (n[j].state == SLOT_USED) j = (j + 1) & (cap - 1);
        n[j] = *s;
    }
    free(m->slots);
    m->slots = n;
    m->cap = cap;
    m->filled = m->used;
    return true;
}

bool refmap_put(RefMap *m, const RefId *ref, uint64_t value) {
    RefMapSlot *s = find(m, ref);
    if (s) {
        s->value = value;
        return true;
    }
    if ((m->filled + 1) * 4 >= m->cap * 3 && !rehash(m)) return false;
    size_t i = hash_ref(ref) & (m->cap - 1);
    while (m->slots[i].state == SLOT_USED) i = (i + 1) & (m->cap - 1);
    if (m->slots[i].state == SLOT_FREE) m->filled++;
    m->slots[i] = (RefMapSlot){*ref, value, SLOT_USED};
    m->used++;
    return true;
}

bool refmap_get(const RefMap *m, const RefId *ref, uint64_t *value) {
    RefMapSlot *s = find(m, ref);
    if (s) *value = s->value;
    return s != NULL;
}

bool refmap_remove(RefMap *m, const RefId *ref, uint64_t *value) {
    RefMapSlot *s = find(m, ref);
    if (!s) return false;
    if (value) *value = s->value;
    s->state = SLOT_DEAD;
    m->used--;
    return true;
}

void refmap_free(RefMap *m) {
    free(m->slots);
    m->slots = NULL;
    m->cap = m->used = m->filled = 0;
}
