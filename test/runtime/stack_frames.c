// Stack objects' lifetimes (object.c, locate.c): gr_stack_frame_begin
// gives a stack object a generation in its thread's frame list and
// gr_stack_frame_end ends it; the object's own bytes hold nothing of it.
//   scope    a reference made with gr_ref_make to a stack object (and to
//            an element of a stack array: interior) validates while its
//            frame is in the list and fails after gr_stack_frame_end; a
//            reference to a field of a frame nested inside an outer one
//            names the inner frame; a reference to memory outside every
//            frame (an unframed local) is static (generation 0).
//   longjmp  frames begun below a setjmp and skipped by longjmp (their
//            ends never run) are dropped when an outer frame ends: their
//            references fail, and the next frame begins at the outer
//            frame's depth.
//   thread   a reference into another thread's stack object validates
//            from this thread while that frame is in scope, and fails
//            once the other thread ended it.
//   stale    a checked dereference after the end is a use-after-free.
//
// RUN: %cc -O1 %s %rt -o %t
// RUN: %run %t | FileCheck %s
// RUN: not %run %t stale 2>&1 | FileCheck %s --check-prefix=STALE
// CHECK: scope ok
// CHECK-NEXT: longjmp ok
// CHECK-NEXT: thread ok
// STALE: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}}
// STALE: SUMMARY: genref: use-after-free
// STALE-NOT: not reached
#define _GNU_SOURCE
#include "Inputs/rtest.h"

#include <pthread.h>
#include <setjmp.h>
#include <stdatomic.h>

struct obj {
  long a, b;
  long arr[8];
};

static int scope_test(void) {
  int ok = 1;
  struct obj o;
  long unframed = 5;
  gr_stack_frame_t f = gr_stack_frame_begin(&o, sizeof o);
  gr_ref_t r = gr_ref_make(&o, NULL), e = gr_ref_make(&o.arr[3], NULL);
  ok &= gr_ref_alive(r) && gr_ref_alive(e) && (gr_ref_gen(r) & 1) &&
        gr_ref_gen(e) == gr_ref_gen(r);
  ok &= gr_ref_check(e, NULL) == &o.arr[3];
  /* A frame for a field, inside o's: its own generation. */
  gr_stack_frame_t g = gr_stack_frame_begin(&o.arr[0], sizeof o.arr);
  gr_ref_t in = gr_ref_make(&o.arr[1], NULL);
  ok &= gr_ref_alive(in) && gr_ref_gen(in) != gr_ref_gen(r);
  gr_stack_frame_end(&g);
  ok &= !gr_ref_alive(in) && gr_ref_alive(r);
  gr_stack_frame_end(&f);
  ok &= !gr_ref_alive(r) && !gr_ref_alive(e);
  gr_ref_t s = gr_ref_make(&unframed, NULL);
  ok &= gr_ref_gen(s) == GR_GEN_STATIC && gr_ref_alive(s);
  /* The same memory, a new object: the old reference still fails. */
  f = gr_stack_frame_begin(&o, sizeof o);
  ok &= !gr_ref_alive(r) && gr_ref_alive(gr_ref_make(&o, NULL));
  gr_stack_frame_end(&f);
  return ok;
}

static jmp_buf jb;
static gr_ref_t skipped[2];

__attribute__((noinline)) static void inner(int depth) {
  long local[4] = {depth};
  gr_stack_frame_t f = gr_stack_frame_begin(local, sizeof local);
  skipped[depth] = gr_ref_make(&local[1], NULL);
  if (depth == 1)
    longjmp(jb, 1); /* neither inner frame's end runs */
  inner(depth + 1);
  gr_stack_frame_end(&f);
}

static int longjmp_test(void) {
  int ok = 1;
  long outer_obj[2];
  gr_stack_frame_t outer = gr_stack_frame_begin(outer_obj, sizeof outer_obj);
  uint32_t depth = outer.depth;
  if (!setjmp(jb)) {
    inner(0);
    return 0; /* not reached */
  }
  /* Skipped frames are still listed until an outer frame ends. */
  gr_stack_frame_end(&outer);
  ok &= !gr_ref_alive(skipped[0]) && !gr_ref_alive(skipped[1]);
  long again[2];
  gr_stack_frame_t next = gr_stack_frame_begin(again, sizeof again);
  ok &= next.depth == depth; /* the list was cut back to the outer frame */
  gr_stack_frame_end(&next);
  ok &= !gr_ref_alive(skipped[0]) && !gr_ref_alive(skipped[1]);
  return ok;
}

static _Atomic int phase;
static gr_ref_t theirs;

static void *stack_owner(void *arg) {
  (void)arg;
  struct obj mine = {1, 2, {0}};
  gr_stack_frame_t f = gr_stack_frame_begin(&mine, sizeof mine);
  theirs = gr_ref_make(&mine.b, NULL);
  atomic_store(&phase, 1);
  while (atomic_load(&phase) != 2) {
  }
  gr_stack_frame_end(&f);
  atomic_store(&phase, 3);
  while (atomic_load(&phase) != 4) { /* keep the stack until checked */
  }
  return NULL;
}

static int thread_test(void) {
  pthread_t t;
  REQUIRE(pthread_create(&t, NULL, stack_owner, NULL) == 0);
  while (atomic_load(&phase) != 1) {
  }
  int ok = gr_ref_alive(theirs) && *(long *)gr_ref_check(theirs, NULL) == 2;
  atomic_store(&phase, 2);
  while (atomic_load(&phase) != 3) {
  }
  ok &= !gr_ref_alive(theirs);
  atomic_store(&phase, 4);
  REQUIRE(pthread_join(t, NULL) == 0);
  return ok;
}

__attribute__((noinline)) static gr_ref_t escape(void) {
  struct obj o = {7, 8, {0}};
  gr_stack_frame_t f = gr_stack_frame_begin(&o, sizeof o);
  gr_ref_t r = gr_ref_make(&o.b, NULL);
  gr_stack_frame_end(&f);
  return r;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "stale")) {
    gr_ref_t r = escape();
    long v = *(long *)gr_ref_check(r, NULL);
    printf("not reached %ld\n", v);
    return 0;
  }
  printf("scope %s\n", scope_test() ? "ok" : "BROKEN");
  printf("longjmp %s\n", longjmp_test() ? "ok" : "BROKEN");
  printf("thread %s\n", thread_test() ? "ok" : "BROKEN");
  return 0;
}
