// A reference passed to a function that has no prototype and no definition
// in the unit (`int f();` from an old header): genref cannot know whether
// the callee takes a reference or a raw pointer, so it is an error at the
// argument with the way out (before: silently a raw pointer, which a
// callee taking a GR_REF reads as a use-after-free). An explicit cast to
// a raw pointer, and variadic arguments, are fine.
// REQUIRES: plugin
// RUN: not %plugin_cc -Wno-deprecated-non-prototype -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -Wno-deprecated-non-prototype -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#include <stdio.h>
#include "genref.h"

struct GR_WEAKABLE node { int v; };
int legacy();
int (*legacy_fp)();

void user(struct node *GR_REF p) {
  legacy(p);
  // CHECK: diag_unprototyped_call.c:[[@LINE-1]]:10: error: genref: a reference passed to 'legacy', which has no prototype here
  // CHECK-NEXT: note: declare 'legacy' with a prototype (its parameter 'T *GR_REF' to pass the reference, or 'T *'), or pass a raw pointer explicitly: (T *)ref
  legacy_fp(p);
  // CHECK: diag_unprototyped_call.c:[[@LINE-1]]:13: error: genref: a reference passed to the function, which has no prototype here
  legacy((struct node *)p);
  printf("%p\n", (void *)p);
}
