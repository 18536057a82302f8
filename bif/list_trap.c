/*
 * list_trap.c: list natives that trap between budgets of work (traps.h):
 * erlang:'++'/2, lists:reverse/2, lists:member/2, keyfind/3, keymember/3,
 * keysearch/3, list_to_tuple/1, tuple_to_list/1 and binary_to_list/1.
 *
 * Each does up to TRAP_BUDGET elements per call.  Results are built so
 * that no cell made in an earlier chunk is ever written again (a later
 * collection may have moved or aged it): reverse, tuple_to_list and
 * binary_to_list build from the end; '++' first notes where every segment
 * of SEG elements of its left operand starts, then copies the segments
 * last first, each in front of the result so far.  list_to_tuple fills a
 * tuple made when its length is known, with pointers to elements older
 * than the tuple itself.
 */
#include "../vm/compare.h"
#include "traps.h"

/* Elements of one segment of '++''s left operand. */
#define SEG 1024

/* An error found by a continuation: module:name(Args) fails with reason. */
static Term fail_orig(Process *p, Term reason, Term m, Term f, const Term *orig, unsigned n,
                      Term site) {
    Term al = bif_trap_args(p, orig, n);
    if (al == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    return bif_trap_fail(p, reason, m, f, al, site);
}

/* ---- lists:reverse/2 ----
 * continuation: 0 Rest, 1 Acc, 2 Site (bif_trap_site's).  Like the
 * searches below (and as OTP does), an error found in a later chunk names
 * that chunk's arguments, not the original ones. */

static Term reverse_run(Process *p, Term *args, Term l, Term acc, Term site) {
    size_t n = 0;
    Term t = l;
    while (is_list(t) && n < TRAP_BUDGET) {
        n++;
        t = CDR(list_ptr(t));
    }
    if (!is_list(t) && t != NIL) {
        if (site == THE_NON_VALUE) return bif_badarg(p);
        /* OTP names the arguments of the chunk that failed */
        return fail_orig(p, ATOM_badarg, ATOM_lists, ATOM_reverse, args, 2, site);
    }
    Term *hp;
    BIF_ALLOC(p, hp, 2 * n);
    for (; l != t; l = CDR(list_ptr(l)), hp += 2) {
        hp[0] = CAR(list_ptr(l));
        hp[1] = acc;
        acc = make_list(hp);
    }
    if (t == NIL) {
        bif_trap_charge(p, (long)n);
        return acc;
    }
    args[0] = t;
    args[1] = acc;
    args[2] = site == THE_NON_VALUE ? bif_trap_site(p) : site;
    return bif_trap_to(p, TRAP_REVERSE);
}

Term bif_lists_reverse_2(Process *p, Term *args) {
    return reverse_run(p, args, args[0], args[1], THE_NON_VALUE);
}

Term bif_trap_reverse(Process *p, Term *args) { return reverse_run(p, args, args[0], args[1], args[2]); }

/* ---- erlang:'++'/2 ----
 * continuation: 0 Rest (pass 1: the rest of A to walk), 1 Marks (starts
 * of the segments, last first), 2 Acc (pass 1: elements walked; pass 2:
 * the result so far), 3 Pass (1 or 2), 4 Info = {A, B, Site, Name} (Name:
 * '++' or append, for an error) */

/* The whole copy in one call, for a proper list a of n elements. */
static Term append_direct(Process *p, Term a, size_t n, Term b) {
    Term *hp;
    BIF_ALLOC(p, hp, 2 * n);
    Term result = make_list(hp);
    for (size_t k = 0; k < n; k++, a = CDR(list_ptr(a)), hp += 2) {
        hp[0] = CAR(list_ptr(a));
        hp[1] = k + 1 < n ? make_list(hp + 2) : b;
    }
    return result;
}

static Term append_run(Process *p, Term *args, Term rest, Term marks, Term acc, int pass,
                       Term info) {
    long budget = TRAP_BUDGET;
    if (pass == 1) {
        SWord walked = small_val(acc);
        for (; is_list(rest) && budget > 0; rest = CDR(list_ptr(rest)), walked++, budget--) {
            if (walked % SEG == 0) {
                Term *hp;
                BIF_ALLOC(p, hp, 2);
                hp[0] = rest;
                hp[1] = marks;
                marks = make_list(hp);
            }
        }
        if (!is_list(rest) && rest != NIL) {
            Term *i = tuple_elems(info);
            return fail_orig(p, ATOM_badarg, ATOM_erlang, i[3], i, 2, i[2]);
        }
        acc = make_small(walked);
        if (rest == NIL) {
            pass = 2;
            acc = tuple_elems(info)[1];
        }
    }
    if (pass == 2) {
        while (is_list(marks) && budget > 0) {
            Term s = CAR(list_ptr(marks));
            marks = CDR(list_ptr(marks));
            size_t n = 0;
            for (Term t = s; is_list(t) && n < SEG; t = CDR(list_ptr(t))) n++;
            acc = append_direct(p, s, n, acc);
            if (acc == THE_NON_VALUE) return THE_NON_VALUE;
            budget -= (long)n;
        }
        if (!is_list(marks)) {
            bif_trap_charge(p, TRAP_BUDGET - budget);
            return acc;
        }
    }
    args[0] = rest;
    args[1] = marks;
    args[2] = acc;
    args[3] = make_small(pass);
    args[4] = info;
    return bif_trap_to(p, TRAP_APPEND);
}

static Term append_start(Process *p, Term *args, Term name) {
    Term a = args[0], b = args[1];
    if (a == NIL) return b;
    size_t n = 0;
    Term t = a;
    while (is_list(t) && n < TRAP_BUDGET) {
        n++;
        t = CDR(list_ptr(t));
    }
    if (t == NIL) {
        bif_trap_charge(p, (long)n);
        return append_direct(p, a, n, b);
    }
    if (!is_list(t)) return bif_badarg(p);
    /* long: start over, noting segments */
    Term *hp;
    BIF_ALLOC(p, hp, 5);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 4);
    hp[1] = a;
    hp[2] = b;
    hp[3] = bif_trap_site(p);
    hp[4] = name;
    return append_run(p, args, a, NIL, make_small(0), 1, make_boxed(hp));
}

