// Normal mode: the dangling-reference report at a stack object's scope end
// names the type and a source location, like the report at a free.
// (Guards BUG 16, fixed in 6d90daa: no type, no `at` line, no location.)
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc --mode=normal -O0 -g %s -o %t.dir/n0
// RUN: not %run %t.dir/n0 2>&1 | FileCheck %s
#include <stdio.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

struct node *GR_REF g;

static void f(void) {
  struct node local = {5};
  // CHECK: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // CHECK-NEXT: at {{.*}}normal_scope_end_site.c:{{[0-9]+}}:{{[0-9]+}} in f
  // CHECK: a stack object goes out of scope while 1 GR_REF reference to it remains in memory
  // CHECK: SUMMARY: genref: dangling-reference {{.*}}normal_scope_end_site.c:{{[0-9]+}} in f
  g = &local;
  printf("inside %d\n", g->v);
}

int main(void) {
  f();
  printf("done\n");
  return 0;
}
