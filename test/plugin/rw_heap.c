// malloc / calloc / realloc / free of weakable types go to the genref heap
// (gr_alloc / gr_calloc / gr_realloc / gr_free / gr_ref_free), whatever the
// destination (raw pointer, reference, cast, assignment); the same calls for
// other types stay libc's. Checked in the rewritten text and at run time:
// the heap statistics (print_stats) count exactly the weakable objects
// still alive at exit. realloc gives a new identity: a reference to the old
// object goes stale (reported), the contents move.
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
// RUN: env GENREF_OPTIONS=print_stats=1 %run %t0 2>&1 | FileCheck --check-prefixes=OK,FREED %s
// RUN: env GENREF_OPTIONS=print_stats=1 %run %t2 leak 2>&1 | FileCheck --check-prefixes=OK,LEAK %s
// RUN: env GENREF_OPTIONS=print_stats=1 %run %t.gcc leak 2>&1 | FileCheck --check-prefixes=OK,LEAK %s
// RUN: %if !mode-fast %{ not %run %t0 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  char name[20];
};
typedef struct node node_t;
struct plain {
  int v;
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  struct node *a = malloc(sizeof(struct node));
  // REWRITE: struct node *a = gr_alloc(sizeof(struct node));
  node_t *b = calloc(1, sizeof(node_t));
  // REWRITE: node_t *b = gr_calloc(1, sizeof(node_t));
  struct node *GR_REF c = (struct node *)malloc(sizeof(struct node));
  // REWRITE: gr_ref_t c = gr_ref_from_new((struct node *)gr_alloc(sizeof(struct node)));
  struct node *GR_REF d;
  d = calloc(1, sizeof(struct node));
  // REWRITE: d = gr_ref_from_new(gr_calloc(1, sizeof(struct node)));
  struct plain *p = malloc(sizeof(struct plain));
  // REWRITE: struct plain *p = malloc(sizeof(struct plain));
  int *ints = calloc(4, sizeof(int));
  // REWRITE: int *ints = calloc(4, sizeof(int));
  ints = realloc(ints, 8 * sizeof(int));
  // REWRITE: ints = realloc(ints, 8 * sizeof(int));
  a->v = 1;
  strcpy(a->name, "moved");
  // OK: zeroed 0 0 0
  printf("zeroed %d %d %d\n", b->v, b->name[0], d->v);
  struct node *GR_REF old = a;
  a = realloc(a, sizeof(struct node));
  // REWRITE: a = gr_realloc(a, sizeof(struct node), GR_SITE("{{.*}}rw_heap.c", [[@LINE-1]], 7, "main", "struct node"));
  // OK-NEXT: realloc 1 moved alive 1 0
  printf("realloc %d %s alive %d %d\n", a->v, a->name, gr_alive(c), gr_alive(old));
  c->v = 3;
  p->v = 4;
  ints[7] = 5;
  // OK-NEXT: plain 3 4 5
  printf("plain %d %d %d\n", c->v, p->v, ints[7]);
  if (!strcmp(mode, "bug"))
    old->v = 9; // BUG: ERROR: genref: use-after-free
  // BUG-NEXT: at {{.*}}rw_heap.c:[[@LINE-1]]:8 in main
  free(p);
  // REWRITE: free(p);
  free(ints);
  if (strcmp(mode, "leak")) {
    free(a);
    // REWRITE: gr_free(a, GR_SITE("{{.*}}rw_heap.c", [[@LINE-1]], 5, "main", "struct node"));
    free(b);
    free(c);
    // REWRITE: gr_ref_free(c, GR_SITE("{{.*}}rw_heap.c", [[@LINE-1]], 5, "main", "struct node"));
    free(d);
  }
  // The C library's own allocations (stdout's buffer) are heap objects too.
  // FREED: live objects: {{[01]}},
  // LEAK: live objects: {{[45]}},
  return 0;
}
