/*
 * ets_table.c: ETS tables' storage (a treap of keys, each key holding its
 * objects) and the VM's table registry.  See ets_table.h for the design.
 */
#include <stdlib.h>

#include "../gc/term_copy.h"
#include "compare.h"
#include "ets_match.h"
#include "ets_table.h"
#include "vm.h"

/* Tables per owner. */
struct EtsOwner {
    EtsOwner *next; /* hash chain */
    Term pid;       /* the owner */
    size_t n;       /* tables it owns */
};

bool ets_init(girder_vm *vm) {
    EtsRegistry *r = calloc(1, sizeof *r);
    if (!r) return false;
    pthread_mutex_init(&r->lock, NULL);
    vm->ets = r;
    return ms_init(vm);
}

static void table_free(EtsTable *t);

void ets_free(girder_vm *vm) {
    EtsRegistry *r = vm->ets;
    if (!r) return;
    for (EtsTable *t = r->first; t;) {
        EtsTable *next = t->next;
        table_free(t);
        t = next;
    }
    pthread_mutex_destroy(&r->lock);
    free(r->by_id);
    free(r->by_name);
    for (size_t i = 0; i < 256; i++) {
        for (EtsOwner *o = r->owners[i]; o;) {
            EtsOwner *next = o->next;
            free(o);
            o = next;
        }
    }
    ms_free(vm);
    free(r);
    vm->ets = NULL;
}

/* --- objects --- */

EtsObj *ets_obj_new(Term t) {
    size_t words = term_flat_size(t);
    if (words == (size_t)-1) return NULL;
    EtsObj *o = malloc(sizeof *o + words * sizeof(Term));
    if (!o) return NULL;
    o->next = NULL;
    o->oh.first = NULL;
    o->oh.bytes = 0;
    o->words = words;
    o->term = term_copy(t, o->mem, &o->oh);
    return o;
}

void ets_obj_free(EtsObj *o) {
    if (!o) return;
    off_heap_release_all(&o->oh);
    free(o);
}

Term ets_copy_out(Process *p, Term t) {
    if (is_immed(t)) return t;
    size_t words = term_flat_size(t);
    if (words == (size_t)-1) return THE_NON_VALUE;
    Term *hp = proc_alloc(p, words);
    if (!hp) return THE_NON_VALUE;
    return term_copy(t, hp, &p->off_heap);
}

/* --- tables --- */

EtsTable *ets_table_new(const AtomTable *atoms, EtsType type) {
    EtsTable *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->atoms = atoms;
    t->type = type;
    t->keypos = 1;
    t->access = ETS_PROTECTED;
    t->heir = ATOM_none;
    t->fixer = NIL;
    t->rng = 0x9E3779B9u;
    pthread_rwlock_init(&t->lock, NULL);
    atomic_init(&t->refc, 1);
    return t;
}

static void node_free_all(EtsNode *n) {
    while (n) {
        node_free_all(n->left);
        EtsNode *right = n->right;
        for (EtsObj *o = n->first; o;) {
            EtsObj *next = o->next;
            ets_obj_free(o);
            o = next;
        }
        free(n);
        n = right;
    }
}

static void table_free(EtsTable *t) {
    node_free_all(t->root);
    ets_obj_free(t->heir_data);
    pthread_rwlock_destroy(&t->lock);
    free(t);
}

void ets_release(EtsTable *t) {
    if (atomic_fetch_sub(&t->refc, 1) == 1) table_free(t);
}

static EtsOwner **owner_slot(EtsRegistry *reg, Term pid) {
    EtsOwner **l = &reg->owners[(pid >> 4) & 255];
    while (*l && (*l)->pid != pid) l = &(*l)->next;
    return l;
}

static bool owner_inc(EtsRegistry *reg, Term pid) {
    EtsOwner **l = owner_slot(reg, pid);
    if (!*l) {
        EtsOwner *o = calloc(1, sizeof *o);
        if (!o) return false;
        o->pid = pid;
        *l = o;
    }
    (*l)->n++;
    return true;
}

static void owner_dec(EtsRegistry *reg, Term pid) {
    EtsOwner **l = owner_slot(reg, pid);
    if (*l && !--(*l)->n) {
        EtsOwner *o = *l;
        *l = o->next;
        free(o);
    }
}