Term bif_erlang_append_2(Process *p, Term *args) { return append_start(p, args, ATOM_append); }
Term bif_erlang_append_fn_2(Process *p, Term *args) { return append_start(p, args, ATOM_bs_append); }

Term bif_trap_append(Process *p, Term *args) {
    return append_run(p, args, args[0], args[1], args[2], (int)small_val(args[3]), args[4]);
}

/* ---- lists:member/2, keyfind/3, keymember/3, keysearch/3 ----
 * continuation: 0 Rest, 1 Info = {Which, Key, N, Site} (N is 0 for
 * member) */

typedef enum KeyOp { KEY_MEMBER, KEY_FIND, KEY_MEMBER3, KEY_SEARCH } KeyOp;

static Term key_result(Process *p, KeyOp op, Term found) {
    if (found == THE_NON_VALUE) return ATOM_false;
    if (op == KEY_MEMBER || op == KEY_MEMBER3) return ATOM_true;
    if (op == KEY_FIND) return found;
    Term *hp;
    BIF_ALLOC(p, hp, 3);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = ATOM_value;
    hp[2] = found;
    return make_boxed(hp);
}

static Term key_name(KeyOp op) {
    return op == KEY_MEMBER ? ATOM_member
           : op == KEY_FIND ? ATOM_keyfind
           : op == KEY_MEMBER3 ? ATOM_keymember
                               : ATOM_keysearch;
}

/* Searches from l on; key, pos (0: member) as given; info THE_NON_VALUE
 * in the first call, whose args are then the original ones. */
