/*
 * signal.h: signals between processes, and the message queue.
 *
 * Every signal to a process (message, link, unlink, exit, monitor,
 * demonitor, 'DOWN') is a Signal pushed onto the target's inbox, a
 * lock-free stack any thread may push to.  The target takes the whole
 * inbox at once (an atomic exchange), reverses it back into sending order
 * and handles the signals in that order, so signals from one sender arrive
 * in the order they were sent.  Messages move into the private message
 * queue; the others act on the process's links and monitors, or kill it.
 *
 * A signal's terms were copied by the sender into the heap fragment that
 * holds the signal.  loop_rec copies a small message at the head of the
 * queue onto the receiver's heap, and remove_message then frees the
 * block; any other received message's block joins the process's fragments
 * and the term is used in place; the next collection absorbs it.
 */
#ifndef GIRDER_SIGNAL_H
#define GIRDER_SIGNAL_H

#include <stdbool.h>

#include "../include/girder.h"
#include "process.h"

typedef enum SigKind {
    SIG_MESSAGE,   /* term: the message */
    SIG_LINK,      /* from wants a link */
    SIG_UNLINK,    /* from drops its link */
    SIG_EXIT,      /* term: {'EXIT', From, Reason}; sent by exit/2 */
    SIG_LINK_EXIT, /* the same, because the linked process `from` ended */
    SIG_MONITOR,   /* from monitors this process; ref: the monitor's id */
    SIG_DEMONITOR, /* from drops the monitor ref */
    SIG_DOWN,      /* term: the 'DOWN' message of the monitor ref */
    SIG_GC_REQUEST, /* term: {garbage_collect, ReqId, Type} from erlang:garbage_collect/1,2 */
} SigKind;

/* A signal lives inside the heap fragment that holds its terms: one
 * allocation, the fragment's header, then the Signal (SIG_HDR_WORDS
 * words), then the terms.  When a received message's terms are used in
 * place, the whole block joins the receiver's fragments (the Signal's
 * words in it are dead and referenced by nothing). */
typedef struct Signal {
    struct Signal *next;   /* next signal (inbox: older; queue: newer) */
    SigKind kind;
    bool copied;           /* loop_rec gave x0 a term outside the block (a heap copy, an immediate) */
    unsigned char flat;    /* words of term if a small tuple of immediates, else 0 */
    Term from;             /* sending pid */
    Term term;             /* see SigKind; its words live in frag */
    RefId ref;             /* SIG_MONITOR, SIG_DEMONITOR, SIG_DOWN */
    HeapFrag *frag;        /* the block holding this signal and its terms */
    OffHeap off_heap;      /* refc binaries referenced from frag */
} Signal;
#define SIG_HDR_WORDS ((sizeof(Signal) + sizeof(Term) - 1) / sizeof(Term))

/* Writes {'DOWN', Ref, process, Item, Reason} at hp (DOWN_WORDS words,
 * a C buffer will do: sending copies it); Item is {Name, node()} for a
 * monitor set up by name, else the pid. */
#define DOWN_WORDS (REF_WORDS + 6 + 3)
Term sig_down_message(Term *hp, const RefId *ref, Term pid, Term name, Term reason);

/* Sends a signal carrying a copy of `term` (THE_NON_VALUE: none) from
 * `from` to the process `to` (dropped when it does not exist).  For
 * SIG_EXIT and SIG_LINK_EXIT the copy is {'EXIT', from, term}.  False when out of memory. */
bool sig_send(girder_vm *vm, Term from, Term to, SigKind kind, Term term, const RefId *ref);

/* Same, to a process already looked up (it must not be freed meanwhile). */
bool sig_send_to(girder_vm *vm, Term from, Process *to, SigKind kind, Term term,
                 const RefId *ref);

/* A message signal holding a copy of term, not yet sent (NULL when out of
 * memory), and sending it. */
Signal *sig_make_message(Term from, Term term);
void sig_deliver(girder_vm *vm, Process *to, Signal *s);

/* Handles every signal in p's inbox, in order.  False when one of them
 * ends the process: its reason is then in p->pending_exit. */
bool sig_take(Process *p);

/* For a process that has ended: takes the signals in its inbox, keeping
 * only what changes its links and monitors (so they get exit signals and
 * 'DOWN's); the rest is freed. */
void sig_take_exiting(Process *p);

/* Removes the message at the save pointer from the queue and adopts its
 * fragment; resets the save pointer to the head of the queue. */
void sig_remove_message(Process *p);

/* The message at the head of the queue, for loop_rec to match: copied
 * onto the heap when small and the heap has room (so its block can be
 * freed at once instead of joining the heap's fragments).  Messages past
 * the head are matched in place (a selective receive passing many would
 * copy each one every time it looked). */
Term sig_peek_head(Process *p);
/* remove_message: as sig_remove_message, for a message loop_rec gave
 * (its block is freed when nothing refers to it). */
void sig_remove_received(Process *p);

/* Sends `to` the answer {garbage_collect, ReqId, Done} of a collection
 * request (false when out of memory). */
bool sig_gc_reply(girder_vm *vm, Term from, Term to, Term req_id, bool done);
/* Answers every collection request p holds with it (after its
 * collection, or false when it ends first). */
void sig_gc_answer(Process *p, bool done);

/* Frees a signal that will not be delivered (and everything it holds). */
void sig_free(Signal *s);

#endif
