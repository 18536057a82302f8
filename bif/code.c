/*
 * code.c: what OTP's code server and init process answer, done natively
 * (girder boots without them): code:ensure_loaded/1 and friends, the code
 * path, library directories; init:get_arguments/0, init:stop/0,1; and the
 * kernel services OTP's stdlib reaches for without a kernel application
 * (application environment, logger).
 */
#include <dirent.h>
#include <string.h>

#include "bif.h"
#include "build.h"
#include "print.h"
#include "vm.h"

static Term str(Process *p, const char *s) {
    Term r = proc_utf8_list(p, (const unsigned char *)s, strlen(s));
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

/* {module, M}, or {error, nofile | badfile}. */
static Term ensure_loaded(Process *p, Term m) {
    girder_vm *vm = p->vm;
    StrBuf err = STRBUF_INIT;
    bool ok = code_ensure_loaded(vm, m, &err);
    sb_free(&err);
    if (ok) return build_tuple2(p, ATOM_module, m);
    StrBuf path = STRBUF_INIT;
    bool exists = code_find_file(vm, m, &path);
    sb_free(&path);
    return build_tuple2(p, ATOM_error, exists ? ATOM_badfile : ATOM_nofile);
}

Term bif_code_ensure_loaded_1(Process *p, Term *args) {
    if (!is_atom(args[0])) return bif_error(p, ATOM_function_clause);
    return ensure_loaded(p, args[0]);
}

Term bif_code_ensure_modules_loaded_1(Process *p, Term *args) {
    Term errors = NIL;
    Term l = args[0];
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term m = CAR(list_ptr(l));
        if (!is_atom(m)) return bif_badarg(p);
        Term r = ensure_loaded(p, m);
        if (r == THE_NON_VALUE) return r;
        if (tuple_elems(r)[0] == ATOM_error) {
            Term e = build_tuple2(p, m, tuple_elems(r)[1]);
            Term *hp = proc_alloc(p, 2);
            if (e == THE_NON_VALUE || !hp) return bif_error(p, ATOM_system_limit);
            hp[0] = e;
            hp[1] = errors;
            errors = make_list(hp);
        }
    }
    if (l != NIL) return bif_badarg(p);
    return errors == NIL ? ATOM_ok : build_tuple2(p, ATOM_error, errors);
}

Term bif_code_is_loaded_1(Process *p, Term *args) {
    if (!is_atom(args[0])) return bif_error(p, ATOM_function_clause);
    if (!code_current(p->vm, args[0])) return ATOM_false;
    StrBuf path = STRBUF_INIT;
    Term where = code_find_file(p->vm, args[0], &path) ? str(p, sb_str(&path)) : ATOM_preloaded;
    sb_free(&path);
    return where == THE_NON_VALUE ? where : build_tuple2(p, ATOM_file, where);
}

Term bif_code_which_1(Process *p, Term *args) {
    if (!is_atom(args[0])) return bif_error(p, ATOM_function_clause);
    StrBuf path = STRBUF_INIT;
    Term r;
    if (code_find_file(p->vm, args[0], &path)) r = str(p, sb_str(&path));
    else r = code_current(p->vm, args[0]) ? ATOM_preloaded : ATOM_non_existing;
    sb_free(&path);
    return r;
}

Term bif_code_load_file_1(Process *p, Term *args) {
    if (!is_atom(args[0])) return bif_error(p, ATOM_function_clause);
    StrBuf path = STRBUF_INIT, err = STRBUF_INIT;
    Term r;
    if (!code_find_file(p->vm, args[0], &path)) {
        r = build_tuple2(p, ATOM_error, ATOM_nofile);
    } else {
        Term got;
        bool ok = code_load_file(p->vm, sb_str(&path), &got, &err) && got == args[0];
        r = ok ? build_tuple2(p, ATOM_module, args[0]) : build_tuple2(p, ATOM_error, ATOM_badfile);
    }
    sb_free(&path);
    sb_free(&err);
    return r;
}

Term bif_code_get_path_0(Process *p, Term *args) {
    girder_vm *vm = p->vm;
    Term l = NIL;
    for (size_t i = vm->npath; i-- > 0;) {
        Term s = str(p, vm->code_path[i]);
        Term *hp = proc_alloc(p, 2);
        if (s == THE_NON_VALUE || !hp) return bif_error(p, ATOM_system_limit);
        hp[0] = s;
        hp[1] = l;
        l = make_list(hp);
    }
    return l;
}

/* A flat string argument as a C string (false when it is not one). */
static bool c_string(Term t, char *buf, size_t cap) {
    size_t n = 0;
    for (; is_list(t); t = CDR(list_ptr(t))) {
        Term c = CAR(list_ptr(t));
        if (!is_small(c) || small_val(c) <= 0 || small_val(c) > 255 || n + 1 >= cap) return false;
        buf[n++] = (char)small_val(c);
    }
    buf[n] = 0;
    return t == NIL;
}

static Term add_path(Process *p, Term dir, bool front) {
    char buf[4096];
    if (!c_string(dir, buf, sizeof buf)) return bif_error(p, ATOM_function_clause);
    DIR *d = opendir(buf);
    if (!d) return build_tuple2(p, ATOM_error, ATOM_bad_directory);
    closedir(d);
    if (!code_add_path(p->vm, buf, front)) return bif_error(p, ATOM_system_limit);
    return ATOM_true;
}

Term bif_code_add_patha_1(Process *p, Term *args) { return add_path(p, args[0], true); }
Term bif_code_add_pathz_1(Process *p, Term *args) { return add_path(p, args[0], false); }

Term bif_code_root_dir_0(Process *p, Term *args) {
    return str(p, p->vm->otp_root ? p->vm->otp_root : "/");
}

