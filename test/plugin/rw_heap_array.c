// Heap arrays of a weakable struct: malloc(n * sizeof(struct T)), calloc(n,
// ...) and realloc(arr, ...) get a layout with a stride (one header per
// element, GR_LAYOUT(..., sizeof(struct T), 0)), so a reference to any
// element (&arr[i], arr itself) is checked against that element's header.
// Observed behaviour, pinned here: freeing the array kills every element's
// header, so each element reference goes stale at once; realloc moves the
// array (new identity) and the old element references go stale too.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 freed 2>&1 | FileCheck --check-prefix=FREED %s %}
// RUN: %if !mode-fast %{ not %run %t2 freed 2>&1 | FileCheck --check-prefix=FREED %s %}
// RUN: %if !mode-fast %{ not %run %t2 moved 2>&1 | FileCheck --check-prefix=MOVED %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  int n = 4;
  struct node *arr = malloc(n * sizeof(struct node));
  // REWRITE: struct node *arr = gr_alloc(n * sizeof(struct node));
  for (int i = 0; i < n; i++)
    arr[i].v = i * 10;
  struct node *GR_REF e2 = &arr[2];
  struct node *GR_REF e0 = arr;
  struct node *GR_REF e3 = arr + 3;
  struct node *GR_REF whole = malloc(n * sizeof(struct node));
  // REWRITE: gr_ref_t whole = gr_ref_from_new(gr_alloc(n * sizeof(struct node)));
  // OK: elems 20 0 30 alive 1 1 1
  printf("elems %d %d %d alive %d %d %d\n", e2->v, e0->v, e3->v, gr_alive(e2), gr_alive(e3),
         gr_alive(whole));
  struct node *arr2 = calloc(n, sizeof(struct node));
  // REWRITE: struct node *arr2 = gr_calloc(n, sizeof(struct node));
  struct node *GR_REF in_old = &arr2[1];
  arr2 = realloc(arr2, 2 * n * sizeof(struct node));
  // REWRITE: arr2 = gr_realloc(arr2, 2 * n * sizeof(struct node), GR_SITE(
  struct node *GR_REF f = &arr2[7];
  f->v = 1;
  // OK-NEXT: realloc 1 0 moved-ref-alive 0
  printf("realloc %d %d moved-ref-alive %d\n", arr2[7].v, arr2[1].v, gr_alive(in_old));
  if (!strcmp(mode, "moved"))
    in_old->v = 5; // MOVED: ERROR: genref: use-after-free
  // MOVED-NEXT: at {{.*}}rw_heap_array.c:[[@LINE-1]]:11 in main
  free(arr);
  // REWRITE: gr_free(arr, GR_SITE(
  // OK-NEXT: after free 0 0 0
  printf("after free %d %d %d\n", gr_alive(e0), gr_alive(e2), gr_alive(e3));
  if (!strcmp(mode, "freed"))
    printf("%d\n", e3->v); // FREED: ERROR: genref: use-after-free
  // FREED-NEXT: at {{.*}}rw_heap_array.c:[[@LINE-1]]:22 in main
  free(arr2);
  free(whole);
  return 0;
}
