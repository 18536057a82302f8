/*
 * vm.c: creating and destroying a VM, the export table, and running
 * Module:main(Args) for the CLI and embedders (see girder.h).
 */
#include "vm.h"
#include "stdin_reader.h"

#include <dirent.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../bif/bif.h"
#include "../bif/ets_table.h"
#include "../loader/load.h"
#include "atoms_gen.h"
#include "ops_gen.h"
#include "onload.h"
#include "sched.h"
#include "signal.h"

/* vm/girder_io.erl, compiled and embedded by the build (tools/embed_file.py). */
extern const unsigned char girder_io_beam[];
extern const size_t girder_io_beam_len;

/* ---- export table ---- */

static size_t export_hash(Term m, Term f, uint32_t a) {
    UWord h = m * 0x9E3779B97F4A7C15ull ^ f * 0xC2B2AE3D27D4EB4Full ^ a;
    return (size_t)(h ^ (h >> 29));
}

static bool exports_init(ExportTable *t) {
    t->nbuckets = 4096;
    t->count = 0;
    t->buckets = calloc(t->nbuckets, sizeof(Export *));
    pthread_mutex_init(&t->lock, NULL);
    return t->buckets != NULL;
}

static void exports_grow(ExportTable *t) {
    size_t n = t->nbuckets * 2;
    Export **b = calloc(n, sizeof(Export *));
    if (!b) return; /* keep the longer chains */
    for (size_t i = 0; i < t->nbuckets; i++) {
        Export *e = t->buckets[i];
        while (e) {
            Export *next = e->next;
            size_t j = export_hash(e->module, e->name, e->arity) & (n - 1);
            e->next = b[j];
            b[j] = e;
            e = next;
        }
    }
    free(t->buckets);
    t->buckets = b;
    t->nbuckets = n;
}

static Export *lookup(ExportTable *t, Term m, Term f, uint32_t a) {
    for (Export *e = t->buckets[export_hash(m, f, a) & (t->nbuckets - 1)]; e; e = e->next)
        if (e->module == m && e->name == f && e->arity == a) return e;
    return NULL;
}

Export *export_find(girder_vm *vm, Term module, Term name, uint32_t arity) {
    pthread_mutex_lock(&vm->exports.lock);
    Export *e = lookup(&vm->exports, module, name, arity);
    pthread_mutex_unlock(&vm->exports.lock);
    return e;
}

Export *export_get(girder_vm *vm, Term module, Term name, uint32_t arity) {
    ExportTable *t = &vm->exports;
    pthread_mutex_lock(&t->lock);
    Export *e = lookup(t, module, name, arity);
    if (!e) {
        e = calloc(1, sizeof *e);
        if (e) {
            e->module = module;
            e->name = name;
            e->arity = arity;
            size_t j = export_hash(module, name, arity) & (t->nbuckets - 1);
            e->next = t->buckets[j];
            t->buckets[j] = e;
            if (++t->count > 2 * t->nbuckets) exports_grow(t);
        }
    }
    pthread_mutex_unlock(&t->lock);
    return e;
}

static void exports_destroy(ExportTable *t) {
    for (size_t i = 0; i < t->nbuckets; i++) {
        Export *e = t->buckets[i];
        while (e) {
            Export *next = e->next;
            const Instr *tc = atomic_load(&e->trap_code);
            if (tc) free((void *)(uintptr_t)(tc - 4)); /* vm/trap.c: entry is word 4 */
            free(e);
            e = next;
        }
    }
    free(t->buckets);
    pthread_mutex_destroy(&t->lock);
}

/* ---- creating a VM ---- */

static void set_error(girder_error *err, girder_status st, const char *fmt, ...) {
    if (!err) return;
    err->status = st;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
}

static bool register_bifs(girder_vm *vm) {
    for (unsigned i = 0; i < bif_count; i++) {
        const BifInfo *b = &bif_table[i];
        Term m, f;
        if (atom_put(&vm->atoms, b->module, strlen(b->module), &m) != ATOM_OK) return false;
        if (atom_put(&vm->atoms, b->name, strlen(b->name), &f) != ATOM_OK) return false;
        Export *e = export_get(vm, m, f, b->arity);
        if (!e) return false;
        e->bif = b->fn;
    }
    return true;
}

