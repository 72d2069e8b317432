/* genref/stats.h - heap statistics, for tests, tools and print_stats. */
#ifndef GENREF_STATS_H
#define GENREF_STATS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gr_stats {
  uint64_t bytes_mapped;   /* committed slab memory */
  uint64_t metadata_bytes; /* slab descriptors, kinds, thread heaps */
  uint64_t slabs;
  uint64_t live_objects;   /* slots whose primary header is odd */
  uint64_t retired_slots;  /* generation exhausted, never reused */
  uint64_t reports;        /* violations reported so far */
} gr_stats_t;

/* A consistent-enough snapshot: exact when no other thread allocates. */
__attribute__((visibility("default"))) void gr_stats_get(gr_stats_t *st);
/* The largest generation a heap slot reaches (GENREF_GEN_BITS, at most
 * 32: a free slot's header holds it in one half, its free list's link in
 * the other), after which the slot retires. */
__attribute__((visibility("default"))) uint64_t gr_stats_gen_max(void);

#ifdef __cplusplus
}
#endif

#endif
