// Normal mode on structs holding references in bulk: a local array of
// references (its layout names gr_ref_t, so the stride is a reference's
// size in either layout and the generated string literal is well formed)
// and a stack struct with 300 references (the old limit was 128). Both
// compile warning-free, run clean, and a reference left in the big struct
// to a freed object is still reported at the free.
// REQUIRES: plugin
// RUN: %genref_cc --mode=normal -Wall -Wextra -Werror -O0 %s -o %t0 && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %genref_cc --mode=normal -Wall -Wextra -Werror -O2 %s -o %t2 && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s
// RUN: %genref_rewrite --mode=normal %s -- -I%src_root/annotations | FileCheck --check-prefix=REWRITE %s
// REWRITE: GR_LAYOUT("gr_ref_t", sizeof(gr_ref_t), 0)
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node { int v; };
struct many { int n; struct node *GR_REF r[300]; };

/* The frees: main frees nothing itself, so each call of drop() is a whole
 * destruction, checked as it returns (docs/modes.md), while main's m lives. */
static void drop(struct node *GR_REF p) {
  free(p);
  // BUG: ERROR: genref: dangling-reference on address {{.*}} (object of type 'struct node')
  // BUG-NEXT: at {{.*}}normal_many_refs.c:[[@LINE-2]]:3 in drop
  // BUG: freed while 151 GR_REF references to it remain in memory
  // BUG-SAME: held by an element of field 'r' of 'struct many'
}

int main(int argc, char **argv) {
  struct node *GR_REF a = malloc(sizeof(struct node));
  struct node *GR_REF b = malloc(sizeof(struct node));
  a->v = 1;
  b->v = 2;
  struct node *GR_REF pair[2] = {a, b};
  struct many m;
  memset(&m, 0, sizeof m);
  m.n = 300;
  for (int i = 0; i < m.n; i++)
    m.r[i] = i % 2 ? a : b;
  int sum = pair[0]->v + pair[1]->v + m.r[299]->v + m.r[298]->v;
  if (argc > 1 && strcmp(argv[1], "bug") == 0)
    drop(a); // m.r[1], m.r[3]... still point at a
  for (int i = 0; i < m.n; i++)
    m.r[i] = NULL;
  pair[0] = pair[1] = NULL;
  drop(a);
  drop(b);
  printf("sum %d\n", sum);
  // OK: sum 6
  return 0;
}
