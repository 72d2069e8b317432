// A slab's live count, which decides its restart (slab_restart.c), is kept
// by frees alone: only the pool's current slab allocates, and it does not
// count (types.h, `live_exact`). The count is exact for a slab that
// stopped being current with its free list empty. This test makes a slab
// current again after its count was taken, takes its listed slots (not
// counted), then frees everything else in it: the count reaches 0 with 10
// objects still live, and the slab must not start over, or those 10 would
// be handed out a second time. Then the same slab, full and no longer
// current, is emptied and does start over (address order).
//
// RUN: %cc -O1 %s %rt -o %t && %run %t | FileCheck %s
// CHECK: slab A: {{[0-9]+}} slots, current again: 1
// CHECK: handed out twice: 0, tags intact: 1
// CHECK: ascending after restart: 1
#include <stddef.h>
#include "Inputs/rtest.h"

#define SIZE 200 /* a class nothing else here uses */
#define MAX 4096
#define K 10

static char *a[MAX], *b[MAX];
static ptrdiff_t STRIDE; /* the slot size: the first two objects' distance */
static rt_map_t live; /* address -> 1 while handed out */

static char *take(uint64_t tag) {
  char *p = gr_alloc(SIZE);
  REQUIRE(p);
  uint64_t *l = rt_map_get(&live, (uintptr_t)p);
  REQUIRE(*l == 0); /* never a live object's address */
  *l = 1;
  memcpy(p, &tag, sizeof tag);
  return p;
}

static int give(char *p, uint64_t tag) {
  uint64_t t;
  memcpy(&t, p, sizeof t);
  *rt_map_get(&live, (uintptr_t)p) = 0;
  gr_free(p, NULL);
  return t == tag;
}

int main(void) {
  /* Slab A: allocated in address order until the next slot is elsewhere
   * (the next slab, B, now current). */
  int na = 0;
  a[na++] = take(0);
  a[na++] = take(1);
  STRIDE = a[1] - a[0];
  REQUIRE(STRIDE >= SIZE + 8 && STRIDE < 2 * SIZE);
  for (;;) {
    char *p = take(na);
    if (p - a[na - 1] != STRIDE) {
      b[0] = p;
      break;
    }
    REQUIRE(na < MAX);
    a[na++] = p;
  }
  /* K of A's slots back on its list: A's count, taken when it stopped
   * being current, falls to na - K. */
  for (int i = 0; i < K; i++)
    REQUIRE(give(a[i], (uint64_t)i));
  /* B filled: the allocation after B's last slot takes A's listed ones
   * (next-fit), so A is current again; its K allocations are not counted. */
  int nb = 1, again = 0;
  char *lo = a[0], *hi = a[na - 1];
  for (int taken = 0; taken < K;) {
    char *p = take(MAX + nb);
    if (p >= lo && p <= hi) {
      a[(p - lo) / STRIDE] = p;
      taken++;
      again = 1;
      /* re-tag it as A's */
      uint64_t t = (uint64_t)((p - lo) / STRIDE);
      memcpy(p, &t, sizeof t);
    } else {
      REQUIRE(nb < MAX);
      b[nb++] = p;
    }
  }
  printf("slab A: %d slots, current again: %d\n", na, again);
  /* Everything in A but K objects freed while A is current: its count
   * reaches 0 by frees alone, 10 objects still live. */
  int ok = 1;
  for (int i = K; i < na; i++)
    ok &= give(a[i], (uint64_t)i);
  /* Allocations now: never one of the K live objects. */
  int twice = 0;
  static char *c[MAX];
  for (int i = 0; i < na; i++) {
    c[i] = gr_alloc(SIZE);
    REQUIRE(c[i]);
    for (int j = 0; j < K; j++)
      twice += c[i] == a[j];
    uint64_t *l = rt_map_get(&live, (uintptr_t)c[i]);
    twice += *l != 0;
    *l = 1;
    uint64_t t = 1u << 20;
    memcpy(c[i], &t, sizeof t);
  }
  for (int j = 0; j < K; j++)
    ok &= give(a[j], (uint64_t)j);
  printf("handed out twice: %d, tags intact: %d\n", twice, ok);
  /* Every object freed; A (full, not current) is empty and starts over:
   * a rebuild gets its slots back in address order. */
  for (int i = 0; i < na; i++)
    give(c[i], 1u << 20);
  for (int i = 0; i < nb; i++)
    give(b[i], 0); /* B's tags are not checked */
  int asc = 0;
  char *prev = NULL;
  for (int i = 0; i < 2 * na; i++) {
    char *p = gr_alloc(SIZE);
    REQUIRE(p);
    asc += prev && p - prev == STRIDE;
    prev = p;
  }
  printf("ascending after restart: %d\n", asc > 2 * na * 9 / 10);
  return 0;
}
