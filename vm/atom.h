/*
 * atom.h: the atom table of one VM.
 *
 * Atoms are interned UTF-8 names.  An atom term holds the index of its
 * entry, so the table only grows and an entry never moves: entries live in
 * fixed-size segments that are allocated as needed, which lets readers look
 * up a name by index without a lock while another thread interns.
 * Interning takes the table's mutex.
 *
 * OTP's rules hold: a name has at most 255 characters (code points), is
 * valid UTF-8, and there are at most ATOM_TABLE_MAX atoms.  The atoms that
 * C code names (ATOM_ok, ATOM_badarg...) are interned first, in the order of
 * vm/atoms.tab, so their indices are compile-time constants (atoms.h,
 * generated).
 */
#ifndef GIRDER_ATOM_H
#define GIRDER_ATOM_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "term.h"

#define ATOM_MAX_CHARS 255
#define ATOM_SEGMENT_BITS 12
#define ATOM_SEGMENT_SIZE (1u << ATOM_SEGMENT_BITS)
#define ATOM_SEGMENTS 256
#define ATOM_TABLE_MAX (ATOM_SEGMENT_SIZE * ATOM_SEGMENTS)

/* One interned name. */
typedef struct AtomEntry {
    const char *name; /* UTF-8 bytes, NUL-terminated, owned by the table */
    uint32_t len;     /* bytes in name, without the NUL */
    uint32_t chars;   /* code points in name */
    uint32_t hash;    /* hash of the bytes, for the name index */
    bool latin1;      /* every code point is below 256 */
} AtomEntry;

typedef struct AtomTable {
    AtomEntry *segments[ATOM_SEGMENTS]; /* entries by index, in segments */
    _Atomic(uint32_t) count;            /* atoms interned so far */
    uint32_t *buckets;                  /* name index: open addressing, index+1 or 0 */
    uint32_t nbuckets;                  /* a power of two, > 2 * count */
    pthread_mutex_t lock;               /* serialises interning */
} AtomTable;

typedef enum AtomResult {
    ATOM_OK = 0,
    ATOM_ERR_TOO_LONG,  /* more than 255 characters */
    ATOM_ERR_BAD_UTF8,  /* not valid UTF-8 */
    ATOM_ERR_FULL,      /* the table holds ATOM_TABLE_MAX atoms */
    ATOM_ERR_NOMEM      /* out of memory */
} AtomResult;

/* Creates the table with the predefined atoms of atoms.tab. */
AtomResult atom_table_init(AtomTable *t);
void atom_table_destroy(AtomTable *t);

/* Interns a UTF-8 name; *out receives the atom term. */
AtomResult atom_put(AtomTable *t, const char *utf8, size_t len, Term *out);
/* Interns a Latin-1 name (each byte one code point). */
AtomResult atom_put_latin1(AtomTable *t, const char *latin1, size_t len, Term *out);
/* Finds an existing atom; false if there is none of that name. */
bool atom_find(AtomTable *t, const char *utf8, size_t len, Term *out);

/* The entry of an atom term (which must come from this table). */
const AtomEntry *atom_entry(const AtomTable *t, Term atom);
static inline const char *atom_name(const AtomTable *t, Term atom) {
    return atom_entry(t, atom)->name;
}
uint32_t atom_count(const AtomTable *t);

/* A message for an AtomResult. */
const char *atom_result_str(AtomResult r);

#endif
