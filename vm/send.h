/*
 * send.h: sending a message, shared by the send instruction and the
 * erlang:send/2,3 and '!'/2 BIFs.
 */
#ifndef GIRDER_SEND_H
#define GIRDER_SEND_H

#include "process.h"

/* Sends a copy of msg to dest: a pid, a registered name, or {Name, Node}
 * with Node this node.  Returns msg, or THE_NON_VALUE with p's failure set
 * (badarg for a name nobody has registered or a bad destination). */
Term proc_send(Process *p, Term dest, Term msg);

#endif
