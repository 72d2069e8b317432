// A reference passed as the argument of a macro that parenthesizes its
// parameter (the normal way to write a C macro): ((x)->v), ((x) == 0).
// The argument is spelled in the file, so it can be rewritten like an
// unparenthesized x->v; the error's own hint says to do exactly this.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %cc %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck %s
// RUN: %plugin_cc %s -o %t %rt && %run %t | FileCheck %s
// RUN: %if !mode-fast %{ not %run %t bug 2>&1 | FileCheck --check-prefix=BUG %s %}
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

#define VAL(x) ((x)->v)
#define ISNULL(x) ((x) == NULL)

int main(int argc, char **argv) {
  (void)argv;
  struct node *GR_REF p = malloc(sizeof(struct node));
  VAL(p) = 4;
  // CHECK: val 4 null 0
  printf("val %d null %d\n", VAL(p), ISNULL(p));
  free(p);
  if (argc > 1)
    printf("%d\n", VAL(p)); // BUG: ERROR: genref: use-after-free
  return 0;
}
