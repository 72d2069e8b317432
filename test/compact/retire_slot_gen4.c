// The compact runtime with 4-bit generations (libgenref_rt_compact_gen4.a,
// GR_GEN_MAX == 15): a slot is handed out at generations 1, 3, ..., 13 (7
// lives), retires at 14 when freed, and is never handed out again. Random
// alloc/free over a working set of up to 300 objects in two size classes
// (random frees mix the order), 200000 operations; every handout is checked
// against the slot's history: odd, exactly 2 * lives - 1 (each alloc and
// each free adds one), never above 13, never a retired address; every
// free leaves it even. retired_slots in gr_stats counts exactly the slots
// we saw retire. (Reading a header after the free that retires a slot is
// avoided: that free may release the slot's slab.)
//
// RUN: %cc -DGENREF_LAYOUT_COMPACT %s -o %t %obj_root/lib/libgenref_rt_compact_gen4.a -lpthread
// RUN: %run %t | FileCheck %s
// CHECK: gen max 15
// CHECK: handed out {{[0-9]+}} times, {{[0-9]+}} slots retired after 7 lives each, none handed out again
// CHECK: OK
#include "Inputs/ctest.h"

#define WORKING 300
#define OPS 200000

static ct_map_t lives;   /* address -> lives so far; 1000 once retired */
static uint64_t retired; /* slots we saw retire */
static uint64_t handouts;

static void *alloc_checked(size_t size) {
  void *p = gr_alloc(size);
  REQUIRE(p);
  uint64_t *l = ct_map_get(&lives, (uintptr_t)p);
  REQUIRE(*l < 7); /* retired (1000) or exhausted: must not come back */
  ++*l;
  uint64_t g = _gr_hdr_peek(p);
  REQUIRE_EQ(g, 2 * *l - 1);
  REQUIRE(g <= 13);
  handouts++;
  return p;
}

static void free_checked(void *p) {
  uint64_t g = _gr_hdr_peek(p);
  REQUIRE(g & 1);
  uint64_t *l = ct_map_find(&lives, (uintptr_t)p);
  REQUIRE(l && *l >= 1 && *l <= 7);
  gr_free(p, NULL);
  if (g + 1 + 2 > 15) { /* this free retired it */
    REQUIRE_EQ(*l, 7);
    *l = 1000;
    retired++;
  } else {
    REQUIRE_EQ(_gr_slot_gen(p), g + 1); /* a listed header: the generation half */
  }
}

int main(void) {
  printf("gen max %llu\n", (unsigned long long)gr_stats_gen_max());
  REQUIRE_EQ(sizeof(gr_ref_t), 8);
  uint64_t base_retired = ct_stats().retired_slots;
  uint64_t base_live = ct_stats().live_objects; /* the C library's own */
  void *set[WORKING] = {0};
  size_t sizes[WORKING];
  uint64_t seed = 0x9e3779b97f4a7c15;
  for (long op = 0; op < OPS; op++) {
    uint64_t r = ct_rand(&seed);
    int i = (int)(r % WORKING);
    if (set[i]) {
      free_checked(set[i]);
      set[i] = NULL;
    } else {
      sizes[i] = (r >> 32) & 1 ? 24 : 100;
      set[i] = alloc_checked(sizes[i]);
    }
  }
  for (int i = 0; i < WORKING; i++)
    if (set[i])
      free_checked(set[i]);
  REQUIRE(retired > 1000);
  REQUIRE_EQ(ct_stats().retired_slots - base_retired, retired);
  REQUIRE_EQ(ct_stats().live_objects, base_live);
  printf("handed out %llu times, %llu slots retired after 7 lives each, none handed out again\n",
         (unsigned long long)handouts, (unsigned long long)retired);
  printf("OK\n");
  return 0;
}