bool ets_reg_owns(EtsRegistry *reg, Term pid) { return *owner_slot(reg, pid) != NULL; }

bool ets_reg_set_owner(EtsRegistry *reg, EtsTable *t, Term owner) {
    if (!owner_inc(reg, owner)) return false;
    owner_dec(reg, t->owner);
    t->owner = owner;
    return true;
}

static size_t id_hash(const RefId *r) { return (size_t)(r->w[0] * 2654435761u ^ r->w[1] ^ r->w[2]); }
static size_t name_hash(Term name) { return (size_t)(atom_val(name) * 2654435761u); }

/* Rehashes into n buckets (false when out of memory: the old ones stay). */
static bool rehash(EtsRegistry *reg, size_t n) {
    EtsTable **ids = calloc(n, sizeof *ids), **names = calloc(n, sizeof *names);
    if (!ids || !names) {
        free(ids);
        free(names);
        return false;
    }
    for (EtsTable *t = reg->first; t; t = t->next) {
        size_t i = id_hash(&t->id) & (n - 1);
        t->id_next = ids[i];
        ids[i] = t;
        if (t->named) {
            size_t j = name_hash(t->name) & (n - 1);
            t->name_next = names[j];
            names[j] = t;
        }
    }
    free(reg->by_id);
    free(reg->by_name);
    reg->by_id = ids;
    reg->by_name = names;
    reg->nbuckets = n;
    return true;
}

static EtsTable *find_name(EtsRegistry *reg, Term name) {
    if (!reg->nbuckets) return NULL;
    for (EtsTable *t = reg->by_name[name_hash(name) & (reg->nbuckets - 1)]; t; t = t->name_next)
        if (t->name == name) return t;
    return NULL;
}

EtsTable *ets_reg_find_locked(EtsRegistry *reg, Term id) {
    EtsTable *t = NULL;
    RefId r;
    if (is_atom(id)) {
        t = find_name(reg, id);
    } else if (reg->nbuckets && ref_id_of(id, &r)) {
        for (t = reg->by_id[id_hash(&r) & (reg->nbuckets - 1)]; t; t = t->id_next)
            if (ref_id_eq(&r, &t->id)) break;
    }
    if (t) atomic_fetch_add(&t->refc, 1);
    return t;
}

EtsTable *ets_reg_find(EtsRegistry *reg, Term id) {
    if (!is_atom(id) && !is_ref(id)) return NULL;
    pthread_mutex_lock(&reg->lock);
    EtsTable *t = ets_reg_find_locked(reg, id);
    pthread_mutex_unlock(&reg->lock);
    return t;
}

bool ets_reg_add(EtsRegistry *reg, EtsTable *t) {
    if (t->named && find_name(reg, t->name)) return false;
    if (reg->count + 1 > reg->nbuckets && !rehash(reg, reg->nbuckets ? reg->nbuckets * 2 : 64) &&
        !reg->nbuckets)
        return false;
    if (!owner_inc(reg, t->owner)) return false;
    t->prev = NULL;
    t->next = reg->first;
    if (reg->first) reg->first->prev = t;
    reg->first = t;
    reg->count++;
    size_t i = id_hash(&t->id) & (reg->nbuckets - 1);
    t->id_next = reg->by_id[i];
    reg->by_id[i] = t;
    if (t->named) {
        size_t j = name_hash(t->name) & (reg->nbuckets - 1);
        t->name_next = reg->by_name[j];
        reg->by_name[j] = t;
    }
    return true;
}

static void unlink_name(EtsRegistry *reg, EtsTable *t) {
    for (EtsTable **l = &reg->by_name[name_hash(t->name) & (reg->nbuckets - 1)]; *l; l = &(*l)->name_next) {
        if (*l == t) {
            *l = t->name_next;
            return;
        }
    }
}

void ets_reg_remove(EtsRegistry *reg, EtsTable *t) {
    if (t->prev)
        t->prev->next = t->next;
    else
        reg->first = t->next;
    if (t->next) t->next->prev = t->prev;
    reg->count--;
    for (EtsTable **l = &reg->by_id[id_hash(&t->id) & (reg->nbuckets - 1)]; *l; l = &(*l)->id_next) {
        if (*l == t) {
            *l = t->id_next;
            break;
        }
    }
    if (t->named) unlink_name(reg, t);
    owner_dec(reg, t->owner);
    ets_release(t);
}

