/*
 * iolist_trap.c: list_to_binary/1, iolist_to_binary/1 and iolist_size/1,
 * which work a budget at a time and trap between budgets (traps.h).
 *
 * Two passes over the iolist: the first checks it and counts its bytes,
 * the second fills a binary of that size made when the first ends.  Both
 * walk without C recursion: the tails still to walk after a nested list
 * wait on a small local stack, spilled to a list on the heap when it fills
 * or when the native traps, so the whole state is terms:
 *
 *   continuation (TRAP_IOLIST) arguments:
 *     0 Cur    the rest of the list being walked (or a binary tail)
 *     1 Stack  heap list of tails still to walk, innermost first
 *     2 Acc    pass 1: bytes counted so far; pass 2: the result binary
 *     3 Pos    pass 2: bytes written so far
 *     4 Info   {Kind, Orig, Site}: which native, its argument, and
 *              bif_trap_site's value for its errors
 *
 * A long binary in the iolist is copied a budget at a time too: the rest
 * becomes a sub binary that the next chunk continues with.
 */
#include <string.h>

#include "../vm/binary.h"
#include "../vm/bits.h"
#include "traps.h"

/* Which native the walk serves. */
typedef enum IolKind { IOL_L2B, IOL_I2B, IOL_SIZE } IolKind;

#define LOCAL_STACK 32
/* Bytes of a binary copied per unit of budget. */
#define BYTES_PER_UNIT 16

/* A walk in progress. */
typedef struct Walk {
    Term cur;                 /* the rest of the current list, or a tail */
    Term stack;               /* heap list of tails below local[] */
    Term local[LOCAL_STACK];  /* the innermost pending tails, last on top */
    unsigned nlocal;          /* entries in local[] */
    unsigned char *out;       /* pass 2: the result's bytes; NULL in pass 1 */
    UWord pos;                /* bytes counted (pass 1) or written (pass 2) */
    UWord cap;                /* pass 2: the result's size */
} Walk;

typedef enum WalkStatus { W_DONE, W_MORE, W_BADARG, W_NOMEM } WalkStatus;

/* Moves local[] onto the heap stack (bottom entry first). */
static bool spill(Process *p, Walk *w) {
    if (!w->nlocal) return true;
    Term *hp = proc_alloc(p, 2 * (size_t)w->nlocal);
    if (!hp) return false;
    for (unsigned i = 0; i < w->nlocal; i++, hp += 2) {
        hp[0] = w->local[i];
        hp[1] = w->stack;
        w->stack = make_list(hp);
    }
    w->nlocal = 0;
    return true;
}

/* Adds binary b (whole bytes only: else false).  In pass 2, when its copy
 * would overrun the budget, copies what the budget allows and sets *rest
 * to a sub binary of the remainder (else it stays THE_NON_VALUE). */
static bool add_binary(Process *p, Walk *w, Term b, long *budget, Term *rest) {
    const unsigned char *base;
    UWord off, bits;
    binary_get(b, &base, &off, &bits);
    *rest = THE_NON_VALUE;
    if (bits % 8) return false;
    UWord n = bits / 8;
    *budget -= 1;
    if (!w->out) {
        w->pos += n;
        return true;
    }
    UWord take = n;
    UWord allow = *budget > 0 ? (UWord)*budget * BYTES_PER_UNIT : 0;
    if (take > allow && take - allow >= 4096) {
        Term r = bin_sub(p, b, (allow * 8), (n - allow) * 8);
        if (r != THE_NON_VALUE) {
            take = allow;
            *rest = r;
        }
    }
    if (take > w->cap - w->pos) return false; /* cannot happen: pass 1 sized it */
    if (off % 8 == 0)
        memcpy(w->out + w->pos, base + off / 8, take);
    else
        bits_copy(w->out, w->pos * 8, base, off, take * 8);
    w->pos += take;
    *budget -= (long)(take / BYTES_PER_UNIT);
    return true;
}

/* Walks on until the iolist ends or the budget is spent. */
static WalkStatus walk(Process *p, Walk *w, long *budget) {
    Term cur = w->cur, rest;
    while (*budget > 0) {
        if (is_list(cur)) {
            Term *c = list_ptr(cur);
            Term h = CAR(c);
            cur = CDR(c);
            --*budget;
            if (is_small(h)) {
                SWord v = small_val(h);
                if (v < 0 || v > 255) return W_BADARG;
                if (w->out) {
                    if (w->pos >= w->cap) return W_BADARG; /* cannot happen */
                    w->out[w->pos] = (unsigned char)v;
                }
                w->pos++;
            } else if (is_list(h) || h == NIL) {
                if (w->nlocal == LOCAL_STACK && !spill(p, w)) return W_NOMEM;
                w->local[w->nlocal++] = cur;
                cur = h;
            } else if (is_binary_any(h)) {
                if (!add_binary(p, w, h, budget, &rest)) return W_BADARG;
                if (rest != THE_NON_VALUE) {
                    /* the binary's rest first, then the list's */
                    if (w->nlocal == LOCAL_STACK && !spill(p, w)) return W_NOMEM;
                    w->local[w->nlocal++] = cur;
                    cur = rest;
                }
            } else {
                return W_BADARG;
            }
            continue;
        }
        /* The end of a list: [] or a binary tail. */
        if (cur != NIL) {
            if (!is_binary_any(cur) || !add_binary(p, w, cur, budget, &rest)) return W_BADARG;
            if (rest != THE_NON_VALUE) {
                cur = rest;
                continue;
            }
        }
        if (w->nlocal) {
            cur = w->local[--w->nlocal];
        } else if (is_list(w->stack)) {
            cur = CAR(list_ptr(w->stack));
            w->stack = CDR(list_ptr(w->stack));
        } else {
            w->cur = NIL;
            return W_DONE;
        }
    }
    w->cur = cur;
    return W_MORE;
}

