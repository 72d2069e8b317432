// Stack objects' generations (invariant I11): a stack object never gets
// the generation of the object whose end its memory still records, so a
// stale reference to the previous object in the same memory is always
// caught, even after narrow (compact, 16-bit) generations have cycled.
// Before: after exactly 2^15 fresh generations in between, the new object
// got the old one's generation and the stale reference matched it. And one
// frame gives one generation to all its headers (a stack array).
// RUN: %cc -O1 %s %rt -o %t && %run %t | FileCheck %s
// CHECK: cycles: 3, collisions: 0
// CHECK: array: one generation
#include "Inputs/rtest.h"

struct obj {
  gr_header_t h;
  long v;
};

int main(void) {
  struct obj target, other, arr[4];
  int collisions = 0;
  for (int cycle = 0; cycle < 3; cycle++) {
    gr_stack_frame_t f = gr_stack_frame_begin(&target, sizeof target, 0);
    gr_gen_t stale = target.h.gen; // what a reference made now holds
    gr_stack_frame_end(&f);
    // Exactly one compact generation cycle (32,767 odd values) in between.
    for (uint64_t i = 0; i < (UINT64_C(1) << 15) - 2; i++) {
      gr_stack_frame_t o = gr_stack_frame_begin(&other, sizeof other, 0);
      gr_stack_frame_end(&o);
    }
    f = gr_stack_frame_begin(&target, sizeof target, 0);
    collisions += target.h.gen == stale;
    REQUIRE(target.h.gen & 1); // alive
    gr_stack_frame_end(&f);
  }
  printf("cycles: 3, collisions: %d\n", collisions);
  static const uint32_t off[] = {0};
  gr_layout_t l = {"struct obj", sizeof(struct obj), 1, off, 0};
  gr_stack_frame_t a = gr_stack_frame_begin(arr, sizeof arr, &l);
  for (int i = 1; i < 4; i++)
    REQUIRE_EQ(arr[i].h.gen, arr[0].h.gen);
  gr_stack_frame_end(&a);
  printf("array: one generation\n");
  return 0;
}
