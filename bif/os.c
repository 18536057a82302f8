/*
 * os.c: the os module's natives: getenv/1, env/0, putenv/2, unsetenv/1,
 * getpid/0 (os:timestamp/0, system_time/0,1 and perf_counter/0 are in
 * time.c).
 *
 * Names and values are character lists, possibly deep, encoded as UTF-8
 * in the environment (OTP's default file name encoding); a NUL character,
 * or '=' in a name, is badarg.  The environment is process-wide: the
 * VM's env_lock serialises changes against readers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bif.h"
#include "bytes.h"
#include "vm.h"

extern char **environ;

/* The UTF-8 text of a (deep) character list, NUL-terminated in b.  False
 * when not a character list or when it holds a NUL. */
static bool chars_utf8(Term t, StrBuf *b) {
    Term stack[64];
    size_t depth = 0;
    for (;;) {
        while (is_list(t)) {
            Term h = CAR(list_ptr(t));
            t = CDR(list_ptr(t));
            if (is_small(h)) {
                SWord v = small_val(h);
                if (v <= 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return false;
                uint8_t u[4];
                sb_put(b, (const char *)u, bytes_put_utf8(u, (uint32_t)v));
            } else if (is_list(h) || is_nil(h)) {
                if (depth == 64) return false;
                stack[depth++] = t;
                t = h;
            } else {
                return false;
            }
        }
        if (!is_nil(t)) return false;
        if (depth == 0) break;
        t = stack[--depth];
    }
    sb_putc(b, '\0');
    return !sb_failed(b);
}

static Term text_list(Process *p, const char *s, size_t n) {
    Term r = proc_utf8_list(p, (const unsigned char *)s, n);
    return r == THE_NON_VALUE ? bif_error(p, ATOM_system_limit) : r;
}

Term bif_os_getenv_1(Process *p, Term *args) {
    StrBuf name = STRBUF_INIT;
    if (!chars_utf8(args[0], &name)) {
        sb_free(&name);
        return bif_badarg(p);
    }
    BifVmState *s = &p->vm->bifs;
    pthread_mutex_lock(&s->env_lock);
    const char *v = name.data[0] && !strchr(name.data, '=') ? getenv(name.data) : NULL;
    Term r = v ? text_list(p, v, strlen(v)) : ATOM_false;
    pthread_mutex_unlock(&s->env_lock);
    sb_free(&name);
    return r;
}

Term bif_os_env_0(Process *p, Term *args) {
    (void)args;
    BifVmState *s = &p->vm->bifs;
    pthread_mutex_lock(&s->env_lock);
    size_t n = 0;
    for (char **e = environ; *e; e++)
        if (strchr(*e, '=')) n++;
    Term *cells = proc_alloc(p, 5 * n);
    Term r = NIL;
    if (!cells && n) {
        r = bif_error(p, ATOM_system_limit);
    } else {
        /* Built back to front so the list keeps the environment's order. */
        size_t k = n;
        char **all = environ;
        size_t count = 0;
        while (all[count]) count++;
        for (size_t i = count; i-- > 0;) {
            const char *eq = strchr(all[i], '=');
            if (!eq) continue;
            Term name = text_list(p, all[i], (size_t)(eq - all[i]));
            Term val = text_list(p, eq + 1, strlen(eq + 1));
            if (name == THE_NON_VALUE || val == THE_NON_VALUE) {
                r = THE_NON_VALUE;
                break;
            }
            Term *c = cells + 5 * --k;
            c[0] = MAKE_HEADER(SUB_TUPLE, 2);
            c[1] = name;
            c[2] = val;
            c[3] = make_boxed(c);
            c[4] = r;
            r = make_list(c + 3);
        }
    }
    pthread_mutex_unlock(&s->env_lock);
    return r;
}

Term bif_os_putenv_2(Process *p, Term *args) {
    StrBuf name = STRBUF_INIT, val = STRBUF_INIT;
    bool ok = chars_utf8(args[0], &name) && chars_utf8(args[1], &val) && !strchr(name.data, '=');
    Term r = ATOM_true;
    if (ok && !name.data[0]) {
        /* OTP answers true for an empty name, and nothing changes. */
    } else if (ok) {
        BifVmState *s = &p->vm->bifs;
        pthread_mutex_lock(&s->env_lock);
        if (setenv(name.data, val.data, 1) != 0) r = bif_badarg(p);
        pthread_mutex_unlock(&s->env_lock);
    } else {
        r = bif_badarg(p);
    }
    sb_free(&name);
    sb_free(&val);
    return r;
}

Term bif_os_unsetenv_1(Process *p, Term *args) {
    StrBuf name = STRBUF_INIT;
    bool ok = chars_utf8(args[0], &name) && !strchr(name.data, '=');
    Term r = ATOM_true;
    if (ok && name.data[0]) {
        BifVmState *s = &p->vm->bifs;
        pthread_mutex_lock(&s->env_lock);
        unsetenv(name.data);
        pthread_mutex_unlock(&s->env_lock);
    } else if (!ok) {
        r = bif_badarg(p);
    }
    sb_free(&name);
    return r;
}

Term bif_os_getpid_0(Process *p, Term *args) {
    (void)args;
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%ld", (long)getpid());
    return text_list(p, buf, (size_t)n);
}
