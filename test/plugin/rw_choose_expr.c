// __builtin_choose_expr over references (kernel-style type-generic
// macros): the chosen arm is the expression's value, converted and
// checked as through parentheses; the other arm is left alone
// (unevaluated). It was "a reference used in an unsupported construct
// (ChooseExpr)". A stale reference through the chosen arm is reported at
// the line.
// REQUIRES: plugin
// RUN: %plugin_cc -std=gnu11 -Wall -Wextra -Werror -O0 %s -o %t0 %rt
// RUN: %plugin_cc -std=gnu11 -Wall -Wextra -Werror -O2 %s -o %t2 %rt
// RUN: %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t2 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
// OK: 2 1 3
// STALE: ERROR: genref: use-after-free
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

#define FIRST_IF(c, a, b) __builtin_choose_expr((c), (a), (b))

int main(int argc, char **argv) {
  struct node *GR_REF a = malloc(sizeof *a);
  struct node *GR_REF b = malloc(sizeof *b);
  struct node *raw;
  struct node *GR_REF r;
  (void)argv;
  a->v = 1;
  b->v = 2;
  raw = __builtin_choose_expr(0, a, b);
  r = FIRST_IF(1, a, NULL);
  printf("%d %d %d\n", raw->v, __builtin_choose_expr(1, a, b)->v, r->v + raw->v);
  if (argc > 1) {
    free(a);
    printf("%d\n", __builtin_choose_expr(1, a, b)->v);
    // STALE: rw_choose_expr.c:[[@LINE-1]]
  }
  free(a);
  free(b);
  return 0;
}
