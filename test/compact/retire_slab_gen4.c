// The compact runtime (4-bit generations: 7 lives per slot) returns a
// slab whose every slot retired to the OS and never hands out its address
// range again:
//  - the first object of a fresh process opens slab A: [a, a + S), S the
//    bytes_mapped it added;
//  - alloc/free churn of that size until the free that retires A's last
//    slot: at that free bytes_mapped drops by exactly S (A's memory is
//    returned), gr_stats counts every one of A's slots retired, and each of
//    A's slots was handed out exactly 7 times before;
//  - 50 times A's capacity of further churn in the same class (some objects
//    held, some freed), plus other classes and a huge object: no
//    allocation ever lands in A's range;
//  - "stale": a dereference (gr_ref_check) through a reference to A's first
//    object, after the release, is reported as a use-after-free naming the
//    address and saying the slab retired (the fault handler), not a plain
//    segfault.
//
// RUN: %cc -DGENREF_LAYOUT_COMPACT %s -o %t %obj_root/lib/libgenref_rt_compact_gen4.a -lpthread
// RUN: %run %t | FileCheck --check-prefix=OK %s
// RUN: not %run %t stale 2>&1 | FileCheck --check-prefix=STALE %s
// OK: slab A at 0x{{[0-9a-f]+}}, [[#S:]] bytes, [[#CAP:]] slots
// OK-NEXT: released after [[#CAP]] slots retired, 7 lives each
// OK-NEXT: bytes_mapped before the last free [[#B:]]
// OK-NEXT: bytes_mapped after it [[#B-S]]
// OK-NEXT: no allocation in slab A's range after its release
// OK-NEXT: OK
// STALE: slab A at 0x[[ADDR:[0-9a-f]+]]
#include "Inputs/ctest.h"

static uintptr_t a_lo, a_hi;

static int in_a(const void *p) {
  return (uintptr_t)p >= a_lo && (uintptr_t)p < a_hi;
}

int main(int argc, char **argv) {
  int stale = argc > 1 && !strcmp(argv[1], "stale");
  REQUIRE_EQ(ct_stats().bytes_mapped, 0);
  void *a = gr_alloc(24);
  REQUIRE(a);
  gr_ref_t ra = gr_ref_from_new(a);
  uint64_t S = ct_stats().bytes_mapped;
  REQUIRE(S > 0);
  a_lo = (uintptr_t)a;
  a_hi = a_lo + S;
  gr_free(a, NULL);

  /* Churn one object at a time until A is released. */
  ct_map_t lives = {0}; /* A's slots: address -> handouts */
  *ct_map_get(&lives, (uintptr_t)a) = 1;
  uint64_t before = 0, after = 0;
  for (long i = 0;; i++) {
    REQUIRE(i < 100000000);
    void *p = gr_alloc(24);
    REQUIRE(p);
    if (in_a(p))
      ++*ct_map_get(&lives, (uintptr_t)p);
    before = ct_stats().bytes_mapped;
    gr_free(p, NULL);
    after = ct_stats().bytes_mapped;
    if (after != before) {
      REQUIRE(in_a(p)); /* A's last slot retired */
      break;
    }
  }
  uint64_t cap = lives.n;
  for (size_t i = 0; i < lives.cap; i++)
    if (lives.keys[i])
      REQUIRE_EQ(lives.vals[i], 7);
  REQUIRE_EQ(ct_stats().retired_slots, cap);
  REQUIRE(cap * 24 <= S);
  printf("slab A at %p, %llu bytes, %llu slots\n", a, (unsigned long long)S,
         (unsigned long long)cap);
  printf("released after %llu slots retired, 7 lives each\n",
         (unsigned long long)ct_stats().retired_slots);
  printf("bytes_mapped before the last free %llu\n", (unsigned long long)before);
  printf("bytes_mapped after it %llu\n", (unsigned long long)after);
  fflush(stdout);

  if (stale) {
    // STALE: ERROR: genref: use-after-free on address 0x[[ADDR]]
    // STALE-DAG: the object's slab retired (every slot's generation used up) and its memory was returned to the OS
    // STALE-DAG: retire_slab_gen4.c:[[@LINE+1]]:{{[0-9]+}}{{( in main)?$}}
    void *q = gr_ref_check(ra, GR_SITE(__FILE__, __LINE__, 5, "main", "struct node"));
    // STALE: SUMMARY: genref: use-after-free
    // STALE-NOT: not reached
    printf("not reached %p\n", q);
    return 0;
  }

  /* Much more churn: never in A's range. */
  void *held[512] = {0};
  uint64_t seed = 42;
  for (uint64_t i = 0; i < 50 * 7 * cap; i++) {
    uint64_t r = ct_rand(&seed);
    int k = (int)(r % 512);
    if (held[k] && (r >> 40) % 4 == 0) {
      gr_free(held[k], NULL);
      held[k] = NULL;
    }
    void *p = gr_alloc(24);
    REQUIRE(p && !in_a(p));
    if (!held[k] && (r >> 20) % 8 == 0)
      held[k] = p;
    else
      gr_free(p, NULL);
  }
  for (int k = 0; k < 512; k++)
    gr_free(held[k], NULL);
  static const size_t other[] = {8, 16, 48, 64, 100, 256, 1000, 4096, 20000, 100000, 1 << 20};
  for (size_t j = 0; j < sizeof other / sizeof other[0]; j++)
    for (int i = 0; i < 200; i++) {
      void *p = gr_alloc(other[j]);
      REQUIRE(p && !in_a(p));
      REQUIRE((uintptr_t)p + other[j] <= a_lo || (uintptr_t)p >= a_hi);
      gr_free(p, NULL);
    }
  printf("no allocation in slab A's range after its release\n");
  printf("OK\n");
  return 0;
}
