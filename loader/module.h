/*
 * module.h: loaded modules, export entries and fun entries.
 *
 * Every remote call goes through an Export: one per {Module, Function,
 * Arity} ever named (by an import, an export, `fun M:F/A` or apply), owned
 * by the VM's export table and never freed while the VM lives.  Loading a
 * module points the entries of its exports at the new code in one store
 * each, so fully-qualified calls switch to the new version while running
 * code stays where it is.  An entry whose module is not loaded points at
 * nothing (code == NULL); calling it loads the module or raises undef.
 *
 * A FunEntry describes one fun of a module's FunT chunk (the code it runs,
 * its arity and free-variable count, and the identity OTP prints and
 * compares: module, index, uniq).
 *
 * A Module is one loaded version of a module: its threaded code, literal
 * area, tables for line numbers and funs, and its attributes.
 */
#ifndef GIRDER_MODULE_H
#define GIRDER_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../gc/literal.h"
#include "../vm/term.h"

typedef UWord Instr; /* one word of threaded code: a handler address or an operand */

struct Process;
/* A native function: takes its arguments, returns a term or THE_NON_VALUE
 * after setting the process's failure (see bif/bif.h). */
typedef Term (*BifFn)(struct Process *p, Term *args);

typedef struct Export {
    Term module;          /* module atom */
    Term name;            /* function atom */
    uint32_t arity;       /* argument count */
    _Atomic(const Instr *) code; /* entry of the current code, or NULL when not loaded */
    BifFn bif;            /* native implementation, or NULL */
    _Atomic(const Instr *) trap_code; /* native: code that calls it, for a trap (vm/trap.c) */
    struct Export *next;  /* next entry in the same hash bucket */
} Export;

typedef struct FunEntry {
    Term module;          /* module that defines the fun */
    Term name;            /* the function it calls (e.g. '-main/1-fun-0-') */
    uint32_t arity;       /* arity of the fun as called (without free variables) */
    uint32_t nfree;       /* free variables captured */
    uint32_t index;       /* index in the FunT chunk */
    uint32_t old_uniq;    /* the 32-bit uniq of the FunT chunk */
    uint8_t md5[16];      /* the module's MD5, as in NEW_FUN_EXT, unless md5_lazy */
    bool md5_lazy;        /* md5 is owner's, digested when asked: read it with ld_fun_md5 */
    const Instr *code;    /* the function's entry (arity + nfree arguments) */
    struct Module *owner; /* the module version that holds code, or NULL if unloaded */
} FunEntry;

/* One entry of a module's line table: from this code address on, until
 * the next entry, the source location is file[file_index]:line. */
typedef struct LineRef {
    uint32_t offset;     /* word offset into the module's code */
    uint32_t line;       /* source line, 0 when unknown */
    uint32_t file_index; /* index into Module.files */
} LineRef;

/* A function of the module, for stack traces and function_clause. */
typedef struct FuncInfo {
    uint32_t offset;  /* word offset of the function's func_info instruction */
    uint32_t end;     /* word offset just past the function */
    Term name;        /* function atom */
    uint32_t arity;   /* arity */
} FuncInfo;

/* Words of each entry of Module.native_calls: call_bif_only's four, then
 * the two words of the stub that its jump overwrote. */
#define NATIVE_CALL_WORDS 6

typedef struct Module {
    Term name;             /* module atom */
    Instr *code;           /* threaded code */
    size_t code_words;     /* words in code */
    LitArea literals;      /* literals, attributes, compile info */
    Term attributes;       /* the Attr chunk's list (in literals), or [] */
    Term compile_info;     /* the CInf chunk's list (in literals), or [] */
    uint8_t md5[16];       /* MD5 of the module's code, as module_info(md5), once
                            * md5_state is MD5_DONE: read it with ld_module_md5 */
    uint8_t *md5_input;    /* the bytes to digest (BeamFile.md5_input), until digested */
    size_t md5_input_len;  /* bytes in md5_input */
    _Atomic int md5_state; /* MD5_PENDING, MD5_DIGESTING or MD5_DONE (module_md5.c) */
    FuncInfo *funcs;       /* functions in code order */
    uint32_t nfuncs;       /* entries in funcs */
    LineRef *lines;        /* line table sorted by offset */
    uint32_t nlines;       /* entries in lines */
    Term *files;           /* file names (charlist terms in literals) */
    uint32_t nfiles;       /* entries in files */
    FunEntry **funs;       /* the FunT chunk's entries */
    uint32_t nfuns;        /* entries in funs */
    Export **exports;      /* the ExpT chunk's entries */
    const Instr **export_code; /* entry address of each export */
    Instr *native_calls;   /* for exports done natively: call-and-return code
                            * their stub's entry jumps to (code.c), or NULL */
    uint32_t nnative_calls; /* entries in native_calls, NATIVE_CALL_WORDS each */
    uint32_t nexports;     /* entries in exports */
    Export **imports;      /* the ImpT chunk's entries, indexed as in the file */
    uint32_t nimports;     /* entries in imports */
    const Instr *on_load;  /* entry of the on_load function, or NULL */
    uint8_t *strings;      /* a copy of the StrT chunk (bs_match_string and bs_put_string
                              point into it), or NULL */
    size_t strings_len;    /* bytes in strings */
} Module;

#endif
