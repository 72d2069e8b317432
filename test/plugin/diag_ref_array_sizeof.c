// Memory that holds references must be sized as references: in the fat
// layout a gr_ref_t is 16 bytes, twice a raw pointer, so
// `malloc(n * sizeof(struct node *))` for a `struct node *GR_REF *` array
// overflowed the heap silently. It is an error naming the way out;
// `sizeof *a` and `sizeof(struct node *GR_REF)` are right in both layouts
// (the program runs clean in both). The same for reallocarray and
// aligned_alloc (reallocarray with sizeof(T *) was not rejected).
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -DBAD -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -DBAD -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
// Normal mode reports the program's last frees as dangling (its GR_REF
// globals still point at the objects), by design: that run is not made.
// RUN: %if !mode-normal %{ %plugin_cc -O2 %s -o %t %rt && %run %t | FileCheck --check-prefix=OK %s %}
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node { int v; };

int main(void) {
  int n = 8, sum = 0;
#ifdef BAD
  struct node *GR_REF *bad = malloc(n * sizeof(struct node *));
  // CHECK: diag_ref_array_sizeof.c:[[@LINE-1]]:37: error: genref: memory for references sized with sizeof of a plain pointer ('struct node *')
  // CHECK-NEXT: note: a reference is larger than a raw pointer in the fat layout: size the memory with 'sizeof *p' or 'sizeof(T *GR_REF)'
  free(bad);
  bad = reallocarray(NULL, n, sizeof(struct node *));
  // CHECK: diag_ref_array_sizeof.c:[[@LINE-1]]:31: error: genref: memory for references sized with sizeof of a plain pointer ('struct node *')
  // CHECK-NEXT: note: a reference is larger
  bad = aligned_alloc(64, 8 * sizeof(struct node *));
  // CHECK: diag_ref_array_sizeof.c:[[@LINE-1]]:27: error: genref: memory for references sized with sizeof of a plain pointer ('struct node *')
  // CHECK-NEXT: note: a reference is larger
#endif
  struct node *GR_REF *a = malloc(n * sizeof *a);
  struct node *GR_REF *b = calloc(n, sizeof(struct node *GR_REF));
  for (int i = 0; i < n; i++) {
    a[i] = malloc(sizeof(struct node));
    a[i]->v = i;
    b[i] = a[i];
  }
  for (int i = 0; i < n; i++) {
    sum += b[i]->v;
    free(a[i]);
  }
  free(a);
  free(b);
  printf("sum %d\n", sum);
  // OK: sum 28
  return 0;
}
