// Normal mode's record of what a typed allocation holds (gr_alloc_counted),
// by which a free through any pointer type releases the object's
// references. In the compact layout it is a tag in the object's header
// (one of its slab's layouts, 1..254), or, once a slab has 254 layouts,
// the slot's own record (tag 255). Here 300 holders of 300 distinct
// layouts, one slab, each hold the target twice; frees without a type
// (as `free` through `void *`) must release every one, tagged or not, a
// realloc'd holder keeps its record, and an untyped object in a slot a
// typed one had releases nothing at its free (the allocation clears the
// tag: the realloc'd holder's count stays).
// RUN: %cc -O1 %s %rt -o %t
// RUN: %run %t | FileCheck %s
// CHECK: held: 602
// CHECK-NEXT: after the frees: 2
// CHECK-NEXT: after the realloc: 2
// CHECK-NEXT: untyped reuse: 2
// CHECK-NEXT: all released: 0
#include "Inputs/rtest.h"

#include <stddef.h>

#define N 300

struct target {
  int v;
};
struct holder {
  gr_ref_t a, b;
  long pad;
};

static const _gr_u32 offsets[] = {offsetof(struct holder, a), offsetof(struct holder, b)};
static gr_layout_t layouts[N];
static struct holder *holders[N];

int main(void) {
  struct target *t = gr_calloc(1, sizeof *t);
  REQUIRE(t != NULL);
  gr_ref_t r = gr_ref_from_new(t);
  for (int i = 0; i < N; i++) {
    layouts[i] = (gr_layout_t){"struct holder", sizeof(struct holder), 2, offsets,
                               0, "a,b", "normal_type_tags.c"};
    holders[i] = gr_alloc_counted(sizeof(struct holder), &layouts[i]);
    REQUIRE(holders[i] != NULL);
    gr_ref_store_at(&holders[i]->a, r, NULL);
    gr_ref_store_at(&holders[i]->b, r, NULL);
  }
  /* One more, to be moved by realloc. */
  struct holder *m = gr_alloc_counted(sizeof(struct holder), &layouts[0]);
  REQUIRE(m != NULL);
  gr_ref_store_at(&m->a, r, NULL);
  gr_ref_store_at(&m->b, r, NULL);
  printf("held: %d\n", gr_ref_count(t));
  for (int i = 0; i < N; i++)
    gr_free(holders[i], NULL); /* no type given: the record says */
  printf("after the frees: %d\n", gr_ref_count(t));
  m = gr_realloc(m, 2 * sizeof(struct holder), NULL);
  REQUIRE(m != NULL);
  printf("after the realloc: %d\n", gr_ref_count(t));
  /* Untyped objects in the freed holders' slots: their bytes hold no
   * counted reference, and a free releases nothing. */
  for (int i = 0; i < N; i++) {
    holders[i] = gr_alloc(sizeof(struct holder));
    REQUIRE(holders[i] != NULL);
    memcpy(&holders[i]->a, &r, sizeof r); /* a copy, not a counted store */
  }
  for (int i = 0; i < N; i++)
    gr_free(holders[i], NULL);
  printf("untyped reuse: %d\n", gr_ref_count(t));
  gr_free(m, NULL);
  printf("all released: %d\n", gr_ref_count(t));
  gr_free(t, NULL);
  return 0;
}
