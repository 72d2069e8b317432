// gr_alive(ref) becomes gr_ref_alive: true while the object lives, false
// after free (heap), after the scope ends (stack), after realloc moved it,
// and for NULL; it never halts, even on a stale reference (the program runs
// to the end). On a raw pointer gr_alive means "non-null", as without genref.
// Without the plugin (plain clang/gcc on the original) gr_alive is != NULL.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 %t.rw.c -o %t.rw %rt && %run %t.rw 2>&1 | FileCheck --check-prefix=OK %s
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc 2>&1 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 2>&1 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 2>&1 | FileCheck --check-prefix=OK %s
// The plain build (no plugin) only knows non-null.
// RUN: %cc -O2 %s -o %t.plain && %run %t.plain 2>&1 | FileCheck --check-prefix=PLAIN %s
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

static struct node *GR_WEAK observer = NULL;

static void scope(void) {
  struct node local = {1};
  observer = &local;
  printf("in scope %d\n", gr_alive(observer));
}

int main(void) {
  struct node *GR_REF p = malloc(sizeof(struct node));
  struct node *GR_WEAK w = p;
  struct node *GR_REF none = NULL;
  struct node *raw = p;
  // OK: before 1 1 0 raw 1
  // PLAIN: before 1 1 0 raw 1
  printf("before %d %d %d raw %d\n", gr_alive(p), gr_alive(w), gr_alive(none), gr_alive(raw));
  // REWRITE: printf("before %d %d %d raw %d\n", gr_ref_alive(p), gr_ref_alive(w), gr_ref_alive(none), 0 != (raw));
  free(p);
  // OK-NEXT: after 0 0
  // PLAIN-NEXT: after 1 1
  printf("after %d %d\n", gr_alive(p), gr_alive(w));
  /* The slot is reused: at once where the heap reuses the last freed slot
   * first (fat layout), after the slab's other free slots where it reuses
   * them in turn (compact layout). */
  struct node *held[4096];
  int nheld = 0;
  struct node *GR_REF q = malloc(sizeof(struct node));
  while ((void *)q != (void *)raw && nheld < 4096) {
    held[nheld++] = q;
    q = malloc(sizeof(struct node));
  }
  while (nheld > 0)
    free(held[--nheld]);
  // The old references still say dead.
  // OK-NEXT: reused 0 1 same-slot 1
  // PLAIN-NEXT: reused 1 1 same-slot
  printf("reused %d %d same-slot %d\n", gr_alive(w), gr_alive(q), (void *)q == (void *)raw);
  struct node *GR_REF old = q;
  q = realloc(q, sizeof(struct node));
  // OK-NEXT: realloc 0 1
  printf("realloc %d %d\n", gr_alive(old), gr_alive(q));
  // OK-NEXT: in scope 1
  // OK-NEXT: out of scope 0
  scope();
  printf("out of scope %d\n", gr_alive(observer));
  free(q);
  // OK-NEXT: no halt
  // OK-NOT: ERROR
  printf("no halt\n");
  return 0;
}
