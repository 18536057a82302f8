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
#include "../bif/vmstate.h"
#include "../gc/heap.h"
#include "../loader/module.h"
#include "atom.h"
#include "process.h"
#include "refmap.h"
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

/* One run queue (one priority), kept as two lists in one order (each
 * process's run_seq): processes woken or spawned, which the owner runs
 * soon and others take only when it falls behind, and processes that used
 * up a time slice, which any idle scheduler may take at once. */
typedef struct RunQueue {
    Process *head, *tail;   /* woken or spawned, oldest first */
    Process *yhead, *ytail; /* preempted after a whole slice, oldest first */
} RunQueue;

/* What an idle scheduler saw of another's queue (vm/sched.c): if the
 * owner has not taken `len` processes since `since`, it is behind. */
typedef struct StealWatch {
    uint64_t taken;          /* the other's `taken` then */
    uint64_t len;            /* its queue length then; 0: not watching */
    uint64_t since;          /* when, in microseconds */
} StealWatch;

/* A scheduler thread (vm/sched.c). */
typedef struct Scheduler {
    struct girder_vm *vm;
    unsigned id;             /* 0 runs on the thread that called sched_run */
    pthread_t thread;
    Term *xregs;             /* its x registers (MAX_X_REGS) */
    RunQueue q[4];           /* its run queues by priority: max, high, normal, low */
    _Atomic(bool) qlock;     /* guards q and seq (a spin lock: held for a few stores) */
    uint64_t seq;            /* run_seq of the next process queued */
    _Atomic(size_t) qlen;    /* processes in q (read without the lock by thieves) */
    _Atomic(size_t) nyielded; /* of them, those preempted after a whole slice */
    _Atomic(uint64_t) taken; /* processes taken from q so far, by it or by thieves */
    _Atomic(uint64_t) epoch; /* the reclamation epoch it last passed, or UINT64_MAX when idle */
    pthread_cond_t wake;     /* it sleeps on it, with vm->runq_lock */
    bool sleeping;           /* waits on `wake` (under runq_lock) */
    bool deep;               /* ... with no other queue to watch: counted in vm->deep */
    StealWatch *watch;       /* per scheduler: its view of their queues (its thread only) */
} Scheduler;

/* persistent_term's store (bif/pterm.c): copies of keys and values in
 * the store's own literal area, outside every process heap. */
typedef struct PTermEntry PTermEntry;
typedef struct PTermStore {
    pthread_mutex_t lock; /* guards everything below */
    PTermEntry *first;    /* entries, newest first */
    size_t count;         /* entries */
    LitArea area;         /* the copies, current and replaced */
} PTermStore;
void pterm_init(PTermStore *s);
void pterm_destroy(PTermStore *s);

/* The alias table (vm/alias.c). */
typedef struct AliasTable {
    pthread_mutex_t lock;
    RefMap map;            /* alias -> owner pid, mode in the top bits */
} AliasTable;

/* A registered name. */
typedef struct RegName {
    Term name;     /* atom */
    Term pid;      /* local pid */
} RegName;

