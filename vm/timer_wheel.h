/*
 * timer_wheel.h: a hierarchical timing wheel of integer ticks (the VM's
 * timers use ticks of 100 microseconds, see timer.h).
 *
 * The wheel holds intrusive nodes (TimerNode, embedded in whatever owns the
 * timer) in doubly linked slot lists, so inserting and removing a timer
 * are O(1) and allocate nothing.  There are TW_LEVELS levels of TW_SLOTS
 * slots; level L's slots are 2^(TW_BITS*L) ticks wide, and together they
 * cover every 64-bit due time, so there is no overflow list.
 *
 * Invariants (`now` is the last tick the wheel has processed):
 *   - a node whose due time is at or before `now` is on the `ready` list,
 *     in the order it got there;
 *   - any other node sits at level L = (highest bit in which due and now
 *     differ) / TW_BITS, in slot (due >> TW_BITS*L) mod TW_SLOTS.  Its slot
 *     index is then above now's index at that level, so every slot at or
 *     below now's index is empty, and a node's slot can be recomputed
 *     from its due time and `now` alone (that is how removal finds it);
 *   - `occupied` has a bit set exactly for the non-empty slots.
 * When `now` reaches the first tick of a higher-level slot, that slot is
 * emptied and its nodes are inserted again: they fall to lower levels, or
 * onto `ready` when due.  Slot lists are first in, first out, and a later
 * insertion never lands above an earlier one with the same due time, so
 * timers with equal due times come out in the order they were inserted.
 *
 * The caller locks; the wheel knows nothing of processes or messages.
 */
#ifndef GIRDER_TIMER_WHEEL_H
#define GIRDER_TIMER_WHEEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TW_BITS 8
#define TW_SLOTS (1u << TW_BITS)
#define TW_LEVELS (64 / TW_BITS)
#define TW_NEVER UINT64_MAX

/* A timer's place in the wheel, embedded in its owner. */
typedef struct TimerNode {
    struct TimerNode *next; /* next in its list (circular), or NULL when not in the wheel */
    struct TimerNode *prev; /* previous in its list */
    uint64_t due;           /* the tick it is due at */
    unsigned kind;          /* for the owner: what the node is embedded in */
} TimerNode;

typedef struct TimerWheel {
    uint64_t now;                                   /* the last tick processed */
    size_t count;                                   /* nodes in the wheel, ready ones included */
    TimerNode ready;                                /* head of the list of nodes due by now */
    uint64_t occupied[TW_LEVELS][TW_SLOTS / 64];    /* non-empty slots, a bit each */
    TimerNode slots[TW_LEVELS][TW_SLOTS];           /* list heads */
} TimerWheel;

/* Empties the wheel and sets its clock to `now`. */
void tw_init(TimerWheel *w, uint64_t now);
/* Adds n (not in a wheel) to be due at tick `due` (a past tick is due at once). */
void tw_insert(TimerWheel *w, TimerNode *n, uint64_t due);
/* Takes n out of the wheel; a node not in it is left alone. */
void tw_remove(TimerWheel *w, TimerNode *n);
static inline bool tw_linked(const TimerNode *n) { return n->next != NULL; }
/* Advances the clock towards `now` and takes out the next node due by
 * then (NULL when none is): call until NULL to expire everything due. */
TimerNode *tw_pop_due(TimerWheel *w, uint64_t now);
/* A lower bound of the next due time: no node is due before this tick
 * (at it, a node may be due, or a slot is to be spread to lower levels).
 * TW_NEVER for an empty wheel, `now` when nodes are ready. */
uint64_t tw_next(const TimerWheel *w);

#endif
