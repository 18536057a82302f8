/*
 * ets_match.c: validating and running match specifications (see
 * ets_match.h).  Heads are matched against the object with '$N'
 * variables bound in place; guards and bodies are evaluated on the
 * process heap, calling the erlang module's guard BIFs for {F, Args...}.
 */
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "compare.h"
#include "ets_match.h"
#include "ets_table.h"
#include "map.h"
#include "vm.h"

/* A function a specification may call. */
struct MsGuardFn {
    Term name;      /* its atom */
    unsigned arity; /* its arity */
    BifFn fn;       /* the BIF */
};

bool ms_init(girder_vm *vm) {
    EtsRegistry *r = vm->ets;
    size_t n = 0;
    for (unsigned i = 0; i < bif_count; i++)
        if ((bif_table[i].flags & BIF_GUARD) && !strcmp(bif_table[i].module, "erlang")) n++;
    r->guards = calloc(n ? n : 1, sizeof *r->guards);
    if (!r->guards) return false;
    for (unsigned i = 0; i < bif_count; i++) {
        const BifInfo *b = &bif_table[i];
        if (!(b->flags & BIF_GUARD) || strcmp(b->module, "erlang")) continue;
        struct MsGuardFn *g = &r->guards[r->nguards];
        if (atom_put(&vm->atoms, b->name, strlen(b->name), &g->name) != ATOM_OK) return false;
        g->arity = b->arity;
        g->fn = b->fn;
        r->nguards++;
    }
    return true;
}

void ms_free(girder_vm *vm) {
    if (vm->ets) free(vm->ets->guards);
}

static BifFn guard_fn(const EtsRegistry *r, Term name, unsigned arity) {
    for (size_t i = 0; i < r->nguards; i++)
        if (r->guards[i].name == name && r->guards[i].arity == arity) return r->guards[i].fn;
    return NULL;
}

/* --- variables --- */

#define MAX_VAR 100000
enum { V_CONST = -1, V_WILD = -2, V_OBJ = -3, V_ALL = -4 };

/* What an atom is in a specification: '$N' (N >= 0), '_', '$_', '$$' or
 * a constant. */
static long var_of(const AtomTable *a, Term t) {
    const char *s = atom_name(a, t);
    if (s[0] == '_' && !s[1]) return V_WILD;
    if (s[0] != '$') return V_CONST;
    if (s[1] == '_' && !s[2]) return V_OBJ;
    if (s[1] == '$' && !s[2]) return V_ALL;
    if (!s[1]) return V_CONST;
    long v = 0;
    for (const char *c = s + 1; *c; c++) {
        if (*c < '0' || *c > '9') return V_CONST;
        v = v * 10 + (*c - '0');
        if (v > MAX_VAR) return V_CONST;
    }
    return v;
}

/* --- validation --- */

typedef struct Check {
    girder_vm *vm;
    unsigned char *bound; /* per variable: 1 when the head binds it */
    size_t nbound;        /* entries in bound */
    long maxvar;          /* largest variable in the heads */
} Check;

static bool proper_list(Term l) {
    while (is_list(l)) l = CDR(list_ptr(l));
    return is_nil(l);
}

/* Records the head's variables (mark false: only find the largest). */
static void head_vars(Check *c, Term t, bool mark) {
    for (;;) {
        if (is_atom(t)) {
            long v = var_of(&c->vm->atoms, t);
            if (v >= 0) {
                if (v > c->maxvar) c->maxvar = v;
                if (mark) c->bound[v] = 1;
            }
            return;
        }
        if (is_list(t)) {
            head_vars(c, CAR(list_ptr(t)), mark);
            t = CDR(list_ptr(t));
            continue;
        }
        if (is_tuple(t)) {
            UWord n = tuple_arity(t);
            for (UWord i = 0; i < n; i++) head_vars(c, tuple_elems(t)[i], mark);
            return;
        }
        if (is_map(t)) {
            MapIter it;
            Term k, v;
            map_iter_init(&it, t);
            while (map_iter_next(&it, &k, &v)) head_vars(c, v, mark);
        }
        return;
    }
}

static bool is_bool_op(Term f) {
    return f == ATOM_andalso || f == ATOM_orelse || f == ATOM_and || f == ATOM_or;
}

