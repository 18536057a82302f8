/*
 * ets.c: the ets module's BIFs on single keys and whole tables: creating
 * and deleting tables, insert/lookup/delete, iteration by key, counters,
 * info, ownership (give_away, heir, the owner's exit).  Match patterns and
 * specifications are in bif/ets_select.c; the storage in ets_table.c.
 *
 * Every BIF finds its table with tab_open(), which checks the access the
 * operation needs the way OTP does (private: the owner only; protected:
 * others may read; public: anyone may write) and takes the table's lock,
 * and lets go with tab_close().  Objects go in and out by copying.
 */
#include <stdlib.h>
#include <string.h>

#include "../gc/term_copy.h"
#include "compare.h"
#include "ets.h"
#include "ets_match.h"
#include "signal.h"
#include "vm.h"

/* --- finding tables --- */

EtsTable *ets_tab_open(Process *p, Term id, EtsNeed need) {
    EtsTable *t = ets_reg_find(p->vm->ets, id);
    if (!t) return NULL;
    if (need == ETS_READ)
        pthread_rwlock_rdlock(&t->lock);
    else
        pthread_rwlock_wrlock(&t->lock);
    bool ok;
    if (need == ETS_OWNER)
        ok = t->owner == p->pid;
    else if (t->owner == p->pid || t->access == ETS_PUBLIC)
        ok = true;
    else
        ok = need == ETS_READ && t->access == ETS_PROTECTED;
    if (!ok) {
        ets_tab_close(t);
        return NULL;
    }
    return t;
}

void ets_tab_close(EtsTable *t) {
    pthread_rwlock_unlock(&t->lock);
    ets_release(t);
}

/* The term that names t to Erlang code (its reference, or its name). */
Term ets_tab_term(Process *p, const EtsTable *t) {
    if (t->named) return t->name;
    Term *hp = proc_alloc(p, REF_WORDS);
    return hp ? make_ref_at(hp, &t->id) : THE_NON_VALUE;
}

static Term tab_ref(Process *p, const EtsTable *t) {
    Term *hp = proc_alloc(p, REF_WORDS);
    return hp ? make_ref_at(hp, &t->id) : THE_NON_VALUE;
}

#define OPEN(t, p, id, need)                        \
    EtsTable *t = ets_tab_open((p), (id), (need));  \
    if (!t) return bif_badarg(p)

/* A list on p's heap of copies of the node's objects. */
Term ets_copy_objects(Process *p, const EtsNode *n, Term tail) {
    size_t words = 0;
    for (const EtsObj *o = n->first; o; o = o->next) words += o->words + 2;
    Term *hp = proc_alloc(p, words);
    if (!hp) return THE_NON_VALUE;
    /* Built back to front, so copy in reverse: collect first. */
    size_t count = 0;
    for (const EtsObj *o = n->first; o; o = o->next) count++;
    Term *cells = hp;
    Term *objs = hp + 2 * count;
    size_t i = 0;
    for (const EtsObj *o = n->first; o; o = o->next, i++) {
        Term c = term_copy(o->term, objs, &p->off_heap);
        objs += o->words;
        cells[2 * i] = c;
        cells[2 * i + 1] = tail; /* fixed below */
    }
    for (size_t j = 0; j + 1 < count; j++) cells[2 * j + 1] = make_list(cells + 2 * (j + 1));
    return count ? make_list(cells) : tail;
}

/* --- new/2 --- */

