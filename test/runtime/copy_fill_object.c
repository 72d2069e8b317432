// gr_copy_object / gr_fill_object (what the rewrite emits for memcpy,
// memmove, memset and struct assignment of weakable memory) change every
// byte but the destination's generation headers: for one object, for an
// array of 300 objects (more headers than any fixed buffer), and for an
// overlapping memmove in both directions.
// RUN: %cc -O2 %s -o %t %rt && %run %t | FileCheck %s
// CHECK: single ok
// CHECK-NEXT: array ok
// CHECK-NEXT: overlap ok
#include "genref/rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct elem {
  gr_header_t h;
  long a, b;
};

static int check(struct elem *e, size_t n, gr_gen_t gen0, long a0, int stepa) {
  for (size_t i = 0; i < n; i++)
    if (e[i].h.gen != gen0 + i || e[i].a != a0 + stepa * (long)i ||
        e[i].b != -(a0 + stepa * (long)i))
      return 0;
  return 1;
}

int main(void) {
  enum { N = 300 };
  static const uint32_t offs[] = {0};
  gr_layout_t l = {"struct elem", sizeof(struct elem), 1, offs, 0};
  struct elem *x = calloc(N + 1, sizeof *x), *y = calloc(N, sizeof *y);
  for (int i = 0; i <= N; i++) {
    x[i].h.gen = 1000 + i;
    x[i].a = i;
    x[i].b = -i;
  }
  for (int i = 0; i < N; i++)
    y[i].h.gen = 5000 + i;
  struct elem one = {{7}, 1, 2};
  gr_copy_object(&one, &x[3], sizeof one, NULL);
  printf("single %s\n", one.h.gen == 7 && one.a == 3 && one.b == -3 ? "ok" : "BROKEN");
  gr_copy_object(y, x, N * sizeof *y, &l);
  int ok = check(y, N, 5000, 0, 1);
  gr_fill_object(y, 0, N * sizeof *y, &l);
  for (int i = 0; i < N; i++)
    ok &= y[i].h.gen == 5000u + (unsigned)i && y[i].a == 0 && y[i].b == 0;
  printf("array %s\n", ok ? "ok" : "BROKEN");
  /* Shift up by one element (dst after src), then back down. */
  gr_copy_object(&x[1], &x[0], N * sizeof *x, &l);
  ok = check(&x[1], N, 1001, 0, 1) && x[0].a == 0;
  gr_copy_object(&x[0], &x[1], N * sizeof *x, &l);
  ok &= check(x, N, 1000, 0, 1);
  printf("overlap %s\n", ok ? "ok" : "BROKEN");
  free(x);
  free(y);
  return 0;
}
