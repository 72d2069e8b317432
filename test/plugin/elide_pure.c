// A function that only reads, with checks, stays read-only to the
// optimizer (its checks are calls that read and free nothing until the
// elision pass inlines them), so plain C's optimizations of pure code
// still apply: 100 calls of a read-only tree sum become one call times
// 100, as in plain C (before, the checked build made 100 calls).
// REQUIRES: plugin
// RUN: %if mode-resilient %{ %plugin_cc -O2 -S -emit-llvm %s -o - | FileCheck %s %}
// RUN: %if mode-resilient %{ %cc -O2 -S -emit-llvm %s -o - | FileCheck %s %}
#include <stdlib.h>
#include "genref.h"

struct tree {
  long v;
  struct tree *GR_REF l;
  struct tree *GR_REF r;
};

long sum(struct tree *GR_REF t) { return t ? t->v + sum(t->l) + sum(t->r) : 0; }

// CHECK-LABEL: define {{.*}} @many(
// CHECK: call i64 @sum(
// CHECK-NOT: call
// CHECK: mul {{.*}} 100
// CHECK: ret
long many(struct tree *GR_REF t) {
  long s = 0;
  int i;
  for (i = 0; i < 100; i++)
    s += sum(t);
  return s;
}
