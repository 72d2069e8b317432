// memset and bzero whose destination is an array of references (a global
// array, a member array, an array of structs holding references) release
// the counted references in it first, as `&arr[0]` did: zeroing the
// array, then freeing what it held, is silent (it was a plain memset, the
// counts stayed, and the free was a false dangling-reference). Without
// the zeroing the free is reported: the array still holds the object.
// A memcpy into such an array gets normal mode's uncounted-copy warning,
// as one into `&arr[0]` does.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
// RUN: %genref_cc -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
// RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 held 2>&1 | FileCheck --check-prefix=HELD %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 held 2>&1 | FileCheck --check-prefix=HELD %s
// RUN: %genref_cc -DCOPY -fsyntax-only %s 2>&1 | FileCheck --check-prefix=WARN %s
// OK: global 1
// OK-NEXT: member 2
// OK-NEXT: structs 3
// OK-NEXT: bzero 4
// HELD: ERROR: genref: dangling-reference
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF kid[2];
};
struct pair {
  struct node *GR_REF a;
  long tag;
};

struct node *GR_REF g_arr[4];
struct pair g_ps[3];

static struct node *GR_REF make(int v) {
  struct node *GR_REF n = calloc(1, sizeof *n);
  n->v = v;
  return n;
}

#ifdef COPY
void copy(struct node *GR_REF a) {
  // WARN: memset_array_dest.c:[[@LINE+1]]:3: warning: genref: memcpy copies GR_REF references
  memcpy(g_arr, a->kid, sizeof a->kid);
  // WARN: memset_array_dest.c:[[@LINE+1]]:3: warning: genref: memcpy copies GR_REF references
  memcpy(a->kid, g_arr, sizeof a->kid);
}
#endif

int main(int argc, char **argv) {
  int held = argc > 1 && !strcmp(argv[1], "held");
  struct node *GR_REF a = make(0);
  struct node *GR_REF c = make(1);
  struct node *GR_REF local[2];

  g_arr[1] = c;
  if (!held)
    memset(g_arr, 0, sizeof g_arr);
  printf("global %d\n", c->v);
  free(c); // HELD: at {{.*}}memset_array_dest.c:[[@LINE]]

  c = make(2);
  a->kid[1] = c;
  memset(a->kid, 0, sizeof a->kid);
  printf("member %d\n", c->v);
  free(c);

  c = make(3);
  g_ps[2].a = c;
  memset(g_ps, 0, sizeof g_ps);
  printf("structs %d\n", c->v);
  free(c);

  c = make(4);
  local[0] = c;
  local[1] = NULL;
  bzero(local, sizeof local);
  printf("bzero %d\n", c->v);
  free(c);

  free(a);
  return 0;
}
