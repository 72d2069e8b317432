// Normal mode remembers the stack object a counted store last went into
// (refcount.c, local_slot), so a loop storing through one stack struct's
// fields (lru's cache on main's stack) does not search the frame list per
// store. The memory is looked at again once that stack object is gone:
//   frame    stores into a stack object's field count;
//   local    after its frame ends, the same bytes as a plain local: a
//            store there is a local's, not counted (counted if the old
//            stack object were still taken as live);
//   again    a new stack object over the same bytes, at the same depth
//            of the frame list (a new life): counted again;
//   nested   an inner frame begun and ended between two stores of the
//            outer object leaves the outer one found;
//   uncounted a frame with no layout (a local of reference type whose
//            address was taken) holds a local's slot: a store into it is
//            not counted, found by the search and again when remembered,
//            while an outer counted object's stores around it still count.
// RUN: %cc -O1 %s %rt -o %t
// RUN: %run %t | FileCheck %s
// CHECK: frame: counted 1
// CHECK-NEXT: local: counted 0
// CHECK-NEXT: again: counted 1
// CHECK-NEXT: nested: counted 2
// CHECK-NEXT: uncounted: counted 0 0
// CHECK-NEXT: around it: counted 1
// CHECK-NEXT: all released: 0
#include "Inputs/rtest.h"

#include <stddef.h>

struct target {
  int v;
};
struct holder {
  gr_ref_t a, b;
  int n;
};

static const _gr_u32 offsets[] = {offsetof(struct holder, a), offsetof(struct holder, b)};
static const gr_layout_t layout = {"struct holder", sizeof(struct holder), 2, offsets,
                                   0, "a,b", "normal_held_frame.c"};

static __attribute__((noinline)) void put(gr_ref_t *slot, gr_ref_t v) {
  gr_ref_store_at(slot, v, NULL);
}

int main(void) {
  struct target *t = gr_calloc(1, sizeof *t);
  REQUIRE(t != NULL);
  gr_ref_t r = gr_ref_from_new(t);
  union {
    struct holder h;
    char bytes[64];
  } mem;

  gr_stack_frame_t f = gr_stack_frame_begin_normal(&mem.h, sizeof mem.h, &layout, 0, NULL);
  for (int i = 0; i < 1000; i++)
    put(&mem.h.a, i & 1 ? gr_ref_null() : r);
  put(&mem.h.a, r);
  printf("frame: counted %d\n", gr_ref_count(t));
  put(&mem.h.a, gr_ref_null());
  gr_stack_frame_end_normal(&f);

  put(&mem.h.b, r); /* the same bytes, no stack object now */
  printf("local: counted %d\n", gr_ref_count(t));
  mem.h.b = gr_ref_null();

  f = gr_stack_frame_begin_normal(&mem.h, sizeof mem.h, &layout, 0, NULL);
  put(&mem.h.b, r);
  printf("again: counted %d\n", gr_ref_count(t));
  struct holder inner;
  gr_stack_frame_t g = gr_stack_frame_begin_normal(&inner, sizeof inner, &layout, 0, NULL);
  put(&inner.a, r);
  put(&inner.a, gr_ref_null());
  gr_stack_frame_end_normal(&g);
  put(&mem.h.a, r);
  printf("nested: counted %d\n", gr_ref_count(t));
  put(&mem.h.a, gr_ref_null());
  put(&mem.h.b, gr_ref_null());

  gr_ref_t local;
  gr_stack_frame_t l = gr_stack_frame_begin_normal(&local, sizeof local, NULL, 0, NULL);
  local = gr_ref_null();
  put(&local, r); /* found by the search */
  int first = gr_ref_count(t);
  put(&local, gr_ref_null());
  put(&local, r); /* the remembered frame */
  printf("uncounted: counted %d %d\n", first, gr_ref_count(t));
  put(&mem.h.a, r);
  printf("around it: counted %d\n", gr_ref_count(t));
  put(&mem.h.a, gr_ref_null());
  gr_stack_frame_end_normal(&l);
  gr_stack_frame_end_normal(&f);
  printf("all released: %d\n", gr_ref_count(t));
  gr_free(t, NULL);
  return 0;
}
