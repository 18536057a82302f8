/*
 * sysflag.c: erlang:system_flag/2.
 *
 * girder accepts the flags OTP's libraries set and answers with the old
 * value as OTP does; only backtrace_depth and system_logger are
 * remembered (in girder_vm.bifs), the others describe settings girder
 * does not have (heap tuning, scheduler binding, microstate accounting)
 * and answer OTP's defaults.  Unknown flags and bad values are badarg.
 */
#include "bif.h"
#include "gcopts.h"
#include "sysflag.h"
#include "vm.h"

Term bif_max_heap_size_map(Process *p) {
    GcMaxHeap m = {0, true, true};
    return gc_max_heap_map(p, &m);
}

Term bif_erlang_system_flag_2(Process *p, Term *args) {
    Term flag = args[0], v = args[1];
    BifVmState *s = &p->vm->bifs;
    if (flag == ATOM_backtrace_depth) {
        if (!is_small(v) || small_val(v) < 0) return bif_badarg(p);
        SWord d = small_val(v) > 1000000 ? 1000000 : small_val(v);
        return make_small(atomic_exchange(&s->backtrace_depth, d));
    }
    if (flag == ATOM_system_logger) {
        if (!is_local_pid(v) && v != ATOM_logger && v != ATOM_undefined) return bif_badarg(p);
        return (Term)atomic_exchange(&s->system_logger, (uint64_t)v);
    }
    if (flag == ATOM_schedulers_online) {
        /* All schedulers stay online: the old value is their number. */
        SWord n = p->vm->nsched ? p->vm->nsched : 1;
        if (!is_small(v) || small_val(v) < 1 || small_val(v) > n) return bif_badarg(p);
        return make_small(n);
    }
    if (flag == ATOM_dirty_cpu_schedulers_online) {
        if (!is_small(v) || small_val(v) != 1) return bif_badarg(p);
        return make_small(1);
    }
    if (flag == ATOM_min_heap_size) return is_small(v) && small_val(v) >= 0 ? make_small(GC_SMALLEST_HEAP) : bif_badarg(p);
    if (flag == ATOM_min_bin_vheap_size)
        return is_small(v) && small_val(v) >= 0 ? make_small(GC_MIN_BIN_VHEAP) : bif_badarg(p);
    if (flag == ATOM_fullsweep_after)
        return is_small(v) && small_val(v) >= 0 ? make_small(GC_FULLSWEEP_DEFAULT) : bif_badarg(p);
    if (flag == ATOM_max_heap_size) {
        if (!(is_small(v) && small_val(v) >= 0) && !is_map(v)) return bif_badarg(p);
        Term r = bif_max_heap_size_map(p);
        return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
    }
    if (flag == ATOM_scheduler_wall_time || flag == ATOM_microstate_accounting) {
        if (!bif_is_bool(v) && !(flag == ATOM_microstate_accounting && v == ATOM_reset)) return bif_badarg(p);
        return ATOM_false;
    }
    if (flag == ATOM_multi_scheduling) {
        if (v == ATOM_block || v == ATOM_block_normal) return ATOM_blocked;
        if (v == ATOM_unblock || v == ATOM_unblock_normal) return ATOM_enabled;
        return bif_badarg(p);
    }
    if (flag == ATOM_time_offset) return v == ATOM_finalize ? ATOM_final : bif_badarg(p);
    if (flag == ATOM_trace_control_word) return is_small(v) && small_val(v) >= 0 ? make_small(0) : bif_badarg(p);
    if (flag == ATOM_cpu_topology) return ATOM_undefined;
    return bif_badarg(p);
}
