// Normal mode's counts belong to one life of a heap slot (docs/design.md
// section 15). In the compact layout a count is the high half of the
// slot's header word, which a free keeps (for its check) and the next
// allocation must start at 0; in the fat layout it is a per-slab entry
// tagged with the generation. Either way: a slot freed while counted (a
// realloc's old object, which is not checked) is handed out again with
// count 0; a store of a reference to the new life counts 1; a decrement
// through the stale reference to the old life changes nothing; the last
// reference going away leaves 0, and the free is silent.
//
// RUN: %cc -O1 %s %rt -o %t && %run %t 2>&1 | FileCheck %s
// CHECK-NOT: genref
// CHECK: reused after 
// CHECK-SAME: count 0
// CHECK: stale decrement ignored: count 1
// CHECK: released: count 0
#include "Inputs/rtest.h"

#include <stddef.h>

struct holder {
  gr_ref_t a, b;
};

static const _gr_u32 offsets[] = {offsetof(struct holder, a), offsetof(struct holder, b)};
static const gr_layout_t layout = {"struct holder", sizeof(struct holder), 2, offsets,
                                   0, "a,b", "normal_count_lives.c"};

#define MAXTRIES 200000
static void *kept[MAXTRIES];

int main(void) {
  struct holder *h = gr_alloc_counted(sizeof *h, &layout);
  REQUIRE(h != NULL);
  void *t = gr_alloc(40);
  REQUIRE(t != NULL);
  gr_ref_t old = gr_ref_from_new(t);
  gr_ref_store_at(&h->a, old, NULL);
  REQUIRE_EQ(gr_ref_count(t), 1);
  /* The old life ends counted (a realloc checks no references). */
  void *moved = gr_realloc(t, 400, NULL);
  REQUIRE(moved != NULL);
  /* Allocate until the slot comes back (at once in LIFO order, or after
   * the slots a restart carves before it). */
  void *again = NULL;
  int n;
  for (n = 0; n < MAXTRIES && !again; n++) {
    void *p = gr_alloc(40);
    REQUIRE(p != NULL);
    if (p == t)
      again = p;
    else
      kept[n] = p;
  }
  REQUIRE(again != NULL);
  printf("reused after %d allocations: count %d\n", n, gr_ref_count(again));
  REQUIRE_EQ(gr_ref_count(again), 0);
  gr_ref_t now = gr_ref_from_new(again);
  gr_ref_store_at(&h->b, now, NULL);
  REQUIRE_EQ(gr_ref_count(again), 1);
  /* h->a still holds the old life's reference: replacing it is a decrement
   * for that life, not for this one. */
  gr_ref_store_at(&h->a, gr_ref_null(), NULL);
  printf("stale decrement ignored: count %d\n", gr_ref_count(again));
  REQUIRE_EQ(gr_ref_count(again), 1);
  gr_ref_store_at(&h->b, gr_ref_null(), NULL);
  printf("released: count %d\n", gr_ref_count(again));
  REQUIRE_EQ(gr_ref_count(again), 0);
  gr_free(again, NULL);
  for (int i = 0; i < n; i++)
    if (kept[i])
      gr_free(kept[i], NULL);
  gr_free(moved, NULL);
  gr_free(h, NULL);
  return 0;
}