Term bif_ets_new_2(Process *p, Term *args) {
    Term name = args[0], opts = args[1];
    if (!is_atom(name)) return bif_badarg(p);
    EtsType type = ETS_SET;
    EtsAccess access = ETS_PROTECTED;
    bool named = false, rc = false, wc = false, comp = false, dc = false;
    unsigned keypos = 1;
    Term heir = ATOM_none, heir_data = NIL;
    Term l = opts;
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term o = CAR(list_ptr(l));
        if (o == ATOM_set) type = ETS_SET;
        else if (o == ATOM_ordered_set) type = ETS_ORDERED_SET;
        else if (o == ATOM_bag) type = ETS_BAG;
        else if (o == ATOM_duplicate_bag) type = ETS_DUPLICATE_BAG;
        else if (o == ATOM_public) access = ETS_PUBLIC;
        else if (o == ATOM_protected) access = ETS_PROTECTED;
        else if (o == ATOM_private) access = ETS_PRIVATE;
        else if (o == ATOM_named_table) named = true;
        else if (o == ATOM_compressed) comp = true;
        else if (is_tuple(o) && tuple_arity(o) == 2) {
            Term k = tuple_elems(o)[0], v = tuple_elems(o)[1];
            if (k == ATOM_keypos && is_small(v) && small_val(v) >= 1 && small_val(v) < 0x10000000)
                keypos = (unsigned)small_val(v);
            else if (k == ATOM_read_concurrency && bif_is_bool(v)) rc = v == ATOM_true;
            else if (k == ATOM_write_concurrency && (bif_is_bool(v) || v == ATOM_auto)) wc = v != ATOM_false;
            else if (k == ATOM_decentralized_counters && bif_is_bool(v)) dc = v == ATOM_true;
            else if (k == ATOM_heir && v == ATOM_none) heir = ATOM_none;
            else return bif_badarg(p);
        } else if (is_tuple(o) && tuple_arity(o) == 3 && tuple_elems(o)[0] == ATOM_heir &&
                   is_local_pid(tuple_elems(o)[1])) {
            heir = tuple_elems(o)[1];
            heir_data = tuple_elems(o)[2];
        } else {
            return bif_badarg(p);
        }
    }
    if (!is_nil(l)) return bif_badarg(p);
    EtsTable *t = ets_table_new(&p->vm->atoms, type);
    if (!t) return bif_error(p, ATOM_system_limit);
    t->access = access;
    t->named = named;
    t->name = name;
    t->keypos = keypos;
    t->read_conc = rc;
    t->write_conc = wc;
    t->compressed = comp;
    t->decentralized = dc;
    t->owner = p->pid;
    t->rng ^= (uint32_t)(uintptr_t)t;
    if (!t->rng) t->rng = 1;
    if (heir != ATOM_none) {
        t->heir = heir;
        t->heir_data = ets_obj_new(heir_data);
        if (!t->heir_data) {
            ets_release(t);
            return bif_error(p, ATOM_system_limit);
        }
    }
    t->id = vm_new_ref(p->vm);
    Term result = named ? name : tab_ref(p, t);
    if (result == THE_NON_VALUE) {
        ets_release(t);
        return bif_error(p, ATOM_system_limit);
    }
    EtsRegistry *reg = p->vm->ets;
    pthread_mutex_lock(&reg->lock);
    bool added = ets_reg_add(reg, t);
    pthread_mutex_unlock(&reg->lock);
    if (!added) {
        ets_release(t);
        return bif_badarg(p);
    }
    return result;
}

/* --- deleting tables, ownership --- */

Term bif_ets_delete_1(Process *p, Term *args) {
    OPEN(t, p, args[0], ETS_WRITE);
    pthread_rwlock_unlock(&t->lock);
    EtsRegistry *reg = p->vm->ets;
    pthread_mutex_lock(&reg->lock);
    ets_reg_remove(reg, t);
    pthread_mutex_unlock(&reg->lock);
    pthread_rwlock_wrlock(&t->lock);
    ets_clear(t);
    ets_tab_close(t);
    return ATOM_true;
}

/* Sends {'ETS-TRANSFER', Tab, From, Data} to the new owner. */
static void send_transfer(girder_vm *vm, Process *p, EtsTable *t, Term from, Term to, Term data) {
    Term tab = ets_tab_term(p, t);
    Term *hp = proc_alloc(p, 5);
    if (!hp || tab == THE_NON_VALUE) return;
    hp[0] = MAKE_HEADER(SUB_TUPLE, 4);
    hp[1] = ATOM_ETS_TRANSFER;
    hp[2] = tab;
    hp[3] = from;
    hp[4] = data;
    sig_send(vm, from, to, SIG_MESSAGE, make_boxed(hp), NULL);
}

Term bif_ets_give_away_3(Process *p, Term *args) {
    Term to = args[1];
    /* Owners change under both locks: the registry's readers (owner
     * exits) and the table's (access checks) both see them. */
    EtsRegistry *reg = p->vm->ets;
    pthread_mutex_lock(&reg->lock);
    EtsTable *t = (is_atom(args[0]) || is_ref(args[0])) ? ets_reg_find_locked(reg, args[0]) : NULL;
    if (!t) {
        pthread_mutex_unlock(&reg->lock);
        return bif_badarg(p);
    }
    pthread_rwlock_wrlock(&t->lock);
    bool ok = t->owner == p->pid && is_local_pid(to) && to != p->pid && vm_find_process(p->vm, to) &&
              ets_reg_set_owner(reg, t, to);
    pthread_rwlock_unlock(&t->lock);
    pthread_mutex_unlock(&reg->lock);
    if (!ok) {
        ets_release(t);
        return bif_badarg(p);
    }
    send_transfer(p->vm, p, t, p->pid, to, args[2]);
    ets_release(t);
    return ATOM_true;
}

