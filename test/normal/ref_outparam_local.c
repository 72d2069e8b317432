// A local variable of reference type whose address is passed as a
// reference out-parameter (`get(&n)` with `nref *GR_REF out`, an
// iterator's `next(it, &key, &val)`) is a local: the store `*out = g`
// into it is not counted, as it is not through a raw `nref *out`. It
// was: the local's frame counted it, `n = NULL` (a local's assignment)
// released nothing, and freeing g was a false dangling-reference, with
// or without the clear. An array of references on the stack still counts
// its elements (the HELD control), and a stale local is still caught at
// its dereference (STALE).
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
// RUN: %genref_cc -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
// RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 held 2>&1 | FileCheck --check-prefix=HELD %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 held 2>&1 | FileCheck --check-prefix=HELD %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 stale 2>&1 | FileCheck --check-prefix=STALE %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 stale 2>&1 | FileCheck --check-prefix=STALE %s
// OK: kept 1
// OK-NEXT: cleared 2
// OK-NEXT: pair 3 4
// OK-NEXT: array 5
// OK-NEXT: done
// HELD: ERROR: genref: dangling-reference
// STALE: ERROR: genref: use-after-free
// STALE: ref_outparam_local.c:[[@LINE+60]]
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};
typedef struct node *GR_REF nref;

static nref make(int v) {
  nref n = malloc(sizeof *n);
  n->v = v;
  return n;
}

static void get(nref src, nref *GR_REF out) { *out = src; }

/* Freed in a function of its own: its destruction ends at its return,
 * while main's locals still hold what they held. */
static void drop(nref x) { free(x); }

/* An iterator's shape: two out-parameters filled per call. */
static int next_pair(nref a, nref b, nref *GR_REF k, nref *GR_REF v) {
  *k = a;
  *v = b;
  return 1;
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  nref n, m, k, v;
  nref arr[2] = {NULL, NULL};
  nref g = make(1);
  get(g, &n);
  printf("kept %d\n", n->v);
  drop(g); /* n still holds it, never used again: a local, silent */

  g = make(2);
  get(g, &m);
  printf("cleared %d\n", m->v);
  m = NULL;
  drop(g);

  {
    nref a = make(3), b = make(4);
    if (next_pair(a, b, &k, &v))
      printf("pair %d %d\n", k->v, v->v);
    drop(a);
    drop(b);
  }

  g = make(5);
  get(g, &arr[0]);
  printf("array %d\n", arr[0]->v);
  if (strcmp(what, "held") != 0)
    arr[0] = NULL; /* an element of an array: counted, and released here */
  drop(g);         /* held: arr[0] still holds it */
  if (strcmp(what, "stale") == 0)
    printf("%d\n", n->v);
  printf("done\n");
  return 0;
}
