/*
 * exception.c: exception terms, stack traces and crash reports (see
 * exception.h).
 */
#include "exception.h"

#include <stdio.h>

#include "atoms_gen.h"
#include "genops_gen.h"
#include "print.h"
#include "vm.h"

Term exc_tuple2(Process *p, Term a, Term b) {
    Term *hp = proc_alloc(p, 3);
    if (!hp) return ATOM_system_limit;
    hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
    hp[1] = a;
    hp[2] = b;
    return make_boxed(hp);
}

Term exc_args_list(Process *p, const Term *args, unsigned n) {
    Term *hp = proc_alloc(p, 2 * (size_t)n);
    if (!hp) return NIL;
    Term list = NIL;
    for (unsigned i = n; i-- > 0;) {
        hp[2 * i] = args[i];
        hp[2 * i + 1] = list;
        list = make_list(hp + 2 * i);
    }
    return list;
}

/* One of the modules OTP preloads (the ebin directory of erts). */
static bool is_preloaded(Term m) {
    const Term preloaded[] = {
        ATOM_erlang, ATOM_init, ATOM_erts_internal, ATOM_erl_prim_loader, ATOM_prim_file,
        ATOM_prim_inet, ATOM_prim_eval, ATOM_persistent_term, ATOM_atomics, ATOM_counters,
        ATOM_erl_init, ATOM_erl_tracer, ATOM_erts_code_purger,
        ATOM_erts_dirty_process_signal_handler, ATOM_erts_literal_area_collector,
        ATOM_prim_buffer, ATOM_prim_net, ATOM_prim_socket, ATOM_prim_zip, ATOM_socket_registry,
        ATOM_zlib,
    };
    for (size_t i = 0; i < sizeof preloaded / sizeof preloaded[0]; i++)
        if (preloaded[i] == m) return true;
    return false;
}

/* {M, F, ArityOrArgs, Location} for a code address, or NIL if unknown.
 * `before` looks up the instruction that precedes addr (a return address). */
static Term frame_for(Process *p, const Instr *addr, Term args, bool before) {
    girder_vm *vm = p->vm;
    const Instr *at = before ? addr - 1 : addr;
    const Module *m = code_find_module(vm, at);
    if (!m) return NIL;
    const FuncInfo *f = code_find_function(m, at);
    if (!f) return NIL;
    Term file = NIL;
    uint32_t line = code_find_line(m, at, &file);
    /* OTP shows the frames of its preloaded modules (erlang's apply/2,3
     * included, which run erlang.beam's code here) without a location. */
    if (is_preloaded(m->name)) line = 0;
    Term loc = NIL;
    Term *hp;
    if (line) {
        hp = proc_alloc(p, 3 + 3 + 4);
        if (!hp) return NIL;
        hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
        hp[1] = ATOM_line;
        hp[2] = make_small(line);
        hp[3] = make_boxed(hp);
        hp[4] = NIL;
        loc = make_list(hp + 3);
        hp += 5;
        if (file != NIL) {
            hp[0] = MAKE_HEADER(SUB_TUPLE, 2);
            hp[1] = ATOM_file;
            hp[2] = file;
            hp[3] = make_boxed(hp);
            hp[4] = loc;
            loc = make_list(hp + 3);
        }
    }
    hp = proc_alloc(p, 5);
    if (!hp) return NIL;
    hp[0] = MAKE_HEADER(SUB_TUPLE, 4);
    hp[1] = m->name;
    hp[2] = f->name;
    hp[3] = args != THE_NON_VALUE ? args : make_small(f->arity);
    hp[4] = loc;
    return make_boxed(hp);
}

/* [{error_info, #{module => M}}], where M explains a native function's
 * errors (erl_erts_errors for erlang, erl_stdlib_errors for the rest). */
/* [{error_info, #{module => M}}], or with `cause` (an atom a BIF left in
 * p->fail_info, such as spawn_opt's badopt) #{cause => C, module => M}. */
static Term error_info(Process *p, Term bif_module, Term cause) {
    Term ei, mod;
    AtomTable *at = &p->vm->atoms;
    const char *m = bif_module == ATOM_erlang || bif_module == ATOM_persistent_term
                        ? "erl_erts_errors"
                        : "erl_stdlib_errors";
    if (atom_put(at, "error_info", 10, &ei) != ATOM_OK || atom_put(at, m, strlen(m), &mod) != ATOM_OK)
        return NIL;
    unsigned n = is_atom(cause) ? 2 : 1;
    Term *hp = proc_alloc(p, (1 + n) + (3 + n) + 3 + 2);
    if (!hp) return NIL;
    Term *keys = hp, *map = hp + 1 + n, *tup = map + 3 + n, *cell = tup + 3;
    keys[0] = MAKE_HEADER(SUB_TUPLE, n);
    map[0] = MAKE_HEADER(SUB_MAP, 2 + n);
    map[1] = n;
    map[2] = make_boxed(keys);
    if (n == 2) {
        keys[1] = ATOM_cause;
        map[3] = cause;
    }
    keys[n] = ATOM_module;
    map[2 + n] = mod;
    tup[0] = MAKE_HEADER(SUB_TUPLE, 2);
    tup[1] = ei;
    tup[2] = make_boxed(map);
    cell[0] = make_boxed(tup);
    cell[1] = NIL;
    return make_list(cell);
}

static Term cons(Process *p, Term h, Term t) {
    Term *hp = proc_alloc(p, 2);
    if (!hp) return t;
    hp[0] = h;
    hp[1] = t;
    return make_list(hp);
}

/* loc ++ [{error_info, Info}]: a bit syntax construction's cause, or
 * error/3's error_info option (p->fail_info). */
