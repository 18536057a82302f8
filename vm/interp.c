/*
 * interp.c: the interpreter loop.
 *
 * Threaded code: each instruction word is the address of its handler
 * (computed goto), followed by its operands, decoded once by the loader.
 * The bodies come from vm/instrs/ tables through tools/gen_instrs.py
 * (ops_body.inc); this file supplies the machinery they use: operand
 * access, calls and returns, heap checks that may collect, and the one
 * error path that builds stack traces, unwinds to the nearest catch or
 * ends the process.
 *
 * The interpreter keeps the hot state in locals (I, E, HTOP, x) and writes
 * it back to the Process (SWAPOUT) before anything that may look at the
 * process from outside: a native function, a collection, an error.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../bif/arith.h"
#include "../bif/bif.h"
#include "apply.h"
#include "onload.h"
#include "atoms_gen.h"
#include "bits.h"
#include "compare.h"
#include "exception.h"
#include "map.h"
#include "ops_gen.h"
#include "sched.h"
#include "send.h"
#include "signal.h"
#include "timer.h"
#include "trap.h"
#include "vm.h"

/* Stack words kept free at every heap check for the return address a call pushes. */
#define S_RESERVE 1

#ifdef GIRDER_GC_STRESS
/* Collect at every heap check while the heap is small; once it holds more
 * than 1K words (both generations and the stack), at every Nth check with N growing with the heap, so a
 * program with a large live heap still finishes (the work stays about
 * linear) while every instruction that can collect is still exercised. */
#define GC_STRESS gc_stress_due(p, HTOP)
static inline bool gc_stress_due(Process *p, const Term *htop) {
    size_t words = (size_t)(htop - p->heap) + (size_t)(p->hend - p->stop) +
                   (size_t)(p->old_htop - p->old_heap);
    size_t every = words >> 10;
    if (++p->stress_count > every) {
        p->stress_count = 0;
        return true;
    }
    return false;
}
#else
#define GC_STRESS 0
#endif

static inline Term make_catch_addr(const Instr *addr) { return make_catch((UWord)(uintptr_t)addr); }

static inline bool term_is_function_arity(Term f, Term arity) {
    if (!is_fun(f) || !is_small(arity)) return false;
    Term *p = boxed_ptr(f);
    SWord want = small_val(arity);
    if (HEADER_SUB(p[0]) == SUB_EXPORT) return (SWord)((Export *)(uintptr_t)p[1])->arity == want;
    return (SWord)((FunEntry *)(uintptr_t)p[1])->arity == want;
}

const void *const *interp_op_addresses(void) {
#ifdef GIRDER_SWITCH_DISPATCH
    return NULL;
#else
    /* Calling the loop with no process returns its label table. */
    return (const void *const *)(uintptr_t)interp_run(NULL, NULL);
#endif
}

