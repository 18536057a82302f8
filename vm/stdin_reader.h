/*
 * stdin_reader.h: reading standard input off the schedulers.
 *
 * girder's I/O server (vm/girder_io.erl) asks for a line or for some
 * bytes; a reader thread of the VM (started on the first request) reads
 * them from descriptor 0 with blocking reads and sends the server the
 * message {girder_io_input, Data}, Data a binary or eof.  So a program
 * waiting for input holds no scheduler.
 */
#ifndef GIRDER_STDIN_READER_H
#define GIRDER_STDIN_READER_H

#include <stdbool.h>
#include <stddef.h>

#include "term.h"

struct girder_vm;

/* Asks for one line (line true; n ignored) or up to n bytes, for pid.
 * False when out of memory or the reader cannot start. */
bool stdin_request(struct girder_vm *vm, Term pid, bool line, size_t n);

/* True while a request is pending or being read (then a VM whose
 * processes all wait is not deadlocked: input may come). */
bool stdin_pending(struct girder_vm *vm);

/* Stops and joins the reader thread, if it ever started. */
void stdin_reader_stop(struct girder_vm *vm);

#endif