static Term with_error_info(Process *p, Term loc, Term info) {
    Term items[4];
    unsigned n = 0;
    for (Term l = loc; is_list(l) && n < 3; l = CDR(list_ptr(l))) items[n++] = CAR(list_ptr(l));
    items[n++] = exc_tuple2(p, ATOM_error_info, info);
    Term list = NIL;
    while (n > 0) list = cons(p, items[--n], list);
    return list;
}

/* Adds to frames[n..] (built on p's heap) a frame for each return address
 * on t's stack, up to EXC_TRACE_DEPTH frames in all; returns the count.
 * As OTP, a return address equal to the one before it is recorded once
 * (the frames of a body recursion show as one). */
static unsigned stack_frames(Process *p, const Process *t, bool skip_caller, Term *frames,
                             unsigned n) {
    const Instr *prev = NULL;
    for (const Term *sp = t->stop; sp < t->hend && n < EXC_TRACE_DEPTH; sp++) {
        Term w = *sp;
        if ((w & TAG_PRIMARY_MASK) != TAG_HEADER || w == 0) continue;
        const Instr *ret = (const Instr *)(uintptr_t)w;
        if (ret == p->vm->exit_code) continue;
        if (skip_caller) {
            skip_caller = false;
            continue;
        }
        if (ret == prev) continue;
        prev = ret;
        Term f = frame_for(p, ret, THE_NON_VALUE, true);
        if (f != NIL) frames[n++] = f;
    }
    return n;
}

static bool in_erlang_apply(girder_vm *vm, const Instr *ip) {
    const Module *m = code_find_module(vm, ip);
    if (!m || m->name != ATOM_erlang) return false;
    const FuncInfo *f = code_find_function(m, ip);
    return f && f->name == ATOM_apply;
}

void exc_build_trace(Process *p, const Export *bif, const Instr *ip) {
    Term info = p->fail_info;
    p->fail_info = THE_NON_VALUE;
    if (p->fail_trace_set) {
        p->fail_trace_set = false;
        return;
    }
    Term frames[EXC_TRACE_DEPTH];
    unsigned n = 0;
    Term args = p->fail_args;
    if (bif && !p->fail_raised) {
        Term *hp = proc_alloc(p, 5);
        if (hp) {
            hp[0] = MAKE_HEADER(SUB_TUPLE, 4);
            hp[1] = bif->module;
            hp[2] = bif->name;
            hp[3] = args != THE_NON_VALUE ? args : make_small(bif->arity);
            /* erlang:apply/2,3 is no BIF here (see vm/instrs/std.tab) but
             * carries error_info in OTP as the BIFs do. */
            hp[4] = (bif->bif || bif->module == ATOM_erlang) && p->fail_reason != ATOM_undef
                        ? error_info(p, bif->module, info)
                        : NIL;
            frames[n++] = make_boxed(hp);
        }
        args = THE_NON_VALUE;
    }
    if (ip && n < EXC_TRACE_DEPTH) {
        Term f = frame_for(p, ip, args, false);
        /* the cause of a bit syntax failure, or error/3's error_info */
        if (f != NIL && info != THE_NON_VALUE && (!bif || p->fail_raised))
            boxed_ptr(f)[4] = with_error_info(p, boxed_ptr(f)[4], info);
        if (f != NIL) frames[n++] = f;
    }
    /* Failing in erlang.beam's apply/2,3 (reached through the export entry):
     * OTP shows that frame in place of its caller's. */
    bool skip_caller = ip && in_erlang_apply(p->vm, ip);
    n = stack_frames(p, p, skip_caller, frames, n);
    Term list = NIL;
    while (n > 0) list = cons(p, frames[--n], list);
    p->stacktrace = list;
}

Term exc_current_stacktrace(Process *p, Process *t) {
    Term frames[EXC_TRACE_DEPTH];
    unsigned n = 0;
    if (t->ip) {
        Term f = frame_for(p, t->ip, THE_NON_VALUE, false);
        if (f != NIL) frames[n++] = f;
    }
    n = stack_frames(p, t, false, frames, n);
    Term list = NIL;
    while (n > 0) list = cons(p, frames[--n], list);
    return list;
}

Term exc_raw_trace(Process *p) { return exc_tuple2(p, p->fail_class, p->stacktrace); }

bool exc_raw_valid(Term raw) {
    return is_tuple(raw) && tuple_arity(raw) == 2 && is_atom(tuple_elems(raw)[0]);
}

Term exc_catch_value(Process *p, Term cls, Term reason, Term raw) {
    if (cls == ATOM_throw) return reason;
    if (cls == ATOM_exit) return exc_tuple2(p, ATOM_EXIT, reason);
    Term trace = exc_raw_valid(raw) ? tuple_elems(raw)[1] : NIL;
    return exc_tuple2(p, ATOM_EXIT, exc_tuple2(p, reason, trace));
}

Term exc_exit_reason(Process *p) {
    if (p->fail_class == ATOM_exit) return p->fail_reason;
    if (p->fail_class == ATOM_throw)
        return exc_tuple2(p, exc_tuple2(p, ATOM_nocatch, p->fail_reason), p->stacktrace);
    return exc_tuple2(p, p->fail_reason, p->stacktrace);
}

void exc_report_uncaught(Process *p) {
    if (p->exit_reason == ATOM_normal) return;
    StrBuf b = STRBUF_INIT;
    sb_puts(&b, "=ERROR REPORT==== Error in process ");
    print_term(&b, &p->vm->atoms, p->pid, PRINT_WRITE);
    sb_puts(&b, " with exit value:\n");
    print_term(&b, &p->vm->atoms, p->exit_reason, PRINT_WRITE);
    sb_puts(&b, "\n\n");
    fflush(p->vm->out);
    fwrite(sb_str(&b), 1, b.len, p->vm->err);
    fflush(p->vm->err);
    sb_free(&b);
}
