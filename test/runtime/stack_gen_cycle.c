// Stack objects' generations (I11 of the stack, object.c): a stack object
// never gets the generation of the object whose end its memory still
// records, so a stale reference to the previous object in the same memory
// is always caught, even after narrow (compact, 16-bit) generations have
// cycled. Before: after exactly 2^15 fresh generations in between, the new
// object got the old one's generation and the stale reference matched it.
// The generation lives in the thread's frame list, never in the object's
// bytes; one frame gives one generation to a whole stack array.
// This is the frame-list scheme, which stays for the objects the rewriter
// cannot place (docs/annotations.md: a use in a macro's body, a jump past
// the declaration, a compound literal, ...) and when a heap copy cannot be
// allocated: with it the compact layout's generations at one address
// repeat after 32,767 objects in between (a stale reference to an object
// 2^15 frames back may match). Placed objects live in heap copies in the
// compact layout (gr_stack_frame_place) and never repeat:
// test/identity/stack_gen_period.c.
// RUN: %cc -O1 %s %rt -o %t && %run %t | FileCheck %s
// CHECK: cycles: 3, collisions: 0
// CHECK: array: one generation
#include "Inputs/rtest.h"

struct obj {
  long v;
};

int main(void) {
  struct obj target, other, arr[4];
  int collisions = 0;
  for (int cycle = 0; cycle < 3; cycle++) {
    gr_stack_frame_t f = gr_stack_frame_begin(&target, sizeof target);
    gr_ref_t stale = gr_ref_make(&target, NULL);
    REQUIRE(gr_ref_alive(stale) && (gr_ref_gen(stale) & 1));
    gr_stack_frame_end(&f);
    REQUIRE(!gr_ref_alive(stale));
    // Exactly one compact generation cycle (32,767 odd values) in between.
    for (uint64_t i = 0; i < (UINT64_C(1) << 15) - 2; i++) {
      gr_stack_frame_t o = gr_stack_frame_begin(&other, sizeof other);
      gr_stack_frame_end(&o);
    }
    f = gr_stack_frame_begin(&target, sizeof target);
    gr_ref_t now = gr_ref_make(&target, NULL);
    collisions += gr_ref_gen(now) == gr_ref_gen(stale) || gr_ref_alive(stale);
    REQUIRE(gr_ref_alive(now) && (gr_ref_gen(now) & 1)); // alive
    gr_stack_frame_end(&f);
  }
  printf("cycles: 3, collisions: %d\n", collisions);
  gr_stack_frame_t a = gr_stack_frame_begin(arr, sizeof arr);
  gr_ref_t r0 = gr_ref_make(&arr[0], NULL);
  for (int i = 1; i < 4; i++) {
    gr_ref_t ri = gr_ref_make(&arr[i], NULL);
    REQUIRE_EQ(gr_ref_gen(ri), gr_ref_gen(r0));
    REQUIRE(gr_ref_alive(ri));
  }
  gr_stack_frame_end(&a);
  printf("array: one generation\n");
  return 0;
}
