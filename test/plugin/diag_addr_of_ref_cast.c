// The address of a reference cast to a plain pointer to a pointer, as
// posix_memalign's and pthread_join's out-parameters are usually written
// ((void **)&ref), is an error at the cast with a way out: the callee
// would store a raw pointer where the reference is (it ran, then every use
// was a false use-after-free). So is the reverse cast. Views of the
// reference's bytes ((unsigned char *)&ref, (void *)&ref) and qsort's
// const void * to a pointer to references stay allowed.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#define _POSIX_C_SOURCE 200112L
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE item {
  int w;
};

static int by_weight(const void *a, const void *b) {
  const struct item *GR_REF const *x = a;
  const struct item *GR_REF const *y = b;
  return (*x)->w - (*y)->w;
}

int main(void) {
  double *GR_REF buf = NULL;
  struct item *GR_REF v[2];
  void **slots = NULL;
  unsigned char *bytes = (unsigned char *)&buf;
  void *untyped = (void *)&buf;
  if (posix_memalign((void **)&buf, 64, 256))
    return 1;
  // CHECK: diag_addr_of_ref_cast.c:[[@LINE-2]]:22: error: genref: the address of a reference is cast to a plain pointer to a pointer ('void **'): a store through it would write a raw pointer where the reference is
  // CHECK-NEXT: diag_addr_of_ref_cast.c:[[@LINE-3]]:22: note: pass the address of a local raw pointer and assign it to the reference afterwards (void *p; posix_memalign(&p, align, n); ref = p;)
  struct item *GR_REF *as_refs = (struct item *GR_REF *)slots;
  // CHECK: diag_addr_of_ref_cast.c:[[@LINE-1]]:34: error: genref: a plain pointer to a pointer is cast to the address of a reference: the pointers it points at are not references
  qsort(v, 2, sizeof v[0], by_weight);
  return bytes[0] + (untyped != NULL) + (as_refs != NULL);
}