struct girder_vm {
    AtomTable atoms;           /* every atom */
    HeapCache heap_cache;      /* freed heap blocks kept for reuse (gc/heap.c) */
    ExportTable exports;       /* every export entry */
    ModuleSlot *modules;       /* loaded modules */
    size_t nmodules;           /* entries used in modules */
    size_t cap_modules;        /* entries allocated */
    pthread_mutex_t code_lock; /* serialises loading */
    char **code_path;          /* directories searched for Module.beam, in order */
    size_t npath;              /* entries in code_path */
    char *otp_root;            /* OTP's root directory, or NULL */
    /* Processes by pid number - PID_FIRST (NULL once ended), in segments of
     * PROC_SEG_SIZE that never move, so lookups (every send) take no lock. */
    _Atomic(_Atomic(Process *) *) *proc_segs;
    _Atomic(size_t) nprocs;    /* pid numbers handed out */
    pthread_mutex_t proc_lock; /* guards the registry */
    RegName *names;            /* registered names */
    size_t nnames, cap_names;
    pthread_mutex_t runq_lock; /* idle schedulers sleep with it; guards main_result */
    Scheduler *scheds;         /* the scheduler threads */
    unsigned nsched;           /* how many */
    _Atomic(unsigned) idle;    /* schedulers waiting for work */
    _Atomic(unsigned) deep;    /* of them, those that watch no queue (woken by owners) */
    _Atomic(bool) stop;        /* the schedulers are to finish */
    Term main_pid;             /* the process whose end ends sched_run */
    Term main_result;          /* its end: normal, error, or THE_NON_VALUE (deadlock/halt) */
    _Atomic(uint64_t) epoch;   /* reclamation epoch: bumped when a process is retired */
    Process *zombies;          /* ended processes waiting to be freed, oldest first (next_run) */
    Process *zombies_tail;     /* the newest of them */
    pthread_mutex_t zombie_lock;
    struct VmTimers *timers;   /* receive and message timers (vm/timer.h) */
    _Atomic(uint64_t) ref_seq; /* last reference number */
    Term user;                 /* the standard I/O server (registered `user`) */
    PTermStore pterms;         /* persistent_term */
    AliasTable aliases;        /* process aliases */
    struct EtsRegistry *ets;   /* ETS tables (bif/ets_table.h) */
    const void *const *op_addr; /* handler address of each internal opcode */
    Instr exit_code[2];        /* an instruction that ends the initial call */
    Instr on_load_code[2];     /* where on_load functions return (vm/onload.h) */
    Instr spawn_code[2];       /* where a new process starts: apply(x0, x1, x2) */
    Export *send_export;       /* erlang:send/2, heading the trace of a failed send */
    _Atomic(bool) halted;      /* erlang:halt was called */
    struct StdinReader *stdin_reader; /* the thread reading stdin (vm/stdin_reader.c), or NULL */
    pthread_mutex_t stdin_lock;       /* guards starting it */
    _Atomic(uint64_t) gc_count;     /* collections so far, all processes */
    _Atomic(uint64_t) gc_reclaimed; /* words they freed */
    int halt_status;           /* its status */
    FILE *out;                 /* standard output of the VM */
    FILE *err;                 /* standard error of the VM */
    BifVmState bifs;           /* clocks and counters of the erlang BIFs (bif/vmstate.h) */
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
/* Finds Module.beam on the code path: true with its path in `path`. */
bool code_find_file(girder_vm *vm, Term module, StrBuf *path);
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

/* Runs p with the scheduler's x registers until it exits (returns its
 * exit reason), its time slice ends (RUN_YIELDED) or it waits in receive
 * (RUN_WAITED: from then on another scheduler may own p). */
#define RUN_YIELDED THE_NON_VALUE
#define RUN_WAITED make_catch(0)
Term interp_run(Process *p, Term *x);

/* Pid numbers start where OTP's first user processes do. */
#define PID_FIRST 80
/* Gives p a pid and enters it in the process table (false if no memory). */
bool vm_add_process(girder_vm *vm, Process *p);
/* The process table's segments (vm/proctab.c). */
#define PROC_SEG_BITS 14
#define PROC_SEG_SIZE ((size_t)1 << PROC_SEG_BITS)
#define PROC_SEGS ((size_t)1 << 16)
/* Slots in use, and the process in slot i (NULL when ended); for walks
 * over every process (processes/0). */
size_t vm_proc_slots(girder_vm *vm);
Process *vm_proc_at(girder_vm *vm, size_t i);
/* Takes an ended process out of the table (the caller frees it). */
void vm_remove_process(girder_vm *vm, Process *p);
/* The live process with that pid, or NULL. */
Process *vm_find_process(girder_vm *vm, Term pid);
/* Registered names: register fails (false) when the name or the process
 * already has one. */
bool vm_register(girder_vm *vm, Term name, Process *p);
bool vm_unregister(girder_vm *vm, Term name);
/* The pid registered as name, or NIL. */
Term vm_whereis(girder_vm *vm, Term name);
/* A new reference identity, unique in this VM. */
RefId vm_new_ref(girder_vm *vm);
/* Creates a process that will run erlang:apply(M, F, Args) (copied from
 * the parent's heap); NULL when out of memory. */
Process *vm_spawn(girder_vm *vm, Process *parent, Term m, Term f, Term args, size_t min_heap);
/* The handler address table of the interpreter (computed goto), or NULL
 * for switch dispatch. */
const void *const *interp_op_addresses(void);

#endif
