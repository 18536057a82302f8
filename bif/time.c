/*
 * time.c: clocks, dates, references and unique values:
 * monotonic_time/0,1, system_time/0,1, time_offset/0,1, timestamp/0,
 * now/0, os:timestamp/0, os:system_time/0,1, os:perf_counter/0,
 * erts_internal:time_unit/0 and perf_counter_unit/0, date/0, time/0,
 * localtime/0, universaltime/0, localtime_to_universaltime/2,
 * universaltime_to_localtime/1, posixtime_to_universaltime/1,
 * universaltime_to_posixtime/1, make_ref/0, unique_integer/0,1,
 * statistics/1.
 *
 * The native time unit is the nanosecond, as on OTP for Linux.  Monotonic
 * time starts near -2^59 when the VM starts, as OTP's does, so programs
 * that (wrongly) assume it positive fail here as they would there.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "bif.h"
#include "build.h"
#include "traps.h"
#include "vm.h"

#define NS_PER_SEC 1000000000LL
/* OTP's monotonic clock origin on 64-bit machines. */
#define MONO_BEGIN (-((int64_t)1 << 59))

void bif_vmstate_init(BifVmState *s) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    s->start_mono_ns = (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
    pthread_mutex_init(&s->env_lock, NULL);
    s->backtrace_depth = 8;
    s->system_logger = ATOM_undefined;
    bif_traps_init(s->traps);
}

void bif_vmstate_destroy(BifVmState *s) {
    pthread_mutex_destroy(&s->env_lock);
    bif_traps_destroy(s->traps);
}