/* OTP_ROOT/lib/App-Vsn for an application name. */
static bool app_dir(girder_vm *vm, Term app, StrBuf *out) {
    if (!vm->otp_root || !is_atom(app)) return false;
    const char *name = atom_entry(&vm->atoms, app)->name;
    StrBuf lib = STRBUF_INIT;
    sb_printf(&lib, "%s/lib", vm->otp_root);
    DIR *d = opendir(sb_str(&lib));
    bool found = false;
    if (d) {
        struct dirent *e;
        size_t n = strlen(name);
        while ((e = readdir(d))) {
            if (strncmp(e->d_name, name, n) == 0 && e->d_name[n] == '-') {
                sb_printf(out, "%s/%s", sb_str(&lib), e->d_name);
                found = true;
                break;
            }
        }
        closedir(d);
    }
    sb_free(&lib);
    return found;
}

static Term app_subdir(Process *p, Term app, const char *sub) {
    StrBuf dir = STRBUF_INIT;
    Term r;
    if (app_dir(p->vm, app, &dir)) {
        sb_puts(&dir, sub);
        r = str(p, sb_str(&dir));
    } else {
        r = build_tuple2(p, ATOM_error, ATOM_bad_name);
    }
    sb_free(&dir);
    return r;
}

Term bif_code_lib_dir_1(Process *p, Term *args) { return app_subdir(p, args[0], ""); }
Term bif_code_priv_dir_1(Process *p, Term *args) { return app_subdir(p, args[0], "/priv"); }

Term bif_code_lib_dir_0(Process *p, Term *args) {
    StrBuf dir = STRBUF_INIT;
    sb_printf(&dir, "%s/lib", p->vm->otp_root ? p->vm->otp_root : "");
    Term r = str(p, sb_str(&dir));
    sb_free(&dir);
    return r;
}

Term bif_code_all_loaded_0(Process *p, Term *args) {
    girder_vm *vm = p->vm;
    Term l = NIL;
    for (size_t i = 0; i < vm->nmodules; i++) {
        if (!vm->modules[i].current) continue;
        Term t = build_tuple2(p, vm->modules[i].name, ATOM_preloaded);
        Term *hp = proc_alloc(p, 2);
        if (t == THE_NON_VALUE || !hp) return bif_error(p, ATOM_system_limit);
        hp[0] = t;
        hp[1] = l;
        l = make_list(hp);
    }
    return l;
}

Term bif_code_get_mode_0(Process *p, Term *args) { return ATOM_interactive; }
Term bif_code_is_sticky_1(Process *p, Term *args) { return ATOM_false; }
Term bif_code_objfile_extension_0(Process *p, Term *args) { return str(p, ".beam"); }

Term bif_init_get_arguments_0(Process *p, Term *args) { return NIL; }
Term bif_init_get_argument_1(Process *p, Term *args) { return ATOM_error; }
Term bif_init_get_plain_arguments_0(Process *p, Term *args) { return NIL; }
Term bif_init_get_status_0(Process *p, Term *args) {
    return build_tuple2(p, ATOM_started, ATOM_started);
}

static Term stop(Process *p, Term status) {
    if (!is_small(status) || small_val(status) < 0) return bif_badarg(p);
    fflush(p->vm->out);
    p->vm->halt_status = (int)small_val(status);
    p->vm->halted = true;
    return ATOM_ok;
}

Term bif_init_stop_0(Process *p, Term *args) { return stop(p, make_small(0)); }
Term bif_init_stop_1(Process *p, Term *args) { return stop(p, args[0]); }

/* The characters io_lib treats as printable: OTP's default (+pc latin1). */
Term bif_io_printable_range_0(Process *p, Term *args) { return ATOM_latin1; }

/* Kernel's application environment: girder boots no application
 * controller, so every key is unset (get_env/3 gives the default). */
Term bif_application_controller_get_env_2(Process *p, Term *args) { return ATOM_undefined; }
Term bif_application_controller_get_env_3(Process *p, Term *args) { return args[2]; }

/* logger without kernel's logger process: the logging macros ask allow/2
 * first (nothing passes, so OTP's own reports are skipped); events logged
 * explicitly are written to stderr as "=LEVEL REPORT==== Term". */
Term bif_logger_allow_2(Process *p, Term *args) { return ATOM_false; }

static Term log_event(Process *p, Term level, Term what, Term args) {
    StrBuf b = STRBUF_INIT;
    sb_puts(&b, "=");
    print_term(&b, &p->vm->atoms, level, PRINT_WRITE);
    sb_puts(&b, " REPORT==== ");
    print_term(&b, &p->vm->atoms, what, PRINT_WRITE);
    if (args != THE_NON_VALUE) {
        sb_puts(&b, " ");
        print_term(&b, &p->vm->atoms, args, PRINT_WRITE);
    }
    sb_puts(&b, "\n");
    fwrite(sb_str(&b), 1, b.len, p->vm->err);
    fflush(p->vm->err);
    sb_free(&b);
    return ATOM_ok;
}

Term bif_logger_log_2(Process *p, Term *args) { return log_event(p, args[0], args[1], THE_NON_VALUE); }
Term bif_logger_log_3(Process *p, Term *args) { return log_event(p, args[0], args[1], args[2]); }
Term bif_logger_log_4(Process *p, Term *args) { return log_event(p, args[0], args[1], args[2]); }
Term bif_logger_macro_log_3(Process *p, Term *args) { return log_event(p, args[1], args[2], THE_NON_VALUE); }
Term bif_logger_macro_log_4(Process *p, Term *args) { return log_event(p, args[1], args[2], args[3]); }
Term bif_logger_macro_log_5(Process *p, Term *args) { return log_event(p, args[1], args[2], args[3]); }
