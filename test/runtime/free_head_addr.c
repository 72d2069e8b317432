// The free list's head keeps its object's address beside its slot number
// (types.h, gr_slab_t.free_obj): the allocation returns it as it is, with
// no multiply, so every way the head changes must set it. Each is taken
// here, and every object handed out is checked against the slot the heap
// keeps for it: a live object start of its class (gr_usable_size, an odd
// header), never one already live. A stale free_obj hands out the
// previous head (twice) or a non-start, and fails here:
//   - fresh slots carved into the list (64 at a time), in both layouts'
//     orders;
//   - a free by the owner (the pushed pointer itself), and the pop after it;
//   - the restart of a slab whose every slot is free (the list starts over
//     empty and is carved again from slot 0);
//   - other threads' frees, collected only into an empty list (slab.c);
//   - a thread heap made after start-up, whose copy of the class table
//     gr_alloc indexes (types.h, gr_theap_t.class_tab): every size gets
//     the same slot size as in the main thread.
//
// RUN: %cc -O1 %s %rt -o %t && %run %t | FileCheck %s
// CHECK: carved: ok
// CHECK: pushed and popped: ok
// CHECK: restarted: ok
// CHECK: collected: ok
// CHECK: class table: ok
#define _GNU_SOURCE
#include "Inputs/rtest.h"

#include <pthread.h>

#define N 6000   /* 40-byte objects: several slabs, each carved in batches */

static void *objs[N];
static rt_map_t live; /* address -> 1 while handed out */

/* An allocation of n bytes, checked: a live object start (odd header,
 * usable size), not live already. */
static void *take(size_t n) {
  void *p = gr_alloc(n);
  REQUIRE(p);
  REQUIRE(gr_usable_size(p) >= n);
  REQUIRE(rt_hdr(p, 0) & 1);
  uint64_t *was = rt_map_get(&live, (uintptr_t)p);
  REQUIRE(*was == 0);
  *was = 1;
  return p;
}

static void give(void *p) {
  uint64_t *was = rt_map_find(&live, (uintptr_t)p);
  REQUIRE(was && *was == 1);
  *was = 0;
  gr_free(p, NULL);
  REQUIRE(!(rt_hdr(p, 0) & 1));
}

static void *remote_free(void *arg) {
  void **v = arg;
  for (int i = 0; i < N / 2; i++)
    gr_free(v[i], NULL);
  return NULL;
}

#define SMALL_MAX (128 * 1024 - 8) /* the largest small size */
static uint32_t usable[SMALL_MAX + 1];

static void *class_sizes(void *arg) {
  int *bad = arg;
  for (size_t n = 1; n <= SMALL_MAX; n++) {
    void *p = gr_alloc(n);
    REQUIRE(p);
    if (gr_usable_size(p) != usable[n])
      ++*bad;
    gr_free(p, NULL);
  }
  return NULL;
}

int main(void) {
  uint64_t seed = 99;
  /* Carving: more objects than one batch, than one slab. */
  for (int i = 0; i < N; i++)
    objs[i] = take(40);
  printf("carved: ok\n");
  /* Frees and allocations interleaved at random: pushes by the owner
   * (the pointer freed becomes the head) and pops. */
  for (int r = 0; r < 200000; r++) {
    int i = (int)(rt_rand(&seed) % N);
    give(objs[i]);
    if (rt_rand(&seed) & 1) {
      int j = (int)(rt_rand(&seed) % N);
      if (j != i) {
        give(objs[j]);
        objs[j] = take(40);
      }
    }
    objs[i] = take(40);
  }
  printf("pushed and popped: ok\n");
  /* Every object freed: the full slabs start over from slot 0 (an empty
   * list, carved again). The next allocations are checked as all others
   * are: a head left from before the restart would be handed out twice. */
  for (int i = 0; i < N; i++)
    give(objs[i]);
  for (int i = 0; i < N; i++)
    objs[i] = take(40);
  printf("restarted: ok\n");
  /* Another thread frees half; this thread then allocates until its lists
   * run dry and it collects those frees (into an empty list only). */
  pthread_t t;
  REQUIRE(pthread_create(&t, NULL, remote_free, objs) == 0);
  REQUIRE(pthread_join(t, NULL) == 0);
  for (int i = 0; i < N / 2; i++) {
    uint64_t *was = rt_map_find(&live, (uintptr_t)objs[i]);
    REQUIRE(was && *was == 1);
    *was = 0;
  }
  for (int i = 0; i < N / 2; i++)
    objs[i] = take(40);
  for (int i = 0; i < N; i++)
    give(objs[i]);
  printf("collected: ok\n");
  /* The class table: a new thread's heap gets its own copy. */
  for (size_t n = 1; n <= SMALL_MAX; n++) {
    void *p = gr_alloc(n);
    REQUIRE(p);
    usable[n] = (uint32_t)gr_usable_size(p);
    REQUIRE(usable[n] >= n);
    gr_free(p, NULL);
  }
  int bad = 0;
  REQUIRE(pthread_create(&t, NULL, class_sizes, &bad) == 0);
  REQUIRE(pthread_join(t, NULL) == 0);
  printf("class table: %s\n", bad ? "differs" : "ok");
  return 0;
}
