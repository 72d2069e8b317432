// Reference equality is C's pointer equality for the same object: the same
// address and the same generation, however each reference was made. A
// cursor stepped back to the start of its buffer equals the reference to
// the start (was: the interior bit took part, `while (p != a) --p;` ran
// past `a` and `a + 0 == a` was false); `&a[0] == a`; two interior paths to
// one element are equal; a reference to the slot's next occupant is not.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 | FileCheck %s
// RUN: %run %t2 | FileCheck %s
// CHECK: back 4 zero 1 elem 1 paths 1 end 1 other 0
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE rec {
  int v;
};

static int steps_back(int *GR_REF a, int n) {
  int *GR_REF p = a + n;
  int steps = 0;
  while (p != a && steps < 100) {
    --p;
    steps++;
  }
  return steps;
}

int main(void) {
  int *GR_REF a = calloc(4, sizeof(int));
  struct rec *GR_REF r = calloc(3, sizeof(struct rec));
  int *GR_REF zero = a + 0;
  struct rec *GR_REF e1 = &r[2];
  struct rec *GR_REF e2 = r + 1;
  int *GR_REF end = a;
  int i;
  for (i = 0; i < 4; i++)
    end++;
  e2++;
  printf("back %d zero %d elem %d paths %d end %d", steps_back(a, 4), zero == a, &r[0] == r,
         e1 == e2, end == a + 4);
  free(r);
  struct rec *GR_REF again = malloc(3 * sizeof(struct rec));
  /* Whatever address the heap gives, a new object is not the old one. */
  printf(" other %d\n", again == e1 || again == r);
  free(again);
  free(a);
  return 0;
}