/* OTP's root: the option, $GIRDER_OTP_ROOT, or the directory above erl's bin. */
static char *find_otp_root(const char *opt) {
    if (opt && *opt) return strdup(opt);
    const char *env = getenv("GIRDER_OTP_ROOT");
    if (env && *env) return strdup(env);
    const char *path = getenv("PATH");
    if (!path) return NULL;
    char *copy = strdup(path);
    if (!copy) return NULL;
    char *result = NULL;
    for (char *save = NULL, *dir = strtok_r(copy, ":", &save); dir && !result;
         dir = strtok_r(NULL, ":", &save)) {
        char cand[PATH_MAX], real[PATH_MAX];
        snprintf(cand, sizeof cand, "%s/erl", dir);
        if (access(cand, X_OK) != 0 || !realpath(cand, real)) continue;
        /* real is ROOT/bin/erl (or ROOT/erts-V/bin/erl) */
        char *slash = strrchr(real, '/');
        if (!slash) continue;
        *slash = '\0';
        slash = strrchr(real, '/');
        if (!slash) continue;
        *slash = '\0';
        char probe[PATH_MAX + 8];
        snprintf(probe, sizeof probe, "%s/lib", real);
        if (access(probe, R_OK) == 0) result = strdup(real);
    }
    free(copy);
    return result;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Puts ROOT/lib/NAME-VSN/ebin on the code path, kernel and stdlib first. */
static bool add_otp_path(girder_vm *vm) {
    char lib[PATH_MAX];
    snprintf(lib, sizeof lib, "%s/lib", vm->otp_root);
    DIR *d = opendir(lib);
    if (!d) return false;
    char **names = NULL;
    size_t n = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.') continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        if (!nn) break;
        names = nn;
        names[n++] = strdup(de->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    static const char *const first[] = {"kernel-", "stdlib-", NULL};
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < n; i++) {
            if (!names[i]) continue;
            bool is_first = false;
            for (int k = 0; first[k]; k++)
                if (strncmp(names[i], first[k], strlen(first[k])) == 0) is_first = true;
            if (is_first != (pass == 0)) continue;
            char dir[PATH_MAX * 2];
            snprintf(dir, sizeof dir, "%s/%s/ebin", lib, names[i]);
            if (access(dir, R_OK) == 0) code_add_path(vm, dir, false);
        }
    }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    return true;
}

girder_vm *girder_vm_new(const girder_options *opts, girder_error *err) {
    girder_options none = {0};
    if (!opts) opts = &none;
    girder_vm *vm = calloc(1, sizeof *vm);
    if (vm) vm->proc_segs = calloc(PROC_SEGS, sizeof *vm->proc_segs);
    if (!vm || !vm->proc_segs) {
        free(vm);
        set_error(err, GIRDER_ERR_NOMEM, "out of memory");
        return NULL;
    }
    /* Recursive: loading a module may look modules up. */
    pthread_mutexattr_t rec;
    pthread_mutexattr_init(&rec);
    pthread_mutexattr_settype(&rec, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&vm->code_lock, &rec);
    pthread_mutexattr_destroy(&rec);
    pthread_mutex_init(&vm->proc_lock, NULL);
    pthread_mutex_init(&vm->stdin_lock, NULL);
    heap_cache_init(&vm->heap_cache);
    pterm_init(&vm->pterms);
    pthread_mutex_init(&vm->aliases.lock, NULL);
    vm->user = NIL;
    vm->nsched = opts->schedulers > 0 ? (unsigned)opts->schedulers : sched_online_cores();
    bif_vmstate_init(&vm->bifs);
    vm->out = opts->out ? opts->out : stdout;
    vm->err = opts->err ? opts->err : stderr;
    if (!sched_init(vm) || atom_table_init(&vm->atoms) != ATOM_OK || !exports_init(&vm->exports) ||
        !register_bifs(vm) || !ets_init(vm)) {
        set_error(err, GIRDER_ERR_NOMEM, "out of memory");
        girder_vm_free(vm);
        return NULL;
    }
    vm->op_addr = interp_op_addresses();
    vm->exit_code[0] = vm->op_addr ? (Instr)(uintptr_t)vm->op_addr[OP_normal_exit] : OP_normal_exit;
    vm->on_load_code[0] =
        vm->op_addr ? (Instr)(uintptr_t)vm->op_addr[OP_on_load_done] : OP_on_load_done;
    vm->spawn_code[0] = vm->op_addr ? (Instr)(uintptr_t)vm->op_addr[OP_spawn_apply] : OP_spawn_apply;
    vm->send_export = export_get(vm, ATOM_erlang, ATOM_send, 2);
    if (!vm->send_export) {
        set_error(err, GIRDER_ERR_NOMEM, "out of memory");
        girder_vm_free(vm);
        return NULL;
    }
    if (!opts->no_otp) {
        vm->otp_root = find_otp_root(opts->otp_root);
        if (vm->otp_root && !add_otp_path(vm)) {
            set_error(err, GIRDER_ERR_ARG, "OTP root %s has no lib directory", vm->otp_root);
            girder_vm_free(vm);
            return NULL;
        }
    }
    return vm;
}

