// Normal mode's dangling-reference report (a free while a GR_REF to the
// object remains) names the live object and prints where it was
// allocated: "allocated by thread T0 here", no "freed by" (the free is the
// report's own stack).
// REQUIRES: plugin
// RUN: %genref_cc --mode=normal -O0 -g -fno-omit-frame-pointer %s -o %t
// RUN: env GENREF_OPTIONS=malloc_context_size=8 not %run %t 2>&1 | FileCheck %s
//
// CHECK: ERROR: genref: dangling-reference on address [[OBJ:0x[0-9a-f]+]] (object of type 'struct node')
// CHECK: #0 0x{{[0-9a-f]+}} in drop {{.*}}dangling_stacks.c:[[#@LINE+18]]:
// CHECK: [[OBJ]] is located 0 bytes inside of the {{[0-9]+}}-byte heap object [[[OBJ]],{{.*}}) of generation 1 (live)
// CHECK-NEXT: allocated by thread T0 here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in make {{.*}}dangling_stacks.c:[[#@LINE+11]]:
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}dangling_stacks.c:
// CHECK-NOT: freed by
// CHECK: SUMMARY: genref: dangling-reference
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node { int v; struct node *GR_REF next; };
static struct node *GR_REF keep;

__attribute__((noinline)) static struct node *make(void) {
  return malloc(sizeof(struct node));
}

__attribute__((noinline)) static void drop(struct node *GR_REF n) {
  free(n);
}

int main(void) {
  struct node *GR_REF a = make();
  keep = a;
  drop(a);
  return 0;
}
