/*
 * onload.h: running a module's -on_load function.
 *
 * A module loaded on first call (call_export_slow in vm/interp.c) whose
 * file has an on_load function runs it in the calling process before the
 * call that loaded it: the interpreter saves that call on the stack,
 * calls the function with vm->on_load_code as its return address, and
 * the on_load_done instruction there (vm/instrs/std.tab) makes the saved
 * call.  When the function returns anything but `ok`, the module is
 * unloaded, so the call raises undef and the next call loads the module
 * again, as in OTP.  The first caller of a loaded version takes its
 * function, so it runs once per load.
 *
 * The exports stay uncallable until the function returns ok; unlike OTP,
 * another process calling the module meanwhile gets undef instead of
 * waiting, and the function runs in the caller rather than in a process
 * of its own.
 */
#ifndef GIRDER_ONLOAD_H
#define GIRDER_ONLOAD_H

#include "vm.h"

/* The entry of the current version of `module`'s on_load function if it
 * has not run yet (and marks it as run), else NULL. */
const Instr *code_take_on_load(girder_vm *vm, Term module);
/* The on_load function of `module` returned ok: its exports become
 * callable (vm/code.c leaves them uncallable while one is pending). */
void code_on_load_done(girder_vm *vm, Term module);
/* The on_load function of `module` returned `result` (not ok): reports it
 * on the error stream and unloads the module (its current code becomes
 * old code), so calls raise undef until a later call loads it again. */
void code_on_load_failed(girder_vm *vm, Term module, Term result);

#endif