static Term kind_name(IolKind k) {
    return k == IOL_L2B ? ATOM_list_to_binary : k == IOL_I2B ? ATOM_iolist_to_binary : ATOM_iolist_size;
}

/* Runs both passes from the state in w and acc (pass 1 while acc is a
 * small integer) for a budget; info is THE_NON_VALUE in the first call
 * (args untouched: errors are the native's own). */
static Term run(Process *p, Term *args, Walk *w, Term acc, IolKind kind, Term orig, Term info) {
    long budget = TRAP_BUDGET;
    WalkStatus s;
    while ((s = walk(p, w, &budget)) == W_DONE) {
        if (!is_small(acc)) {
            bif_trap_charge(p, TRAP_BUDGET - budget);
            return acc;
        }
        if (kind == IOL_SIZE) {
            bif_trap_charge(p, TRAP_BUDGET - budget);
            return make_small((SWord)w->pos);
        }
        /* pass 1 done: make the result and walk again, filling it */
        unsigned char *data;
        acc = bin_new(p, (size_t)w->pos, &data);
        if (acc == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
        w->out = data;
        w->cap = w->pos;
        w->pos = 0;
        w->cur = orig;
        w->stack = NIL;
        if (budget <= 0) {
            s = W_MORE;
            break;
        }
    }
    if (s != W_MORE) {
        Term reason = s == W_NOMEM ? ATOM_system_limit : ATOM_badarg;
        if (info == THE_NON_VALUE) return bif_error(p, reason);
        Term al = bif_trap_args(p, &orig, 1);
        if (al == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
        return bif_trap_fail(p, reason, ATOM_erlang, kind_name(kind), al,
                             tuple_elems(info)[2]);
    }
    if (!spill(p, w)) return bif_error(p, ATOM_system_limit);
    if (info == THE_NON_VALUE) {
        Term *hp;
        BIF_ALLOC(p, hp, 4);
        hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
        hp[1] = make_small(kind);
        hp[2] = orig;
        hp[3] = bif_trap_site(p);
        info = make_boxed(hp);
    }
    args[0] = w->cur;
    args[1] = w->stack;
    args[2] = is_small(acc) ? make_small((SWord)w->pos) : acc;
    args[3] = make_small(is_small(acc) ? 0 : (SWord)w->pos);
    args[4] = info;
    return bif_trap_to(p, TRAP_IOLIST);
}

static Term start(Process *p, Term *args, IolKind kind) {
    Walk w = {.cur = args[0], .stack = NIL};
    return run(p, args, &w, make_small(0), kind, args[0], THE_NON_VALUE);
}

Term bif_trap_iolist(Process *p, Term *args) {
    Term *info = tuple_elems(args[4]);
    IolKind kind = (IolKind)small_val(info[0]);
    Walk w = {.cur = args[0], .stack = args[1]};
    Term acc = args[2];
    if (is_small(acc)) {
        w.pos = (UWord)small_val(acc);
    } else {
        const unsigned char *base;
        UWord off, bits;
        binary_get(acc, &base, &off, &bits);
        w.out = (unsigned char *)(uintptr_t)base; /* our own new binary */
        w.cap = bits / 8;
        w.pos = (UWord)small_val(args[3]);
    }
    return run(p, args, &w, acc, kind, info[1], args[4]);
}

Term bif_erlang_list_to_binary_1(Process *p, Term *args) {
    if (!is_list(args[0]) && !is_nil(args[0])) return bif_badarg(p);
    return start(p, args, IOL_L2B);
}

Term bif_erlang_iolist_to_binary_1(Process *p, Term *args) {
    if (is_binary(args[0])) return args[0];
    if (!is_list(args[0]) && !is_nil(args[0])) return bif_badarg(p);
    return start(p, args, IOL_I2B);
}

Term bif_erlang_iolist_size_1(Process *p, Term *args) {
    if (is_binary(args[0])) {
        const unsigned char *base;
        UWord off, bits;
        binary_get(args[0], &base, &off, &bits);
        return make_small((SWord)(bits / 8));
    }
    if (!is_list(args[0]) && !is_nil(args[0])) return bif_badarg(p);
    return start(p, args, IOL_SIZE);
}