/* Applies one setopts/2 option. */
static bool set_heir(EtsTable *t, Term o) {
    if (!is_tuple(o) || tuple_elems(o)[0] != ATOM_heir) return false;
    if (tuple_arity(o) == 2 && tuple_elems(o)[1] == ATOM_none) {
        ets_obj_free(t->heir_data);
        t->heir_data = NULL;
        t->heir = ATOM_none;
        return true;
    }
    if (tuple_arity(o) != 3 || !is_local_pid(tuple_elems(o)[1])) return false;
    EtsObj *d = ets_obj_new(tuple_elems(o)[2]);
    if (!d) return false;
    ets_obj_free(t->heir_data);
    t->heir_data = d;
    t->heir = tuple_elems(o)[1];
    return true;
}

static bool valid_opt(Term o) {
    if (!is_tuple(o) || tuple_arity(o) < 2) return false;
    Term k = tuple_elems(o)[0];
    if (k == ATOM_heir)
        return (tuple_arity(o) == 2 && tuple_elems(o)[1] == ATOM_none) ||
               (tuple_arity(o) == 3 && is_local_pid(tuple_elems(o)[1]));
    return k == ATOM_protection && tuple_arity(o) == 2 &&
           (tuple_elems(o)[1] == ATOM_public || tuple_elems(o)[1] == ATOM_protected ||
            tuple_elems(o)[1] == ATOM_private);
}

static void apply_opt(EtsTable *t, Term o) {
    if (tuple_elems(o)[0] == ATOM_heir) {
        set_heir(t, o);
        return;
    }
    Term v = tuple_elems(o)[1];
    t->access = v == ATOM_public ? ETS_PUBLIC : v == ATOM_protected ? ETS_PROTECTED : ETS_PRIVATE;
}

Term bif_ets_setopts_2(Process *p, Term *args) {
    Term opts = args[1];
    if (is_tuple(opts)) {
        if (!valid_opt(opts)) return bif_badarg(p);
    } else {
        Term l = opts;
        for (; is_list(l); l = CDR(list_ptr(l)))
            if (!valid_opt(CAR(list_ptr(l)))) return bif_badarg(p);
        if (!is_nil(l)) return bif_badarg(p);
    }
    OPEN(t, p, args[0], ETS_OWNER);
    if (is_tuple(opts))
        apply_opt(t, opts);
    else
        for (Term l = opts; is_list(l); l = CDR(list_ptr(l))) apply_opt(t, CAR(list_ptr(l)));
    ets_tab_close(t);
    return ATOM_true;
}

/* Needs write access; answers the new name, or the reference of an
 * unnamed table. */
