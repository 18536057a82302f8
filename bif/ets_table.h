/*
 * ets_table.h: the structures behind ETS (bif/ets.c has the BIFs,
 * bif/ets_match.c the match specifications).
 *
 * Every table, whatever its type, is a treap (a binary search tree kept
 * balanced by random priorities) of nodes, one node per key, each node
 * holding the objects with that key in insertion order (one for set and
 * ordered_set, any number for bag and duplicate_bag).  ordered_set orders
 * and identifies keys with == (term_compare); the other types with =:=
 * (term_compare_exact), so their iteration order is the exact term order
 * of their keys: OTP's hash order is not reproduced, only its contract
 * (every key once, the same order for first/next as for select).
 * Each node keeps the size of its subtree, so slot/2 and the position of
 * a key are O(log n).
 *
 * An object is copied out of the process heap into a malloc'd block of
 * its own (EtsObj), with its own off-heap list for the refc binaries it
 * holds; deleting the object frees the block and drops those references.
 * Readers copy objects back into their heap.
 *
 * Tables live in the VM's registry (EtsRegistry).  A table is found by
 * its reference or, when named, by its name, under the registry lock; the
 * finder then holds a count on it (refc), so a table deleted meanwhile is
 * freed only when its last user lets go.  Each table has a reader/writer
 * lock for its contents.  Lock order: registry, then table.
 */
#ifndef GIRDER_ETS_TABLE_H
#define GIRDER_ETS_TABLE_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "../gc/literal.h"
#include "../vm/atom.h"
#include "../vm/process.h"

typedef struct girder_vm girder_vm;

typedef enum { ETS_SET, ETS_ORDERED_SET, ETS_BAG, ETS_DUPLICATE_BAG } EtsType;
typedef enum { ETS_PRIVATE, ETS_PROTECTED, ETS_PUBLIC } EtsAccess;

/* One stored term. */
typedef struct EtsObj {
    struct EtsObj *next; /* the next object with the same key (bags), or NULL */
    OffHeap oh;          /* refc binaries referenced from mem */
    size_t words;        /* words in mem */
    Term term;           /* the object (a tuple in mem, or an immediate) */
    Term mem[];          /* the copy */
} EtsObj;

/* One key. */
typedef struct EtsNode {
    struct EtsNode *left, *right; /* smaller and larger keys */
    uint32_t prio;                /* treap priority: a parent's is at least its children's */
    size_t size;                  /* nodes in this subtree */
    EtsObj *first, *last;         /* the objects, oldest first; never empty */
    Term key;                     /* first's key when it is an immediate, else
                                     THE_NON_VALUE: a search reads one node, not
                                     three blocks (node_key keeps it) */
} EtsNode;

typedef struct EtsTable {
    struct EtsTable *next, *prev; /* the registry's list of all tables */
    struct EtsTable *id_next;     /* the registry's hash chain by id */
    struct EtsTable *name_next;   /* its hash chain by name (named tables) */
    const AtomTable *atoms; /* for term comparison */
    RefId id;               /* the table identifier */
    Term name;              /* its name (an atom) */
    bool named;             /* named_table: the name identifies it */
    Term owner;             /* owning pid */
    Term heir;              /* heir pid, or ATOM_none */
    EtsObj *heir_data;      /* the heir's data, copied, or NULL */
    EtsType type;           /* set, ordered_set, bag, duplicate_bag */
    EtsAccess access;       /* private, protected, public */
    unsigned keypos;        /* 1-based key position */
    bool read_conc, write_conc, compressed, decentralized; /* options, recorded only */
    pthread_rwlock_t lock;  /* guards the contents (root, counts, fix) */
    EtsNode *root;          /* the treap */
    size_t nobjects;        /* objects stored */
    size_t words;           /* words in the objects and nodes */
    uint32_t rng;           /* priority generator state */
    Term fixer;             /* the process that called safe_fixtable(T, true), or NIL */
    unsigned fixcount;      /* how many times it did */
    _Atomic(long) refc;     /* the registry's hold (while listed) plus active users */
} EtsTable;

typedef struct EtsOwner EtsOwner;

