/*
 * vm.h: the state of one girder virtual machine.
 *
 * There is no global mutable state: everything a running system needs
 * hangs off a girder_vm (atoms, exports, modules, processes, options), so a
 * host program may run several VMs side by side.
 */
#ifndef GIRDER_VM_H
#define GIRDER_VM_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "../include/girder.h"
#include "../loader/module.h"
#include "atom.h"
#include "process.h"
#include "strbuf.h"

/* The export table: one entry per {M, F, A} ever named. */
typedef struct ExportTable {
    Export **buckets;      /* hash chains */
    size_t nbuckets;       /* a power of two */
    size_t count;          /* entries */
    pthread_mutex_t lock;  /* guards insertion */
} ExportTable;

/* The current and old version of one module name. */
typedef struct ModuleSlot {
    Term name;        /* module atom */
    Module *current;  /* the version new calls reach, or NULL */
    Module *old;      /* the previous version, until purged, or NULL */
} ModuleSlot;

struct girder_vm {
    AtomTable atoms;           /* every atom */
    ExportTable exports;       /* every export entry */
    ModuleSlot *modules;       /* loaded modules */
    size_t nmodules;           /* entries used in modules */
    size_t cap_modules;        /* entries allocated */
    pthread_mutex_t code_lock; /* serialises loading */
    char **code_path;          /* directories searched for Module.beam, in order */
    size_t npath;              /* entries in code_path */
    char *otp_root;            /* OTP's root directory, or NULL */
    Process **procs;           /* processes by pid number (NULL when free) */
    size_t nprocs;             /* entries used */
    size_t cap_procs;          /* entries allocated */
    const void *const *op_addr; /* handler address of each internal opcode */
    Instr exit_code[2];        /* an instruction that ends the initial call */
    bool halted;               /* erlang:halt was called */
    int halt_status;           /* its status */
    FILE *out;                 /* standard output of the VM */
    FILE *err;                 /* standard error of the VM */
};

/* Finds or creates the export entry M:F/A (NULL if out of memory). */
Export *export_get(girder_vm *vm, Term module, Term name, uint32_t arity);
/* Finds an existing entry, or NULL. */
Export *export_find(girder_vm *vm, Term module, Term name, uint32_t arity);

/* The current version of a module, or NULL. */
Module *code_current(girder_vm *vm, Term module);
/* Loads Module.beam from the code path unless loaded; false with a message
 * in err when it cannot. */
bool code_ensure_loaded(girder_vm *vm, Term module, StrBuf *err);
/* Reads a whole file into a malloc'd buffer; NULL on failure, with the
 * errno in *errno_out (if not NULL) and a message in err. */
uint8_t *code_read_file(const char *path, size_t *len, int *errno_out, StrBuf *err);
/* Loads a .beam file; on failure returns false with the reason in err. */
bool code_load_file(girder_vm *vm, const char *path, Term *module_out, StrBuf *err);
/* Adds a directory to the code path, at the front or the end. */
bool code_add_path(girder_vm *vm, const char *dir, bool front);
/* Loads a module image; on failure returns false with the reason in err. */
bool code_load_binary(girder_vm *vm, const char *filename, const uint8_t *data, size_t len,
                      Term *module_out, StrBuf *err);
/* Finds the module and function that hold a code address (for stack traces). */
const Module *code_find_module(girder_vm *vm, const Instr *addr);
const FuncInfo *code_find_function(const Module *m, const Instr *addr);
/* The source line of a code address, 0 if unknown; *file receives the file term or NIL. */
uint32_t code_find_line(const Module *m, const Instr *addr, Term *file);

/* Runs p until it exits; returns its exit reason. */
Term interp_run(Process *p);
/* The handler address table of the interpreter (computed goto), or NULL
 * for switch dispatch. */
const void *const *interp_op_addresses(void);

#endif
