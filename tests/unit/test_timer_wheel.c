/*
 * test_timer_wheel.c: the timing wheel against a plain list model.  Random
 * inserts (near, far, past and 64-bit due times), removals and advances
 * of the clock by small and huge steps: every node must come out exactly
 * when the clock has reached its due time (never early, never late),
 * in order of due time (a due time already past counts as the clock's
 * time when the node was inserted), nodes with equal due times in
 * insertion order, removed nodes never; and tw_next must never be later
 * than the earliest due time.
 */
#include <stdlib.h>

#include "check.h"
#include "timer_wheel.h"

#define N 4000

static TimerNode nodes[N];
static bool live[N];          /* in the wheel, per the model */
static uint64_t seq_of[N];    /* insertion sequence number */
static uint64_t key_of[N];    /* due time, or the clock when inserted if later */
static TimerWheel wheel;

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A due time around `now`: mostly near, sometimes in the past, far, or huge. */
static uint64_t pick_due(uint64_t now) {
    switch (rnd() % 8) {
    case 0: return now > 5 ? now - rnd() % 5 : now;
    case 1: return now + rnd() % 300;
    case 2: return now + rnd() % 70000;
    case 3: return now + rnd() % 0xFFFFFFFFull;
    case 4: {
        unsigned shift = (unsigned)(rnd() % 40 + 4);
        return now + (rnd() >> shift);
    }
    case 5: return now + 256 * (1 + rnd() % 4); /* level boundaries */
    case 6: return (now | 0xFFFF) + 1;
    default: return now + rnd() % 20;
    }
}

/* The model's earliest due time among live nodes. */
static uint64_t model_min(void) {
    uint64_t m = TW_NEVER;
    for (int i = 0; i < N; i++)
        if (live[i] && nodes[i].due < m) m = nodes[i].due;
    return m;
}

/* Advances to `to`, checking what comes out against the model. */
static void advance(uint64_t to, int *bad_order, int *early, int *late) {
    uint64_t min_before = model_min();
    if (min_before < wheel.now) min_before = wheel.now;
    if (tw_next(&wheel) > min_before) (*early)++;
    uint64_t last_due = 0, last_seq = 0;
    TimerNode *n;
    while ((n = tw_pop_due(&wheel, to))) {
        int i = (int)(n - nodes);
        if (!live[i] || n->due > to) (*early)++;
        if (key_of[i] < last_due || (key_of[i] == last_due && seq_of[i] < last_seq)) (*bad_order)++;
        last_due = key_of[i];
        last_seq = seq_of[i];
        live[i] = false;
    }
    for (int i = 0; i < N; i++)
        if (live[i] && nodes[i].due <= to) (*late)++;
}

int main(void) {
    uint64_t now = 1000, seq = 0;
    tw_init(&wheel, now);
    CHECK(tw_next(&wheel) == TW_NEVER);
    CHECK(tw_pop_due(&wheel, 5000) == NULL);
    now = 5000;

    int bad_order = 0, early = 0, late = 0, count_wrong = 0;
    for (int round = 0; round < 20000; round++) {
        unsigned op = (unsigned)(rnd() % 10);
        int i = (int)(rnd() % N);
        if (op < 5) {
            if (!live[i]) {
                uint64_t due = pick_due(now);
                tw_insert(&wheel, &nodes[i], due);
                key_of[i] = due > wheel.now ? due : wheel.now;
                live[i] = true;
                seq_of[i] = ++seq;
            }
        } else if (op < 7) {
            tw_remove(&wheel, &nodes[i]);
            live[i] = false;
            CHECK(!tw_linked(&nodes[i]));
        } else {
            uint64_t step = op == 9 && rnd() % 8 == 0 ? rnd() % 0x100000000ull : rnd() % 600;
            now += step;
            advance(now, &bad_order, &early, &late);
        }
        size_t n_live = 0;
        for (int k = 0; k < N; k++) n_live += live[k];
        if (n_live != wheel.count) count_wrong++;
    }
    /* Drain everything, far timers included. */
    now = TW_NEVER - 1;
    advance(now, &bad_order, &early, &late);
    CHECK_EQ_INT(bad_order, 0);
    CHECK_EQ_INT(early, 0);
    CHECK_EQ_INT(late, 0);
    CHECK_EQ_INT(count_wrong, 0);
    CHECK_EQ_INT(wheel.count, 0);
    CHECK(tw_next(&wheel) == TW_NEVER);

    /* Equal due times through different levels keep insertion order. */
    tw_init(&wheel, 0);
    for (int i = 0; i < 100; i++) {
        uint64_t t = (uint64_t)i * 700; /* the clock moves while they are inserted */
        TimerNode *x;
        while ((x = tw_pop_due(&wheel, t))) (void)x;
        tw_insert(&wheel, &nodes[i], 100000);
    }
    int in_order = 1;
    for (int i = 0; i < 100; i++) {
        TimerNode *x = tw_pop_due(&wheel, 100000);
        if (x != &nodes[i]) in_order = 0;
    }
    CHECK(in_order);
    CHECK(tw_pop_due(&wheel, 100000) == NULL);
    return check_report("timer_wheel");
}
