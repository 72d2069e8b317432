// A reference to references declared beside another declarator of the same
// specifier (`struct n *GR_REF a = p, *GR_REF *GR_REF b;`) is one error at
// b with the way out; it was five errors about gr_ref_t types at b's uses
// (fourth probe). Declared on its own, it compiles and runs.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -DBAD -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: %plugin_cc %s -o %t %rt
// RUN: %run %t | FileCheck --check-prefix=OK %s
// OK: 2 2
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE n {
  int v;
};

int main(void) {
  struct n *GR_REF p = malloc(sizeof *p);
#ifdef BAD
  // CHECK: diag_refref_shared.c:[[@LINE+2]]:43: error: genref: a reference to references shares its type specifier with other declarators
  // CHECK-NEXT: note: declare the reference to references in a declaration of its own
  struct n *GR_REF a = p, *GR_REF *GR_REF b = malloc(sizeof *b);
#else
  struct n *GR_REF a = p;
  struct n *GR_REF *GR_REF b = malloc(sizeof *b);
#endif
  if (!p || !b)
    return 1;
  p->v = 2;
  *b = a;
  printf("%d %d\n", (*b)->v, a->v);
  *b = NULL;
  free(b);
  free(p);
  return 0;
}
