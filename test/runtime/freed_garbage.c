// I10: no byte the program can write decides reuse. A stale raw write
// over a freed object -- garbage, or addresses planted where an in-band
// free list would keep its link (a stack address, a static one, a live
// object, the freed object itself) -- cannot redirect malloc: the free
// lists are linked through the free slots' headers, outside the objects. After such writes over
// every freed object of several size classes (and an aligned kind), many
// mallocs of those sizes each return a live genref object, at its
// alignment, never a planted address and never one already handed out;
// nothing crashes and nothing is reported (no heap-corruption). The
// freed objects keep the written bytes until their slots come back.
//
// RUN: %cc -O1 %s %rt -o %t && %run %t 2>&1 | FileCheck %s
// CHECK-NOT: ERROR: genref
// CHECK: planted: 0, twice: 0, not genref: 0
// CHECK: reports: 0
// CHECK-NOT: ERROR: genref
#include "Inputs/rtest.h"

#define N 512
#define ROUNDS 8

static long static_target[16];

int main(void) {
  static const size_t sizes[] = {16, 24, 40, 100, 256, 1000, 4000, 20000};
  long stack_target[16];
  uint64_t rng = 11;
  int planted = 0, twice = 0, foreign = 0;
  static void *objs[N], *live[2 * N];
  for (size_t si = 0; si < sizeof sizes / sizeof sizes[0] * 2; si++) {
    size_t size = sizes[si / 2], align = si % 2 ? 64 : 16;
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < N; i++) {
        objs[i] = align == 16 ? malloc(size) : aligned_alloc(align, size);
        REQUIRE(objs[i]);
      }
      /* Free them all, then scribble over every freed object through the
       * stale pointers, as unchecked code or a library would. */
      for (int i = 0; i < N; i++)
        free(objs[i]);
      for (int i = 0; i < N; i++) {
        uintptr_t *w = objs[i];
        size_t words = size / sizeof *w;
        for (size_t k = 0; k < words; k++) {
          switch ((i + k + (size_t)round) % 6) {
          case 0: w[k] = (uintptr_t)rt_rand(&rng); break;
          case 1: w[k] = (uintptr_t)stack_target; break;
          case 2: w[k] = (uintptr_t)static_target; break;
          case 3: w[k] = (uintptr_t)objs[(i + 1) % N]; break;
          case 4: w[k] = (uintptr_t)w; break;
          default: w[k] = ~(uintptr_t)0; break;
          }
        }
      }
      REQUIRE(((uintptr_t *)objs[0])[0] != 0 || size < 8); /* bytes kept */
      /* Many mallocs of that size: twice as many as were freed. */
      for (int i = 0; i < 2 * N; i++) {
        void *p = align == 16 ? malloc(size) : aligned_alloc(align, size);
        REQUIRE(p);
        if (p == (void *)stack_target || p == (void *)static_target)
          planted++;
        if (!gr_heap_owns(p) || (uintptr_t)p % align || gr_usable_size(p) < size ||
            !(rt_hdr(p, 0) & 1))
          foreign++;
        memset(p, 0x33, size); /* usable: writing it must break nothing */
        live[i] = p;
      }
      for (int i = 0; i < 2 * N; i++)
        for (int j = i + 1; j < 2 * N && j < i + 8; j++)
          twice += live[i] == live[j];
      /* Distinct: every one is still live and was handed out once. */
      for (int i = 0; i < 2 * N; i++) {
        if (!gr_heap_owns(live[i]))
          twice++;
        free(live[i]);
        if (gr_heap_owns(live[i]))
          twice++; /* handed out twice: still live after one free */
      }
    }
  }
  printf("planted: %d, twice: %d, not genref: %d\n", planted, twice, foreign);
  gr_stats_t st;
  gr_stats_get(&st);
  printf("reports: %llu\n", (unsigned long long)st.reports);
  return 0;
}