void girder_vm_free(girder_vm *vm) {
    if (!vm) return;
    stdin_reader_stop(vm); /* it may be sending to a process */
    pthread_mutex_destroy(&vm->stdin_lock);
    size_t slots = vm_proc_slots(vm);
    for (size_t i = 0; i < slots; i++) proc_free(vm_proc_at(vm, i));
    for (size_t s = 0; s < PROC_SEGS; s++) free((void *)atomic_load(&vm->proc_segs[s]));
    free((void *)vm->proc_segs);
    free(vm->names);
    sched_destroy(vm);
    for (size_t i = 0; i < vm->nmodules; i++) {
        ld_module_free(vm->modules[i].current);
        ld_module_free(vm->modules[i].old);
    }
    free(vm->modules);
    for (size_t i = 0; i < vm->npath; i++) free(vm->code_path[i]);
    free(vm->code_path);
    free(vm->otp_root);
    if (vm->exports.buckets) exports_destroy(&vm->exports);
    atom_table_destroy(&vm->atoms);
    pthread_mutex_destroy(&vm->code_lock);
    pthread_mutex_destroy(&vm->proc_lock);
    pterm_destroy(&vm->pterms);
    ets_free(vm);
    pthread_mutex_destroy(&vm->aliases.lock);
    refmap_free(&vm->aliases.map);
    bif_vmstate_destroy(&vm->bifs);
    heap_cache_destroy(&vm->heap_cache);
    free(vm);
}

girder_status girder_add_path(girder_vm *vm, const char *dir, int at_front, girder_error *err) {
    if (!vm || !dir) {
        set_error(err, GIRDER_ERR_ARG, "no VM or directory");
        return GIRDER_ERR_ARG;
    }
    if (!code_add_path(vm, dir, at_front != 0)) {
        set_error(err, GIRDER_ERR_NOMEM, "out of memory");
        return GIRDER_ERR_NOMEM;
    }
    return GIRDER_OK;
}

girder_status girder_load_file(girder_vm *vm, const char *path, char *name_out, size_t name_cap,
                               girder_error *err) {
    if (!vm || !path) {
        set_error(err, GIRDER_ERR_ARG, "no VM or path");
        return GIRDER_ERR_ARG;
    }
    StrBuf msg = STRBUF_INIT;
    Term name;
    if (!code_load_file(vm, path, &name, &msg)) {
        set_error(err, GIRDER_ERR_LOAD, "%s", sb_str(&msg));
        sb_free(&msg);
        return GIRDER_ERR_LOAD;
    }
    sb_free(&msg);
    if (name_out && name_cap) snprintf(name_out, name_cap, "%s", atom_name(&vm->atoms, name));
    return GIRDER_OK;
}

/* The argument strings as a list of lists of code points (UTF-8 decoded). */
static Term make_args(Process *p, int argc, const char *const *argv) {
    Term list = NIL;
    for (int i = argc; i-- > 0;) {
        Term str = proc_utf8_list(p, (const unsigned char *)argv[i], strlen(argv[i]));
        Term *hp = proc_alloc(p, 2);
        if (str == THE_NON_VALUE || !hp) return THE_NON_VALUE;
        hp[0] = str;
        hp[1] = list;
        list = make_list(hp);
    }
    return list;
}

