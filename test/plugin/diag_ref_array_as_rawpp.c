// An array of references made a plain `T **` (a heap array `T *GR_REF
// *GR_REF v` passed or assigned to `T **`, a local `T *GR_REF arr[3]`
// decaying into one) and the reverse (`char **argv` into a `char *GR_REF
// *GR_REF` parameter) are errors with a way out, as `&ref` passed as
// `T **` is: the callee would read references as raw pointers (compact
// reported reference-used-as-pointer, fat crashed) or raw pointers as
// references (a false use-after-free). They compiled silently. Untyped
// views (void *) and arrays of references
// passed as arrays of references stay allowed, and run.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -DBAD -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -DBAD -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: %plugin_cc -Wall -Wextra -Werror %s -o %t %rt
// RUN: %run %t a b | FileCheck --check-prefix=OK %s
// OK: 6 6 3
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

static int sum_raw(struct node **list, int n) {
  int s = 0, i;
  for (i = 0; i < n; i++)
    s += list[i]->v;
  return s;
}
static int sum_refs(struct node *GR_REF *list, int n) {
  int s = 0, i;
  for (i = 0; i < n; i++)
    s += list[i]->v;
  return s;
}
static int count_args(char *GR_REF *GR_REF args) {
  int n = 0;
  while (args[n])
    n++;
  return n;
}

int main(int argc, char **argv) {
  struct node *GR_REF *GR_REF v = malloc(3 * sizeof *v);
  struct node *GR_REF arr[3];
  char *GR_REF *GR_REF args = calloc((size_t)argc + 1, sizeof *args);
  void *bytes;
  int i;
  for (i = 0; i < 3; i++) {
    arr[i] = malloc(sizeof *arr[i]);
    arr[i]->v = i + 1;
    v[i] = arr[i];
  }
  for (i = 0; i < argc; i++)
    args[i] = argv[i];
  (void)sum_raw;
#ifdef BAD
  // CHECK: diag_ref_array_as_rawpp.c:[[@LINE+2]]:26: error: genref: the address of a reference is passed where a plain pointer to a pointer is expected
  // CHECK: note: annotate the parameter (T *GR_REF *)
  printf("%d\n", sum_raw(v, 3));
  // CHECK: diag_ref_array_as_rawpp.c:[[@LINE+1]]:23: error: genref: the address of a reference is passed where a plain pointer
  struct node **raw = v;
  // CHECK: diag_ref_array_as_rawpp.c:[[@LINE+1]]:26: error: genref: the address of a reference is passed where a plain pointer
  printf("%d\n", sum_raw(arr, 3));
  // CHECK: diag_ref_array_as_rawpp.c:[[@LINE+1]]:29: error: genref: a plain pointer to a pointer is passed where the address of a reference is expected
  printf("%d\n", count_args(argv));
  (void)raw;
#endif
  bytes = arr; // an untyped view: allowed
  if (bytes != (void *)&arr[0])
    return 1;
  printf("%d %d %d\n", sum_refs(v, 3), sum_refs(arr, 3), count_args(args));
  for (i = 0; i < 3; i++) {
    v[i] = NULL;
    free(arr[i]);
  }
  free(v);
  free(args);
  return 0;
}
