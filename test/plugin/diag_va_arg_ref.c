// va_arg of a reference type is an error with the way out: a reference
// passed to '...' is passed as its raw pointer (so printf's %s and %p see
// a pointer), so there is no reference in the va_list to read. It was
// clang's type error on genref's rewritten text, with no word from genref.
// The way out, `va_arg(ap, T *)` made a reference, compiles and runs, and
// a stale reference passed to the function is reported.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -DBAD -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -DBAD -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: %plugin_cc -Wall -Wextra -Werror %s -o %t %rt
// RUN: %run %t | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t stale 2>&1 | FileCheck --check-prefix=STALE %s %}
// OK: sum 3
// STALE: ERROR: genref: use-after-free
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

static int sum(int n, ...) {
  va_list ap;
  int s = 0;
  va_start(ap, n);
  while (n-- > 0) {
#ifdef BAD
    // CHECK: diag_va_arg_ref.c:[[@LINE+2]]:40: error: genref: va_arg of a reference type: a reference passed to '...' is passed as its raw pointer
    // CHECK: note: read the raw pointer and make the reference from it
    struct node *GR_REF r = va_arg(ap, struct node *GR_REF);
#else
    struct node *GR_REF r = va_arg(ap, struct node *);
#endif
    s += r->v;
  }
  va_end(ap);
  return s;
}

int main(int argc, char **argv) {
  struct node *GR_REF a = malloc(sizeof *a);
  struct node *GR_REF b = malloc(sizeof *b);
  a->v = 1;
  b->v = 2;
  if (argc > 1 && !strcmp(argv[1], "stale")) {
    free(b);
    b = malloc(sizeof *b);
    free(b);
  }
  printf("sum %d\n", sum(2, a, b));
  free(a);
  free(b);
  return 0;
}
