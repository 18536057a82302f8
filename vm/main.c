/*
 * main.c: the girder command line, a thin layer over the embedding API.
 *
 *   girder [-pa DIR]... [-pz DIR]... [--otp-root DIR] [+S N] MODULE|FILE.beam [ARGS...]
 *
 * +S N runs N scheduler threads (default: one per online core).
 * Loads the module (a path to a .beam file, or a name looked up in the
 * code path) and calls Module:main(Args) with Args as a list of strings.
 * Exit status: 0 when main/1 returns, N after erlang:halt(N), 1 after an
 * uncaught exception (reported on stderr), 2 for usage errors and modules
 * that cannot be loaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "girder.h"

static int usage(const char *msg) {
    if (msg) fprintf(stderr, "girder: %s\n", msg);
    fprintf(stderr,
            "usage: girder [-pa DIR]... [-pz DIR]... [--otp-root DIR] [+S N] MODULE|FILE.beam "
            "[ARGS...]\n");
    return 2;
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

int main(int argc, char **argv) {
#if defined(__GLIBC__) && defined(M_ARENA_MAX)
    /* One malloc arena for all threads.  glibc gives each scheduler
     * thread an arena of its own, which grows by one mprotect call per
     * page: a million processes spawned on a second scheduler cost 120,000
     * system calls (0.9 s); the main arena grows by brk in 128 KB steps.
     * Each thread keeps its own cache of small blocks either way. */
    mallopt(M_ARENA_MAX, 1);
#endif
    const char *otp_root = NULL;
    int schedulers = 0;
    const char *pa[256], *pz[256];
    int npa = 0, npz = 0, i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "-pa") == 0 || strcmp(a, "-pz") == 0) {
            if (i + 1 >= argc) return usage("missing directory after -pa/-pz");
            if (npa >= 256 || npz >= 256) return usage("too many code path directories");
            if (a[2] == 'a') pa[npa++] = argv[++i];
            else pz[npz++] = argv[++i];
        } else if (strcmp(a, "--otp-root") == 0) {
            if (i + 1 >= argc) return usage("missing directory after --otp-root");
            otp_root = argv[++i];
        } else if (strcmp(a, "+S") == 0) {
            if (i + 1 >= argc) return usage("missing number after +S");
            char *end;
            long n = strtol(argv[++i], &end, 10);
            /* +S N:M (OTP's online count) is accepted; N threads run. */
            if (end == argv[i] || (*end && *end != ':') || n < 1 || n > 1024)
                return usage("+S needs a number of schedulers from 1 to 1024");
            schedulers = (int)n;
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(NULL);
            return 0;
        } else if (a[0] == '-' && a[1] != '\0') {
            char msg[300];
            snprintf(msg, sizeof msg, "unknown option %s", a);
            return usage(msg);
        } else {
            break;
        }
    }
    if (i >= argc) return usage("no module given");
    const char *target = argv[i++];

    girder_error err = {0};
    girder_options opts = {0};
    opts.otp_root = otp_root;
    opts.schedulers = schedulers;
    girder_vm *vm = girder_vm_new(&opts, &err);
    if (!vm) {
        fprintf(stderr, "girder: %s\n", err.message);
        return 2;
    }
    /* -pa directories go to the front in the order given, -pz to the end. */
    for (int k = npa; k-- > 0;) girder_add_path(vm, pa[k], 1, &err);
    for (int k = 0; k < npz; k++) girder_add_path(vm, pz[k], 0, &err);

    char module[1024];
    if (ends_with(target, ".beam") || strchr(target, '/')) {
        if (girder_load_file(vm, target, module, sizeof module, &err) != GIRDER_OK) {
            fprintf(stderr, "girder: %s\n", err.message);
            girder_vm_free(vm);
            return 2;
        }
    } else {
        snprintf(module, sizeof module, "%s", target);
    }
    int status = girder_run_main(vm, module, argc - i, (const char *const *)(argv + i), &err);
    if (status < 0) {
        fprintf(stderr, "girder: %s\n", err.message);
        status = 2;
    }
    girder_vm_free(vm);
    return status;
}
