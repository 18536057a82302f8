/*
 * trap.h: code through which a trapping native is continued (bif_trap in
 * bif/bif.h).  The interpreter calls it after a yield: a func_info (so the
 * yield knows how many x registers are live) and a call_bif_only.
 */
#ifndef GIRDER_TRAP_H
#define GIRDER_TRAP_H

#include "../include/girder.h"
#include "../loader/module.h"

/* The entry of e's trap code (made once per export); NULL when out of memory. */
const Instr *trap_code(girder_vm *vm, Export *e);

#endif
