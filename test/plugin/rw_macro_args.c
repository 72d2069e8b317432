// A macro argument spelled in the file has one text for every place the
// body uses it. When all its uses need the same edits (TWICE), they are made
// once, in place. When they differ (DEPTHS: two nesting depths; SIZED: an
// unevaluated and an evaluated use; BYTES: a use in sizeof that needs no
// edit at all), one text cannot serve them: the use is written out with
// each occurrence rewritten as it needs (before, DEPTHS and SIZED wrapped
// the argument twice and did not compile, BYTES checked inside sizeof).
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc %s -o %t %rt && %run %t | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t bug 2>&1 | FileCheck --check-prefix=BUG %s %}
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

#define TWICE(x) ((x)->v + (x)->v)
#define DEPTHS(x) ((x)->v + (1 + (x)->v))
#define SIZED(x) ((int)sizeof(*(x)) + (x)->v)
#define BYTES(x) ((int)sizeof(x) + (x)->v)

int main(int argc, char **argv) {
  (void)argv;
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->v = 1;
  int a = TWICE(p);
  // REWRITE: int a = TWICE(((struct node *)gr_ref_check(p, GR_SITE("{{.*}}rw_macro_args.c", [[@LINE-1]], 11, "main", "struct node"))));
  int b = DEPTHS(p);
  // REWRITE: int b = GR_EXPANDED(((((struct node *)gr_ref_check(p, GR_SITE({{[^)]*}}))))->v+(1 +(((struct node *)gr_ref_check(p, GR_SITE({{[^)]*}}))))->v)));
  int c = SIZED(p);
  // REWRITE: int c = GR_EXPANDED(((int)sizeof(*(((struct node *)gr_ref_unchecked(p))))+(((struct node *)gr_ref_check(p, GR_SITE({{[^)]*}}))))->v));
  int d = BYTES(p);
  // REWRITE: int d = GR_EXPANDED(((int)sizeof(p)+(((struct node *)gr_ref_check(p, GR_SITE({{[^)]*}}))))->v));
  // OK: 2 3 {{[0-9]+}} {{[0-9]+}}
  printf("%d %d %d %d\n", a, b, c, d);
  free(p);
  if (argc > 1)
    // BUG: ERROR: genref: use-after-free
    // BUG: at {{.*}}rw_macro_args.c:[[@LINE+1]]:20 in main
    printf("%d\n", DEPTHS(p));
  return 0;
}