static bool check_expr(Check *c, Term e) {
    if (is_atom(e)) {
        long v = var_of(&c->vm->atoms, e);
        if (v >= 0) return (size_t)v < c->nbound && c->bound[v];
        return v != V_WILD;
    }
    if (is_list(e)) {
        while (is_list(e)) {
            if (!check_expr(c, CAR(list_ptr(e)))) return false;
            e = CDR(list_ptr(e));
        }
        return check_expr(c, e);
    }
    if (is_tuple(e)) {
        UWord n = tuple_arity(e);
        Term *el = tuple_elems(e);
        if (n == 0) return false;
        if (n == 1 && is_tuple(el[0])) {
            UWord m = tuple_arity(el[0]);
            for (UWord i = 0; i < m; i++)
                if (!check_expr(c, tuple_elems(el[0])[i])) return false;
            return true;
        }
        if (!is_atom(el[0])) return false;
        if (el[0] == ATOM_const && n == 2) return true;
        if (is_bool_op(el[0])) {
            if (n < 2) return false;
        } else if (!guard_fn(c->vm->ets, el[0], (unsigned)(n - 1))) {
            return false;
        }
        for (UWord i = 1; i < n; i++)
            if (!check_expr(c, el[i])) return false;
        return true;
    }
    return true;
}

bool ms_check(girder_vm *vm, Term ms, MsInfo *info) {
    if (!proper_list(ms)) return false;
    Check c = {.vm = vm, .maxvar = -1};
    for (Term l = ms; is_list(l); l = CDR(list_ptr(l))) {
        Term cl = CAR(list_ptr(l));
        if (!is_tuple(cl) || tuple_arity(cl) != 3) return false;
        head_vars(&c, tuple_elems(cl)[0], false);
    }
    c.nbound = (size_t)(c.maxvar + 1);
    c.bound = malloc(c.nbound ? c.nbound : 1);
    if (!c.bound) return false;
    bool ok = true;
    for (Term l = ms; ok && is_list(l); l = CDR(list_ptr(l))) {
        Term *cl = tuple_elems(CAR(list_ptr(l)));
        memset(c.bound, 0, c.nbound);
        head_vars(&c, cl[0], true);
        if (!proper_list(cl[1]) || !proper_list(cl[2]) || is_nil(cl[2])) {
            ok = false;
            break;
        }
        for (Term g = cl[1]; ok && is_list(g); g = CDR(list_ptr(g))) ok = check_expr(&c, CAR(list_ptr(g)));
        for (Term b = cl[2]; ok && is_list(b); b = CDR(list_ptr(b))) ok = check_expr(&c, CAR(list_ptr(b)));
    }
    free(c.bound);
    info->nvars = c.nbound;
    return ok;
}

/* --- running --- */

typedef struct Run {
    Process *p;
    const AtomTable *atoms;
    Term *vars;  /* bindings, THE_NON_VALUE when unbound */
    size_t nvars;
    Term obj;    /* the object ('$_') */
} Run;

static bool match(Run *r, Term pat, Term t) {
    for (;;) {
        if (is_atom(pat)) {
            long v = var_of(r->atoms, pat);
            if (v == V_WILD) return true;
            if (v >= 0) {
                if (r->vars[v] == THE_NON_VALUE) {
                    r->vars[v] = t;
                    return true;
                }
                return term_eq_exact(r->vars[v], t);
            }
            return pat == t;
        }
        if (is_list(pat)) {
            if (!is_list(t)) return false;
            if (!match(r, CAR(list_ptr(pat)), CAR(list_ptr(t)))) return false;
            pat = CDR(list_ptr(pat));
            t = CDR(list_ptr(t));
            continue;
        }
        if (is_tuple(pat)) {
            if (!is_tuple(t) || tuple_arity(t) != tuple_arity(pat)) return false;
            UWord n = tuple_arity(pat);
            for (UWord i = 0; i < n; i++)
                if (!match(r, tuple_elems(pat)[i], tuple_elems(t)[i])) return false;
            return true;
        }
        if (is_map(pat)) {
            if (!is_map(t)) return false;
            MapIter it;
            Term k, v;
            map_iter_init(&it, pat);
            while (map_iter_next(&it, &k, &v)) {
                const Term *tv = map_get(t, k);
                if (!tv || !match(r, v, *tv)) return false;
            }
            return true;
        }
        return term_eq_exact(pat, t);
    }
}

static Term eval(Run *r, Term e);

/* andalso/orelse (short-circuit) and and/or (all evaluated). */
static Term eval_bool(Run *r, Term op, Term *args, UWord n) {
    bool is_and = op == ATOM_andalso || op == ATOM_and;
    bool lazy = op == ATOM_andalso || op == ATOM_orelse;
    bool acc = is_and;
    for (UWord i = 0; i < n; i++) {
        Term v = eval(r, args[i]);
        if (v != ATOM_true && v != ATOM_false) return THE_NON_VALUE;
        bool b = v == ATOM_true;
        acc = is_and ? (acc && b) : (acc || b);
        if (lazy && acc != is_and) return acc ? ATOM_true : ATOM_false;
    }
    return acc ? ATOM_true : ATOM_false;
}

