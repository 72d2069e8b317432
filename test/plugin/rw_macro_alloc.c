// NEW/DELETE-style macros around malloc/free of a weakable type: the calls
// are in the macros' bodies, so each use is written out with the heap's
// calls in it (gr_alloc with the type's layout, gr_ref_free); the object is
// protected: a use after DELETE is reported at the use, and DELETE twice is
// a double free. No reference is used in these bodies; before, the rewrite
// rejected them as "a reference used inside the body of macro".
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc %s -o %t %rt && %run %t | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t use 2>&1 | FileCheck --check-prefix=USE %s %}
// RUN: not %run %t twice 2>&1 | FileCheck --check-prefix=TWICE %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
};

#define NEW(T) ((T *)malloc(sizeof(T)))
#define NEW_ARRAY(T, n) ((T *)calloc((n), sizeof(T)))
#define DELETE(p) free(p)
#define VALUE(p) ((p)->v)

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  struct node *GR_REF p = NEW(struct node);
  // REWRITE: gr_ref_t p = gr_ref_from_new(GR_EXPANDED(((struct node*)gr_alloc(sizeof(struct node)))));
  struct node *arr = NEW_ARRAY(struct node, 3);
  // REWRITE: struct node *arr = GR_EXPANDED(((struct node*)gr_calloc((3),sizeof(struct node))));
  p->v = 7;
  p->next = NULL;
  arr[2].v = 5;
  // OK: 7 5
  printf("%d %d\n", VALUE(p), arr[2].v);
  DELETE(arr);
  // REWRITE: GR_EXPANDED(gr_free(arr, GR_SITE("{{.*}}rw_macro_alloc.c", [[@LINE-1]], 3, "main", "struct node")));
  DELETE(p);
  // REWRITE: GR_EXPANDED(gr_ref_free{{(_normal)?}}(p, {{.*}}GR_SITE("{{.*}}rw_macro_alloc.c", [[@LINE-1]], 3, "main", "struct node")));
  if (strcmp(mode, "use") == 0)
    // USE: ERROR: genref: use-after-free
    // USE: at {{.*}}rw_macro_alloc.c:[[@LINE+1]]:20 in main
    printf("%d\n", VALUE(p));
  if (strcmp(mode, "twice") == 0)
    // TWICE: ERROR: genref: double-free
    // TWICE: at {{.*}}rw_macro_alloc.c:[[@LINE+1]]:5 in main
    DELETE(p);
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
