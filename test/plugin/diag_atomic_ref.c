// An _Atomic(T *GR_REF) object (it got clang's errors on the rewritten
// _Atomic(gr_ref_t)) and GCC's atomic builtins on a reference (`__atomic_load_n(&ref, ...)`,
// `__atomic_store_n`, `__atomic_exchange_n`) are a genref error at the
// `&` (and at a reference passed as the value) with a way out: a reference is a struct to them. It was clang's
// error on the rewritten `gr_ref_t *`, at genref's text. The way out, a
// raw pointer published atomically and made a reference, runs.
// REQUIRES: plugin
// RUN: not %plugin_cc -std=gnu11 -fno-caret-diagnostics -DBAD -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -std=gnu11 -I%src_root/annotations -DBAD -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: %plugin_cc -std=gnu11 -Wall -Wextra -Werror %s -o %t %rt
// RUN: %run %t | FileCheck --check-prefix=OK %s
// OK: 7
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

static struct node *GR_REF shared;
static struct node *published;
#ifdef BAD
// CHECK: diag_atomic_ref.c:[[@LINE+1]]:30: error: genref: an _Atomic reference
_Atomic(struct node *GR_REF) atomic_ref;
#endif

int main(void) {
  struct node *GR_REF n = malloc(sizeof *n);
  struct node *GR_REF got;
  n->v = 7;
#ifdef BAD
  // CHECK: diag_atomic_ref.c:[[@LINE+4]]:20: error: genref: an atomic operation on a reference
  // CHECK: note: references are not atomic objects
  // CHECK: diag_atomic_ref.c:[[@LINE+2]]:29: error: genref: an atomic operation on a reference
  // CHECK: note: references are not atomic objects
  __atomic_store_n(&shared, n, __ATOMIC_RELEASE);
  // CHECK: diag_atomic_ref.c:[[@LINE+1]]:25: error: genref: an atomic operation on a reference
  got = __atomic_load_n(&shared, __ATOMIC_ACQUIRE);
#endif
  shared = NULL;
  __atomic_store_n(&published, (struct node *)n, __ATOMIC_RELEASE);
  got = __atomic_load_n(&published, __ATOMIC_ACQUIRE);
  printf("%d\n", got->v);
  free(n);
  return 0;
}
