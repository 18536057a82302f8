/*
 * system.c: BIFs that reach outside the process: printing with
 * erlang:display/1, halting the VM, raising exceptions on purpose.
 */
#include <stdio.h>

#include "bif.h"
#include "print.h"
#include "raise.h"
#include "vm.h"

Term bif_erlang_display_1(Process *p, Term *args) {
    StrBuf b = STRBUF_INIT;
    print_term(&b, &p->vm->atoms, args[0], PRINT_DISPLAY);
    sb_puts(&b, "\r\n"); /* OTP's runtime writes display output with CR LF */
    fwrite(sb_str(&b), 1, b.len, p->vm->out);
    fflush(p->vm->out);
    sb_free(&b);
    return ATOM_true;
}

static Term halt_with(Process *p, Term status) {
    int code;
    if (is_small(status) && small_val(status) >= 0) {
        code = (int)(small_val(status) & 0xFF);
    } else if (status == ATOM_abort) {
        code = 134;
    } else if (is_list(status) || status == NIL) {
        /* halt("message"): the message goes to the error stream (as a crash dump slogan). */
        code = 1;
    } else {
        return bif_badarg(p);
    }
    fflush(p->vm->out);
    p->vm->halt_status = code;
    p->vm->halted = true; /* after the status: other schedulers read it once they see this */
    return ATOM_true;
}

Term bif_erlang_halt_0(Process *p, Term *args) { return halt_with(p, make_small(0)); }
Term bif_erlang_halt_1(Process *p, Term *args) { return halt_with(p, args[0]); }
Term bif_erlang_halt_2(Process *p, Term *args) { return halt_with(p, args[0]); }

Term bif_erlang_error_1(Process *p, Term *args) { return bif_raise(p, ATOM_error, args[0]); }

Term bif_erlang_error_2(Process *p, Term *args) {
    /* error(Reason, Args): the caller's frame shows Args (see exception.c). */
    Term r = bif_raise(p, ATOM_error, args[0]);
    /* Args that are not a proper list show as the arity, as in OTP. */
    Term l = args[1];
    while (is_list(l)) l = CDR(list_ptr(l));
    if (l == NIL) p->fail_args = args[1];
    return r;
}

Term bif_erlang_exit_1(Process *p, Term *args) { return bif_raise(p, ATOM_exit, args[0]); }
Term bif_erlang_throw_1(Process *p, Term *args) { return bif_raise(p, ATOM_throw, args[0]); }
Term bif_erlang_self_0(Process *p, Term *args) { return p->pid; }

/* raise(Class, Reason, Stacktrace): raises with the given trace, or
 * returns badarg for a bad class or trace. */
Term bif_erlang_raise_3(Process *p, Term *args) {
    Term cls = args[0];
    if (cls != ATOM_error && cls != ATOM_exit && cls != ATOM_throw) return ATOM_badarg;
    Term trace = bif_raise_trace(p, args[2]); /* bif/raise.c */
    if (trace == THE_NON_VALUE) return ATOM_badarg;
    Term r = bif_raise(p, cls, args[1]);
    p->stacktrace = trace;
    p->fail_trace_set = true;
    return r;
}