Term bif_ets_rename_2(Process *p, Term *args) {
    Term name = args[1];
    if (!is_atom(name)) return bif_badarg(p);
    EtsRegistry *reg = p->vm->ets;
    pthread_mutex_lock(&reg->lock);
    EtsTable *t = ets_reg_find_locked(reg, args[0]);
    bool ok = false;
    if (t) {
        pthread_rwlock_wrlock(&t->lock);
        ok = (t->owner == p->pid || t->access == ETS_PUBLIC) && ets_reg_rename(reg, t, name);
        pthread_rwlock_unlock(&t->lock);
    }
    pthread_mutex_unlock(&reg->lock);
    if (!ok) {
        if (t) ets_release(t);
        return bif_badarg(p);
    }
    Term r = t->named ? name : tab_ref(p, t);
    ets_release(t);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

void ets_owner_exited(girder_vm *vm, Term pid) {
    EtsRegistry *reg = vm->ets;
    if (!reg) return;
    for (;;) {
        /* One table at a time: sending and deleting happen without the
         * registry lock. */
        pthread_mutex_lock(&reg->lock);
        if (!ets_reg_owns(reg, pid)) {
            pthread_mutex_unlock(&reg->lock);
            return;
        }
        EtsTable *t = reg->first;
        while (t && t->owner != pid) t = t->next;
        if (!t) {
            pthread_mutex_unlock(&reg->lock);
            return;
        }
        Process *heir = NULL;
        if (t->heir != ATOM_none && t->heir != pid) heir = vm_find_process(vm, t->heir);
        if (heir) {
            pthread_rwlock_wrlock(&t->lock);
            if (!ets_reg_set_owner(reg, t, t->heir)) heir = NULL;
            pthread_rwlock_unlock(&t->lock);
        }
        if (heir) {
            atomic_fetch_add(&t->refc, 1);
            pthread_mutex_unlock(&reg->lock);
            /* The exiting process's heap is no place for the message:
             * build it on the C stack; the send copies it. */
            Term blk[5 + REF_WORDS];
            pthread_rwlock_rdlock(&t->lock);
            blk[0] = MAKE_HEADER(SUB_TUPLE, 4);
            blk[1] = ATOM_ETS_TRANSFER;
            blk[2] = t->named ? t->name : make_ref_at(blk + 5, &t->id);
            blk[3] = pid;
            blk[4] = t->heir_data ? t->heir_data->term : ATOM_undefined;
            sig_send(vm, pid, t->heir, SIG_MESSAGE, make_boxed(blk), NULL);
            pthread_rwlock_unlock(&t->lock);
            ets_release(t);
            continue;
        }
        ets_reg_remove(reg, t);
        pthread_mutex_unlock(&reg->lock);
    }
}

/* --- objects in --- */

/* Is obj something t can store? */
static bool storable(const EtsTable *t, Term obj) { return is_tuple(obj) && tuple_arity(obj) >= t->keypos; }

/* Checks an insert/2 argument: a storable object or a proper list of them. */
static bool valid_objects(const EtsTable *t, Term objs) {
    if (is_tuple(objs)) return storable(t, objs);
    for (; is_list(objs); objs = CDR(list_ptr(objs)))
        if (!storable(t, CAR(list_ptr(objs)))) return false;
    return is_nil(objs);
}

static bool put_all(EtsTable *t, Term objs) {
    if (is_tuple(objs)) return ets_put(t, objs);
    for (; is_list(objs); objs = CDR(list_ptr(objs)))
        if (!ets_put(t, CAR(list_ptr(objs)))) return false;
    return true;
}

Term bif_ets_insert_2(Process *p, Term *args) {
    OPEN(t, p, args[0], ETS_WRITE);
    bool ok = valid_objects(t, args[1]);
    bool mem = ok && put_all(t, args[1]);
    ets_tab_close(t);
    if (!ok) return bif_badarg(p);
    return mem ? ATOM_true : bif_error(p, ATOM_system_limit);
}

Term bif_ets_insert_new_2(Process *p, Term *args) {
    OPEN(t, p, args[0], ETS_WRITE);
    Term objs = args[1];
    bool ok = valid_objects(t, objs), fresh = true;
    if (ok && is_tuple(objs)) {
        fresh = !ets_find(t, ets_key(t, objs));
    } else if (ok) {
        for (Term l = objs; fresh && is_list(l); l = CDR(list_ptr(l)))
            fresh = !ets_find(t, ets_key(t, CAR(list_ptr(l))));
    }
    bool mem = !(ok && fresh) || put_all(t, objs);
    ets_tab_close(t);
    if (!ok) return bif_badarg(p);
    if (!mem) return bif_error(p, ATOM_system_limit);
    return fresh ? ATOM_true : ATOM_false;
}

/* --- objects out --- */

Term bif_ets_lookup_2(Process *p, Term *args) {
    OPEN(t, p, args[0], ETS_READ);
    EtsNode *n = ets_find(t, args[1]);
    Term r = n ? ets_copy_objects(p, n, NIL) : NIL;
    ets_tab_close(t);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_ets_member_2(Process *p, Term *args) {
    OPEN(t, p, args[0], ETS_READ);
    bool found = ets_find(t, args[1]) != NULL;
    ets_tab_close(t);
    return found ? ATOM_true : ATOM_false;
}

Term bif_ets_lookup_element_3(Process *p, Term *args) {
    Term pos = args[2];
    if (!is_small(pos) || small_val(pos) < 1) return bif_badarg(p);
    UWord i = (UWord)small_val(pos);
    OPEN(t, p, args[0], ETS_READ);
    EtsNode *n = ets_find(t, args[1]);
    bool ok = n != NULL;
    for (EtsObj *o = n ? n->first : NULL; ok && o; o = o->next) ok = tuple_arity(o->term) >= i;
    Term r = NIL;
    if (ok && (t->type == ETS_SET || t->type == ETS_ORDERED_SET)) {
        r = ets_copy_out(p, tuple_elems(n->first->term)[i - 1]);
    } else if (ok) {
        /* A list of the elements, in the objects' order. */
        Term *tailp = &r;
        for (EtsObj *o = n->first; o && r != THE_NON_VALUE; o = o->next) {
            Term e = ets_copy_out(p, tuple_elems(o->term)[i - 1]);
            Term *hp = proc_alloc(p, 2);
            if (e == THE_NON_VALUE || !hp) {
                r = THE_NON_VALUE;
                break;
            }
            hp[0] = e;
            hp[1] = NIL;
            *tailp = make_list(hp);
            tailp = hp + 1;
        }
    }
    ets_tab_close(t);
    if (!ok) return bif_badarg(p);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_ets_take_2(Process *p, Term *args) {
    OPEN(t, p, args[0], ETS_WRITE);
    EtsNode *n = ets_find(t, args[1]);
    Term r = NIL;
    if (n) {
        r = ets_copy_objects(p, n, NIL);
        if (r != THE_NON_VALUE) ets_delete_key(t, args[1]);
    }
    ets_tab_close(t);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_ets_delete_2(Process *p, Term *args) {
    OPEN(t, p, args[0], ETS_WRITE);
    ets_delete_key(t, args[1]);
    ets_tab_close(t);
    return ATOM_true;
}

Term bif_ets_delete_object_2(Process *p, Term *args) {
    OPEN(t, p, args[0], ETS_WRITE);
    bool ok = storable(t, args[1]);
    if (ok) ets_delete_object(t, args[1]);
    ets_tab_close(t);
    return ok ? ATOM_true : bif_badarg(p);
}

Term bif_ets_internal_delete_all_2(Process *p, Term *args) {
    OPEN(t, p, args[0], ETS_WRITE);
    size_t n = t->nobjects;
    ets_clear(t);
    ets_tab_close(t);
    return make_small((SWord)n);
}

/* --- iteration by key --- */

static Term key_of(Process *p, EtsTable *t, EtsNode *n) {
    return n ? ets_copy_out(p, ets_key(t, n->first->term)) : ATOM_end_of_table;
}

/* last/1 and prev/2 on the unordered types work as first/1 and next/2. */
static Term first_last(Process *p, Term *args, bool last) {
    OPEN(t, p, args[0], ETS_READ);
    Term r = key_of(p, t, last && t->type == ETS_ORDERED_SET ? ets_last(t) : ets_first(t));
    ets_tab_close(t);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_ets_first_1(Process *p, Term *args) { return first_last(p, args, false); }
Term bif_ets_last_1(Process *p, Term *args) { return first_last(p, args, true); }

static Term next_prev(Process *p, Term *args, bool prev) {
    OPEN(t, p, args[0], ETS_READ);
    /* Only ordered_set steps from a key that is not in the table. */
    bool ok = t->type == ETS_ORDERED_SET || ets_find(t, args[1]);
    Term r = THE_NON_VALUE;
    if (ok) {
        bool back = prev && t->type == ETS_ORDERED_SET;
        r = key_of(p, t, back ? ets_before(t, args[1]) : ets_after(t, args[1]));
    }
    ets_tab_close(t);
    if (!ok) return bif_badarg(p);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_ets_next_2(Process *p, Term *args) { return next_prev(p, args, false); }
Term bif_ets_prev_2(Process *p, Term *args) { return next_prev(p, args, true); }

Term bif_ets_slot_2(Process *p, Term *args) {
    Term i = args[1];
    if (!is_small(i) || small_val(i) < 0) return bif_badarg(p);
    OPEN(t, p, args[0], ETS_READ);
    size_t k = (size_t)small_val(i), nodes = t->root ? t->root->size : 0;
    Term r = ATOM_end_of_table;
    if (k < nodes) r = ets_copy_objects(p, ets_nth(t, k), NIL);
    ets_tab_close(t);
    if (k > nodes) return bif_badarg(p);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

/* --- counters and element updates --- */

/* One update_counter operation, checked: position, increment, and an
 * optional threshold and value to set. */
typedef struct CounterOp {
    UWord pos;
    Term incr, thr, set;
} CounterOp;

static bool parse_counter_op(Term op, unsigned keypos, CounterOp *c) {
    c->thr = c->set = THE_NON_VALUE;
    if (is_integer(op)) {
        c->pos = keypos + 1;
        c->incr = op;
        return true;
    }
    if (!is_tuple(op) || (tuple_arity(op) != 2 && tuple_arity(op) != 4)) return false;
    Term *e = tuple_elems(op);
    if (!is_small(e[0]) || small_val(e[0]) < 1 || !is_integer(e[1])) return false;
    c->pos = (UWord)small_val(e[0]);
    c->incr = e[1];
    if (tuple_arity(op) == 4) {
        if (!is_integer(e[2]) || !is_integer(e[3])) return false;
        c->thr = e[2];
        c->set = e[3];
    }
    return true;
}

/* Applies c to the heap tuple obj: the new value, or THE_NON_VALUE. */
static Term apply_counter(Process *p, const EtsTable *t, Term obj, const CounterOp *c) {
    if (c->pos == t->keypos || c->pos > tuple_arity(obj)) return THE_NON_VALUE;
    Term *slot = &tuple_elems(obj)[c->pos - 1];
    if (!is_integer(*slot)) return THE_NON_VALUE;
    Term args[2] = {*slot, c->incr};
    Term v = bif_erlang_plus_2(p, args);
    if (v == THE_NON_VALUE) return v;
    if (c->thr != THE_NON_VALUE) {
        bool up = !(is_small(c->incr) ? small_val(c->incr) < 0 : big_negative(c->incr));
        int cmp = term_compare(t->atoms, v, c->thr);
        if (up ? cmp > 0 : cmp < 0) v = c->set;
    }
    *slot = v;
    return v;
}

static Term update_counter(Process *p, Term *args, Term dflt) {
    Term ops = args[2];
    OPEN(t, p, args[0], ETS_WRITE);
    bool ok = t->type == ETS_SET || t->type == ETS_ORDERED_SET;
    EtsNode *n = ok ? ets_find(t, args[1]) : NULL;
    Term obj = THE_NON_VALUE;
    if (ok && n) {
        obj = ets_copy_out(p, n->first->term);
    } else if (ok && dflt != THE_NON_VALUE && storable(t, dflt)) {
        /* The default, with its key replaced by Key. */
        UWord a = tuple_arity(dflt);
        Term *hp = proc_alloc(p, a + 1);
        if (hp) {
            memcpy(hp, boxed_ptr(dflt), (a + 1) * sizeof(Term));
            hp[t->keypos] = args[1];
            obj = make_boxed(hp);
        }
    } else {
        ok = false;
    }
    Term result = THE_NON_VALUE;
    if (ok && obj != THE_NON_VALUE) {
        CounterOp c;
        if (!is_list(ops) && !is_nil(ops)) {
            ok = parse_counter_op(ops, t->keypos, &c) &&
                 (result = apply_counter(p, t, obj, &c)) != THE_NON_VALUE;
        } else {
            /* A list: the results in the same order. */
            Term *tailp = &result;
            result = NIL;
            Term l = ops;
            for (; ok && is_list(l); l = CDR(list_ptr(l))) {
                Term v;
                Term *hp = proc_alloc(p, 2);
                ok = hp && parse_counter_op(CAR(list_ptr(l)), t->keypos, &c) &&
                     (v = apply_counter(p, t, obj, &c)) != THE_NON_VALUE;
                if (ok) {
                    hp[0] = v;
                    hp[1] = NIL;
                    *tailp = make_list(hp);
                    tailp = hp + 1;
                }
            }
            ok = ok && is_nil(l);
        }
        if (ok && !ets_put(t, obj)) result = THE_NON_VALUE;
    }
    ets_tab_close(t);
    if (!ok) return bif_badarg(p);
    return result == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : result;
}

Term bif_ets_update_counter_3(Process *p, Term *args) { return update_counter(p, args, THE_NON_VALUE); }
Term bif_ets_update_counter_4(Process *p, Term *args) { return update_counter(p, args, args[3]); }

static bool element_update_ok(const EtsTable *t, Term obj, Term u) {
    if (!is_tuple(u) || tuple_arity(u) != 2) return false;
    Term pos = tuple_elems(u)[0];
    return is_small(pos) && small_val(pos) >= 1 && (UWord)small_val(pos) != t->keypos &&
           (UWord)small_val(pos) <= tuple_arity(obj);
}

Term bif_ets_update_element_3(Process *p, Term *args) {
    Term ups = args[2];
    OPEN(t, p, args[0], ETS_WRITE);
    bool ok = t->type == ETS_SET || t->type == ETS_ORDERED_SET;
    EtsNode *n = ok ? ets_find(t, args[1]) : NULL;
    Term r = ATOM_false;
    if (ok && n) {
        Term stored = n->first->term;
        if (is_tuple(ups)) {
            ok = element_update_ok(t, stored, ups);
        } else {
            Term l = ups;
            for (; ok && is_list(l); l = CDR(list_ptr(l))) ok = element_update_ok(t, stored, CAR(list_ptr(l)));
            ok = ok && is_nil(l);
        }
        Term obj = ok ? ets_copy_out(p, stored) : THE_NON_VALUE;
        if (obj != THE_NON_VALUE) {
            if (is_tuple(ups)) {
                tuple_elems(obj)[small_val(tuple_elems(ups)[0]) - 1] = tuple_elems(ups)[1];
            } else {
                for (Term l = ups; is_list(l); l = CDR(list_ptr(l))) {
                    Term u = CAR(list_ptr(l));
                    tuple_elems(obj)[small_val(tuple_elems(u)[0]) - 1] = tuple_elems(u)[1];
                }
            }
            r = ets_put(t, obj) ? ATOM_true : THE_NON_VALUE;
        } else if (ok) {
            r = THE_NON_VALUE;
        }
    }
    ets_tab_close(t);
    if (!ok) return bif_badarg(p);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

/* --- info --- */

static Term type_atom(EtsType type) {
    switch (type) {
    case ETS_SET: return ATOM_set;
    case ETS_ORDERED_SET: return ATOM_ordered_set;
    case ETS_BAG: return ATOM_bag;
    default: return ATOM_duplicate_bag;
    }
}

static Term bool_atom(bool b) { return b ? ATOM_true : ATOM_false; }

/* The value of one info item, or THE_NON_VALUE for an unknown item
 * (*oom set when memory ran out).  Caller holds the table's lock. */
static Term info_item(Process *p, EtsTable *t, Term item, bool *oom) {
    Term v;
    if (item == ATOM_id) v = tab_ref(p, t);
    else if (item == ATOM_decentralized_counters) v = bool_atom(t->decentralized);
    else if (item == ATOM_read_concurrency) v = bool_atom(t->read_conc);
    else if (item == ATOM_write_concurrency) v = bool_atom(t->write_conc);
    else if (item == ATOM_compressed) v = bool_atom(t->compressed);
    else if (item == ATOM_memory) v = make_small((SWord)(t->words + sizeof(EtsTable) / sizeof(Term)));
    else if (item == ATOM_owner) v = t->owner;
    else if (item == ATOM_heir) v = t->heir;
    else if (item == ATOM_name) v = t->name;
    else if (item == ATOM_size) v = make_small((SWord)t->nobjects);
    else if (item == ATOM_node) v = ATOM_nonode_nohost;
    else if (item == ATOM_named_table) v = bool_atom(t->named);
    else if (item == ATOM_type) v = type_atom(t->type);
    else if (item == ATOM_keypos) v = make_small((SWord)t->keypos);
    else if (item == ATOM_protection)
        v = t->access == ETS_PUBLIC ? ATOM_public : t->access == ETS_PROTECTED ? ATOM_protected : ATOM_private;
    else if (item == ATOM_fixed) v = bool_atom(t->fixcount > 0);
    else if (item == ATOM_safe_fixed || item == ATOM_safe_fixed_monotonic_time) {
        if (!t->fixcount) {
            v = ATOM_false;
        } else {
            Term *hp = proc_alloc(p, 4 + 3 + 3 + 2);
            if (!hp) {
                *oom = true;
                return THE_NON_VALUE;
            }
            Term *ts = hp, *pair = hp + 4, *cell = hp + 7, *top = hp + 9;
            ts[0] = MAKE_HEADER(SUB_TUPLE, 3);
            ts[1] = ts[2] = ts[3] = make_small(0);
            pair[0] = MAKE_HEADER(SUB_TUPLE, 2);
            pair[1] = t->fixer;
            pair[2] = make_small((SWord)t->fixcount);
            cell[0] = make_boxed(pair);
            cell[1] = NIL;
            top[0] = MAKE_HEADER(SUB_TUPLE, 2);
            top[1] = item == ATOM_safe_fixed ? make_boxed(ts) : make_small(0);
            top[2] = make_list(cell);
            v = make_boxed(top);
        }
    } else return THE_NON_VALUE;
    if (v == THE_NON_VALUE) *oom = true;
    return v;
}

#define NINFO 15

Term bif_ets_info_1(Process *p, Term *args) {
    if (!is_atom(args[0]) && !is_ref(args[0])) return bif_badarg(p);
    EtsTable *t = ets_reg_find(p->vm->ets, args[0]);
    if (!t) return ATOM_undefined;
    const Term info_keys[NINFO] = {ATOM_id, ATOM_decentralized_counters, ATOM_read_concurrency,
                                   ATOM_write_concurrency, ATOM_compressed, ATOM_memory, ATOM_owner,
                                   ATOM_heir, ATOM_name, ATOM_size, ATOM_node, ATOM_named_table,
                                   ATOM_type, ATOM_keypos, ATOM_protection};
    pthread_rwlock_rdlock(&t->lock);
    Term *hp = proc_alloc(p, NINFO * 5);
    Term l = NIL;
    bool oom = !hp;
    for (size_t i = NINFO; hp && i-- > 0;) {
        Term v = info_item(p, t, info_keys[i], &oom);
        if (oom) break;
        Term *e = hp + 5 * i;
        e[0] = MAKE_HEADER(SUB_TUPLE, 2);
        e[1] = info_keys[i];
        e[2] = v;
        e[3] = make_boxed(e);
        e[4] = l;
        l = make_list(e + 3);
    }
    ets_tab_close(t);
    return oom ? bif_error(p, ATOM_system_limit) : l;
}

Term bif_ets_info_2(Process *p, Term *args) {
    if (!is_atom(args[0]) && !is_ref(args[0])) return bif_badarg(p);
    EtsTable *t = ets_reg_find(p->vm->ets, args[0]);
    if (!t) return is_atom(args[1]) ? ATOM_undefined : bif_badarg(p);
    pthread_rwlock_rdlock(&t->lock);
    bool oom = false;
    Term v = info_item(p, t, args[1], &oom);
    ets_tab_close(t);
    if (oom) return bif_error(p, ATOM_system_limit);
    return v == THE_NON_VALUE ? bif_badarg(p) : v;
}

Term bif_ets_whereis_1(Process *p, Term *args) {
    if (!is_atom(args[0])) return bif_badarg(p);
    EtsTable *t = ets_reg_find(p->vm->ets, args[0]);
    if (!t) return ATOM_undefined;
    Term r = tab_ref(p, t);
    ets_release(t);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_ets_safe_fixtable_2(Process *p, Term *args) {
    Term on = args[1];
    if (!bif_is_bool(on)) return bif_badarg(p);
    OPEN(t, p, args[0], ETS_READ);
    /* Fixing only records who fixed the table: the treap's iteration
     * by key is safe under concurrent updates anyway. */
    pthread_rwlock_unlock(&t->lock);
    pthread_rwlock_wrlock(&t->lock);
    if (on == ATOM_true) {
        if (t->fixer == NIL || t->fixer == p->pid) {
            t->fixer = p->pid;
            t->fixcount++;
        }
    } else if (t->fixer == p->pid && t->fixcount && !--t->fixcount) {
        t->fixer = NIL;
    }
    ets_tab_close(t);
    return ATOM_true;
}

Term bif_ets_internal_request_all_0(Process *p, Term *args) {
    (void)args;
    RefId id = vm_new_ref(p->vm);
    EtsRegistry *reg = p->vm->ets;
    pthread_mutex_lock(&reg->lock);
    Term *hp = proc_alloc(p, reg->count * (2 + REF_WORDS) + REF_WORDS + 3);
    Term l = NIL, msg = THE_NON_VALUE, ref = THE_NON_VALUE;
    if (hp) {
        for (EtsTable *t = reg->first; t; t = t->next) {
            Term tab = t->named ? t->name : make_ref_at(hp, &t->id);
            hp += REF_WORDS;
            hp[0] = tab;
            hp[1] = l;
            l = make_list(hp);
            hp += 2;
        }
        ref = make_ref_at(hp, &id);
        hp += REF_WORDS;
        hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
        hp[1] = ref;
        hp[2] = l;
        msg = make_boxed(hp);
    }
    pthread_mutex_unlock(&reg->lock);
    if (msg == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    /* ets:all/0 waits for one answer per scheduler (system_info(schedulers)). */
    sig_send(p->vm, p->pid, p->pid, SIG_MESSAGE, msg, NULL);
    unsigned n = p->vm->nsched ? p->vm->nsched : 1;
    for (unsigned i = 1; i < n; i++) {
        boxed_ptr(msg)[2] = NIL;
        sig_send(p->vm, p->pid, p->pid, SIG_MESSAGE, msg, NULL);
    }
    return ref;
}
