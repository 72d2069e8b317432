// A reference type written in a macro's argument (`XCALLOC(n,
// sizeof(struct n *GR_REF))`, `assert(sizeof(struct n *GR_REF) == 8)`, a
// macro that uses its argument twice) has text of its own, as a reference
// expression passed there does: it is rewritten where it was written,
// once. Was "the type of this reference is spelled inside a macro"
// (fourth probe), though docs/annotations.md suggests sizeof(struct T
// *GR_REF) for sizing reference arrays. A type in a macro's body stays an
// error (test/plugin/diag_macro.c), and so, still, is one in the argument
// of a macro whose own body must be rewritten (normal mode's calloc in
// `#define XCALLOC(k, sz) calloc((k), (sz))`): that use is written out,
// and the type's edit is not placed in its tokens.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// REWRITE: XCALLOC(4, sizeof(gr_ref_t))
// REWRITE: TWICE(sizeof(gr_ref_t))
// OK: null 1 twice 2 one 1
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE n {
  int v;
};
static void *xcalloc(size_t k, size_t sz) {
  void *p = calloc(k, sz);
  if (!p)
    abort();
  return p;
}
#define XCALLOC(k, sz) xcalloc((k), (sz))
#define TWICE(x) ((x) + (x))

int main(void) {
  struct n *GR_REF *GR_REF v = XCALLOC(4, sizeof(struct n *GR_REF));
  int one;
  if (!v)
    return 1;
  assert(sizeof(struct n *GR_REF) >= sizeof(void *));
  one = (int)(sizeof(struct n *GR_REF) == sizeof(struct n *GR_REF));
  printf("null %d twice %d one %d\n", v[3] == NULL, (int)(TWICE(sizeof(struct n *GR_REF)) / sizeof(struct n *GR_REF)), one);
  free(v);
  return 0;
}
