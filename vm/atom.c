/*
 * atom.c: the atom table (see atom.h).
 *
 * Names are found through an open-addressing hash index guarded by the
 * table's mutex; entries are read by index without the lock, which is safe
 * because an entry is fully written before `count` is published and never
 * moves afterwards.
 */
#include "atom.h"

#include <stdlib.h>
#include <string.h>

#include "atoms_gen.h"

static uint32_t hash_bytes(const char *s, size_t n) {
    /* FNV-1a: cheap, and good enough for an index of short names. */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

/* Counts the code points of valid UTF-8; returns -1 when invalid. */
static long utf8_chars(const unsigned char *s, size_t n, bool *latin1) {
    long chars = 0;
    *latin1 = true;
    for (size_t i = 0; i < n; chars++) {
        unsigned c = s[i];
        unsigned cp, need;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            cp = c & 0x1F;
            need = 1;
        } else if ((c & 0xF0) == 0xE0) {
            cp = c & 0x0F;
            need = 2;
        } else if ((c & 0xF8) == 0xF0) {
            cp = c & 0x07;
            need = 3;
        } else {
            return -1;
        }
        if (i + need >= n) return -1;
        for (unsigned k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return -1;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        static const unsigned min_cp[4] = {0, 0x80, 0x800, 0x10000};
        if (cp < min_cp[need] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
        if (cp > 0xFF) *latin1 = false;
        i += need + 1;
    }
    return chars;
}

static AtomEntry *entry_at(const AtomTable *t, uint32_t index) {
    return &t->segments[index >> ATOM_SEGMENT_BITS][index & (ATOM_SEGMENT_SIZE - 1)];
}

static bool grow_index(AtomTable *t) {
    uint32_t n = t->nbuckets ? t->nbuckets * 2 : 1024;
    uint32_t *b = calloc(n, sizeof *b);
    if (!b) return false;
    for (uint32_t i = 0; i < t->nbuckets; i++) {
        uint32_t v = t->buckets[i];
        if (!v) continue;
        uint32_t j = entry_at(t, v - 1)->hash & (n - 1);
        while (b[j]) j = (j + 1) & (n - 1);
        b[j] = v;
    }
    free(t->buckets);
    t->buckets = b;
    t->nbuckets = n;
    return true;
}

/* Looks up a name under the lock; returns index+1 or 0. */
static uint32_t lookup_locked(const AtomTable *t, const char *s, size_t n, uint32_t h) {
    if (!t->nbuckets) return 0;
    for (uint32_t j = h & (t->nbuckets - 1);; j = (j + 1) & (t->nbuckets - 1)) {
        uint32_t v = t->buckets[j];
        if (!v) return 0;
        const AtomEntry *e = entry_at(t, v - 1);
        if (e->hash == h && e->len == n && memcmp(e->name, s, n) == 0) return v;
    }
}

AtomResult atom_put(AtomTable *t, const char *utf8, size_t len, Term *out) {
    bool latin1;
    if (len > 4 * ATOM_MAX_CHARS) return ATOM_ERR_TOO_LONG;
    long chars = utf8_chars((const unsigned char *)utf8, len, &latin1);
    if (chars < 0) return ATOM_ERR_BAD_UTF8;
    if (chars > ATOM_MAX_CHARS) return ATOM_ERR_TOO_LONG;
    uint32_t h = hash_bytes(utf8, len);
    AtomResult r = ATOM_OK;
    pthread_mutex_lock(&t->lock);
    uint32_t v = lookup_locked(t, utf8, len, h);
    if (v) {
        *out = make_atom(v - 1);
        goto done;
    }
    uint32_t index = t->count;
    if (index >= ATOM_TABLE_MAX) {
        r = ATOM_ERR_FULL;
        goto done;
    }
    if ((index + 1) * 2 > t->nbuckets && !grow_index(t)) {
        r = ATOM_ERR_NOMEM;
        goto done;
    }
    uint32_t seg = index >> ATOM_SEGMENT_BITS;
    if (!t->segments[seg]) {
        t->segments[seg] = calloc(ATOM_SEGMENT_SIZE, sizeof(AtomEntry));
        if (!t->segments[seg]) {
            r = ATOM_ERR_NOMEM;
            goto done;
        }
    }
    char *name = malloc(len + 1);
    if (!name) {
        r = ATOM_ERR_NOMEM;
        goto done;
    }
    memcpy(name, utf8, len);
    name[len] = '\0';
    AtomEntry *e = entry_at(t, index);
    e->name = name;
    e->len = (uint32_t)len;
    e->chars = (uint32_t)chars;
    e->hash = h;
    e->latin1 = latin1;
    uint32_t j = h & (t->nbuckets - 1);
    while (t->buckets[j]) j = (j + 1) & (t->nbuckets - 1);
    t->buckets[j] = index + 1;
    t->count = index + 1; /* publishes the entry */
    *out = make_atom(index);
done:
    pthread_mutex_unlock(&t->lock);
    return r;
}

AtomResult atom_put_latin1(AtomTable *t, const char *latin1, size_t len, Term *out) {
    if (len > ATOM_MAX_CHARS) return ATOM_ERR_TOO_LONG;
    char buf[2 * ATOM_MAX_CHARS];
    size_t n = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)latin1[i];
        if (c < 0x80) {
            buf[n++] = (char)c;
        } else {
            buf[n++] = (char)(0xC0 | (c >> 6));
            buf[n++] = (char)(0x80 | (c & 0x3F));
        }
    }
    return atom_put(t, buf, n, out);
}

bool atom_find(AtomTable *t, const char *utf8, size_t len, Term *out) {
    uint32_t h = hash_bytes(utf8, len);
    pthread_mutex_lock(&t->lock);
    uint32_t v = lookup_locked(t, utf8, len, h);
    pthread_mutex_unlock(&t->lock);
    if (!v) return false;
    *out = make_atom(v - 1);
    return true;
}

const AtomEntry *atom_entry(const AtomTable *t, Term atom) {
    return entry_at(t, (uint32_t)atom_val(atom));
}

uint32_t atom_count(const AtomTable *t) { return t->count; }

AtomResult atom_table_init(AtomTable *t) {
    memset(t, 0, sizeof *t);
    pthread_mutex_init(&t->lock, NULL);
    for (unsigned i = 0; i < ATOM_PREDEFINED_COUNT; i++) {
        Term a;
        const char *s = atom_predefined_names[i];
        AtomResult r = atom_put(t, s, strlen(s), &a);
        if (r != ATOM_OK) return r;
        if (a != make_atom(i)) return ATOM_ERR_FULL; /* duplicate in atoms.tab */
    }
    return ATOM_OK;
}

void atom_table_destroy(AtomTable *t) {
    for (uint32_t i = 0; i < t->count; i++) free((char *)entry_at(t, i)->name);
    for (unsigned s = 0; s < ATOM_SEGMENTS; s++) free(t->segments[s]);
    free(t->buckets);
    pthread_mutex_destroy(&t->lock);
    memset(t, 0, sizeof *t);
}

const char *atom_result_str(AtomResult r) {
    switch (r) {
    case ATOM_OK: return "ok";
    case ATOM_ERR_TOO_LONG: return "atom longer than 255 characters";
    case ATOM_ERR_BAD_UTF8: return "atom name is not valid UTF-8";
    case ATOM_ERR_FULL: return "atom table full";
    case ATOM_ERR_NOMEM: return "out of memory";
    }
    return "unknown atom error";
}
