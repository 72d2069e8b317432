// A reference cast to an integer type, explicitly ((uintptr_t)p, (long)p,
// (int)p) is an error at the cast with a hint; a cast to _Bool or void, or
// to another pointer type, is not an error (it is rewritten, checked below
// by the tool's silence on those lines).
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -Wno-pointer-to-int-cast -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics -Wno-pointer-to-int-cast 2>&1 | FileCheck %s --implicit-check-not=error:
#include <stdint.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

long f(struct node *GR_REF p) {
  uintptr_t i = (uintptr_t)p;
  // CHECK: diag_int_cast.c:[[@LINE-1]]:17: error: genref: a reference cast to an integer type
  // CHECK-NEXT: diag_int_cast.c:[[@LINE-2]]:17: note: references cannot become integers; cast a raw pointer instead
  long l = (long)p;
  // CHECK: diag_int_cast.c:[[@LINE-1]]:12: error: genref: a reference cast to an integer type
  int n = (int)p;
  // CHECK: diag_int_cast.c:[[@LINE-1]]:11: error: genref: a reference cast to an integer type
  _Bool b = (_Bool)p;
  (void)p;
  void *v = (void *)p;
  return (long)i + l + n + b + (v != 0);
}
