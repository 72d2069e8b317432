// The `typedef struct X {...} X, *GR_REF XRef;` idiom: the struct keeps its
// definition (and gets its header), the reference gets a typedef of its
// own. Uses through the typedef stay checked; a stale one is reported. A
// reference typedef that is not the last declarator is an error with a way
// out (diag_typedef_struct_ptr.c).
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s
// RUN: %genref_cc -Wall -Wextra -Werror -O0 %s -o %t0 && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %genref_cc -Wall -Wextra -Werror -O2 %s -o %t2 && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %genref_cc --mode=normal -Wall -Wextra -Werror -O2 %s -o %t.n && %run %t.n | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: not %run %t.n bug 2>&1 | FileCheck --check-prefix=BUG %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

typedef struct GR_WEAKABLE Body {
  double mass;
  struct Body *GR_REF next;
} Body, *GR_REF BodyRef;
// REWRITE: typedef struct GR_WEAKABLE Body {
// REWRITE: } Body, __gr_typedef_BodyRef; typedef gr_ref_t BodyRef;

typedef struct GR_WEAKABLE Leaf { int v; } *GR_WEAK LeafWeak;
// REWRITE: typedef struct GR_WEAKABLE Leaf { int v; } __gr_typedef_LeafWeak; typedef gr_ref_t LeafWeak;

static double total(BodyRef b) {
  double t = 0;
  for (; b; b = b->next)
    t += b->mass;
  return t;
}

int main(int argc, char **argv) {
  BodyRef a = malloc(sizeof(Body));
  BodyRef b = malloc(sizeof(Body));
  LeafWeak w = malloc(sizeof(struct Leaf));
  a->mass = 1.5;
  a->next = b;
  b->mass = 2.5;
  b->next = NULL;
  w->v = 3;
  printf("total %.1f leaf %d alive %d\n", total(a), w->v, gr_alive(w));
  // OK: total 4.0 leaf 3 alive 1
  if (argc > 1 && strcmp(argv[1], "bug") == 0) {
    a->next = NULL;
    free(b);
    printf("%f\n", b->mass);
    // BUG: ERROR: genref: use-after-free on address {{.*}} (object of type 'struct Body')
    // BUG-NEXT: at {{.*}}rw_typedef_struct_ptr.c:[[@LINE-2]]:21 in main
  }
  a->next = NULL;
  free(b);
  free(a);
  free(w);
  return 0;
}
