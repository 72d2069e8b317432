// A slab whose every slot is free again starts its free list over in
// address order (heap.c, _gr_slab_restart): a program that frees a whole
// structure and builds it again (bench/graph's rounds, treeadd's trees)
// gets its objects back in allocation order, as from a fresh heap, not in
// the order it freed them (LIFO, or FIFO as the compact lists once were:
// both scatter the rebuilt structure; graph ran 1.3x slower). Identity is unchanged: every slot's
// header keeps rising (I1) and a stale reference to a freed object stays
// dead. A slab with a retired slot never starts over (I4: checked by
// retire_gen4.c's churn).
//
// RUN: %cc -O1 %s %rt -o %t && %run %t | FileCheck %s
// CHECK: ascending after restart: 1
// CHECK: headers rose: {{[1-9][0-9]*}}, stale alive: 0
#include "Inputs/rtest.h"

#define N 20000 /* 40-byte objects: more than ten full slabs */

static void *objs[N];
static uint64_t hdrs[N];
static void *hdr_at[N];       /* the first round's objects, as allocated */
static uint64_t first_hdr[N]; /* and their headers while live */

int main(void) {
  uint64_t seed = 12345;
  for (int i = 0; i < N; i++) {
    objs[i] = gr_alloc(40);
    REQUIRE(objs[i]);
  }
  gr_ref_t stale = gr_ref_make(objs[N / 2], NULL);
  for (int i = 0; i < N; i++) {
    hdrs[i] = rt_hdr(objs[i], 0);
    hdr_at[i] = objs[i];
    first_hdr[i] = hdrs[i];
  }
  /* Free every object in random order. */
  for (int i = N - 1; i > 0; i--) {
    int j = (int)(rt_rand(&seed) % (uint64_t)(i + 1));
    void *t = objs[i];
    objs[i] = objs[j];
    objs[j] = t;
    uint64_t h = hdrs[i];
    hdrs[i] = hdrs[j];
    hdrs[j] = h;
  }
  for (int i = 0; i < N; i++)
    gr_free(objs[i], NULL);
  REQUIRE(!gr_ref_alive(stale));
  /* Build again: the full slabs hand their slots out in address order,
   * one slot (48 bytes) after the other. (The last, partly carved slab
   * keeps its free order: it never starts over.) Freed in random order
   * and reused in that order, almost no two neighbours would be. */
  int next_slot = 0;
  char *prev = NULL;
  for (int i = 0; i < N; i++) {
    char *p = gr_alloc(40);
    REQUIRE(p);
    next_slot += prev && p - prev == 48;
    prev = p;
    objs[i] = p;
  }
  printf("ascending after restart: %d\n", next_slot > N * 9 / 10);
  /* Every slot handed out again has a higher header than in its last
   * life (I1): the restart carves slots again, it never resets them. */
  rt_map_t was = {0};
  for (int i = 0; i < N; i++)
    *rt_map_get(&was, (uintptr_t)hdr_at[i]) = first_hdr[i];
  uint64_t rose = 0;
  for (int i = 0; i < N; i++) {
    uint64_t h = rt_hdr(objs[i], 0);
    REQUIRE(h & 1); /* live */
    uint64_t *old = rt_map_find(&was, (uintptr_t)objs[i]);
    if (old) {
      REQUIRE(h > *old);
      rose++;
    }
  }
  printf("headers rose: %llu, stale alive: %d\n", (unsigned long long)rose, gr_ref_alive(stale));
  for (int i = 0; i < N; i++)
    gr_free(objs[i], NULL);
  return 0;
}
