// The address of a reference (&ref, a gr_ref_t *) passed where a plain
// `struct T **` is expected, and a plain `struct T **` passed where the
// address of a reference is expected, are errors at the argument with a
// hint; an annotated `struct T *GR_REF *` parameter is fine.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

void out_raw(struct node **pp);
void out_ref(struct node *GR_REF *pp);

int main(void) {
  struct node *GR_REF p = 0;
  struct node *raw = 0;
  out_raw(&p);
  // CHECK: diag_addr_of_ref.c:[[@LINE-1]]:11: error: genref: the address of a reference is passed where a plain pointer to a pointer is expected
  // CHECK-NEXT: diag_addr_of_ref.c:[[@LINE-2]]:11: note: annotate the parameter (T *GR_REF *) or pass a local raw pointer and convert it back
  out_ref(&raw);
  // CHECK: diag_addr_of_ref.c:[[@LINE-1]]:11: error: genref: a plain pointer to a pointer is passed where the address of a reference is expected
  out_ref(&p);
  return 0;
}