static int64_t clock_ns(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

/* ERTS monotonic time in nanoseconds. */
static int64_t mono_ns(Process *p) {
    return clock_ns(CLOCK_MONOTONIC) - p->vm->bifs.start_mono_ns + MONO_BEGIN + NS_PER_SEC;
}

/* A time unit argument as parts per second; 0 when bad. */
static int64_t unit_of(Term u) {
    if (is_small(u)) return small_val(u) > 0 ? small_val(u) : 0;
    if (!is_atom(u)) return 0;
    if (u == ATOM_second || u == ATOM_seconds) return 1;
    if (u == ATOM_millisecond || u == ATOM_milli_seconds) return 1000;
    if (u == ATOM_microsecond || u == ATOM_micro_seconds) return 1000000;
    if (u == ATOM_nanosecond || u == ATOM_nano_seconds || u == ATOM_native ||
        u == ATOM_perf_counter)
        return NS_PER_SEC;
    return 0;
}

/* ns converted to `per` parts per second, rounded down. */
static Term ns_to_unit(Process *p, int64_t ns, int64_t per) {
    __int128 v = (__int128)ns * per;
    __int128 q = v / NS_PER_SEC;
    if (v % NS_PER_SEC != 0 && v < 0) q--;
    if (q < MIN_SMALL || q > MAX_SMALL) return bif_error(p, ATOM_system_limit);
    return make_small((SWord)q);
}

static Term timed(Process *p, int64_t ns, Term unit) {
    int64_t per = unit_of(unit);
    return per ? ns_to_unit(p, ns, per) : bif_badarg(p);
}

Term bif_erlang_monotonic_time_0(Process *p, Term *args) {
    (void)args;
    return make_small(mono_ns(p));
}
Term bif_erlang_monotonic_time_1(Process *p, Term *args) { return timed(p, mono_ns(p), args[0]); }
Term bif_erlang_system_time_0(Process *p, Term *args) {
    (void)args;
    return make_small(clock_ns(CLOCK_REALTIME));
}
Term bif_erlang_system_time_1(Process *p, Term *args) {
    return timed(p, clock_ns(CLOCK_REALTIME), args[0]);
}
Term bif_erlang_time_offset_0(Process *p, Term *args) {
    (void)args;
    return make_small(clock_ns(CLOCK_REALTIME) - mono_ns(p));
}
Term bif_erlang_time_offset_1(Process *p, Term *args) {
    return timed(p, clock_ns(CLOCK_REALTIME) - mono_ns(p), args[0]);
}
Term bif_os_perf_counter_0(Process *p, Term *args) {
    (void)p;
    (void)args;
    return make_small(clock_ns(CLOCK_MONOTONIC));
}
Term bif_erts_internal_time_unit_0(Process *p, Term *args) {
    (void)p;
    (void)args;
    return make_small(NS_PER_SEC);
}

/* {MegaSecs, Secs, MicroSecs} of a time in microseconds. */
static Term timestamp_of(Process *p, int64_t us) {
    return build_tuple3(p, make_small(us / 1000000000000LL), make_small(us / 1000000 % 1000000),
                  make_small(us % 1000000));
}

Term bif_erlang_timestamp_0(Process *p, Term *args) {
    (void)args;
    return timestamp_of(p, clock_ns(CLOCK_REALTIME) / 1000);
}

/* now/0: the system time, but strictly increasing across calls. */
Term bif_erlang_now_0(Process *p, Term *args) {
    (void)args;
    int64_t us = clock_ns(CLOCK_REALTIME) / 1000;
    int64_t last = p->vm->bifs.now_last;
    for (;;) {
        int64_t next = us > last ? us : last + 1;
        if (atomic_compare_exchange_weak(&p->vm->bifs.now_last, &last, next)) {
            us = next;
            break;
        }
    }
    return timestamp_of(p, us);
}

/* ---- calendar ---- */

static Term date_time(Process *p, const struct tm *t) {
    Term d = build_tuple3(p, make_small(t->tm_year + 1900), make_small(t->tm_mon + 1),
                    make_small(t->tm_mday));
    if (d == THE_NON_VALUE) return d;
    Term tm = build_tuple3(p, make_small(t->tm_hour), make_small(t->tm_min), make_small(t->tm_sec));
    if (tm == THE_NON_VALUE) return tm;
    return build_tuple2(p, d, tm);
}

static void now_tm(struct tm *t, bool local) {
    time_t now = time(NULL);
    if (local) localtime_r(&now, t);
    else gmtime_r(&now, t);
}

Term bif_erlang_date_0(Process *p, Term *args) {
    (void)args;
    struct tm t;
    now_tm(&t, true);
    return build_tuple3(p, make_small(t.tm_year + 1900), make_small(t.tm_mon + 1),
                        make_small(t.tm_mday));
}
Term bif_erlang_time_0(Process *p, Term *args) {
    (void)args;
    struct tm t;
    now_tm(&t, true);
    return build_tuple3(p, make_small(t.tm_hour), make_small(t.tm_min), make_small(t.tm_sec));
}
Term bif_erlang_localtime_0(Process *p, Term *args) {
    (void)args;
    struct tm t;
    now_tm(&t, true);
    return date_time(p, &t);
}
Term bif_erlang_universaltime_0(Process *p, Term *args) {
    (void)args;
    struct tm t;
    now_tm(&t, false);
    return date_time(p, &t);
}

static bool leap(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
static int month_days(int64_t y, int m) {
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : d[m - 1];
}

/* Reads {{Y,M,D},{H,Mi,S}} with OTP's checks: a valid date and time with
 * min_year <= Y < 2^31 (erts takes 1600 for universaltime_to_posixtime,
 * 1902 for the conversions through the local time zone). */
static bool read_datetime(Term t, int64_t v[6], int64_t min_year) {
    if (!is_tuple(t) || tuple_arity(t) != 2) return false;
    for (int half = 0; half < 2; half++) {
        Term x = tuple_elems(t)[half];
        if (!is_tuple(x) || tuple_arity(x) != 3) return false;
        for (int i = 0; i < 3; i++) {
            Term e = tuple_elems(x)[i];
            if (!is_small(e)) return false;
            v[half * 3 + i] = small_val(e);
        }
    }
    if (v[0] < min_year || v[0] > INT32_MAX) return false;
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > month_days(v[0], (int)v[1])) return false;
    if (v[3] < 0 || v[3] > 23 || v[4] < 0 || v[4] > 59 || v[5] < 0 || v[5] > 59) return false;
    return true;
}

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, int64_t *m, int64_t *d) {
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

static Term datetime_of_posix(Process *p, int64_t secs) {
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        days--;
    }
    int64_t y, m, d;
    civil_from_days(days, &y, &m, &d);
    Term date = build_tuple3(p, make_small(y), make_small(m), make_small(d));
    if (date == THE_NON_VALUE) return date;
    Term tm = build_tuple3(p, make_small(rem / 3600), make_small(rem / 60 % 60),
                           make_small(rem % 60));
    if (tm == THE_NON_VALUE) return tm;
    return build_tuple2(p, date, tm);
}

Term bif_erlang_universaltime_to_posixtime_1(Process *p, Term *args) {
    int64_t v[6];
    if (!read_datetime(args[0], v, 1600)) return bif_badarg(p);
    return make_small(days_from_civil(v[0], v[1], v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5]);
}

Term bif_erlang_posixtime_to_universaltime_1(Process *p, Term *args) {
    Term t = args[0];
    if (is_small(t)) return datetime_of_posix(p, small_val(t));
    /* A bignum that fits 63 bits (further dates overflow the arithmetic). */
    if (!is_big(t) || big_limbs(t) != 1 || big_digits(t)[0] >> 63) return bif_badarg(p);
    SWord v = (SWord)big_digits(t)[0];
    return datetime_of_posix(p, big_negative(t) ? -v : v);
}

Term bif_erlang_universaltime_to_localtime_1(Process *p, Term *args) {
    int64_t v[6];
    if (!read_datetime(args[0], v, 1902)) return bif_badarg(p);
    time_t secs = (time_t)(days_from_civil(v[0], v[1], v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5]);
    struct tm t;
    if (!localtime_r(&secs, &t)) return bif_badarg(p);
    return date_time(p, &t);
}

