// Pointer arithmetic on a reference is an error naming the operator, at the
// operator, with a hint: p + 1, p++, --q, p - q, p += 2. Nothing else is
// reported (no error twice, no crash), and the tool says the same.
// REQUIRES: plugin
// RUN: not %plugin_cc -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,CARET,PLUGIN --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations 2>&1 | FileCheck %s --check-prefixes=CHECK,CARET --implicit-check-not=error:
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,NOCARET --implicit-check-not=error: --implicit-check-not="Stack dump"
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int main(void) {
  struct node *GR_REF p = 0, *GR_REF q = 0;
  struct node *GR_REF r = p + 1;
  // CHECK: diag_arith.c:[[@LINE-1]]:29: error: genref: operator '+' on a reference
  // CARET-NEXT: struct node *GR_REF r = p + 1;
  // CARET-NEXT: {{^ *\| *\^$}}
  // CHECK-NEXT: diag_arith.c:[[@LINE-4]]:29: note: references support =, ==, !=, !, && and ||; convert to a raw pointer for anything else
  p++;
  // CHECK: diag_arith.c:[[@LINE-1]]:4: error: genref: arithmetic on a reference ('++')
  // NOCARET-NEXT: diag_arith.c:[[@LINE-2]]:4: note: references cannot move; use an index into an array of objects, or a raw pointer for arithmetic
  --q;
  // CHECK: diag_arith.c:[[@LINE-1]]:3: error: genref: arithmetic on a reference ('--')
  // NOCARET-NEXT: diag_arith.c:[[@LINE-2]]:3: note: references cannot move
  long d = p - q;
  // CHECK: diag_arith.c:[[@LINE-1]]:14: error: genref: operator '-' on a reference
  // NOCARET-NEXT: diag_arith.c:[[@LINE-2]]:14: note: references support =, ==, !=, !, && and ||
  p += 2;
  // CHECK: diag_arith.c:[[@LINE-1]]:5: error: genref: operator '+=' on a reference
  // NOCARET-NEXT: diag_arith.c:[[@LINE-2]]:5: note:
  // PLUGIN: 5 errors generated.
  return (int)d + r->v;
}
