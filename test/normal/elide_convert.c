// Check elision in normal mode around a conversion of a raw pointer to a
// reference (gr_ref_make_counted, which may type an untyped allocation):
// it frees nothing, so a check of another reference before it still
// covers the same check after it; a free in between keeps the second.
// REQUIRES: plugin, mode-normal
// RUN: %plugin_cc -O2 -Rpass=genref-elide -fno-caret-diagnostics -c %s -o %t.o 2>&1 | FileCheck %s --implicit-check-not=remark:
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  struct node *GR_REF next;
  int v;
};

int convert_between(struct node *GR_REF a, struct node *raw) {
  int x = a->v;
  struct node *GR_REF b = raw; /* a conversion: frees nothing */
  // CHECK: elide_convert.c:[[@LINE+1]]:15: remark: check removed: the reference was checked before on every path
  return x + a->v + (b != NULL);
}

int free_between(struct node *GR_REF a, struct node *raw) {
  int x = a->v;
  free(raw);
  return x + a->v; /* kept: no remark */
}
