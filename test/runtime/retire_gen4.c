// I4 with generations narrowed to 4 bits (%rt_gen4, GR_GEN_MAX == 15): a
// slot is handed out while a whole alloc/free cycle still fits below the
// maximum, then retired -- left even (free), counted in
// gr_stats.retired_slots, never handed out again, and no header ever
// exceeds the maximum (generations read with rt_hdr: the word before the
// object). Malloc's alignment, an aligned kind (aligned_alloc(64)), and a
// huge object. Both layouts: slots come back in LIFO order, and a slab
// whose slots all retired goes back to the OS (its headers then read 0).
//
// RUN: %cc %s %rt_gen4 -o %t && %run %t | FileCheck %s
// CHECK: gen max 15
// CHECK: default: 7 lives, retired at 14
// CHECK: aligned: 7 lives, retired at 14
// CHECK: huge: 7 lives, retired at 14
// CHECK: churn: retired {{[1-9][0-9]*}} slots, none reused
// CHECK: OK
#include "Inputs/rtest.h"

static uint64_t gen_max;
static rt_map_t retired; /* address -> 1 */

/* A header of a slot whose slab was returned to the OS (every slot of the
 * slab retired) reads 0. */
static int released(uint64_t header) { return header == 0; }

/* Free p and remember it if this free retired it: decided from the live
 * generation, since the compact runtime returns a slab whose slots all
 * retired to the OS (it then reads as zeros, docs/layouts.md). */
static uint64_t free_tracked(void *p) {
  uint64_t live = rt_hdr(p, 0);
  REQUIRE(live <= gen_max && (live & 1));
  gr_free(p, NULL);
  uint64_t g = rt_hdr(p, 0);
  if (live + 1 + 2 > gen_max) {
    *rt_map_get(&retired, (uintptr_t)p) = 1;
    REQUIRE(g == live + 1 || released(g));
  } else {
    REQUIRE_EQ(g, live + 1);
  }
  return live + 1;
}

static uint64_t retired_count(void) {
  gr_stats_t st;
  gr_stats_get(&st);
  return st.retired_slots;
}

/* Take one slot through alloc/free until the heap stops handing it out.
 * The slots handed out before p comes back (none, in LIFO order, unless
 * the slab restarted) stay allocated until p has retired, so p's is the
 * only slot that retires meanwhile. */
static void *alloc(size_t size, size_t align) {
  return align == 16 ? gr_alloc(size) : aligned_alloc(align, size);
}

/* rt_alloc_slot for an alignment. */
static void *alloc_slot(void *p, size_t size, size_t align, void **keep,
                        size_t *nkeep, size_t max) {
  if (align == 16)
    return rt_alloc_slot(p, size, keep, nkeep, max);
  for (size_t i = 0; i < max; i++) {
    void *q = alloc(size, align);
    REQUIRE(q);
    if (q == p)
      return q;
    keep[(*nkeep)++] = q;
  }
  return NULL;
}

static void exhaust(const char *name, size_t size, size_t align) {
  enum { MAX = 4096 };
  static void *keep[MAX];
  size_t nkeep = 0;
  uint64_t before = retired_count();
  void *p = alloc(size, align);
  REQUIRE(p && (uintptr_t)p % align == 0);
  REQUIRE_EQ(rt_hdr(p, 0), 1); /* a fresh slot */
  int lives = 1;
  for (;;) {
    uint64_t g = free_tracked(p);
    REQUIRE(nkeep + 64 <= MAX);
    if (!rt_map_find(&retired, (uintptr_t)p)) {
      REQUIRE(alloc_slot(p, size, align, keep, &nkeep, 64) == p);
      lives++;
      REQUIRE(lives <= (int)gen_max);
      continue;
    }
    /* p was retired: stays free, counted, and never comes back. */
    REQUIRE_EQ(g + 2 > gen_max, 1);
    REQUIRE_EQ(gr_usable_size(p), 0);
    REQUIRE_EQ(retired_count(), before + 1);
    REQUIRE(alloc_slot(p, size, align, keep, &nkeep, 64) == NULL);
    for (int i = 0; i < 50; i++) {
      void *r = alloc(size, align);
      REQUIRE(!rt_map_find(&retired, (uintptr_t)r));
      free_tracked(r);
    }
    while (nkeep)
      free_tracked(keep[--nkeep]);
    printf("%s: %d lives, retired at %llu\n", name, lives, (unsigned long long)g);
    return;
  }
}

int main(void) {
  gen_max = gr_stats_gen_max();
  printf("gen max %llu\n", (unsigned long long)gen_max);
  exhaust("default", 40, 16);
  exhaust("aligned", 40, 64);
  exhaust("huge", 200 * 1024, 16);

  /* Churn: many slots of several classes until most have retired. No
   * retired address is handed out again; no header passes the maximum; the
   * statistics count every slot we saw retire. */
  uint64_t rng = 3, base = retired_count();
  enum { N = 400 };
  void *live[N];
  for (int round = 0; round < 40; round++) {
    for (int i = 0; i < N; i++) {
      size_t size = 1 + rt_rand(&rng) % 512;
      void *p = alloc(size, (i & 1) ? 64 : 16);
      REQUIRE(p);
      REQUIRE(!rt_map_find(&retired, (uintptr_t)p));
      uint64_t g = rt_hdr(p, 0);
      REQUIRE(g & 1);
      REQUIRE(g <= gen_max);
      live[i] = p;
    }
    for (int i = 0; i < N; i++) {
      free_tracked(live[i]);
    }
  }
  uint64_t churned = retired_count() - base;
  REQUIRE(churned > 0);
  REQUIRE_EQ(retired_count(), retired.n);
  printf("churn: retired %llu slots, none reused\n", (unsigned long long)churned);
  printf("OK\n");
  return 0;
}
