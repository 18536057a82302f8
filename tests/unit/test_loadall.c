/*
 * test_loadall.c: every module of the OTP and Elixir installation loads.
 *
 * Walks $GIRDER_OTP_ROOT/lib/NAME/ebin and, when present, Elixir's
 * lib/NAME/ebin directories, and loads each .beam file into one VM through
 * the whole loader (file reader, literal decoding, translation to threaded
 * code, publishing).  Every failure is printed with the loader's message.
 * With arguments, loads just those files.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "girder.h"

static int loaded, failed;

static void load_one(girder_vm *vm, const char *path) {
    girder_error err = {0};
    char name[256];
    if (girder_load_file(vm, path, name, sizeof name, &err) == GIRDER_OK) {
        loaded++;
    } else {
        failed++;
        fprintf(stderr, "FAILED %s\n", err.message);
    }
    CHECK(err.status == GIRDER_OK);
}

static void load_lib(girder_vm *vm, const char *lib) {
    DIR *d = opendir(lib);
    if (!d) return;
    struct dirent *app;
    while ((app = readdir(d))) {
        if (app->d_name[0] == '.') continue;
        char ebin[PATH_MAX];
        snprintf(ebin, sizeof ebin, "%s/%s/ebin", lib, app->d_name);
        DIR *e = opendir(ebin);
        if (!e) continue;
        struct dirent *f;
        while ((f = readdir(e))) {
            size_t n = strlen(f->d_name);
            if (n < 6 || strcmp(f->d_name + n - 5, ".beam") != 0) continue;
            char path[PATH_MAX * 2];
            snprintf(path, sizeof path, "%s/%s", ebin, f->d_name);
            load_one(vm, path);
        }
        closedir(e);
    }
    closedir(d);
}

int main(int argc, char **argv) {
    girder_options opts = {0};
    opts.no_otp = 1;
    girder_error err = {0};
    girder_vm *vm = girder_vm_new(&opts, &err);
    CHECK(vm != NULL);
    if (!vm) return check_report("loadall");
    if (argc > 1) {
        for (int i = 1; i < argc; i++) load_one(vm, argv[i]);
    } else {
        const char *root = getenv("GIRDER_OTP_ROOT");
        if (!root || !*root) root = "/usr/lib/erlang";
        char lib[PATH_MAX];
        snprintf(lib, sizeof lib, "%s/lib", root);
        load_lib(vm, lib);
        load_lib(vm, "/usr/lib/elixir/lib");
        CHECK(loaded > 1000); /* the whole installation, not a few files */
    }
    printf("loaded %d modules, %d failed\n", loaded, failed);
    girder_vm_free(vm);
    return check_report("loadall");
}