/* GCC's SLP vectorizer packs the hot locals (HTOP, E) into one vector
 * register, which makes every instruction's dispatch share one indirect
 * jump behind shuffles between vector and general registers; without it
 * each handler ends in its own `jmp *`. */
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-slp-vectorize")))
#endif
Term interp_run(Process *p, Term *x) {
#ifndef GIRDER_SWITCH_DISPATCH
    static const void *const labels[OP_COUNT] = {
#include "ops_labels.inc"
    };
    if (!p) return (Term)(uintptr_t)labels;
#define CASE(name) L_##name:
#define DISPATCH() goto *(const void *)*I
#define OP_ADDR(name) labels[OP_##name]
#else
    if (!p) return 0;
#define CASE(name) case OP_##name:
#define DISPATCH() goto dispatch
#define OP_ADDR(name) OP_##name
#endif

    girder_vm *vm = p->vm;
    for (unsigned k = 0; k < p->arity; k++) x[k] = p->xsave[k];
    /* The hot locals: the instruction pointer, stack top, heap top and
     * reduction counter.  GCC keeps I and E in registers but, left to
     * itself, spills the reduction counter or the heap top to the stack;
     * on x86-64 those two are pinned to callee-saved registers, which
     * native calls preserve.  (Pinning I and E too made GCC copy I
     * around every dispatch.) */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PINNED(reg) __asm__(reg)
#else
#define PINNED(reg)
#endif
    const Instr *I = p->ip;
    Term *E = p->stop;
    register Term *HTOP PINNED("r13") = p->htop;
    register long reds PINNED("r15") = p->reductions;
    /* Float registers (vm/instrs/floats.tab): as many as the loader allows. */
    double fregs[1024];
#define FR(n) fregs[(n)]
    /* A float operand the compiler proved a float; anything else (only in
     * a malformed module) is badarith rather than a crash. */
#define FLOAT_OPERAND(t)                                                            \
    ({                                                                              \
        Term fo_ = (t);                                                             \
        if (!is_float(fo_)) RAISE_ERROR(ATOM_badarith);                             \
        float_val(fo_);                                                             \
    })
    /* Stores a float operation's result, or fails when it is not finite. */
#define FLOAT_RESULT(fail, dst, expr)                                               \
    do {                                                                            \
        double fv_ = (expr);                                                        \
        if (!isfinite(fv_)) {                                                       \
            if (fail) JUMP(fail);                                                   \
            RAISE_ERROR(ATOM_badarith);                                             \
        }                                                                           \
        FR(dst) = fv_;                                                              \
    } while (0)

#define SWAPOUT() (p->htop = HTOP, p->stop = E)
#define SWAPIN() (HTOP = p->htop, E = p->stop)
#define Y(n) E[(n)]
#define SRC(w) (((w) & 3) ? (Term)(w) : (((w) & 8) ? E[(w) >> 4] : x[(w) >> 4]))
#define DST(w) ((((w) & 8) ? &E[(w) >> 4] : &x[(w) >> 4]))
#define JUMP(addr) do { I = (addr); DISPATCH(); } while (0)
#define RETURN() do { I = (const Instr *)(uintptr_t)*E++; DISPATCH(); } while (0)
/* Every call costs a reduction; when the slice is used up the process
 * yields at the callee's entry, whose func_info says how many x registers
 * are live (they are saved in p->xsave; the registers belong to the
 * scheduler). */
#define CALL(target)                                                                \
    do {                                                                            \
        I = (target);                                                               \
        if (--reds <= 0) goto yield;                                                \
        DISPATCH();                                                                 \
    } while (0)
#define COMPARE(a, b) term_compare(&vm->atoms, (a), (b))

    /* The free space between heap top and stack top, in bytes (compared
     * with a size in bytes, which saves the division of a word count). */
#define FREE_BYTES() ((size_t)((const char *)E - (const char *)HTOP))
    /* Collect so that `need` words (plus the reserve) are free; live x registers. */
#define GC_CHECK(need, live)                                                        \
    do {                                                                            \
        if (GC_STRESS || FREE_BYTES() < ((size_t)(need) + S_RESERVE) * sizeof(Term)) { \
            SWAPOUT();                                                              \
            GcResult gcr_ = gc_collect_may_gc(p, (size_t)(need) + S_RESERVE, x,     \
                                              (unsigned)(live));                    \
            if (gcr_ != GC_OK) {                                                    \
                SWAPIN();                                                           \
                if (gcr_ == GC_KILLED) goto max_heap_killed;                        \
                RAISE_ERROR(ATOM_system_limit);                                     \
            }                                                                       \
            SWAPIN();                                                               \
        }                                                                           \
    } while (0)
#define TEST_HEAP(need, live) GC_CHECK(need, live)
/* A new frame's y registers are not set (vm/instrs/core.tab, allocate). */
#define ALLOCATE(ny, heap, live)                                                    \
    do {                                                                            \
        UWord ny_ = (ny);                                                           \
        GC_CHECK(ny_ + (heap), live);                                               \
        E -= ny_;                                                                   \
    } while (0)
#define ALLOCATE_ZERO(ny, heap, live)                                               \
    do {                                                                            \
        UWord nz_ = (ny);                                                           \
        ALLOCATE(nz_, heap, live);                                                  \
        for (UWord k_ = 0; k_ < nz_; k_++) E[k_] = NIL;                             \
    } while (0)

#define RAISE_ERROR(reason)                                                         \
    do {                                                                            \
        p->fail_class = ATOM_error;                                                 \
        p->fail_reason = (reason);                                                  \
        p->fail_args = THE_NON_VALUE;                                               \
        p->fail_raised = false;                                                     \
        goto handle_error;                                                          \
    } while (0)
#define RAISE_TUPLE2(tag, value)                                                    \
    do {                                                                            \
        Term v2_ = (value);                                                         \
        SWAPOUT();                                                                  \
        Term r2_ = exc_tuple2(p, (tag), v2_);                                       \
        SWAPIN();                                                                   \
        RAISE_ERROR(r2_);                                                           \
    } while (0)
#define RAISE_FUNCTION_CLAUSE(m, f, a)                                              \
    do {                                                                            \
        p->fail_class = ATOM_error;                                                 \
        p->fail_reason = ATOM_function_clause;                                      \
        p->fail_raised = false;                                                     \
        SWAPOUT();                                                                  \
        p->fail_args = exc_args_list(p, x, (unsigned)(a));                          \
        SWAPIN();                                                                   \
        goto handle_error;                                                          \
    } while (0)

    /* A native function's failure: the BIF's own frame heads the trace. */
    const Export *bif_export = NULL;
#define BIF_FAILED(export, args, n)                                                 \
    do {                                                                            \
        if (p->pending_exit != THE_NON_VALUE) goto killed;                          \
        if (p->hibernating) goto hibernate;                                         \
        bif_export = (export);                                                      \
        SWAPOUT();                                                                  \
        if (!p->fail_raised) p->fail_args = exc_args_list(p, (args), (n));          \
        SWAPIN();                                                                   \
        goto handle_bif_error;                                                      \
    } while (0)
#define RAISE_BIF_FAILURE(export, args) BIF_FAILED((export), (args), (export)->arity)

/* p->ip tells a native function where it was called from (process_info's
 * current_function and current_stacktrace). */
#define BIF_CALL(fn, args)                                                          \
    ({                                                                              \
        SWAPOUT();                                                                  \
        p->ip = I;                                                                  \
        Term rb_ = (fn)(p, (args));                                                 \
        SWAPIN();                                                                   \
        rb_;                                                                        \
    })
/* A native trapped (bif_trap): after a yield, call its continuation; `ret`
 * is where the result goes (NULL: to our caller), after dropping `drop`
 * stack words. */
#define TRAP(ret, drop)                                                             \
    do {                                                                            \
        Export *te_ = p->trap;                                                      \
        p->trap = NULL;                                                             \
        const Instr *tc_ = trap_code(vm, te_);                                      \
        if (!tc_) RAISE_ERROR(ATOM_system_limit);                                   \
        E += (drop);                                                                \
        const Instr *tr_ = (ret);                                                   \
        if (tr_) *--E = (Term)(uintptr_t)tr_;                                       \
        reds = 0;                                                                   \
        CALL(tc_);                                                                  \
    } while (0)
#define CALL_BIF(fn, export, arity)  CALL_BIF_TRAP(fn, export, arity, NULL, 0)
#define CALL_BIF_TRAP(fn, export, arity, ret, drop)                                 \
    do {                                                                            \
        reds--;                                                                     \
        Term rc_ = BIF_CALL((fn), x);                                               \
        if (rc_ == THE_NON_VALUE && p->trap) TRAP((ret), (drop));                    \
        if (rc_ == THE_NON_VALUE) BIF_FAILED((export), x, (arity));                 \
        if (vm->halted) goto halted;                                                \
        x[0] = rc_;                                                                 \
        reds -= (long)p->reds_bump;                                                 \
        p->reds_bump = 0;                                                           \
    } while (0)
/* Calls through an export entry; `ret` is the return address to push, or
 * NULL for a tail call.  Nothing is pushed until the call is sure to
 * happen, so a failure leaves the stack as the caller had it. */
#define CALL_EXPORT(export, arity, ret)                                             \
    do {                                                                            \
        Export *ce_ = (export);                                                     \
        const Instr *to_ = ce_->code, *ret_ = (ret);                                \
        if (to_) {                                                                  \
            if (ret_) *--E = (Term)(uintptr_t)ret_;                                 \
            CALL(to_);                                                              \
        }                                                                           \
        cur_export = ce_;                                                           \
        cur_arity = (arity);                                                        \
        cur_ret = ret_;                                                             \
        goto call_export_slow;                                                      \
    } while (0)
#define CATCH_VALUE()                                                               \
    do {                                                                            \
        SWAPOUT();                                                                  \
        x[0] = exc_catch_value(p, x[1], x[2], x[3]);                                \
        SWAPIN();                                                                   \
    } while (0)
#define RERAISE(raw, reason)                                                        \
    do {                                                                            \
        Term rr_ = (raw), rv_ = (reason);                                           \
        if (!exc_raw_valid(rr_)) RAISE_ERROR(ATOM_badarg);                          \
        p->fail_class = tuple_elems(rr_)[0];                                        \
        p->fail_reason = rv_;                                                       \
        p->stacktrace = tuple_elems(rr_)[1];                                        \
        goto unwind;                                                                \
    } while (0)
#define RAW_RAISE()                                                                 \
    do {                                                                            \
        if (x[0] != ATOM_error && x[0] != ATOM_exit && x[0] != ATOM_throw) {        \
            x[0] = ATOM_badarg;                                                     \
            break;                                                                  \
        }                                                                           \
        p->fail_class = x[0];                                                       \
        p->fail_reason = x[1];                                                      \
        /* x2 is the raw {Class, Trace} a handler received */                       \
        p->stacktrace = exc_raw_valid(x[2]) ? tuple_elems(x[2])[1] : x[2];          \
        goto unwind;                                                                \
    } while (0)
/* Heap words for an instruction that has no heap check of its own. */
#define HEAP_ALLOC(n)                                                               \
    ({                                                                              \
        size_t hn_ = (n);                                                           \
        Term *ha_;                                                                  \
        if (FREE_BYTES() >= (hn_ + S_RESERVE) * sizeof(Term)) {                     \
            ha_ = HTOP;                                                             \
            HTOP += hn_;                                                            \
        } else {                                                                    \
            SWAPOUT();                                                              \
            ha_ = proc_alloc(p, hn_);                                               \
            SWAPIN();                                                               \
            if (!ha_) RAISE_ERROR(ATOM_system_limit);                               \
        }                                                                           \
        ha_;                                                                        \
    })
/* Calls a fun with `arity` arguments in x0..; free variables follow them. */
#define CALL_FUN(FUN_, ARITY_, RET_)                                                   \
    do {                                                                            \
        Term f_ = (FUN_);                                                           \
        unsigned ar_ = (unsigned)(ARITY_);                                          \
        if (is_boxed_sub(f_, SUB_FUN)) {                                            \
            Term *fp_ = boxed_ptr(f_);                                              \
            const FunEntry *fe_ = (const FunEntry *)(uintptr_t)fp_[1];              \
            if (fe_->arity != ar_) BADARITY(f_, ar_);                               \
            UWord nf_ = HEADER_ARITY(fp_[0]) - 1;                                   \
            for (UWord k_ = 0; k_ < nf_; k_++) x[ar_ + k_] = fp_[2 + k_];           \
            if (!fe_->code) RAISE_TUPLE2(ATOM_badfun, f_);                          \
            const Instr *ret_f_ = (RET_);                                           \
            if (ret_f_) *--E = (Term)(uintptr_t)ret_f_;                             \
            CALL(fe_->code);                                                        \
        } else if (is_boxed_sub(f_, SUB_EXPORT)) {                                  \
            Export *fx_ = (Export *)(uintptr_t)boxed_ptr(f_)[1];                    \
            if (fx_->arity != ar_) BADARITY(f_, ar_);                               \
            CALL_EXPORT(fx_, ar_, (RET_));                                          \
        }                                                                           \
        RAISE_TUPLE2(ATOM_badfun, f_);                                              \
    } while (0)
#define BADARITY(fun, n)                                                            \
    do {                                                                            \
        SWAPOUT();                                                                  \
        Term ba_ = exc_tuple2(p, (fun), exc_args_list(p, x, (n)));                  \
        SWAPIN();                                                                   \
        RAISE_TUPLE2(ATOM_badarity, ba_);                                           \
    } while (0)
/* Calls x(arity):x(arity+1) with `arity` arguments. */
/* M:F(Args...) with M or F not an atom: badarg from erlang:apply/3's frame,
 * whose arguments are [M, F, [x0, ..., x(arity-1)]], as in OTP. */
#define APPLY_BADARG(arity)                                                         \
    do {                                                                            \
        unsigned ab_ = (unsigned)(arity);                                           \
        Term aa_[3] = {x[ab_], x[ab_ + 1], NIL};                                    \
        SWAPOUT();                                                                  \
        aa_[2] = exc_args_list(p, x, ab_);                                          \
        SWAPIN();                                                                   \
        p->fail_class = ATOM_error;                                                 \
        p->fail_reason = ATOM_badarg;                                               \
        p->fail_raised = false;                                                     \
        Export *ab_e_ = export_get(vm, ATOM_erlang, ATOM_apply, 3);                 \
        if (!ab_e_) RAISE_ERROR(ATOM_badarg);                                       \
        BIF_FAILED(ab_e_, aa_, 3);                                                  \
    } while (0)
#define APPLY(arity, ret)                                                           \
    do {                                                                            \
        unsigned ap_ = (unsigned)(arity);                                           \
        Term m_ = x[ap_], f2_ = x[ap_ + 1];                                         \
        if (!is_atom(m_) || !is_atom(f2_)) APPLY_BADARG(ap_);                       \
        Export *ax_ = export_get(vm, m_, f2_, ap_);                                 \
        if (!ax_) RAISE_ERROR(ATOM_system_limit);                                   \
        /* M:F(...) that names erlang:apply/2,3 is applied here, as OTP does */    \
        if (m_ == ATOM_erlang && f2_ == ATOM_apply && (ap_ == 2 || ap_ == 3))       \
            APPLY_LIST(ap_, ax_, (ret));                                            \
        CALL_EXPORT(ax_, ap_, (ret));                                               \
    } while (0)
/* Heap fragments (received messages) outweigh the heap: time to collect. */
#define FRAGS_HEAVY() \
    (p->frag_words >= 1024 && p->frag_words > (size_t)(p->hend - p->heap) / 2)
/* Collects now (at a yield or a wait, where `live` is known), as heavy
 * fragments, binaries or erlang:garbage_collect ask; then answers the
 * processes that asked. */
#define GC_REQUESTED(live)                                                          \
    do {                                                                            \
        SWAPOUT();                                                                  \
        GcResult gq_ = p->gc_request == GC_REQ_MAJOR                                \
                           ? gc_collect_major(p, 0, x, (live), false)               \
                           : gc_collect_may_gc(p, 0, x, (live));                    \
        SWAPIN();                                                                   \
        p->gc_request = GC_REQ_NONE;                                                \
        if (p->gc_waiters) sig_gc_answer(p, true);                                  \
        if (gq_ == GC_KILLED) goto max_heap_killed;                                 \
        /* out of memory: the fragments stay until the next try */                  \
    } while (0)
/* Handles the signals in the inbox; an exit signal may end the process. */
#define TAKE_SIGNALS()                                                              \
    do {                                                                            \
        if (atomic_load(&p->inbox)) {                                               \
            SWAPOUT();                                                              \
            bool alive_ = sig_take(p);                                              \
            SWAPIN();                                                               \
            if (!alive_) goto killed;                                               \
        }                                                                           \
    } while (0)
/* Parks the process until a signal comes; it resumes at `resume` (the
 * receive's loop_rec, or the wait_timeout of a receive without clauses).
 * Signals already in the inbox are taken first: new messages are tried at
 * once, and a receive without clauses does not spin on messages it never
 * takes. */
#define WAIT(resume)                                                                \
    do {                                                                            \
        const Instr *wr_ = (resume);                                                \
        if (atomic_load(&p->inbox)) {                                               \
            TAKE_SIGNALS();                                                         \
            if (*p->save) JUMP(wr_);                                                \
        }                                                                           \
        if (p->gc_request != GC_REQ_NONE) GC_REQUESTED(0);                          \
        SWAPOUT();                                                                  \
        p->ip = wr_;                                                                \
        p->arity = 0; /* nothing is live across a wait */                          \
        /* Counted now: once waiting, p may run on another scheduler. */           \
        p->total_reductions += (unsigned long)(REDUCTIONS_PER_SLICE - reds);        \
        reds = REDUCTIONS_PER_SLICE;                                                \
        p->reductions = reds;                                                       \
        /* Once WAITING is published another scheduler may own p: a signal that \
         * came meanwhile is handled as any waker would, by requeueing p (it    \
         * must not run on here: the state may already be a later wait's). */  \
        atomic_store(&p->state, PS_WAITING);                                        \
        if (atomic_load(&p->inbox)) sched_wake(vm, p);                              \
        return RUN_WAITED;                                                          \
    } while (0)
#define SEND_MESSAGE()                                                              \
    do {                                                                            \
        SWAPOUT();                                                                  \
        Term sr_ = proc_send(p, x[0], x[1]);                                        \
        SWAPIN();                                                                   \
        if (sr_ == THE_NON_VALUE) BIF_FAILED(vm->send_export, x, 2);                \
        x[0] = sr_;                                                                 \
        reds -= (long)p->reds_bump;                                                 \
        p->reds_bump = 0;                                                           \
    } while (0)
/* erlang:apply/2,3 called as a function (vm/instrs/std.tab): spreads the
 * argument list into x0.. and calls.  A bad list, or a module or function
 * that is not an atom, is a badarg from erlang:apply's frame.  An apply
 * of erlang:apply itself is unwrapped here, as OTP does. */
#define APPLY_LIST(arity, export, ret)                                              \
    do {                                                                            \
        unsigned al_ = (unsigned)(arity);                                           \
        Export *alx_ = (export);                                                    \
        for (;;) {                                                                  \
            Term mod_ = x[0], name_ = x[1], args_ = x[al_ - 1];                     \
            int an_ = apply_arg_count(args_, MAX_X_REGS - 2);                       \
            if (an_ < 0 || (al_ == 3 && (!is_atom(mod_) || !is_atom(name_)))) {    \
                p->fail_class = ATOM_error;                                         \
                p->fail_reason = ATOM_badarg;                                       \
                p->fail_raised = false;                                             \
                BIF_FAILED(alx_, x, al_);                                           \
            }                                                                       \
            apply_spread(args_, x);                                                 \
            if (al_ == 2) CALL_FUN(mod_, (unsigned)an_, (ret));                     \
            if (mod_ == ATOM_erlang && name_ == ATOM_apply && (an_ == 2 || an_ == 3)) { \
                al_ = (unsigned)an_;                                                \
                alx_ = export_get(vm, ATOM_erlang, ATOM_apply, al_);                \
                if (!alx_) RAISE_ERROR(ATOM_system_limit);                          \
                continue;                                                           \
            }                                                                       \
            Export *ae_ = export_get(vm, mod_, name_, (uint32_t)an_);               \
            if (!ae_) RAISE_ERROR(ATOM_system_limit);                               \
            CALL_EXPORT(ae_, (unsigned)an_, (ret));                                 \
        }                                                                           \
    } while (0)
#define raw_trace_list(raw) (exc_raw_valid(raw) ? tuple_elems(raw)[1] : NIL)
/* Both operands of an operator are small integers; an operand of kind 'i'
 * (vm/instrs/arith.tab) is one already.  Two words are both smalls when
 * their AND has the small tag, whose bits are all ones. */
#define BOTH_SMALL(a, ka, b, kb)                                                    \
    ((kb) == 'i' ? ((ka) == 'i' || is_small(a))                                    \
                 : (ka) == 'i' ? is_small(b) : is_small((a) & (b)))
/* Two floats under an operator (vm/instrs/arith.tab): stores the result
 * and is true when it is finite and the heap has room for it; otherwise
 * false, and BIF_SLOW does the rest.  Folds to false when an operand is
 * an integer literal. */
#define FLOAT_ARITH(a, op, b, dst)                                                  \
    ({                                                                              \
        bool fa_ok_ = false;                                                        \
        if (is_float(a) && is_float(b)) {                                           \
            double fa_r_ = float_val(a) op float_val(b);                            \
            if (isfinite(fa_r_) && FREE_BYTES() >= (FLOAT_WORDS + S_RESERVE) * sizeof(Term)) { \
                *(dst) = make_float_at(HTOP, fa_r_);                                \
                HTOP += FLOAT_WORDS;                                                \
                fa_ok_ = true;                                                      \
            }                                                                       \
        }                                                                           \
        fa_ok_;                                                                     \
    })
/* The out-of-line call of a BIF of one or two arguments whose instruction
 * handles the common case inline (operators in vm/instrs/arith.tab, guard
 * BIFs in vm/instrs/bifs.tab): the BIF computes the rest and raises the
 * errors; `fail` is NULL in a body, `export` NULL when the error has no
 * frame of the BIF. */
#define BIF_SLOW(fn, fail, export, a, b, dst, next)                              \
    do {                                                                            \
        ar_fn = (fn);                                                               \
        ar_fail = (fail);                                                           \
        ar_export = (export);                                                       \
        ar_args[0] = (a);                                                           \
        ar_args[1] = (b);                                                           \
        ar_dst = (dst);                                                             \
        ar_next = (next);                                                           \
        goto bif_slow;                                                              \
    } while (0)

    Export *cur_export = NULL;
    unsigned yield_live = 0; /* an instruction that yields mid-way: x registers to keep */
    bool slow_tail = false; /* the failing call_export_slow was a tail call */
    unsigned cur_arity = 0;
    const Instr *cur_ret = NULL;
    BifFn ar_fn = NULL; /* BIF_SLOW's operands */
    const Instr *ar_fail = NULL, *ar_next = NULL;
    Export *ar_export = NULL;
    Term ar_args[2];
    Term *ar_dst = NULL;

    DISPATCH();

#ifdef GIRDER_SWITCH_DISPATCH
dispatch:
    switch ((unsigned)*I) {
#endif
#include "ops_body.inc"
#ifdef GIRDER_SWITCH_DISPATCH
    default:
        abort();
    }
#endif

bif_slow: {
    /* Floats (or a float and a small) under + - *: no call. */
    Term a = ar_args[0], b = ar_args[1];
    if ((ar_fn == bif_erlang_plus_2 || ar_fn == bif_erlang_minus_2 ||
         ar_fn == bif_erlang_times_2) &&
        (is_float(a) || is_float(b)) && (is_float(a) || is_small(a)) &&
        (is_float(b) || is_small(b))) {
        double fa = is_float(a) ? float_val(a) : (double)small_val(a);
        double fb = is_float(b) ? float_val(b) : (double)small_val(b);
        double fr = ar_fn == bif_erlang_plus_2    ? fa + fb
                    : ar_fn == bif_erlang_minus_2 ? fa - fb
                                                  : fa * fb;
        if (isfinite(fr)) {
            *ar_dst = make_float_at(HEAP_ALLOC(FLOAT_WORDS), fr);
            JUMP(ar_next);
        }
    }
    Term r = BIF_CALL(ar_fn, ar_args);
    if (r == THE_NON_VALUE) {
        if (ar_fail) JUMP(ar_fail);
        if (!ar_export) RAISE_ERROR(p->fail_reason); /* no BIF frame, as in OTP */
        RAISE_BIF_FAILURE(ar_export, ar_args);
    }
    *ar_dst = r;
    JUMP(ar_next);
}

call_export_slow: {
    /* The entry has no code: a native function, a module to load, or undef. */
    Export *e = cur_export;
    if (e->bif) {
        Term r = BIF_CALL(e->bif, x);
        if (r == THE_NON_VALUE && p->trap) TRAP(cur_ret, 0);
        if (r == THE_NON_VALUE) {
            /* The caller's frame is the return address just pushed or kept;
             * a tail call left none, unless the BIF raised on purpose
             * (error/1...), which OTP reports from the calling instruction. */
            slow_tail = !cur_ret && !p->fail_raised;
            BIF_FAILED(e, x, cur_arity);
        }
        if (vm->halted) goto halted;
        x[0] = r;
        if (cur_ret) JUMP(cur_ret);
        RETURN();
    }
    StrBuf err = STRBUF_INIT;
    SWAPOUT();
    bool loaded = code_ensure_loaded(vm, e->module, &err);
    SWAPIN();
    sb_free(&err);
    const Instr *on_load = loaded ? code_take_on_load(vm, e->module) : NULL;
    if (on_load) {
        /* Run the module's on_load function first, then this call
         * (on_load_done in vm/instrs/std.tab; vm/onload.h). */
        GC_CHECK(cur_arity + 4, cur_arity);
        E -= cur_arity + 4;
        E[0] = (Term)(uintptr_t)vm->on_load_code;
        E[1] = (Term)(uintptr_t)e;
        E[2] = (Term)(uintptr_t)cur_ret;
        E[3] = make_small(cur_arity);
        for (unsigned i = 0; i < cur_arity; i++) E[4 + i] = x[i];
        CALL(on_load);
    }
    if (loaded && e->code) {
        if (cur_ret) *--E = (Term)(uintptr_t)cur_ret;
        CALL(e->code);
    }
    if (loaded && e->bif) goto call_export_slow;
    /* undef: the missing function heads the stack trace with its arguments. */
    p->fail_class = ATOM_error;
    p->fail_reason = ATOM_undef;
    p->fail_raised = false;
    SWAPOUT();
    p->fail_args = exc_args_list(p, x, cur_arity);
    SWAPIN();
    bif_export = e;
    slow_tail = !cur_ret;
    goto handle_bif_error;
}

handle_bif_error:
    SWAPOUT();
    /* A tail call through an export entry left no frame of its caller. */
    exc_build_trace(p, bif_export, slow_tail ? NULL : I);
    slow_tail = false;
    SWAPIN();
    goto unwind;

handle_error:
    SWAPOUT();
    exc_build_trace(p, NULL, I);
    SWAPIN();
    goto unwind;

unwind: {
    /* Find the nearest catch tag; the frame that holds it starts just above
     * the nearest return address below it. */
    Term *frame = E;
    for (Term *sp = E; sp < p->hend; sp++) {
        Term w = *sp;
        if ((w & TAG_PRIMARY_MASK) == TAG_HEADER) {
            frame = sp + 1;
        } else if (is_catch(w)) {
            E = frame;
            I = (const Instr *)(uintptr_t)catch_val(w);
            SWAPOUT();
            Term raw = exc_raw_trace(p);
            SWAPIN();
            x[0] = THE_NON_VALUE;
            x[1] = p->fail_class;
            x[2] = p->fail_reason;
            x[3] = raw;
            DISPATCH();
        }
    }
    SWAPOUT();
    p->exit_reason = exc_exit_reason(p);
    p->exited = true;
    exc_report_uncaught(p);
    p->reductions = reds;
    return p->exit_reason;
}

yield: {
    /* The slice is used up: resume at I later (see CALL).  I is a function
     * entry: the func_info before it ends with the arity. */
    unsigned live = MAX_X_REGS;
    if (yield_live) {
        live = yield_live; /* vm/instrs/trap.tab: it resumes at itself */
        yield_live = 0;
    } else if (I[-4] == (Instr)(uintptr_t)OP_ADDR(func_info)) {
        live = (unsigned)I[-1];
    }
    /* Received messages outweigh the heap, binaries outgrew the virtual
     * binary heap, or erlang:garbage_collect asked: collect now, while the
     * live registers are known. */
    if ((FRAGS_HEAVY() || p->off_heap.bytes > p->bin_vheap || p->gc_request != GC_REQ_NONE) &&
        live != MAX_X_REGS) {
        GC_REQUESTED(live);
    }
    if (!proc_save_x(p, x, live)) {
        x[0] = THE_NON_VALUE;
        RAISE_ERROR(ATOM_system_limit);
    }
    SWAPOUT();
    p->ip = I;
    p->reductions = reds;
    return THE_NON_VALUE;
}

hibernate: {
    /* erlang:hibernate(M, F, A): x0..x2 hold M, F, A.  Drop the stack down
     * to the bottom frame (the return into exit_code), compact the heap,
     * and wait with apply(M, F, A) as the continuation (vm->spawn_code). */
    p->hibernating = false;
    E = p->hend - 1;
    SWAPOUT();
    GcResult gr = gc_collect_major(p, 0, x, 3, true);
    SWAPIN();
    if (gr == GC_KILLED) goto max_heap_killed;
    /* out of memory: it hibernates uncompacted */
    if (!proc_save_x(p, x, 3)) RAISE_ERROR(ATOM_system_limit);
    SWAPOUT();
    p->ip = vm->spawn_code;
    p->total_reductions += (unsigned long)(REDUCTIONS_PER_SLICE - reds);
    p->reductions = REDUCTIONS_PER_SLICE;
    atomic_store(&p->state, PS_WAITING);
    if (atomic_load(&p->inbox)) sched_wake(vm, p); /* as in WAIT */
    return RUN_WAITED;
}

max_heap_killed:
    /* The heap outgrew max_heap_size (gc/collect.c reported it). */
    p->pending_exit = ATOM_killed;
    goto killed;

killed:
    /* An exit signal ended the process; p->pending_exit is the reason. */
    SWAPOUT();
    p->reductions = reds;
    return p->pending_exit;

process_exit_normal:
    SWAPOUT();
    p->exit_reason = ATOM_normal;
    p->exited = true;
    p->reductions = reds;
    return ATOM_normal;

halted:
    SWAPOUT();
    p->exit_reason = ATOM_kill;
    p->exited = true;
    return ATOM_kill;
}
