// Normal mode: a weakable stack object whose scope ends (end of block,
// return, break) while a GR_REF reference to it is still held in memory (a
// global, a heap object's field) is reported as a dangling reference at the
// scope's end; with the reference cleared first, or held only by a local
// variable or a GR_WEAK, the scope ends silently. (The report's type and
// location: normal_scope_end_site.c.)
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc --mode=normal -O0 -g %s -o %t.dir/n0
// RUN: %genref_cc --mode=normal -O2 -g %s -o %t.dir/n2
// RUN: not %run %t.dir/n0 global 2>&1 | FileCheck --check-prefixes=REPORT,GLOBAL %s
// RUN: not %run %t.dir/n2 global 2>&1 | FileCheck --check-prefixes=REPORT,GLOBAL %s
// RUN: not %run %t.dir/n2 heap 2>&1 | FileCheck --check-prefixes=REPORT,HEAP %s
// RUN: not %run %t.dir/n2 break 2>&1 | FileCheck --check-prefixes=REPORT,GLOBAL %s
// RUN: %run %t.dir/n0 global clear 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 global clear 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 heap clear 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 break clear 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/n0 weak 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 weak 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// REPORT: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
// REPORT: a stack object goes out of scope while 1 GR_REF reference to it remains in memory; one is held by
// GLOBAL-SAME: global 'g' (declared at normal_scope_end.c:{{[0-9]+}}), at 0x{{[0-9a-f]+}}
// HEAP-SAME: field 'ref' of 'struct holder' (declared at normal_scope_end.c:{{[0-9]+}}), in the heap object at 0x{{[0-9a-f]+}} (offset {{[0-9]+}})
// REPORT: SUMMARY: genref: dangling-reference
// REPORT-NOT: done
// OK: inside 5
// OK-NEXT: done
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

struct GR_WEAKABLE holder {
  struct node *GR_REF ref;
};

struct node *GR_REF g;
struct node *GR_WEAK gw;

static void global(int clear) {
  struct node local = {5};
  g = &local;
  printf("inside %d\n", g->v);
  if (clear)
    g = NULL;
}

static void heap(int clear, struct holder *GR_REF h) {
  {
    struct node local = {5};
    h->ref = &local;
    printf("inside %d\n", h->ref->v);
    if (clear)
      h->ref = NULL;
  }
}

static void leave_loop(int clear) {
  for (int i = 0; i < 3; i++) {
    struct node local = {5};
    g = &local;
    printf("inside %d\n", g->v);
    if (clear)
      g = NULL;
    break;
  }
}

static void weak(void) {
  struct node local = {5};
  struct node *GR_REF l = &local;
  gw = &local;
  printf("inside %d\n", l->v);
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  int clear = argc > 2 && !strcmp(argv[2], "clear");
  setvbuf(stdout, NULL, _IONBF, 0);
  if (!strcmp(argv[1], "global"))
    global(clear);
  else if (!strcmp(argv[1], "heap")) {
    struct holder *GR_REF h = malloc(sizeof(struct holder));
    h->ref = NULL;
    heap(clear, h);
    free(h);
  } else if (!strcmp(argv[1], "break"))
    leave_loop(clear);
  else if (!strcmp(argv[1], "weak"))
    weak();
  else
    return 2;
  printf("done\n");
  return 0;
}
