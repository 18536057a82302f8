/*
 * gcopts.h: the garbage-collection settings of a process as spawn_opt/4,
 * process_flag/2 and process_info/2 read and write them (bif/gc.c).
 */
#ifndef GIRDER_GCOPTS_H
#define GIRDER_GCOPTS_H

#include <stdbool.h>

#include "../vm/process.h"

/* A max_heap_size setting. */
typedef struct GcMaxHeap {
    size_t size; /* words, 0 for none */
    bool kill;
    bool log;    /* error_logger */
} GcMaxHeap;

/* Reads a max_heap_size value: a size (kill and error_logger on) or a map
 * with `size` and optionally `kill`, `error_logger` (other keys are
 * ignored, as OTP does).  False for a bad value or a size below the
 * smallest heap. */
bool gc_parse_max_heap(Term v, GcMaxHeap *out);

/* #{error_logger => L, kill => K, size => S}; THE_NON_VALUE when out of memory. */
Term gc_max_heap_map(Process *p, const GcMaxHeap *m);

/* The process's setting, and setting it. */
GcMaxHeap gc_max_heap_of(const Process *t);
void gc_set_max_heap(Process *t, const GcMaxHeap *m);

/* min_heap_size as given (rounded up to a heap size, as OTP rounds it),
 * and as process_info reports it. */
size_t gc_min_heap_words(SWord v);
SWord gc_min_heap_reported(const Process *t);
/* fullsweep_after as kept (OTP's default 65535 is also its largest). */
static inline unsigned gc_fullsweep_value(SWord n) {
    return n > GC_FULLSWEEP_DEFAULT ? GC_FULLSWEEP_DEFAULT : (unsigned)n;
}
/* min_bin_vheap_size: at least OTP's default, rounded up as a heap size. */
size_t gc_min_bin_vheap_words(SWord v);

/* process_info(T, garbage_collection): OTP's list of settings and minor_gcs. */
Term gc_info_list(Process *p, const Process *t);

#endif