/* Starts an I/O server on file descriptor fd, registered as name. */
static bool start_io_server(girder_vm *vm, int fd, Term name) {
    Term cell[2] = {make_small(fd), NIL}; /* [Fd], copied by vm_spawn */
    Process *s = vm_spawn(vm, NULL, ATOM_girder_io, ATOM_server, make_list(cell), 0);
    if (!s) return false;
    s->group_leader = s->pid;
    if (!vm_register(vm, name, s)) return false;
    atomic_store(&s->state, PS_RUNNABLE);
    sched_enqueue(vm, s);
    if (name == ATOM_user) vm->user = s->pid;
    return true;
}

/* Loads girder's own modules and starts the I/O servers. */
static bool boot(girder_vm *vm, girder_error *err) {
    if (vm->user != NIL) return true;
    StrBuf msg = STRBUF_INIT;
    Term mod;
    if (!code_load_binary(vm, "girder_io.beam", girder_io_beam, girder_io_beam_len, &mod, &msg)) {
        set_error(err, GIRDER_ERR_LOAD, "%s", sb_str(&msg));
        sb_free(&msg);
        return false;
    }
    sb_free(&msg);
    if (!start_io_server(vm, 1, ATOM_user) || !start_io_server(vm, 2, ATOM_standard_error)) {
        set_error(err, GIRDER_ERR_NOMEM, "out of memory");
        return false;
    }
    return true;
}

int girder_run_main(girder_vm *vm, const char *module, int argc, const char *const *argv,
                    girder_error *err) {
    if (!vm || !module || argc < 0) {
        set_error(err, GIRDER_ERR_ARG, "bad arguments");
        return -1;
    }
    Term mod;
    if (atom_put(&vm->atoms, module, strlen(module), &mod) != ATOM_OK) {
        set_error(err, GIRDER_ERR_ARG, "bad module name: %s", module);
        return -1;
    }
    StrBuf msg = STRBUF_INIT;
    if (!code_ensure_loaded(vm, mod, &msg)) {
        set_error(err, GIRDER_ERR_LOAD, "%s", sb_str(&msg));
        sb_free(&msg);
        return -1;
    }
    sb_free(&msg);
    Export *e = export_find(vm, mod, ATOM_main, 1);
    /* A pending on_load function runs first (below) and publishes main/1. */
    const Instr *on_load = code_take_on_load(vm, mod);
    if (!e || (!e->code && !on_load)) {
        set_error(err, GIRDER_ERR_LOAD, "%s:main/1 is not exported", module);
        return -1;
    }
    if (!boot(vm, err)) return -1;
    Process *p = proc_new(vm, 0);
    if (!p || !vm_add_process(vm, p)) {
        proc_free(p);
        set_error(err, GIRDER_ERR_NOMEM, "out of memory");
        return -1;
    }
    Term args = make_args(p, argc, argv);
    if (args == THE_NON_VALUE) {
        set_error(err, GIRDER_ERR_NOMEM, "out of memory");
        return -1;
    }
    p->xsave[0] = args;
    p->arity = 1;
    *--p->stop = (Term)(uintptr_t)vm->exit_code;
    p->ip = e->code;
    if (on_load) {
        /* The module's on_load function runs first, then returns to
         * on_load_done, which calls main/1 (vm/onload.h). */
        p->stop -= 5;
        p->stop[0] = (Term)(uintptr_t)vm->on_load_code;
        p->stop[1] = (Term)(uintptr_t)e;
        p->stop[2] = 0;
        p->stop[3] = make_small(1);
        p->stop[4] = args;
        p->arity = 0;
        p->ip = on_load;
    }
    p->group_leader = vm->user;
    atomic_store(&p->state, PS_RUNNABLE);
    sched_enqueue(vm, p);
    Term reason = sched_run(vm, p->pid);
    bool halted = atomic_load(&vm->halted);
    fflush(vm->out);
    fflush(vm->err);
    if (halted) return vm->halt_status;
    if (reason == THE_NON_VALUE) {
        fprintf(vm->err, "girder: deadlock: every process waits for a message that cannot come\n");
        return 1;
    }
    return reason == ATOM_normal ? 0 : 1;
}
