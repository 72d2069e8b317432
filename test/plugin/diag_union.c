// A union cannot hold a reference or a weakable object (genref cannot know
// which member is live), and a union cannot itself be GR_WEAKABLE. Each is an
// error at the member / union, naming it, with a hint.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

union holder {
  struct node *GR_REF ref;
  // CHECK: diag_union.c:[[@LINE-1]]:23: error: genref: a union member holds a generational reference or a weakable object ('ref')
  // CHECK-NEXT: diag_union.c:[[@LINE-2]]:23: note: genref cannot know which member is live; use a struct with a tag field instead of the union
  long bits;
};

union inline_obj {
  struct node obj;
  // CHECK: diag_union.c:[[@LINE-1]]:15: error: genref: a union member holds a generational reference or a weakable object ('obj')
  int other;
};

union GR_WEAKABLE wunion {
  // CHECK: diag_union.c:[[@LINE-1]]:19: error: genref: a union cannot be GR_WEAKABLE
  // CHECK-NEXT: note: put the union inside a GR_WEAKABLE struct
  int a;
  float b;
};

int main(void) { return 0; }
