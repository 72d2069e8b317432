// Normal mode's counts under threads: 4 threads store references to 3
// shared targets (one slab, allocated by main) into fields of their own
// holders (gr_ref_store_at, as the plugin writes a counted store), and
// free and reallocate holders as they go (the free releases what the
// holder held). Every target's count is changed by every thread at once.
// After the threads end, each target's count must be the number of fields
// that hold it; after main frees every holder (frees by a thread that is
// not the holders' own), 0. Run with the plain runtime and with
// ThreadSanitizer, which must stay silent: the counts' updates are atomic
// (a count incremented by a plain load and store loses updates here: the
// counts disagree and the last frees are reported). Main's own holder
// is filled before the first thread exists, while counts change with
// plain stores (GR_SOLO, internal.h), and released after: the counts
// carry across the switch to compare-and-swap.
//
// RUN: %cc -O1 %s %rt -o %t -lpthread && %run %t 2000000 | FileCheck %s
// RUN: %cc -O1 -fsanitize=thread %s %rt_tsan -o %t.tsan -lpthread
// RUN: env TSAN_OPTIONS=halt_on_error=1:exitcode=66 %run %t.tsan 300000 2>&1 | FileCheck %s
// CHECK-NOT: ThreadSanitizer
// CHECK: counts after the threads agree with the fields holding them
// CHECK: counts after the frees: all 0
#include "Inputs/rtest.h"

#include <stddef.h>

#define NTARGETS 3
#define NHOLDERS 64
#define NTHREADS 4

struct target {
  int v;
};
struct holder {
  gr_ref_t a, b;
};

static const _gr_u32 offsets[] = {offsetof(struct holder, a), offsetof(struct holder, b)};
static const gr_layout_t layout = {"struct holder", sizeof(struct holder), 2, offsets,
                                   0, "a,b", "normal_counts_mt.c"};

static gr_ref_t targets[NTARGETS];
static struct holder *holders[NTHREADS][NHOLDERS];
static long iterations;

static struct holder *new_holder(void) {
  struct holder *h = gr_alloc_counted(sizeof *h, &layout);
  REQUIRE(h != NULL);
  return h;
}

static void *worker(void *arg) {
  long t = (long)arg;
  uint64_t x = 0x9E3779B97F4A7C15ull * (uint64_t)(t + 1);
  for (int i = 0; i < NHOLDERS; i++)
    holders[t][i] = new_holder();
  for (long i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    struct holder *h = holders[t][x % NHOLDERS];
    if ((x >> 20) % 64 == 0) {
      /* The free releases both fields. */
      gr_free(h, NULL);
      holders[t][x % NHOLDERS] = new_holder();
      continue;
    }
    unsigned k = (unsigned)((x >> 8) % (NTARGETS + 1));
    gr_ref_t v = k == NTARGETS ? gr_ref_null() : targets[k];
    gr_ref_store_at((x >> 32) & 1 ? &h->a : &h->b, v, NULL);
  }
  return NULL;
}

static int held(gr_ref_t r, gr_ref_t target) { return gr_ref_eq(r, target); }

int main(int argc, char **argv) {
  iterations = argc > 1 ? atol(argv[1]) : 100000;
  for (int i = 0; i < NTARGETS; i++) {
    struct target *p = gr_calloc(1, sizeof *p);
    REQUIRE(p != NULL);
    targets[i] = gr_ref_from_new(p);
  }
  struct holder *mine = new_holder(); /* stored while single-threaded */
  gr_ref_store_at(&mine->a, targets[0], NULL);
  gr_ref_store_at(&mine->b, targets[1], NULL);
  gr_ref_store_at(&mine->b, targets[2], NULL);
  pthread_t th[NTHREADS];
  for (long t = 0; t < NTHREADS; t++)
    REQUIRE(pthread_create(&th[t], NULL, worker, (void *)t) == 0);
  for (int t = 0; t < NTHREADS; t++)
    REQUIRE(pthread_join(th[t], NULL) == 0);
  int wrong = 0;
  for (int i = 0; i < NTARGETS; i++) {
    int n = held(mine->a, targets[i]) + held(mine->b, targets[i]);
    for (int t = 0; t < NTHREADS; t++)
      for (int j = 0; j < NHOLDERS; j++)
        n += held(holders[t][j]->a, targets[i]) + held(holders[t][j]->b, targets[i]);
    int c = gr_ref_count(gr_ref_ptr(targets[i]));
    if (c != n) {
      printf("target %d: count %d, %d fields hold it\n", i, c, n);
      wrong++;
    }
  }
  if (!wrong)
    printf("counts after the threads agree with the fields holding them\n");
  for (int t = 0; t < NTHREADS; t++)
    for (int j = 0; j < NHOLDERS; j++)
      gr_free(holders[t][j], NULL);
  gr_free(mine, NULL);
  int left = 0;
  for (int i = 0; i < NTARGETS; i++)
    left += gr_ref_count(gr_ref_ptr(targets[i])) != 0;
  printf("counts after the frees: %s\n", left ? "some left" : "all 0");
  for (int i = 0; i < NTARGETS; i++)
    gr_free(gr_ref_ptr(targets[i]), NULL);
  return wrong || left;
}
