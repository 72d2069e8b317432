// Under an address-space limit (ulimit -v, RLIMIT_AS) the heap reserves
// nothing up front (a lazy arena, os.c): a program limited to a few
// hundred MiB runs main, allocates and frees small, aligned and huge
// objects, and reuses freed slots with rising generations (I1). Pushed to
// the limit, gr_alloc returns NULL instead of failing the program; freed
// huge objects are then reused. Without a limit the heap reserves its
// extent as before (every other test).
//
// RUN: %cc -O1 %s %rt -o %t
// RUN: sh -c 'ulimit -v 400000 && %run %t' | FileCheck %s
// RUN: sh -c 'ulimit -v 2000000 && %run %t' | FileCheck %s
// RUN: sh -c 'ulimit -v 400000 && GENREF_OPTIONS=verbosity=1 %run %t' 2>&1 | FileCheck %s --check-prefix=VERBOSE
// CHECK: main runs
// CHECK: small objects: 200000 allocated, freed, reused with rising generations
// CHECK: huge objects until the limit: more than 4, NULL at the limit
// CHECK: huge objects reused after the limit
// CHECK: live objects back to baseline
// VERBOSE: arena at 0x{{[0-9a-f]+}}
// VERBOSE: main runs
#include "Inputs/rtest.h"

#include <sys/resource.h>

#define NSMALL 200000
#define HUGE_SIZE ((size_t)24 << 20)
#define MAXHUGE 1000

int main(void) {
  uint64_t base = rt_live_baseline();
  printf("main runs\n");
  fflush(stdout);
  struct rlimit rl;
  REQUIRE(getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY);

  /* Small and aligned objects: ~20 MiB of slabs, freed, then reused. */
  void **p = calloc(NSMALL, sizeof *p);
  uint64_t *gen = calloc(NSMALL, sizeof *gen);
  REQUIRE(p && gen);
  for (int i = 0; i < NSMALL; i++) {
    p[i] = i % 10 == 9 ? aligned_alloc(64, 40) : gr_alloc(16 + (size_t)(i % 7) * 24);
    REQUIRE(p[i]);
    memset((char *)p[i] + 8, 0x5a, 8);
    gen[i] = rt_hdr(p[i], 0);
    REQUIRE(gen[i] & 1);
  }
  for (int i = 0; i < NSMALL; i++)
    gr_free(p[i], NULL);
  for (int i = 0; i < NSMALL; i++)
    REQUIRE(rt_hdr(p[i], 0) == gen[i] + 1);
  /* Freed slots come back: every slot's header only rises. */
  for (int i = 0; i < NSMALL; i++) {
    void *q = i % 10 == 9 ? aligned_alloc(64, 40) : gr_alloc(16 + (size_t)(i % 7) * 24);
    REQUIRE(q);
    REQUIRE(rt_hdr(q, 0) & 1);
    p[i] = q;
  }
  for (int i = 0; i < NSMALL; i++)
    gr_free(p[i], NULL);
  printf("small objects: %d allocated, freed, reused with rising generations\n", NSMALL);

  /* Huge objects until the limit: NULL, not a crash. */
  static void *h[MAXHUGE];
  int n = 0;
  while (n < MAXHUGE && (h[n] = gr_alloc(HUGE_SIZE)) != NULL) {
    memset((char *)h[n] + 4096, 1, 4096);
    n++;
  }
  REQUIRE(n < MAXHUGE);
  printf("huge objects until the limit: %s, NULL at the limit\n",
         n > 4 ? "more than 4" : "too few");
  static void *old[MAXHUGE];
  static uint64_t old_gen[MAXHUGE];
  for (int i = 0; i < n; i++) {
    old[i] = h[i];
    old_gen[i] = rt_hdr(h[i], 0);
    gr_free(h[i], NULL);
  }
  /* Their slabs are spares of their kind: the same size fits again, in
   * the same slabs, each header two above its last life. */
  for (int i = 0; i < n; i++) {
    h[i] = gr_alloc(HUGE_SIZE);
    REQUIRE(h[i]);
    int j = 0;
    while (j < n && old[j] != h[i])
      j++;
    REQUIRE(j < n);
    REQUIRE_EQ(rt_hdr(h[i], 0), old_gen[j] + 2);
  }
  for (int i = 0; i < n; i++)
    gr_free(h[i], NULL);
  fprintf(stderr, "%d huge objects of %zu MiB under a limit of %llu KiB\n", n,
          HUGE_SIZE >> 20, (unsigned long long)rl.rlim_cur / 1024);
  printf("huge objects reused after the limit\n");
  free(p);
  free(gen);
  REQUIRE_EQ(rt_live_objects(), base);
  printf("live objects back to baseline\n");
  return 0;
}
