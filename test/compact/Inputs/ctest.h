/* ctest.h - helpers for the compact runtime's unit tests (test/compact):
 * the runtime tests' own helpers (test/runtime/Inputs/rtest.h, libc
 * bookkeeping that never disturbs the genref heap), under the names these
 * tests use. Not a lit test itself: lit.cfg.py excludes Inputs/. */
#ifndef GENREF_CTEST_H
#define GENREF_CTEST_H

#ifndef GENREF_LAYOUT_COMPACT
#error "test/compact tests are built with -DGENREF_LAYOUT_COMPACT"
#endif

#include "../../runtime/Inputs/rtest.h"

#define ct_map rt_map
#define ct_map_t rt_map_t
#define ct_map_find rt_map_find
#define ct_map_get rt_map_get
#define ct_map_grow rt_map_grow
#define ct_map_slot rt_map_slot
#define ct_rand rt_rand

static inline gr_stats_t ct_stats(void) {
  gr_stats_t st;
  gr_stats_get(&st);
  return st;
}

#endif
