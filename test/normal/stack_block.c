// Issue 14: stack objects of one block end together: the first pointing at
// the second (whose frame ends first) is silent, at the block's end, at a
// break out of a loop's block and at a return. Control: a holder in an
// enclosing block, alive after the inner block ends, is reported at the
// inner block's end, naming the holder.
// REQUIRES: plugin, mode-normal
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
// RUN: %genref_cc -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
// RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 outer 2>&1 | FileCheck --check-prefix=OUTER %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 outer 2>&1 | FileCheck --check-prefix=OUTER %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

struct holder {
  int k;
  struct node *GR_REF ref;
};

static int block_end(void) {
  int v;
  {
    struct holder h;
    struct node n = {1};
    h.ref = &n;
    v = h.ref->v;
  }
  return v;
}

static int at_break(void) {
  int v = 0;
  for (int i = 0; i < 3; i++) {
    struct holder h = {i, NULL};
    struct node n = {2};
    h.ref = &n;
    v += h.ref->v;
    if (i == 1)
      break;
  }
  return v;
}

static int at_return(int x) {
  struct holder h = {0, NULL};
  struct node a = {3}, b = {4};
  h.ref = x ? &a : &b;
  return h.ref->v;
}

static void outer(void) {
  struct holder h = {5, NULL};
  {
    struct node n = {5}; // OUTER: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
    // OUTER-NEXT: at {{.*}}stack_block.c:[[@LINE-1]]:17 in outer
    // OUTER: a stack object goes out of scope while 1 GR_REF reference to it remains in memory; one is held by field 'ref' of 'struct holder' (declared at stack_block.c:23), in a stack object at 0x{{[0-9a-f]+}}
    h.ref = &n;
    printf("inner %d\n", h.ref->v);
  }
  printf("outer k %d\n", h.k);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("%d %d %d %d\n", block_end(), at_break(), at_return(1), at_return(0));
  // OK: 1 4 3 4
  if (argc > 1 && !strcmp(argv[1], "outer"))
    outer();
  // OUTER-NOT: outer k
  printf("done\n");
  // OK-NEXT: done
  return 0;
}