/* All the tables of a VM. */
typedef struct EtsRegistry {
    pthread_mutex_t lock; /* guards the chain and every table's owner/heir/name */
    EtsTable *first;      /* every live table, newest first */
    size_t count;         /* tables */
    EtsTable **by_id;     /* hash buckets by id */
    EtsTable **by_name;   /* hash buckets by name, named tables only */
    size_t nbuckets;      /* buckets in each (a power of two, or 0) */
    EtsOwner *owners[256];         /* how many tables each owner has, hashed by pid, so
                                     a process that owns none ends without a scan */
    struct MsGuardFn *guards; /* the functions match specifications may call (ets_match.c) */
    size_t nguards;       /* entries in guards */
} EtsRegistry;

bool ets_init(girder_vm *vm);
void ets_free(girder_vm *vm);

/* --- the registry --- */

/* A new, empty, unlisted table (NULL when out of memory); refc 1. */
EtsTable *ets_table_new(const AtomTable *atoms, EtsType type);
/* Lists t (taking over its count); false if it is named and the name is
 * taken.  Caller holds reg->lock. */
bool ets_reg_add(EtsRegistry *reg, EtsTable *t);
/* Unlists t and drops the registry's count.  Caller holds reg->lock. */
void ets_reg_remove(EtsRegistry *reg, EtsTable *t);
/* Renames t; false if t is named and another named table has the name.
 * Caller holds reg->lock. */
bool ets_reg_rename(EtsRegistry *reg, EtsTable *t, Term name);
/* Moves t to a new owner (caller holds reg->lock and t's write lock);
 * false when out of memory. */
bool ets_reg_set_owner(EtsRegistry *reg, EtsTable *t, Term owner);
/* Does pid own a table?  Caller holds reg->lock. */
bool ets_reg_owns(EtsRegistry *reg, Term pid);
/* The table a reference or name identifies, with a count taken, or NULL. */
EtsTable *ets_reg_find(EtsRegistry *reg, Term id);
/* The same, caller holding reg->lock. */
EtsTable *ets_reg_find_locked(EtsRegistry *reg, Term id);
/* Drops a count; the last one frees the table and its objects. */
void ets_release(EtsTable *t);

/* --- contents (caller holds the table lock) --- */

/* The key of a stored or heap object. */
static inline Term ets_key(const EtsTable *t, Term obj) { return tuple_elems(obj)[t->keypos - 1]; }
/* Key comparison in the table's order. */
int ets_cmp(const EtsTable *t, Term a, Term b);
/* The node of a key, or NULL. */
EtsNode *ets_find(const EtsTable *t, Term key);
/* Stores a copy of obj (a tuple with at least keypos elements) as the
 * table's type says: sets replace, bags skip an equal object, duplicate
 * bags append.  false when out of memory. */
bool ets_put(EtsTable *t, Term obj);
/* Deletes every object with that key; false if there was none. */
bool ets_delete_key(EtsTable *t, Term key);
/* Deletes the objects exactly equal to obj (all of them in a duplicate bag). */
void ets_delete_object(EtsTable *t, Term obj);
/* Deletes one stored object (o is in node n). */
void ets_remove_obj(EtsTable *t, EtsNode *n, EtsObj *o);
/* Deletes everything. */
void ets_clear(EtsTable *t);
/* First/last node in order, NULL when empty. */
EtsNode *ets_first(const EtsTable *t);
EtsNode *ets_last(const EtsTable *t);
/* The node with the smallest key greater than (after) / largest key less
 * than (before) key, NULL if none.  key need not be in the table. */
EtsNode *ets_after(const EtsTable *t, Term key);
EtsNode *ets_before(const EtsTable *t, Term key);
/* The i-th node in order (0-based), NULL past the end. */
EtsNode *ets_nth(const EtsTable *t, size_t i);
/* A copy of a term in a block of its own (NULL when out of memory). */
EtsObj *ets_obj_new(Term t);
void ets_obj_free(EtsObj *o);
/* Copies a stored term onto p's heap (THE_NON_VALUE when out of memory). */
Term ets_copy_out(Process *p, Term t);

#endif
