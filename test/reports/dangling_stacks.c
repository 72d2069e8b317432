// Normal mode's dangling-reference report (a free while a GR_REF to the
// object remains) names the object and prints its stacks. The check runs
// when the destruction that freed it ends (drop returns, docs/modes.md), so
// by then the object is freed: "freed by thread T0 here" (in drop), then
// "previously allocated by thread T0 here" (in make).
// REQUIRES: plugin
// RUN: %genref_cc --mode=normal -O0 -g -fno-omit-frame-pointer %s -o %t
// RUN: env GENREF_OPTIONS=malloc_context_size=8 not %run %t 2>&1 | FileCheck %s
//
// CHECK: ERROR: genref: dangling-reference on address [[OBJ:0x[0-9a-f]+]] (object of type 'struct node')
// CHECK: held by global 'keep'
// CHECK: #0 0x{{[0-9a-f]+}} in drop {{.*}}dangling_stacks.c:
// CHECK: [[OBJ]] is located 0 bytes inside of the {{[0-9]+}}-byte heap object [[[OBJ]],{{.*}}) of generation 1 (freed)
// CHECK-NEXT: freed by thread T0 here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in drop {{.*}}dangling_stacks.c:
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}dangling_stacks.c:
// CHECK: previously allocated by thread T0 here:
// CHECK-NEXT: #0 0x{{[0-9a-f]+}} in make {{.*}}dangling_stacks.c:
// CHECK-NEXT: #1 0x{{[0-9a-f]+}} in main {{.*}}dangling_stacks.c:
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