static Term key_run(Process *p, Term *args, KeyOp op, Term key, UWord pos, Term l, Term info) {
    long budget = TRAP_BUDGET;
    for (; is_list(l); l = CDR(list_ptr(l))) {
        if (--budget < 0) break;
        Term t = CAR(list_ptr(l));
        if (pos == 0) {
            if (term_eq_exact(t, key)) return key_result(p, op, t);
        } else if (is_tuple(t) && tuple_arity(t) >= pos && term_eq(tuple_elems(t)[pos - 1], key)) {
            return key_result(p, op, t);
        }
    }
    if (l == NIL) {
        bif_trap_charge(p, TRAP_BUDGET - budget);
        return key_result(p, op, THE_NON_VALUE);
    }
    if (!is_list(l)) {
        if (info == THE_NON_VALUE) return bif_badarg(p);
        /* OTP names the arguments of the chunk that failed */
        Term *i = tuple_elems(info);
        if (op == KEY_MEMBER) {
            Term cur[2] = {i[1], args[0]};
            return fail_orig(p, ATOM_badarg, ATOM_lists, ATOM_member, cur, 2, i[3]);
        }
        Term cur[3] = {i[1], i[2], args[0]};
        return fail_orig(p, ATOM_badarg, ATOM_lists, key_name(op), cur, 3, i[3]);
    }
    if (info == THE_NON_VALUE) {
        Term *hp;
        BIF_ALLOC(p, hp, 5);
        hp[0] = MAKE_HEADER(SUB_TUPLE, 4);
        hp[1] = make_small(op);
        hp[2] = key;
        hp[3] = op == KEY_MEMBER ? make_small(0) : args[1];
        hp[4] = bif_trap_site(p);
        info = make_boxed(hp);
    }
    args[0] = l;
    args[1] = info;
    return bif_trap_to(p, TRAP_KEYS);
}

static Term key_start(Process *p, Term *args, KeyOp op) {
    Term n = args[1];
    if (!is_small(n) || small_val(n) < 1) return bif_badarg(p);
    return key_run(p, args, op, args[0], (UWord)small_val(n), args[2], THE_NON_VALUE);
}

Term bif_lists_member_2(Process *p, Term *args) {
    return key_run(p, args, KEY_MEMBER, args[0], 0, args[1], THE_NON_VALUE);
}
Term bif_lists_keyfind_3(Process *p, Term *args) { return key_start(p, args, KEY_FIND); }
Term bif_lists_keymember_3(Process *p, Term *args) { return key_start(p, args, KEY_MEMBER3); }
Term bif_lists_keysearch_3(Process *p, Term *args) { return key_start(p, args, KEY_SEARCH); }

Term bif_trap_keys(Process *p, Term *args) {
    Term *i = tuple_elems(args[1]);
    KeyOp op = (KeyOp)small_val(i[0]);
    UWord pos = op == KEY_MEMBER ? 0 : (UWord)small_val(i[2]);
    return key_run(p, args, op, i[1], pos, args[0], args[1]);
}

/* ---- list_to_tuple/1 ----
 * continuation: 0 Rest, 1 Acc (pass 1: elements counted; pass 2: the
 * tuple), 2 Pos (pass 2: elements filled), 3 Info = {List, Site} */

static Term l2t_run(Process *p, Term *args, Term rest, Term acc, UWord pos, Term info) {
    long budget = TRAP_BUDGET;
    if (is_small(acc)) {
        SWord n = small_val(acc);
        for (; is_list(rest) && budget > 0; rest = CDR(list_ptr(rest)), budget--) n++;
        if (!is_list(rest) && rest != NIL) {
            if (info == THE_NON_VALUE) return bif_badarg(p);
            Term *i = tuple_elems(info);
            return fail_orig(p, ATOM_badarg, ATOM_erlang, ATOM_list_to_tuple, i, 1, i[1]);
        }
        if (rest == NIL) {
            if (n > (SWord)0xFFFFFF) return bif_error(p, ATOM_system_limit);
            Term *hp;
            BIF_ALLOC(p, hp, (size_t)n + 1);
            hp[0] = MAKE_HEADER(SUB_TUPLE, n);
            for (SWord k = 1; k <= n; k++) hp[k] = NIL;
            acc = make_boxed(hp);
            rest = info == THE_NON_VALUE ? args[0] : tuple_elems(info)[0];
            pos = 0;
        } else {
            acc = make_small(n);
        }
    }
    if (!is_small(acc)) {
        Term *elems = tuple_elems(acc);
        for (; is_list(rest) && budget > 0; rest = CDR(list_ptr(rest)), budget--)
            elems[pos++] = CAR(list_ptr(rest));
        if (!is_list(rest)) {
            bif_trap_charge(p, TRAP_BUDGET - budget);
            return acc;
        }
    }
    if (info == THE_NON_VALUE) {
        Term *hp;
        BIF_ALLOC(p, hp, 3);
        hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
        hp[1] = args[0];
        hp[2] = bif_trap_site(p);
        info = make_boxed(hp);
    }
    args[0] = rest;
    args[1] = acc;
    args[2] = make_small((SWord)pos);
    args[3] = info;
    return bif_trap_to(p, TRAP_L2T);
}

