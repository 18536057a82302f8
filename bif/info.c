/*
 * info.c: code, fun and system introspection: function_exported/3,
 * module_loaded/1, get_module_info/1,2 (what Mod:module_info/0,1 call),
 * fun_info/2, fun_info_mfa/1, is_builtin/3, pre_loaded/0, loaded/0,
 * system_info/1, node/0,1, nodes/0,1, is_alive/0, and
 * erts_internal:cmp_term/2 and term_type/1.
 *
 * girder is not distributed yet: the node is nonode@nohost, and no other
 * node is ever connected.
 */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "../loader/load.h"
#include "bif.h"
#include "binary.h"
#include "build.h"
#include "compare.h"
#include "map.h"
#include "sysflag.h"
#include "vm.h"

/* ---- small builders ---- */

static Term str(Process *p, const char *s) {
    Term r = proc_utf8_list(p, (const unsigned char *)s, strlen(s));
    return r;
}

/* Fails with system_limit when a builder ran out of memory. */
static Term checked(Process *p, Term r) {
    return r == THE_NON_VALUE && p->fail_reason != ATOM_badarg ? bif_error(p, ATOM_system_limit)
                                                               : r;
}

/* ---- modules ---- */

/* Whether module m exports name/arity. */
static bool module_exports(const Module *m, Term name, uint32_t arity) {
    for (uint32_t i = 0; i < m->nexports; i++)
        if (m->exports[i]->name == name && m->exports[i]->arity == arity) return true;
    return false;
}

/* [{Name, Arity}] of the module's functions (exported only, or all) in
 * code order. */
static Term function_list(Process *p, const Module *m, bool exported_only) {
    Term r = NIL;
    for (uint32_t i = m->nfuncs; i-- > 0;) {
        const FuncInfo *f = &m->funcs[i];
        if (exported_only && !module_exports(m, f->name, f->arity)) continue;
        Term t = build_tuple2(p, f->name, make_small(f->arity));
        if (t == THE_NON_VALUE) return t;
        r = build_cons(p, t, r);
        if (r == THE_NON_VALUE) return r;
    }
    return r;
}

/* One item of module_info, or THE_NON_VALUE with *bad set for a bad key. */
static Term module_item(Process *p, const Module *m, Term key, bool *bad) {
    *bad = false;
    if (key == ATOM_module) return m->name;
    if (key == ATOM_exports) return function_list(p, m, true);
    if (key == ATOM_functions) return function_list(p, m, false);
    if (key == ATOM_attributes) return m->attributes;
    if (key == ATOM_compile) return m->compile_info;
    if (key == ATOM_md5) return bin_from_bytes(p, ld_module_md5(m), sizeof m->md5);
    if (key == ATOM_nifs) return NIL;
    if (key == ATOM_native) return ATOM_false;
    if (key == ATOM_native_addresses) return NIL;
    *bad = true;
    return THE_NON_VALUE;
}

