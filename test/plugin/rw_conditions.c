// References in conditions and comparisons: p == q and p != q compare the
// address AND the generation (gr_ref_eq: a stale reference is not equal to a
// reference to the slot's next occupant); p == NULL, NULL != p, !p, if (p),
// while (p), for (; p; ), p && ..., p || q, p ? a : b; ternaries with a
// reference in one arm and NULL in the other give a reference; a reference
// compared with a raw pointer compares addresses without a check.
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
// RUN: %if !mode-fast %{ not %run %t0 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
};

static int count(struct node *GR_REF p) {
  int n = 0;
  for (; p; p = p->next)
    n++;
  // REWRITE: for (; (!gr_ref_is_null(p)); p = ((struct node *)gr_ref_check(p, GR_SITE(
  return n;
}

int main(int argc, char **argv) {
  int bug = argc > 1 && strcmp(argv[1], "bug") == 0;
  struct node *GR_REF p = malloc(sizeof(struct node));
  struct node *GR_REF q = p;
  struct node *GR_REF n = NULL;
  struct node *raw = p;
  p->v = 3;
  p->next = NULL;
  // OK: cmp 1 0 0 1 0 1
  printf("cmp %d %d %d %d %d %d\n", p == q, p != q, p == NULL, NULL != p, !p, !n);
  // REWRITE: printf("cmp %d %d %d %d %d %d\n", gr_ref_eq(p , q), (!gr_ref_eq(p , q)), gr_ref_is_null(p ), (!gr_ref_is_null( p)), !(!gr_ref_is_null(p)), !(!gr_ref_is_null(n)));
  if (p)
    printf("if\n");
  // REWRITE: if ((!gr_ref_is_null(p)))
  // OK: if
  if (n)
    printf("bad\n");
  if (p && p->v == 3)
    printf("and\n");
  // REWRITE: if ((!gr_ref_is_null(p)) && ((struct node *)gr_ref_check(p, GR_SITE(
  // OK-NEXT: and
  if (n || p)
    printf("or\n");
  // REWRITE: if ((!gr_ref_is_null(n)) || (!gr_ref_is_null(p)))
  // OK-NEXT: or
  printf("sel %d %d\n", p ? p->v : -1, n ? n->v : -1);
  // REWRITE: printf("sel %d %d\n", (!gr_ref_is_null(p)) ? ((struct node *)gr_ref_check(p, GR_SITE({{.*}})))->v : -1, (!gr_ref_is_null(n)) ? ((struct node *)gr_ref_check(n,
  // OK-NEXT: sel 3 -1
  struct node *GR_REF t = argc > 5 ? p : NULL;
  // REWRITE: gr_ref_t t = argc > 5 ? p : gr_ref_null();
  struct node *GR_REF u = argc > 5 ? NULL : p;
  // REWRITE: gr_ref_t u = argc > 5 ? gr_ref_null() : p;
  struct node *GR_REF w = (argc > 0 ? p : n);
  // OK-NEXT: mixed 1 1 1 1 3
  printf("mixed %d %d %d %d %d\n", t == NULL, u == p, w != NULL, raw == p, (argc > 0 ? p : n)->v);
  // REWRITE: raw == gr_ref_unchecked(p), ((struct node *)gr_ref_check((argc > 0 ? p : n), GR_SITE(
  while (n)
    n = n->next;
  // REWRITE: while ((!gr_ref_is_null(n)))
  // OK-NEXT: count 1
  printf("count %d\n", count(p));
  free(p);
  /* The slot is reused (same address): at once where the heap reuses the
   * last freed slot first (fat layout), after the slab's other free slots
   * where it reuses them in turn (compact layout). */
  struct node *held[4096];
  int nheld = 0;
  struct node *GR_REF r = malloc(sizeof(struct node));
  while ((void *)r != (void *)raw && nheld < 4096) {
    held[nheld++] = r;
    r = malloc(sizeof(struct node));
  }
  while (nheld > 0)
    free(held[--nheld]);
  // Yet the stale q is not r.
  // OK-NEXT: reuse 1 same 0
  printf("reuse %d same %d\n", (void *)raw == (void *)r, q == r);
  if (bug)
    printf("%d\n", (argc > 0 ? q : r)->v); // BUG: ERROR: genref: use-after-free
  // BUG-NEXT: at {{.*}}rw_conditions.c:[[@LINE-1]]:38 in main
  // BUG-NEXT: the object is now at generation {{[0-9]+}}: it was freed and the memory now holds a newer object
  free(r);
  return 0;
}
