/*
 * girder.h: the embedding API of girder, a BEAM-compatible virtual machine.
 *
 * A host creates a VM with girder_vm_new(), points it at code (a code path
 * of directories holding .beam files, and OTP's library found through the
 * options, $GIRDER_OTP_ROOT or `erl` on PATH), loads modules and runs
 * functions.  Everything lives in the girder_vm: a host may run several
 * VMs in one program.  No function aborts on bad input: errors come back as
 * a status code plus a message in a girder_error the caller provides.
 *
 * This is the first cut of the API (foundation issue): create/destroy,
 * code path, load, run Module:main(Args).  Terms, spawn/send, calls with
 * results and native functions follow with the embedding issue.
 */
#ifndef GIRDER_H
#define GIRDER_H

#include <stddef.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define GIRDER_API __attribute__((visibility("default")))
#else
#define GIRDER_API
#endif

typedef struct girder_vm girder_vm;

/* Status codes. */
typedef enum girder_status {
    GIRDER_OK = 0,
    GIRDER_ERR_ARG = 1,      /* a bad argument (NULL, malformed name...) */
    GIRDER_ERR_NOMEM = 2,    /* out of memory */
    GIRDER_ERR_LOAD = 3,     /* a module could not be found or loaded */
    GIRDER_ERR_IO = 4        /* a file could not be read */
} girder_status;

/* An error: a status and a message (NUL-terminated, possibly truncated). */
typedef struct girder_error {
    girder_status status;
    char message[512];
} girder_error;

/* Options for girder_vm_new; zero-initialise, then set what you need. */
typedef struct girder_options {
    const char *otp_root;   /* OTP's root directory (NULL: $GIRDER_OTP_ROOT, then erl on PATH) */
    int no_otp;             /* non-zero: do not put OTP's libraries on the code path */
    FILE *out;              /* standard output of the VM (NULL: stdout) */
    FILE *err;              /* standard error of the VM (NULL: stderr) */
    int schedulers;         /* scheduler threads (0: one per online core) */
} girder_options;

/* Creates a VM.  Returns NULL and fills err on failure. */
GIRDER_API girder_vm *girder_vm_new(const girder_options *opts, girder_error *err);
/* Destroys a VM and everything it owns.  NULL is allowed. */
GIRDER_API void girder_vm_free(girder_vm *vm);

/* Adds a directory to the code path: at the front (like -pa) when
 * at_front is non-zero, else at the end (like -pz). */
GIRDER_API girder_status girder_add_path(girder_vm *vm, const char *dir, int at_front,
                                         girder_error *err);

/* Loads a .beam file.  On success the module's name is copied into
 * name_out (if not NULL, up to name_cap bytes). */
GIRDER_API girder_status girder_load_file(girder_vm *vm, const char *path, char *name_out,
                                          size_t name_cap, girder_error *err);

/* Calls Module:main(Args) with argv as a list of strings, runs until the
 * process ends, and returns what the CLI exits with: 0 when main/1
 * returned, N after erlang:halt(N), 1 after an uncaught exception (its
 * report printed to the VM's error stream).  Returns -1 and fills err when
 * the call could not be made at all (no such module). */
GIRDER_API int girder_run_main(girder_vm *vm, const char *module, int argc,
                               const char *const *argv, girder_error *err);

#ifdef __cplusplus
}
#endif

#endif