Term bif_erlang_list_to_tuple_1(Process *p, Term *args) {
    return l2t_run(p, args, args[0], make_small(0), 0, THE_NON_VALUE);
}

Term bif_trap_l2t(Process *p, Term *args) {
    return l2t_run(p, args, args[0], args[1], (UWord)small_val(args[2]), args[3]);
}

/* ---- tuple_to_list/1 ----
 * continuation: 0 Tuple, 1 Left (elements still to take, from the end),
 * 2 Acc (the list of the elements after them) */

static Term t2l_run(Process *p, Term *args, Term t, UWord left, Term acc) {
    UWord n = left < TRAP_BUDGET ? left : TRAP_BUDGET;
    Term *hp;
    BIF_ALLOC(p, hp, 2 * (size_t)n);
    const Term *e = tuple_elems(t);
    for (UWord k = 0; k < n; k++, hp += 2) {
        hp[0] = e[--left];
        hp[1] = acc;
        acc = make_list(hp);
    }
    if (left == 0) {
        bif_trap_charge(p, (long)n);
        return acc;
    }
    args[0] = t;
    args[1] = make_small((SWord)left);
    args[2] = acc;
    return bif_trap_to(p, TRAP_T2L);
}

Term bif_erlang_tuple_to_list_1(Process *p, Term *args) {
    if (!is_tuple(args[0])) return bif_badarg(p);
    return t2l_run(p, args, args[0], tuple_arity(args[0]), NIL);
}

Term bif_trap_t2l(Process *p, Term *args) {
    return t2l_run(p, args, args[0], (UWord)small_val(args[1]), args[2]);
}

/* ---- binary_to_list/1 ----
 * continuation: 0 Binary, 1 Left (bytes still to take, from the end),
 * 2 Acc (the list of the bytes after them) */

static Term b2l_run(Process *p, Term *args, Term b, UWord left, Term acc) {
    UWord n = left < TRAP_BUDGET ? left : TRAP_BUDGET;
    const unsigned char *base;
    UWord off, bits;
    binary_get(b, &base, &off, &bits);
    Term *hp;
    BIF_ALLOC(p, hp, 2 * (size_t)n);
    for (UWord k = 0; k < n; k++, hp += 2) {
        UWord at = off + 8 * --left;
        unsigned v = (at & 7) == 0
                         ? base[at >> 3]
                         : (unsigned)((base[at >> 3] << (at & 7)) | (base[(at >> 3) + 1] >> (8 - (at & 7)))) & 0xFF;
        hp[0] = make_small(v);
        hp[1] = acc;
        acc = make_list(hp);
    }
    if (left == 0) {
        bif_trap_charge(p, (long)n);
        return acc;
    }
    args[0] = b;
    args[1] = make_small((SWord)left);
    args[2] = acc;
    return bif_trap_to(p, TRAP_B2L);
}

Term bif_erlang_binary_to_list_1(Process *p, Term *args) {
    if (!is_binary(args[0])) return bif_badarg(p);
    const unsigned char *base;
    UWord off, bits;
    binary_get(args[0], &base, &off, &bits);
    return b2l_run(p, args, args[0], bits / 8, NIL);
}

Term bif_trap_b2l(Process *p, Term *args) {
    return b2l_run(p, args, args[0], (UWord)small_val(args[1]), args[2]);
}