Term bif_erlang_localtime_to_universaltime_2(Process *p, Term *args) {
    int64_t v[6];
    Term dst = args[1];
    if (!read_datetime(args[0], v, 1902)) return bif_badarg(p);
    if (dst != ATOM_true && dst != ATOM_false && dst != ATOM_undefined) return bif_badarg(p);
    struct tm t = {0};
    t.tm_year = (int)(v[0] - 1900);
    t.tm_mon = (int)v[1] - 1;
    t.tm_mday = (int)v[2];
    t.tm_hour = (int)v[3];
    t.tm_min = (int)v[4];
    t.tm_sec = (int)v[5];
    t.tm_isdst = dst == ATOM_true ? 1 : dst == ATOM_false ? 0 : -1;
    time_t secs = mktime(&t);
    if (secs == (time_t)-1 && !(v[0] == 1969 && v[1] == 12 && v[2] == 31)) return bif_badarg(p);
    return datetime_of_posix(p, (int64_t)secs);
}

/* ---- references and unique integers ---- */

Term bif_erlang_make_ref_0(Process *p, Term *args) {
    (void)args;
    /* One numbering for every reference of the VM (monitors, aliases, timers too). */
    RefId id = vm_new_ref(p->vm);
    Term *hp;
    BIF_ALLOC(p, hp, REF_WORDS);
    return make_ref_at(hp, &id);
}

static Term unique(Process *p, bool positive, bool monotonic) {
    BifVmState *s = &p->vm->bifs;
    uint64_t n = atomic_fetch_add(monotonic ? &s->unique_mono_next : &s->unique_next, 1);
    if (positive) return make_small((SWord)n + 1);
    return make_small(MONO_BEGIN + (SWord)n);
}

Term bif_erlang_unique_integer_0(Process *p, Term *args) {
    (void)args;
    return unique(p, false, false);
}

Term bif_erlang_unique_integer_1(Process *p, Term *args) {
    bool positive = false, monotonic = false;
    Term l = args[0];
    for (; is_list(l); l = CDR(list_ptr(l))) {
        Term m = CAR(list_ptr(l));
        if (m == ATOM_positive) positive = true;
        else if (m == ATOM_monotonic) monotonic = true;
        else return bif_badarg(p);
    }
    if (!is_nil(l)) return bif_badarg(p);
    return unique(p, positive, monotonic);
}

/* ---- statistics/1 ---- */

/* {Total, Total - Last}, storing Total as the new Last. */
static Term since_last(Process *p, int64_t total, _Atomic(int64_t) *last) {
    int64_t prev = atomic_exchange(last, total);
    return build_tuple2(p, make_small(total), make_small(total - prev));
}

Term bif_erlang_statistics_1(Process *p, Term *args) {
    Term what = args[0];
    BifVmState *s = &p->vm->bifs;
    if (what == ATOM_runtime)
        return since_last(p, clock_ns(CLOCK_PROCESS_CPUTIME_ID) / 1000000, &s->runtime_last_ms);
    if (what == ATOM_wall_clock)
        return since_last(p, (clock_ns(CLOCK_MONOTONIC) - s->start_mono_ns) / 1000000,
                          &s->wall_last_ms);
    if (what == ATOM_reductions || what == ATOM_exact_reductions) {
        uint64_t total = p->total_reductions;
        uint64_t prev = atomic_exchange(&s->reds_last, total);
        return build_tuple2(p, make_small((SWord)total), make_small((SWord)(total - prev)));
    }
    if (what == ATOM_run_queue || what == ATOM_total_run_queue_lengths ||
        what == ATOM_total_active_tasks || what == ATOM_total_run_queue_lengths_all ||
        what == ATOM_total_active_tasks_all)
        return make_small(0);
    if (what == ATOM_run_queue_lengths || what == ATOM_active_tasks ||
        what == ATOM_run_queue_lengths_all || what == ATOM_active_tasks_all) {
        Term *hp;
        BIF_ALLOC(p, hp, 2);
        hp[0] = make_small(0);
        hp[1] = NIL;
        return make_list(hp);
    }
    if (what == ATOM_scheduler_wall_time || what == ATOM_scheduler_wall_time_all ||
        what == ATOM_microstate_accounting)
        return ATOM_undefined; /* not enabled */
    if (what == ATOM_context_switches) return build_tuple2(p, make_small(0), make_small(0));
    if (what == ATOM_garbage_collection)
        return build_tuple3(p, make_small((SWord)atomic_load(&p->vm->gc_count)),
                            make_small((SWord)atomic_load(&p->vm->gc_reclaimed)), make_small(0));
    if (what == ATOM_io) {
        Term in = build_tuple2(p, ATOM_input, make_small(0));
        Term out = build_tuple2(p, ATOM_output, make_small(0));
        if (in == THE_NON_VALUE || out == THE_NON_VALUE) return THE_NON_VALUE;
        return build_tuple2(p, in, out);
    }
    return bif_badarg(p);
}
