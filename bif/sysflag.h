/*
 * sysflag.h: helpers shared by system_flag/2 (sysflag.c) and
 * system_info/1 (info.c).
 */
#ifndef GIRDER_SYSFLAG_H
#define GIRDER_SYSFLAG_H

#include "../vm/process.h"

/* #{error_logger => true, kill => true, size => 0}: the default
 * max_heap_size setting; THE_NON_VALUE when out of memory. */
Term bif_max_heap_size_map(Process *p);

#endif
