// Heap arrays of references (struct T *GR_REF *): malloc/calloc storage for
// gr_ref_t elements (plain libc memory: it holds references, not weakable
// objects), sizeof(struct T *GR_REF) is the reference's size, elements are
// assigned fresh objects and dereferenced through checks, a field of type
// T *GR_REF * takes NULL and calloc. A stale element is caught.
// The reference's size is the layout's: 16 bytes (fat), 8 (compact).
// REQUIRES: plugin
// Not in normal mode: its correct run frees objects that GR_REF references
// in a global, static or stack object still point at, which normal mode
// reports at the free as a dangling reference, by design (docs/modes.md).
// UNSUPPORTED: mode-normal
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefixes=OK,%if layout-compact %{COMPACT%} %else %{FAT%} %s
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefixes=OK,%if layout-compact %{COMPACT%} %else %{FAT%} %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefixes=OK,%if layout-compact %{COMPACT%} %else %{FAT%} %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefixes=OK,%if layout-compact %{COMPACT%} %else %{FAT%} %s
// RUN: %if !mode-fast %{ not %run %t0 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};
struct holder {
  int n;
  struct node *GR_REF *items;
};

int main(int argc, char **argv) {
  int bug = argc > 1 && strcmp(argv[1], "bug") == 0;
  int n = 3;
  struct node *GR_REF *arr = malloc(n * sizeof(struct node *GR_REF));
  // REWRITE: gr_ref_t *arr = malloc(n * sizeof(gr_ref_t));
  struct holder h = {n, NULL};
  h.items = calloc(n, sizeof *h.items);
  // REWRITE: h.items = calloc(n, sizeof *h.items);
  for (int i = 0; i < n; i++) {
    arr[i] = malloc(sizeof(struct node));
    // REWRITE: arr[i] = gr_ref_from_new(gr_alloc(sizeof(struct node)));
    arr[i]->v = i;
    h.items[i] = arr[i];
  }
  // OK: elems 2 1
  // FAT-SAME: ref-size 16
  // COMPACT-SAME: ref-size 8
  printf("elems %d %d ref-size %d\n", arr[2]->v, h.items[1]->v, (int)sizeof(struct node *GR_REF));
  free(arr[1]);
  // REWRITE: gr_ref_free(arr[1], GR_SITE(
  // OK-NEXT: alive 0 1
  printf("alive %d %d\n", gr_alive(h.items[1]), gr_alive(h.items[2]));
  if (bug)
    printf("%d\n", h.items[1]->v); // BUG: ERROR: genref: use-after-free
  // BUG-NEXT: at {{.*}}rw_ref_heap_array.c:[[@LINE-1]]:30 in main
  free(arr[0]);
  free(arr[2]);
  free(arr);
  // REWRITE: free(arr);
  free(h.items);
  return 0;
}