static Term eval(Run *r, Term e) {
    if (is_atom(e)) {
        long v = var_of(r->atoms, e);
        if (v >= 0) return (size_t)v < r->nvars ? r->vars[v] : THE_NON_VALUE;
        if (v == V_OBJ) return r->obj;
        if (v == V_ALL) {
            Term l = NIL;
            for (size_t i = r->nvars; i-- > 0;) {
                if (r->vars[i] == THE_NON_VALUE) continue;
                l = build_cons(r->p, r->vars[i], l);
                if (l == THE_NON_VALUE) return l;
            }
            return l;
        }
        return e;
    }
    if (is_list(e)) {
        /* Evaluate into a list built front to back. */
        Term first = NIL, *tailp = &first;
        while (is_list(e)) {
            Term v = eval(r, CAR(list_ptr(e)));
            if (v == THE_NON_VALUE) return v;
            Term c = build_cons(r->p, v, NIL);
            if (c == THE_NON_VALUE) return c;
            *tailp = c;
            tailp = &list_ptr(c)[1];
            e = CDR(list_ptr(e));
        }
        if (!is_nil(e)) {
            Term v = eval(r, e);
            if (v == THE_NON_VALUE) return v;
            *tailp = v;
        }
        return first;
    }
    if (!is_tuple(e)) return e;
    UWord n = tuple_arity(e);
    Term *el = tuple_elems(e);
    if (n == 0) return THE_NON_VALUE;
    if (n == 1 && is_tuple(el[0])) {
        Term src = el[0];
        UWord m = tuple_arity(src);
        Term *hp = proc_alloc(r->p, m + 1);
        if (!hp) return THE_NON_VALUE;
        hp[0] = MAKE_HEADER(SUB_TUPLE, m);
        for (UWord i = 0; i < m; i++) hp[1 + i] = NIL;
        for (UWord i = 0; i < m; i++) {
            Term v = eval(r, tuple_elems(src)[i]);
            if (v == THE_NON_VALUE) return v;
            hp[1 + i] = v;
        }
        return make_boxed(hp);
    }
    if (!is_atom(el[0])) return THE_NON_VALUE;
    if (el[0] == ATOM_const && n == 2) return el[1];
    if (is_bool_op(el[0])) return eval_bool(r, el[0], el + 1, n - 1);
    BifFn fn = guard_fn(r->p->vm->ets, el[0], (unsigned)(n - 1));
    if (!fn || n - 1 > 8) return THE_NON_VALUE;
    Term args[8];
    for (UWord i = 1; i < n; i++) {
        args[i - 1] = eval(r, el[i]);
        if (args[i - 1] == THE_NON_VALUE) return THE_NON_VALUE;
    }
    return fn(r->p, args);
}

bool ms_run(Process *p, Term ms, const MsInfo *info, Term obj, Term *result) {
    Term small[16];
    Term *vars = info->nvars <= 16 ? small : malloc(info->nvars * sizeof(Term));
    if (!vars) {
        *result = THE_NON_VALUE;
        return true;
    }
    Run r = {.p = p, .atoms = &p->vm->atoms, .vars = vars, .nvars = info->nvars, .obj = obj};
    bool matched = false;
    for (Term l = ms; !matched && is_list(l); l = CDR(list_ptr(l))) {
        Term *cl = tuple_elems(CAR(list_ptr(l)));
        for (size_t i = 0; i < r.nvars; i++) vars[i] = THE_NON_VALUE;
        if (!match(&r, cl[0], obj)) continue;
        bool pass = true;
        for (Term g = cl[1]; pass && is_list(g); g = CDR(list_ptr(g)))
            pass = eval(&r, CAR(list_ptr(g))) == ATOM_true;
        if (!pass) continue;
        matched = true;
        Term v = NIL;
        for (Term b = cl[2]; is_list(b); b = CDR(list_ptr(b))) {
            v = eval(&r, CAR(list_ptr(b)));
            if (v == THE_NON_VALUE) {
                v = ATOM_EXIT;
                break;
            }
        }
        *result = v;
    }
    if (vars != small) free(vars);
    return matched;
}

/* Does t hold no variable or '_'? */
static bool ground(const AtomTable *a, Term t) {
    for (;;) {
        if (is_atom(t)) return var_of(a, t) == V_CONST;
        if (is_list(t)) {
            if (!ground(a, CAR(list_ptr(t)))) return false;
            t = CDR(list_ptr(t));
            continue;
        }
        if (is_tuple(t)) {
            for (UWord i = 0; i < tuple_arity(t); i++)
                if (!ground(a, tuple_elems(t)[i])) return false;
            return true;
        }
        return !is_map(t);
    }
}

bool ms_keys_bound(girder_vm *vm, Term ms, unsigned keypos) {
    if (is_nil(ms)) return false;
    for (Term l = ms; is_list(l); l = CDR(list_ptr(l))) {
        Term h = ms_clause_head(CAR(list_ptr(l)));
        if (!is_tuple(h) || tuple_arity(h) < keypos) return false;
        if (!ground(&vm->atoms, tuple_elems(h)[keypos - 1])) return false;
    }
    return true;
}