bool ets_reg_rename(EtsRegistry *reg, EtsTable *t, Term name) {
    if (!t->named) {
        t->name = name;
        return true;
    }
    EtsTable *o = find_name(reg, name);
    if (o) return o == t;
    unlink_name(reg, t);
    t->name = name;
    size_t j = name_hash(name) & (reg->nbuckets - 1);
    t->name_next = reg->by_name[j];
    reg->by_name[j] = t;
    return true;
}

/* --- the treap --- */

int ets_cmp(const EtsTable *t, Term a, Term b) {
    if (is_small(a) && is_small(b)) /* tagged words order as the integers */
        return ((SWord)a > (SWord)b) - ((SWord)a < (SWord)b);
    return t->type == ETS_ORDERED_SET ? term_compare(t->atoms, a, b)
                                      : term_compare_exact(t->atoms, a, b);
}

static size_t size_of(const EtsNode *n) { return n ? n->size : 0; }
static void fix_size(EtsNode *n) { n->size = 1 + size_of(n->left) + size_of(n->right); }
static Term node_key(const EtsTable *t, const EtsNode *n) {
    return n->key != THE_NON_VALUE ? n->key : ets_key(t, n->first->term);
}
/* Sets n->key after n->first changed. */
static void cache_key(const EtsTable *t, EtsNode *n) {
    Term k = ets_key(t, n->first->term);
    n->key = is_immed(k) ? k : THE_NON_VALUE;
}

EtsNode *ets_find(const EtsTable *t, Term key) {
    EtsNode *n = t->root;
    while (n) {
        int c = ets_cmp(t, key, node_key(t, n));
        if (c == 0) return n;
        n = c < 0 ? n->left : n->right;
    }
    return NULL;
}

static uint32_t next_prio(EtsTable *t) {
    uint32_t x = t->rng;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    t->rng = x;
    return x;
}

/* Splits the tree at key into the nodes before and after it (the key is
 * not in the tree). */
static void split(const EtsTable *t, EtsNode *n, Term key, EtsNode **lo, EtsNode **hi) {
    if (!n) {
        *lo = *hi = NULL;
        return;
    }
    if (ets_cmp(t, key, node_key(t, n)) < 0) {
        split(t, n->left, key, lo, &n->left);
        *hi = n;
    } else {
        split(t, n->right, key, &n->right, hi);
        *lo = n;
    }
    fix_size(n);
}

/* Joins two trees, every key of a before every key of b. */
static EtsNode *merge(EtsNode *a, EtsNode *b) {
    if (!a) return b;
    if (!b) return a;
    if (a->prio >= b->prio) {
        a->right = merge(a->right, b);
        fix_size(a);
        return a;
    }
    b->left = merge(a, b->left);
    fix_size(b);
    return b;
}

/* Inserts node nn (whose key is not in the tree). */
static EtsNode *insert_node(const EtsTable *t, EtsNode *n, EtsNode *nn, Term key) {
    if (!n) return nn;
    if (nn->prio > n->prio) {
        split(t, n, key, &nn->left, &nn->right);
        fix_size(nn);
        return nn;
    }
    if (ets_cmp(t, key, node_key(t, n)) < 0)
        n->left = insert_node(t, n->left, nn, key);
    else
        n->right = insert_node(t, n->right, nn, key);
    fix_size(n);
    return n;
}

/* Unlinks the node with that key (which is in the tree). */
static EtsNode *remove_node(const EtsTable *t, EtsNode *n, Term key) {
    int c = ets_cmp(t, key, node_key(t, n));
    if (c == 0) return merge(n->left, n->right);
    if (c < 0)
        n->left = remove_node(t, n->left, key);
    else
        n->right = remove_node(t, n->right, key);
    fix_size(n);
    return n;
}

#define NODE_WORDS (sizeof(EtsNode) / sizeof(Term))
#define OBJ_WORDS (sizeof(EtsObj) / sizeof(Term))

