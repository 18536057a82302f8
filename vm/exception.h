/*
 * exception.h: building the terms of exceptions.
 *
 * The interpreter has one error path (interp.c); these helpers build what
 * it needs on the process heap: error reasons such as {badmatch, V}, the
 * stack trace as OTP shows it ([{M, F, ArityOrArgs, [{file, F}, {line, L}]}
 * ...], at most EXC_TRACE_DEPTH frames), the raw trace a catch handler
 * receives, the value of a `catch` expression, and the exit reason and
 * report of a process that did not catch.
 */
#ifndef GIRDER_EXCEPTION_H
#define GIRDER_EXCEPTION_H

#include "process.h"

#define EXC_TRACE_DEPTH 8

Term exc_tuple2(Process *p, Term a, Term b);
/* The list [x0, ..., x(n-1)]. */
Term exc_args_list(Process *p, const Term *args, unsigned n);
/* Sets p->stacktrace for the exception in p->fail_*: the BIF frame (when
 * bif is given and the BIF did not raise on purpose), the function at ip
 * (none when ip is NULL: a tail call left no caller frame), then the return
 * addresses on the stack. */
void exc_build_trace(Process *p, const Export *bif, const Instr *ip);
/* process_info(T, current_stacktrace) for the caller p: the function at
 * t->ip (for p itself, the caller of the native function), then t's
 * return addresses, as OTP shows them; built on p's heap. */
Term exc_current_stacktrace(Process *p, Process *t);
/* {Class, Trace}: what a handler receives in x3. */
Term exc_raw_trace(Process *p);
bool exc_raw_valid(Term raw);
/* The value of `catch Expr` for an exception. */
Term exc_catch_value(Process *p, Term cls, Term reason, Term raw);
/* The exit reason of a process that did not catch the exception. */
Term exc_exit_reason(Process *p);
/* Prints OTP's report of a process that ended with an abnormal reason. */
void exc_report_uncaught(Process *p);

#endif
