/*
 * pterm.c: persistent_term (the store is in vm.h).  Keys and values are
 * copied once into the store's literal area, so get/1,2 return the stored
 * term itself (the collector leaves terms outside the process heap where
 * they are); replaced and erased copies stay until the VM ends, since a
 * process may still hold them.  Keys compare with =:=; one lock.
 */
#include <stdlib.h>

#include "../gc/term_copy.h"
#include "bif.h"
#include "compare.h"
#include "vm.h"

struct PTermEntry {
    PTermEntry *next;
    Term key, value;
};

void pterm_init(PTermStore *s) {
    pthread_mutex_init(&s->lock, NULL);
    s->first = NULL;
    s->count = 0;
    lit_init(&s->area);
}

void pterm_destroy(PTermStore *s) {
    for (PTermEntry *e = s->first; e;) {
        PTermEntry *next = e->next;
        free(e);
        e = next;
    }
    lit_free(&s->area);
    pthread_mutex_destroy(&s->lock);
}

/* A copy of t in the store's area, or THE_NON_VALUE. */
static Term persist(PTermStore *s, Term t) {
    if (is_immed(t)) return t;
    size_t words = term_flat_size(t);
    if (words == (size_t)-1) return THE_NON_VALUE;
    Term *hp = lit_alloc(&s->area, words);
    if (!hp) return THE_NON_VALUE;
    return term_copy(t, hp, &s->area.off_heap);
}

static PTermEntry *find(PTermStore *s, Term key) {
    for (PTermEntry *e = s->first; e; e = e->next)
        if (term_eq_exact(e->key, key)) return e;
    return NULL;
}

Term bif_persistent_term_put_2(Process *p, Term *args) {
    PTermStore *s = &p->vm->pterms;
    pthread_mutex_lock(&s->lock);
    PTermEntry *e = find(s, args[0]);
    bool ok = false;
    if (e && term_eq_exact(e->value, args[1])) {
        ok = true; /* the same value again: nothing to copy */
    } else {
        Term v = persist(s, args[1]);
        if (v != THE_NON_VALUE && !e) {
            Term k = persist(s, args[0]);
            if (k != THE_NON_VALUE && (e = malloc(sizeof *e))) {
                e->key = k;
                e->next = s->first;
                s->first = e;
                s->count++;
            }
        }
        if (e && v != THE_NON_VALUE) {
            e->value = v;
            ok = true;
        }
    }
    pthread_mutex_unlock(&s->lock);
    return ok ? ATOM_ok : bif_error(p, ATOM_system_limit);
}

static Term get(Process *p, Term key, Term dflt) {
    PTermStore *s = &p->vm->pterms;
    pthread_mutex_lock(&s->lock);
    PTermEntry *e = find(s, key);
    Term v = e ? e->value : dflt;
    pthread_mutex_unlock(&s->lock);
    return v == THE_NON_VALUE ? bif_badarg(p) : v;
}

Term bif_persistent_term_get_1(Process *p, Term *args) { return get(p, args[0], THE_NON_VALUE); }
Term bif_persistent_term_get_2(Process *p, Term *args) { return get(p, args[0], args[1]); }

Term bif_persistent_term_erase_1(Process *p, Term *args) {
    PTermStore *s = &p->vm->pterms;
    pthread_mutex_lock(&s->lock);
    bool found = false;
    for (PTermEntry **l = &s->first; *l; l = &(*l)->next) {
        if (term_eq_exact((*l)->key, args[0])) {
            PTermEntry *e = *l;
            *l = e->next;
            free(e);
            s->count--;
            found = true;
            break;
        }
    }
    pthread_mutex_unlock(&s->lock);
    return found ? ATOM_true : ATOM_false;
}

Term bif_persistent_term_get_0(Process *p, Term *args) {
    PTermStore *s = &p->vm->pterms;
    pthread_mutex_lock(&s->lock);
    Term *hp = proc_alloc(p, s->count * 5);
    Term l = NIL;
    size_t i = 0;
    for (PTermEntry *e = s->first; hp && e; e = e->next, i++) {
        Term *t = hp + 5 * i;
        t[0] = MAKE_HEADER(SUB_TUPLE, 2);
        t[1] = e->key;
        t[2] = e->value;
        t[3] = make_boxed(t);
        t[4] = l;
        l = make_list(t + 3);
    }
    bool failed = !hp && s->count;
    pthread_mutex_unlock(&s->lock);
    return failed ? bif_error(p, ATOM_system_limit) : l;
}

Term bif_persistent_term_info_0(Process *p, Term *args) {
    PTermStore *s = &p->vm->pterms;
    Term *hp;
    BIF_ALLOC(p, hp, 3 + 5);
    /* #{count => N, memory => Bytes}: a flat map, keys in term order. */
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = ATOM_count;
    hp[2] = ATOM_memory;
    Term *m = hp + 3;
    pthread_mutex_lock(&s->lock);
    m[0] = MAKE_HEADER(SUB_MAP, 4);
    m[1] = 2;
    m[2] = make_boxed(hp);
    m[3] = make_small((SWord)s->count);
    m[4] = make_small((SWord)(s->area.words * sizeof(Term)));
    pthread_mutex_unlock(&s->lock);
    return make_boxed(m);
}
