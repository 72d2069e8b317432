// gr_ref_make's inline case (ref.h: a pointer into a live heap object, at
// its start or inside it, while no program allocator has made a block)
// gives exactly the reference the runtime's _gr_ref_make gives: the same
// word, generation and interior bit, for every byte of objects of many
// sizes (small classes, the slack a class rounds up to, a huge object, an
// aligned one). Pointers it does not take (a slot's header, one past the
// end, a freed object, a stack or static object) go to _gr_ref_make, so
// what they become (or report) does not change: one past the end, a static
// and a stack object are checked here; interior_ref.c and
// report_format.c check the rest.
//
// RUN: %cc -O1 %s %rt -o %t
// RUN: %run %t | FileCheck %s
// CHECK: agree: {{[0-9]+}} pointers
// CHECK-NEXT: left to the runtime: ok
// CHECK-NOT: ERROR
#include "Inputs/rtest.h"

#include <stdalign.h>

static int same(gr_ref_t a, gr_ref_t b) {
  return memcmp(&a, &b, sizeof a) == 0;
}

static long checked;

static void agree(char *base, size_t n) {
  for (size_t i = 0; i < n; i++) {
    gr_ref_t in = _gr_ref_make_inline(base + i, NULL);
    gr_ref_t rt = _gr_ref_make(base + i, NULL);
    if (!same(in, rt) || gr_ref_ptr(in) != base + i ||
        _gr_ref_interior(in) != (i != 0) || !gr_ref_alive(in)) {
      printf("disagree at %zu of %zu\n", i, n);
      exit(1);
    }
    checked++;
  }
}

static int static_obj[4];

int main(void) {
  size_t sizes[] = {1, 8, 16, 24, 33, 40, 48, 100, 1000, 4096, 70000, 300000};
  for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
    char *p = malloc(sizes[k]);
    agree(p, sizes[k]);
    free(p);
  }
  char *a = aligned_alloc(256, 512);
  agree(a, 512);
  free(a);
  printf("agree: %ld pointers\n", checked);

  /* Not the inline case: the same as before, from the runtime. */
  char *o = malloc(40);
  int stack_obj[4];
  gr_ref_t end = gr_ref_make(o + 40, NULL); /* one past the end */
  gr_ref_t st = gr_ref_make(&static_obj[1], NULL);
  gr_ref_t sk = gr_ref_make(&stack_obj[1], NULL);
  if (!same(end, _gr_ref_make(o + 40, NULL)) || gr_ref_alive(end) ||
      gr_ref_gen(st) != GR_GEN_STATIC || !gr_ref_alive(st) ||
      !same(sk, _gr_ref_make(&stack_obj[1], NULL))) {
    printf("left to the runtime: wrong\n");
    return 1;
  }
  free(o);
  printf("left to the runtime: ok\n");
  return 0;
}
