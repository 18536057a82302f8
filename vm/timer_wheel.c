/*
 * timer_wheel.c: the hierarchical timing wheel (see timer_wheel.h).
 *
 * Time does not advance tick by tick: tw_pop_due jumps straight to the
 * next tick at which a non-empty slot begins (found in the occupancy
 * bitmaps), so an idle stretch of any length costs a few bitmap scans.
 */
#include "timer_wheel.h"

#define TW_WORDS (TW_SLOTS / 64)

static void list_init(TimerNode *head) { head->next = head->prev = head; }

static bool list_empty(const TimerNode *head) { return head->next == head; }

static void list_append(TimerNode *head, TimerNode *n) {
    n->prev = head->prev;
    n->next = head;
    head->prev->next = n;
    head->prev = n;
}

static void list_unlink(TimerNode *n) {
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->next = n->prev = NULL;
}

/* Moves every node of `from` to the end of `to`, in order. */
static void list_splice(TimerNode *to, TimerNode *from) {
    if (list_empty(from)) return;
    from->next->prev = to->prev;
    to->prev->next = from->next;
    from->prev->next = to;
    to->prev = from->prev;
    list_init(from);
}

static unsigned slot_of(uint64_t t, unsigned level) {
    return (unsigned)(t >> (TW_BITS * level)) & (TW_SLOTS - 1);
}

/* The level of a node due after `now` (see the invariants in the header). */
static unsigned level_of(uint64_t due, uint64_t now) {
    return (unsigned)(63 - __builtin_clzll(due ^ now)) / TW_BITS;
}

static void set_bit(uint64_t *bits, unsigned i) { bits[i / 64] |= (uint64_t)1 << (i % 64); }

static void clear_bit(uint64_t *bits, unsigned i) { bits[i / 64] &= ~((uint64_t)1 << (i % 64)); }

static bool test_bit(const uint64_t *bits, unsigned i) { return bits[i / 64] >> (i % 64) & 1; }

/* The first set bit after position i, or -1. */
static int first_after(const uint64_t *bits, unsigned i) {
    unsigned from = i + 1;
    for (unsigned k = from / 64; k < TW_WORDS; k++) {
        uint64_t word = bits[k];
        if (k == from / 64) word &= from % 64 ? ~(uint64_t)0 << (from % 64) : ~(uint64_t)0;
        if (word) return (int)(k * 64 + (unsigned)__builtin_ctzll(word));
    }
    return -1;
}

void tw_init(TimerWheel *w, uint64_t now) {
    w->now = now;
    w->count = 0;
    list_init(&w->ready);
    for (unsigned l = 0; l < TW_LEVELS; l++) {
        for (unsigned k = 0; k < TW_WORDS; k++) w->occupied[l][k] = 0;
        for (unsigned s = 0; s < TW_SLOTS; s++) list_init(&w->slots[l][s]);
    }
}

/* Puts n where the invariants say, without counting it. */
static void place(TimerWheel *w, TimerNode *n) {
    if (n->due <= w->now) {
        list_append(&w->ready, n);
        return;
    }
    unsigned l = level_of(n->due, w->now), s = slot_of(n->due, l);
    list_append(&w->slots[l][s], n);
    set_bit(w->occupied[l], s);
}

void tw_insert(TimerWheel *w, TimerNode *n, uint64_t due) {
    n->due = due;
    place(w, n);
    w->count++;
}

void tw_remove(TimerWheel *w, TimerNode *n) {
    if (!n->next) return;
    bool ready = n->due <= w->now;
    unsigned l = 0, s = 0;
    if (!ready) {
        l = level_of(n->due, w->now);
        s = slot_of(n->due, l);
    }
    list_unlink(n);
    if (!ready && list_empty(&w->slots[l][s])) clear_bit(w->occupied[l], s);
    w->count--;
}

/* The first tick of the next non-empty slot, or TW_NEVER. */
static uint64_t next_event(const TimerWheel *w) {
    uint64_t best = TW_NEVER;
    for (unsigned l = 0; l < TW_LEVELS; l++) {
        int s = first_after(w->occupied[l], slot_of(w->now, l));
        if (s < 0) continue;
        unsigned above = TW_BITS * (l + 1);
        uint64_t base = above >= 64 ? 0 : w->now >> above << above;
        uint64_t t = base | (uint64_t)s << (TW_BITS * l);
        if (t < best) best = t;
    }
    return best;
}

/* Processes tick `now`: spreads the higher-level slots that begin at it,
 * then moves the nodes due at it onto the ready list. */
static void process_tick(TimerWheel *w) {
    for (unsigned l = TW_LEVELS - 1; l > 0; l--) {
        unsigned s = slot_of(w->now, l);
        if (!test_bit(w->occupied[l], s)) continue;
        TimerNode spread;
        list_init(&spread);
        list_splice(&spread, &w->slots[l][s]);
        clear_bit(w->occupied[l], s);
        while (!list_empty(&spread)) {
            TimerNode *n = spread.next;
            list_unlink(n);
            place(w, n);
        }
    }
    unsigned s = slot_of(w->now, 0);
    if (test_bit(w->occupied[0], s)) {
        list_splice(&w->ready, &w->slots[0][s]);
        clear_bit(w->occupied[0], s);
    }
}

TimerNode *tw_pop_due(TimerWheel *w, uint64_t now) {
    for (;;) {
        if (!list_empty(&w->ready)) {
            TimerNode *n = w->ready.next;
            list_unlink(n);
            w->count--;
            return n;
        }
        if (now <= w->now) return NULL;
        uint64_t t = w->count ? next_event(w) : TW_NEVER;
        if (t > now) {
            w->now = now;
            return NULL;
        }
        w->now = t;
        process_tick(w);
    }
}

uint64_t tw_next(const TimerWheel *w) {
    if (!list_empty(&w->ready)) return w->now;
    return w->count ? next_event(w) : TW_NEVER;
}
