/*
 * load.h: building a loaded Module from a BeamFile (load.c) and listing
 * its internal instructions (disasm.c).
 */
#ifndef GIRDER_LOAD_H
#define GIRDER_LOAD_H

#include "../vm/strbuf.h"
#include "beamfile.h"
#include "module.h"

struct girder_vm;

/* Translates the generic code of bf into threaded code.  Takes over bf's
 * literal area.  The module is not yet published (see code.c).  NULL on
 * failure, with the reason in err. */
Module *ld_load(struct girder_vm *vm, BeamFile *bf, StrBuf *err);
void ld_module_free(Module *m);
/* Module.md5_state: the digest is done (also a module built without
 * md5_input), waits in md5_input, or is being computed. */
enum { MD5_DONE = 0, MD5_PENDING = 1, MD5_DIGESTING = 2 };
/* The module's MD5 (16 bytes), digested on the first call (module_md5.c). */
const uint8_t *ld_module_md5(const Module *m);
/* A fun's NEW_FUN_EXT uniq: its module's MD5 (16 bytes). */
const uint8_t *ld_fun_md5(const FunEntry *fe);
/* Lists the internal instructions of a loaded module, one per line. */
void ld_disasm_module(StrBuf *out, struct girder_vm *vm, const Module *m);

#endif
