// Endless churn stays in bounded memory in the compact runtime (4-bit
// generations, libgenref_rt_compact_gen4.a): slots retire after 7 lives, a
// slab whose slots all retired goes back to the OS, so bytes_mapped stays
// at a few slabs while the churn passes through many times that many
// slabs' worth of slot lives. 100 times a slab's capacity of
// allocations, with a random working set of W live objects (W = 1, 64,
// 1000: up to half a slab), one size class; bytes_mapped is sampled at
// every operation and never exceeds 8 slabs, although the churn needs more
// than 100 / 7 slabs in all (gr_stats slabs counts those ever opened).
// (Why more than one or two: a slab whose free list ran dry keeps a few
// live objects of the working set; when they are freed before their 7th
// life their slots wait on that slab's list until the allocator comes
// round to it again. Measured: 1 slab for W = 1, 4-7 for W = 64..2000,
// flat over 2000x capacity.)
//
// RUN: %cc -DGENREF_LAYOUT_COMPACT %s -o %t %obj_root/lib/libgenref_rt_compact_gen4.a -lpthread
// RUN: %run %t 1 | FileCheck %s
// RUN: %run %t 64 | FileCheck %s
// RUN: %run %t 1000 | FileCheck %s
// CHECK: churn of 100 x [[#CAP:]] allocations: peak bytes_mapped {{[1-8]}} slabs, [[#SLABS:]] slabs opened
// CHECK: OK
#include "Inputs/ctest.h"

int main(int argc, char **argv) {
  int w = argc > 1 ? atoi(argv[1]) : 64;
  REQUIRE(w >= 1 && w <= 4096);
  REQUIRE_EQ(ct_stats().bytes_mapped, 0);
  /* The slab's size and capacity: the first two objects of a fresh slab
   * are consecutive slots (fresh slots are handed out lowest first). */
  char *a = gr_alloc(40), *b = gr_alloc(40);
  uint64_t S = ct_stats().bytes_mapped;
  uint64_t slot = (uint64_t)(b - a);
  REQUIRE(b > a && slot >= 40 && slot <= 64);
  uint64_t cap = S / slot;
  gr_free(a, NULL);
  gr_free(b, NULL);

  void **set = calloc((size_t)w, sizeof *set);
  REQUIRE(set);
  uint64_t seed = 7, peak = 0;
  for (uint64_t i = 0; i < 100 * cap; i++) {
    int k = (int)(ct_rand(&seed) % (uint64_t)w);
    if (set[k])
      gr_free(set[k], NULL);
    set[k] = gr_alloc(40);
    REQUIRE(set[k]);
    uint64_t m = ct_stats().bytes_mapped;
    if (m > peak)
      peak = m;
    REQUIRE(m <= 8 * S);
  }
  for (int k = 0; k < w; k++)
    gr_free(set[k], NULL);
  gr_stats_t st = ct_stats();
  REQUIRE(st.slabs > 100 / 7);
  REQUIRE(peak % S == 0);
  printf("churn of 100 x %llu allocations: peak bytes_mapped %llu slabs, %llu slabs opened\n",
         (unsigned long long)cap, (unsigned long long)(peak / S), (unsigned long long)st.slabs);
  printf("OK\n");
  return 0;
}