bool ets_put(EtsTable *t, Term obj) {
    Term key = ets_key(t, obj);
    EtsNode *n = ets_find(t, key);
    if (n && t->type == ETS_BAG) {
        for (EtsObj *o = n->first; o; o = o->next)
            if (term_eq_exact(o->term, obj)) return true;
    }
    EtsObj *o = ets_obj_new(obj);
    if (!o) return false;
    if (!n) {
        n = calloc(1, sizeof *n);
        if (!n) {
            ets_obj_free(o);
            return false;
        }
        n->prio = next_prio(t);
        n->size = 1;
        n->first = n->last = o;
        cache_key(t, n);
        t->root = insert_node(t, t->root, n, ets_key(t, o->term));
        t->words += NODE_WORDS;
    } else if (t->type == ETS_SET || t->type == ETS_ORDERED_SET) {
        /* The node's key lives in the old object: swap objects in place. */
        EtsObj *old = n->first;
        n->first = n->last = o;
        cache_key(t, n); /* an ordered_set's 1.0 may replace 1 */
        t->words -= old->words + OBJ_WORDS;
        t->nobjects--;
        ets_obj_free(old);
    } else {
        n->last->next = o;
        n->last = o;
    }
    t->nobjects++;
    t->words += o->words + OBJ_WORDS;
    return true;
}

/* Unlinks and frees node n and its objects. */
static void drop_node(EtsTable *t, EtsNode *n) {
    t->root = remove_node(t, t->root, node_key(t, n));
    for (EtsObj *o = n->first; o;) {
        EtsObj *next = o->next;
        t->nobjects--;
        t->words -= o->words + OBJ_WORDS;
        ets_obj_free(o);
        o = next;
    }
    t->words -= NODE_WORDS;
    free(n);
}

bool ets_delete_key(EtsTable *t, Term key) {
    EtsNode *n = ets_find(t, key);
    if (!n) return false;
    drop_node(t, n);
    return true;
}

void ets_remove_obj(EtsTable *t, EtsNode *n, EtsObj *o) {
    if (n->first == o && !o->next) {
        drop_node(t, n);
        return;
    }
    EtsObj **l = &n->first, *prev = NULL;
    while (*l != o) {
        prev = *l;
        l = &(*l)->next;
    }
    *l = o->next;
    if (n->last == o) n->last = prev;
    cache_key(t, n);
    t->nobjects--;
    t->words -= o->words + OBJ_WORDS;
    ets_obj_free(o);
}

void ets_delete_object(EtsTable *t, Term obj) {
    EtsNode *n = ets_find(t, ets_key(t, obj));
    if (!n) return;
    for (EtsObj *o = n->first; o;) {
        EtsObj *next = o->next;
        if (term_eq_exact(o->term, obj)) {
            bool last = n->first == o && !o->next;
            ets_remove_obj(t, n, o);
            if (last) return;
        }
        o = next;
    }
}

void ets_clear(EtsTable *t) {
    node_free_all(t->root);
    t->root = NULL;
    t->nobjects = 0;
    t->words = 0;
}

EtsNode *ets_first(const EtsTable *t) {
    EtsNode *n = t->root;
    while (n && n->left) n = n->left;
    return n;
}

EtsNode *ets_last(const EtsTable *t) {
    EtsNode *n = t->root;
    while (n && n->right) n = n->right;
    return n;
}

EtsNode *ets_after(const EtsTable *t, Term key) {
    EtsNode *n = t->root, *best = NULL;
    while (n) {
        if (ets_cmp(t, key, node_key(t, n)) < 0) {
            best = n;
            n = n->left;
        } else {
            n = n->right;
        }
    }
    return best;
}

EtsNode *ets_before(const EtsTable *t, Term key) {
    EtsNode *n = t->root, *best = NULL;
    while (n) {
        if (ets_cmp(t, key, node_key(t, n)) > 0) {
            best = n;
            n = n->right;
        } else {
            n = n->left;
        }
    }
    return best;
}

EtsNode *ets_nth(const EtsTable *t, size_t i) {
    EtsNode *n = t->root;
    while (n) {
        size_t l = size_of(n->left);
        if (i < l) {
            n = n->left;
        } else if (i == l) {
            return n;
        } else {
            i -= l + 1;
            n = n->right;
        }
    }
    return NULL;
}
