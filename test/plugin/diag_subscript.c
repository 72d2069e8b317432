// Subscripting a reference (p[0], p[i].v, &p[1]) is an error at the
// reference, naming the subscript, with a hint.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int f(struct node *GR_REF p, int i) {
  int a = p[0].v;
  // CHECK: diag_subscript.c:[[@LINE-1]]:11: error: genref: subscript on a reference
  // CHECK-NEXT: diag_subscript.c:[[@LINE-2]]:11: note: a reference names one object; use an array of objects and a reference to each, or a raw pointer
  int b = p[i].v;
  // CHECK: diag_subscript.c:[[@LINE-1]]:11: error: genref: subscript on a reference
  // CHECK-NEXT: note:
  struct node *q = &p[1];
  // CHECK: diag_subscript.c:[[@LINE-1]]:21: error: genref: subscript on a reference
  // CHECK-NEXT: note:
  return a + b + q->v;
}
