// A dangling reference held by an element of a local array that a
// reference points at is named as held by a stack object. In the compact
// layout such an array lives in a heap copy for its scope, and the report
// named it "field '*' of 'gr_ref_t', in the heap object at ...", a heap
// object the program never allocated (third probe).
// REQUIRES: plugin
// RUN: %genref_cc -Wall -Wextra -Werror -O0 -g %s -o %t0
// RUN: %genref_cc -Wall -Wextra -Werror -O2 -g %s -o %t2
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t0 2>&1 | FileCheck %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t2 2>&1 | FileCheck %s
// RUN: %run %t2 clear 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// CHECK: ERROR: genref: dangling-reference
// CHECK-NOT: gr_ref_t'
// CHECK: the object is freed while 1 GR_REF reference to it remains in memory; one is held by {{.*}}a stack object
// CHECK-NOT: heap object at
// CHECK: SUMMARY: genref: dangling-reference
// OK: sum 6
// OK-NEXT: done
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE obj {
  int v;
};
typedef struct obj *GR_REF obj_ref;

static int sum(obj_ref *GR_REF v, int n) {
  int s = 0, i;
  for (i = 0; i < n; i++)
    s += v[i]->v;
  return s;
}
static void destroy(obj_ref o) { free(o); }

int main(int argc, char **argv) {
  obj_ref v[4];
  obj_ref t;
  int i;
  (void)argv;
  for (i = 0; i < 4; i++) {
    v[i] = malloc(sizeof *v[i]);
    v[i]->v = i;
  }
  printf("sum %d\n", sum(v, 4));
  t = v[3];
  if (argc > 1)
    v[3] = NULL;
  destroy(t); /* without the clear, v[3] still holds it */
  v[3] = NULL;
  for (i = 0; i < 3; i++) {
    t = v[i];
    v[i] = NULL;
    destroy(t);
  }
  printf("done\n");
  return 0;
}
