// Old-style C: a function declared without a prototype (`int f();`). A
// reference passed to it used to become a raw pointer, so a callee whose
// K&R definition takes a GR_REF saw generation 0 and reported a
// use-after-free on a live object. Now the parameter is taken from the
// definition when the unit has one (the reference is passed as a
// reference), and a call with no prototype and no definition in sight is
// an error with a way out (diag_unprototyped_call.c). Variadic arguments
// (printf's %p) still get the raw pointer.
// REQUIRES: plugin
// RUN: %genref_cc -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O0 %s -o %t0 && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %genref_cc -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O2 %s -o %t2 && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %genref_cc --mode=normal -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O2 %s -o %t.n && %run %t.n | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node { int v; };

int value();   /* no prototype, as in old headers */
void show();

int main(int argc, char **argv) {
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->v = 41;
  int r = value(p);
  show(p, 1);
  if (argc > 1 && strcmp(argv[1], "bug") == 0) {
    free(p);
    r = value(p); // the stale reference reaches the callee as a reference
  }
  printf("value %d %s\n", r, argc > 1 ? "" : "ok");
  // OK: value 42 ok
  free(p);
  return 0;
}

int value(p)
  struct node *GR_REF p;
{
  return p->v + 1;
  // BUG: ERROR: genref: use-after-free on address {{.*}} (object of type 'struct node')
  // BUG-NEXT: at {{.*}}rw_unprototyped_call.c:[[@LINE-2]]:11 in value
}

void show(p, n)
  struct node *GR_REF p;
  int n;
{
  if (n > 1)
    printf("%p %d\n", (void *)p, p->v); /* a variadic argument: raw */
}