Term bif_erlang_get_module_info_2(Process *p, Term *args) {
    if (!is_atom(args[0]) || !is_atom(args[1])) return bif_badarg(p);
    const Module *m = code_current(p->vm, args[0]);
    if (!m) return bif_badarg(p);
    bool bad;
    Term r = module_item(p, m, args[1], &bad);
    if (bad) return bif_badarg(p);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_erlang_get_module_info_1(Process *p, Term *args) {
    if (!is_atom(args[0])) return bif_badarg(p);
    const Module *m = code_current(p->vm, args[0]);
    if (!m) return bif_badarg(p);
    const Term keys[] = {ATOM_module, ATOM_exports, ATOM_attributes, ATOM_compile, ATOM_md5};
    Term r = NIL;
    for (size_t i = sizeof keys / sizeof keys[0]; i-- > 0;) {
        bool bad;
        Term v = module_item(p, m, keys[i], &bad);
        Term t = v == THE_NON_VALUE ? v : build_tuple2(p, keys[i], v);
        r = t == THE_NON_VALUE ? t : build_cons(p, t, r);
        if (r == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    }
    return r;
}

Term bif_erlang_module_loaded_1(Process *p, Term *args) {
    if (!is_atom(args[0])) return bif_badarg(p);
    return code_current(p->vm, args[0]) ? ATOM_true : ATOM_false;
}

Term bif_erlang_function_exported_3(Process *p, Term *args) {
    if (!is_atom(args[0]) || !is_atom(args[1]) || !is_small(args[2])) return bif_badarg(p);
    SWord a = small_val(args[2]);
    if (a < 0 || a > 255) return ATOM_false;
    Export *e = export_find(p->vm, args[0], args[1], (uint32_t)a);
    if (!e) return ATOM_false;
    if (e->bif) return ATOM_true;
    const Module *m = code_current(p->vm, args[0]);
    return m && module_exports(m, args[1], (uint32_t)a) ? ATOM_true : ATOM_false;
}

Term bif_erlang_is_builtin_3(Process *p, Term *args) {
    if (!is_atom(args[0]) || !is_atom(args[1]) || !is_small(args[2])) return bif_badarg(p);
    SWord a = small_val(args[2]);
    if (a < 0 || a > 255) return ATOM_false;
    Export *e = export_find(p->vm, args[0], args[1], (uint32_t)a);
    if (e && e->bif) return ATOM_true;
    /* apply/2,3 are instructions in girder, but BIFs to programs. */
    if (args[0] == ATOM_erlang && args[1] == ATOM_apply && (a == 2 || a == 3)) return ATOM_true;
    return ATOM_false;
}

/* The modules OTP 25 preloads, in the order erlang:pre_loaded/0 lists them. */
static const char *const preloaded_names[] = {
    "persistent_term", "counters", "atomics", "erts_dirty_process_signal_handler",
    "erts_literal_area_collector", "erl_tracer", "erts_internal", "erlang", "erl_prim_loader",
    "prim_zip", "prim_net", "prim_socket", "socket_registry", "zlib", "prim_file", "prim_inet",
    "prim_eval", "prim_buffer", "init", "erl_init", "erts_code_purger"};

Term bif_erlang_pre_loaded_0(Process *p, Term *args) {
    (void)args;
    size_t n = sizeof preloaded_names / sizeof preloaded_names[0];
    Term *hp;
    BIF_ALLOC(p, hp, 2 * n);
    for (size_t i = 0; i < n; i++) {
        Term a;
        if (atom_put(&p->vm->atoms, preloaded_names[i], strlen(preloaded_names[i]), &a) != ATOM_OK)
            return bif_error(p, ATOM_system_limit);
        hp[2 * i] = a;
        hp[2 * i + 1] = i + 1 < n ? make_list(hp + 2 * (i + 1)) : NIL;
    }
    return make_list(hp);
}

Term bif_erlang_loaded_0(Process *p, Term *args) {
    (void)args;
    girder_vm *vm = p->vm;
    pthread_mutex_lock(&vm->code_lock);
    Term r = NIL;
    for (size_t i = 0; i < vm->nmodules && r != THE_NON_VALUE; i++)
        if (vm->modules[i].current || vm->modules[i].old) r = build_cons(p, vm->modules[i].name, r);
    pthread_mutex_unlock(&vm->code_lock);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

/* ---- funs ---- */

Term bif_erlang_fun_info_2(Process *p, Term *args) {
    Term f = args[0], key = args[1];
    if (!is_fun(f) || !is_atom(key)) return bif_badarg(p);
    Term *b = boxed_ptr(f);
    Term v;
    if (HEADER_SUB(b[0]) == SUB_EXPORT) {
        const Export *e = (const Export *)(uintptr_t)b[1];
        if (key == ATOM_module) v = e->module;
        else if (key == ATOM_name) v = e->name;
        else if (key == ATOM_arity) v = make_small(e->arity);
        else if (key == ATOM_env) v = NIL;
        else if (key == ATOM_type) v = ATOM_external;
        else if (key == ATOM_pid || key == ATOM_index || key == ATOM_new_index ||
                 key == ATOM_uniq || key == ATOM_new_uniq || key == ATOM_refs)
            v = ATOM_undefined;
        else return bif_badarg(p);
    } else {
        const FunEntry *fe = (const FunEntry *)(uintptr_t)b[1];
        UWord nfree = HEADER_ARITY(b[0]) - 1;
        if (key == ATOM_module) v = fe->module;
        else if (key == ATOM_name) v = fe->name;
        else if (key == ATOM_arity) v = make_small(fe->arity);
        else if (key == ATOM_type) v = ATOM_local;
        else if (key == ATOM_pid) v = p->pid;
        else if (key == ATOM_index || key == ATOM_new_index) v = make_small(fe->index);
        else if (key == ATOM_uniq) v = make_small(fe->old_uniq);
        else if (key == ATOM_new_uniq) v = bin_from_bytes(p, ld_fun_md5(fe), sizeof fe->md5);
        else if (key == ATOM_refs) v = ATOM_undefined;
        else if (key == ATOM_env) {
            v = NIL;
            for (UWord i = nfree; i-- > 0 && v != THE_NON_VALUE;) v = build_cons(p, b[2 + i], v);
        } else return bif_badarg(p);
    }
    if (v == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
    Term r = build_tuple2(p, key, v);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_erlang_fun_info_mfa_1(Process *p, Term *args) {
    Term f = args[0];
    if (!is_fun(f)) return bif_badarg(p);
    Term *b = boxed_ptr(f), m, n;
    uint32_t a;
    if (HEADER_SUB(b[0]) == SUB_EXPORT) {
        const Export *e = (const Export *)(uintptr_t)b[1];
        m = e->module;
        n = e->name;
        a = e->arity;
    } else {
        const FunEntry *fe = (const FunEntry *)(uintptr_t)b[1];
        m = fe->module;
        n = fe->name;
        a = fe->arity;
    }
    Term *hp;
    BIF_ALLOC(p, hp, 4);
    hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
    hp[1] = m;
    hp[2] = n;
    hp[3] = make_small(a);
    return make_boxed(hp);
}

/* ---- nodes ---- */

Term bif_erlang_node_0(Process *p, Term *args) {
    (void)p;
    (void)args;
    return ATOM_nonode_nohost;
}

Term bif_erlang_node_1(Process *p, Term *args) {
    Term t = args[0];
    if (is_local_pid(t) || is_local_port(t) || is_boxed_sub(t, SUB_REF)) return ATOM_nonode_nohost;
    if (is_boxed_sub(t, SUB_EXT_PID) || is_boxed_sub(t, SUB_EXT_PORT) || is_boxed_sub(t, SUB_EXT_REF))
        return boxed_ptr(t)[1];
    return bif_badarg(p);
}

/* A nodes/1 selector: visible, hidden, connected, this, known. */
static int node_kind(Term t) {
    if (t == ATOM_visible || t == ATOM_hidden || t == ATOM_connected) return 1;
    if (t == ATOM_this || t == ATOM_known) return 2;
    return 0;
}

Term bif_erlang_nodes_0(Process *p, Term *args) {
    (void)p;
    (void)args;
    return NIL;
}

Term bif_erlang_nodes_1(Process *p, Term *args) {
    Term t = args[0];
    bool self = false;
    if (is_atom(t)) {
        int k = node_kind(t);
        if (!k) return bif_badarg(p);
        self = k == 2;
    } else {
        for (; is_list(t); t = CDR(list_ptr(t))) {
            int k = node_kind(CAR(list_ptr(t)));
            if (!k) return bif_badarg(p);
            if (k == 2) self = true;
        }
        if (!is_nil(t)) return bif_badarg(p);
    }
    if (!self) return NIL;
    Term r = build_cons(p, ATOM_nonode_nohost, NIL);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_erlang_is_alive_0(Process *p, Term *args) {
    (void)p;
    (void)args;
    return ATOM_false;
}

/* ---- erts_internal ---- */

Term bif_erts_internal_cmp_term_2(Process *p, Term *args) {
    return make_small(term_compare_exact(&p->vm->atoms, args[0], args[1]));
}

Term bif_erts_internal_term_type_1(Process *p, Term *args) {
    Term t = args[0];
    const char *name = "unknown";
    if (is_small(t)) name = "fixnum";
    else if (is_atom(t)) name = "atom";
    else if (is_nil(t)) name = "nil";
    else if (is_list(t)) name = "list";
    else if (is_local_pid(t)) name = "pid";
    else if (is_local_port(t)) name = "port";
    else if (is_boxed(t)) {
        switch (HEADER_SUB(boxed_header(t))) {
        case SUB_TUPLE: name = "tuple"; break;
        case SUB_POS_BIG:
        case SUB_NEG_BIG: name = "bignum"; break;
        case SUB_FLOAT: name = "hfloat"; break;
        case SUB_REF: name = "reference"; break;
        case SUB_FUN: name = "fun"; break;
        case SUB_EXPORT: name = "export"; break;
        case SUB_REFC_BIN: name = "refc_binary"; break;
        case SUB_HEAP_BIN: name = "heap_binary"; break;
        case SUB_SUB_BIN: name = "sub_binary"; break;
        case SUB_MATCH: name = "matchstate"; break;
        case SUB_EXT_PID: name = "external_pid"; break;
        case SUB_EXT_PORT: name = "external_port"; break;
        case SUB_EXT_REF: name = "external_reference"; break;
        case SUB_MAP: name = map_is_flat(t) ? "flatmap" : "hashmap"; break;
        default: break;
        }
    }
    Term a;
    if (atom_put(&p->vm->atoms, name, strlen(name), &a) != ATOM_OK) return bif_error(p, ATOM_system_limit);
    return a;
}

/* ---- system_info/1 ---- */

static Term atom_of(Process *p, const char *s) {
    Term a;
    return atom_put(&p->vm->atoms, s, strlen(s), &a) == ATOM_OK ? a : THE_NON_VALUE;
}

/* A key that names a constant atom answer. */
typedef struct AtomAnswer {
    const char *key;   /* the key */
    const char *value; /* the atom answered */
} AtomAnswer;

static const AtomAnswer atom_answers[] = {
    {"smp_support", "true"},        {"threads", "true"},
    {"kernel_poll", "true"},        {"heap_type", "private"},
    {"hipe_architecture", "undefined"}, {"debug_compiled", "false"},
    {"build_type", "opt"},          {"emu_type", "opt"},
    {"emu_flavor", "emu"},          {"endian", "little"},
    {"multi_scheduling", "enabled"}, {"time_warp_mode", "no_time_warp"},
    {"time_offset", "final"},       {"time_correction", "true"},
    {"tolerant_timeofday", "disabled"}, {"modified_timing_level", "undefined"},
    {"cpu_topology", "undefined"},  {"dist_ctrl", "undefined"},
    {"sequential_tracer", "false"}, {"trace_control_word", "0"},
    {"schedulers_state", "undefined"}, {"dynamic_trace", "none"},
    {"dynamic_trace_probes", "false"}, {"lock_checking", "false"},
    {"lock_counting", "false"},     {"scheduler_bind_type", "unbound"},
    {"break_ignored", "false"},
    {"async_dirty_scheduler_threads", "false"}};

/* A key that names a constant string answer. */
static const AtomAnswer string_answers[] = {
    {"otp_release", "25"},
    {"version", "13.1.5"},
    {"machine", "BEAM"},
    {"system_architecture", "x86_64-pc-linux-gnu"},
    {"nif_version", "2.16"},
    {"driver_version", "3.3"},
    {"system_version", "Erlang/OTP 25 [erts-13.1.5] [girder] [64-bit]\n"}};

/* A key that names a constant integer answer. */
typedef struct IntAnswer {
    const char *key; /* the key */
    SWord value;     /* the integer answered */
} IntAnswer;

static const IntAnswer int_answers[] = {
    {"wordsize", 8},           {"compat_rel", 25},       {"creation", 0},
    {"dirty_cpu_schedulers", 1},
    {"dirty_cpu_schedulers_online", 1}, {"dirty_io_schedulers", 10},
    {"thread_pool_size", 1},   {"process_limit", 262144}, {"port_limit", 65536},
    {"atom_limit", ATOM_TABLE_MAX}, {"ets_limit", 8192}, {"port_count", 0},
    {"ets_count", 0},          {"scheduler_id", 1},      {"global_heaps_size", 0},
    {"eager_check_io", 1}};

/* Heap sizing answers: {Key, Words}. */
static const IntAnswer tagged_answers[] = {
    {"min_heap_size", GC_SMALLEST_HEAP}, {"min_bin_vheap_size", GC_MIN_BIN_VHEAP},
    {"fullsweep_after", GC_FULLSWEEP_DEFAULT}};

static long cpus(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? n : 1;
}

Term bif_erlang_system_info_1(Process *p, Term *args) {
    Term key = args[0];
    const AtomTable *at = &p->vm->atoms;
    if (is_tuple(key) && tuple_arity(key) == 2 && tuple_elems(key)[0] == ATOM_wordsize) {
        Term w = tuple_elems(key)[1];
        if (w == ATOM_internal || w == ATOM_external) return make_small(8);
        return bif_badarg(p);
    }
    if (!is_atom(key)) return bif_badarg(p);
    const char *k = atom_name(at, key);
    for (size_t i = 0; i < sizeof atom_answers / sizeof atom_answers[0]; i++)
        if (!strcmp(k, atom_answers[i].key)) {
            if (!strcmp(atom_answers[i].value, "0")) return make_small(0);
            return checked(p, atom_of(p, atom_answers[i].value));
        }
    for (size_t i = 0; i < sizeof string_answers / sizeof string_answers[0]; i++)
        if (!strcmp(k, string_answers[i].key)) return checked(p, str(p, string_answers[i].value));
    if (!strcmp(k, "fullsweep_after") || !strcmp(k, "min_heap_size") ||
        !strcmp(k, "min_bin_vheap_size")) {
        for (size_t i = 0; i < sizeof tagged_answers / sizeof tagged_answers[0]; i++)
            if (!strcmp(k, tagged_answers[i].key))
                return checked(p, build_tuple2(p, key, make_small(tagged_answers[i].value)));
    }
    for (size_t i = 0; i < sizeof int_answers / sizeof int_answers[0]; i++)
        if (!strcmp(k, int_answers[i].key)) return make_small(int_answers[i].value);
    if (!strcmp(k, "logical_processors") || !strcmp(k, "logical_processors_available") ||
        !strcmp(k, "logical_processors_online"))
        return make_small(cpus());
    if (!strcmp(k, "atom_count")) return make_small(atom_count(&p->vm->atoms));
    if (!strcmp(k, "schedulers") || !strcmp(k, "schedulers_online"))
        return make_small(p->vm->nsched ? p->vm->nsched : 1);
    if (!strcmp(k, "process_count")) {
        girder_vm *vm = p->vm;
        SWord n = 0;
        size_t slots = vm_proc_slots(vm);
        for (size_t i = 0; i < slots; i++)
            if (vm_proc_at(vm, i)) n++;
        return make_small(n);
    }
    if (!strcmp(k, "os_type")) {
        Term u = atom_of(p, "unix"), l = atom_of(p, "linux");
        if (u == THE_NON_VALUE || l == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
        return checked(p, build_tuple2(p, u, l));
    }
    if (!strcmp(k, "c_compiler_used")) {
        Term *hp;
        BIF_ALLOC(p, hp, 7);
        Term g = atom_of(p, "gnuc");
        if (g == THE_NON_VALUE) return bif_error(p, ATOM_system_limit);
        hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
        hp[1] = make_small(__GNUC__);
        hp[2] = make_small(__GNUC_MINOR__);
        hp[3] = make_small(__GNUC_PATCHLEVEL__);
        hp[4] = MAKE_HEADER(SUB_TUPLE, 2);
        hp[5] = g;
        hp[6] = make_boxed(hp);
        return make_boxed(hp + 4);
    }
    if (!strcmp(k, "start_time")) return make_small(-((SWord)1 << 59));
    if (!strcmp(k, "max_heap_size")) return checked(p, bif_max_heap_size_map(p));
    if (!strcmp(k, "system_logger")) return (Term)p->vm->bifs.system_logger;
    if (!strcmp(k, "os_version")) {
        /* {Major, Minor, Release} of the kernel, as os:version/0 shows. */
        struct utsname u;
        int v[3] = {0, 0, 0};
        if (uname(&u) == 0) sscanf(u.release, "%d.%d.%d", &v[0], &v[1], &v[2]);
        Term *hp;
        BIF_ALLOC(p, hp, 4);
        hp[0] = MAKE_HEADER(SUB_TUPLE, 3);
        for (int i = 0; i < 3; i++) hp[1 + i] = make_small(v[i]);
        return make_boxed(hp);
    }
    return bif_badarg(p);
}

/* nodes(Kinds, #{}): as nodes/1; with node_type => true each node comes
 * as {Node, #{node_type => T}} (none is ever connected). */
Term bif_erlang_nodes_2(Process *p, Term *args) {
    if (!is_map(args[1])) return bif_badarg(p);
    Term a[1] = {args[0]};
    return bif_erlang_nodes_1(p, a);
}

Term bif_erts_internal_get_creation_0(Process *p, Term *args) {
    (void)p;
    (void)args;
    return ATOM_undefined;
}

/* make_fun(M, F, A): the export fun fun M:F/A. */
Term bif_erlang_make_fun_3(Process *p, Term *args) {
    if (!is_atom(args[0]) || !is_atom(args[1]) || !is_small(args[2])) return bif_badarg(p);
    SWord a = small_val(args[2]);
    if (a < 0 || a > 255) return bif_badarg(p);
    Export *e = export_get(p->vm, args[0], args[1], (uint32_t)a);
    if (!e) return bif_error(p, ATOM_system_limit);
    Term *hp;
    BIF_ALLOC(p, hp, 2);
    hp[0] = MAKE_HEADER(SUB_EXPORT, 1);
    hp[1] = (Term)(uintptr_t)e;
    return make_boxed(hp);
}

/* The arity a fun is called with. */
static uint32_t fun_arity(Term f) {
    Term *b = boxed_ptr(f);
    if (HEADER_SUB(b[0]) == SUB_EXPORT) return ((const Export *)(uintptr_t)b[1])->arity;
    return ((const FunEntry *)(uintptr_t)b[1])->arity;
}

/* is_function(F, Arity): badarg unless Arity is a non-negative integer. */
Term bif_erlang_is_function_2(Process *p, Term *args) {
    Term f = args[0], a = args[1];
    if (is_small(a)) {
        if (small_val(a) < 0) return bif_badarg(p);
        return is_fun(f) && (SWord)fun_arity(f) == small_val(a) ? ATOM_true : ATOM_false;
    }
    if (is_big(a) && !big_negative(a)) return ATOM_false;
    return bif_badarg(p);
}
