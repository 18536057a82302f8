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
/* Lists the internal instructions of a loaded module, one per line. */
void ld_disasm_module(StrBuf *out, struct girder_vm *vm, const Module *m);

#endif
