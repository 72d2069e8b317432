// Normal mode: freeing an object that is still referenced by a GR_REF held
// in memory halts at the free with `dangling-reference`, naming the type,
// the free's file:line, the count and where the remaining reference lives:
// a heap struct's field, a global, a function-local static, a stack
// struct's field, an element of a global array of references. With the
// reference unlinked (set to NULL) before the free each scenario is
// silent and exits 0. The same program in resilient mode never reports
// (it does not count references). The check of a free runs as the
// outermost function that frees returns (docs/modes.md): each holder here
// outlives it (stack() frees through drop(), while its pair lives).
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc --mode=normal -O0 -g %s -o %t.dir/n0
// RUN: %genref_cc --mode=normal -O2 -g %s -o %t.dir/n2
// RUN: %genref_cc -O2 -g %s -o %t.dir/res
// RUN: not %run %t.dir/n0 heap 2>&1 | FileCheck --check-prefixes=ALL,HEAP %s
// RUN: not %run %t.dir/n2 heap 2>&1 | FileCheck --check-prefixes=ALL,HEAP %s
// RUN: not %run %t.dir/n0 global 2>&1 | FileCheck --check-prefixes=ALL,GLOBAL %s
// RUN: not %run %t.dir/n2 global 2>&1 | FileCheck --check-prefixes=ALL,GLOBAL %s
// RUN: not %run %t.dir/n0 static 2>&1 | FileCheck --check-prefixes=ALL,STATIC %s
// RUN: not %run %t.dir/n2 static 2>&1 | FileCheck --check-prefixes=ALL,STATIC %s
// RUN: not %run %t.dir/n0 stack 2>&1 | FileCheck --check-prefixes=ALL,STACK %s
// RUN: not %run %t.dir/n2 stack 2>&1 | FileCheck --check-prefixes=ALL,STACK %s
// RUN: not %run %t.dir/n0 array 2>&1 | FileCheck --check-prefixes=ALL,ARRAY %s
// RUN: not %run %t.dir/n2 array 2>&1 | FileCheck --check-prefixes=ALL,ARRAY %s
// Unlinked first: silent, exit 0.
// RUN: %run %t.dir/n0 heap unlink 2>&1 | FileCheck --check-prefix=OK-HEAP %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 heap unlink 2>&1 | FileCheck --check-prefix=OK-HEAP %s --implicit-check-not=genref
// RUN: %run %t.dir/n0 global unlink 2>&1 | FileCheck --check-prefix=OK-GLOBAL %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 global unlink 2>&1 | FileCheck --check-prefix=OK-GLOBAL %s --implicit-check-not=genref
// RUN: %run %t.dir/n0 static unlink 2>&1 | FileCheck --check-prefix=OK-STATIC %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 static unlink 2>&1 | FileCheck --check-prefix=OK-STATIC %s --implicit-check-not=genref
// RUN: %run %t.dir/n0 stack unlink 2>&1 | FileCheck --check-prefix=OK-STACK %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 stack unlink 2>&1 | FileCheck --check-prefix=OK-STACK %s --implicit-check-not=genref
// RUN: %run %t.dir/n0 array unlink 2>&1 | FileCheck --check-prefix=OK-ARRAY %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 array unlink 2>&1 | FileCheck --check-prefix=OK-ARRAY %s --implicit-check-not=genref
// Resilient mode does not count: the dangling scenarios run to the end.
// RUN: %run %t.dir/res heap 2>&1 | FileCheck --check-prefix=OK-HEAP %s --implicit-check-not=genref
// RUN: %run %t.dir/res global 2>&1 | FileCheck --check-prefix=OK-GLOBAL %s --implicit-check-not=genref
// RUN: %run %t.dir/res static 2>&1 | FileCheck --check-prefix=OK-STATIC %s --implicit-check-not=genref
// RUN: %run %t.dir/res stack 2>&1 | FileCheck --check-prefix=OK-STACK %s --implicit-check-not=genref
// RUN: %run %t.dir/res array 2>&1 | FileCheck --check-prefix=OK-ARRAY %s --implicit-check-not=genref
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

struct GR_WEAKABLE holder {
  int k;
  struct node *GR_REF ref;
};

struct pair {
  long tag;
  struct node *GR_REF ref;
};

struct node *GR_REF g_ref;
struct node *GR_REF g_arr[4];

static struct node *GR_REF new_node(int v) {
  struct node *GR_REF n = malloc(sizeof(struct node));
  n->v = v;
  return n;
}

static void heap(int unlink) {
  struct node *GR_REF n = new_node(1);
  struct holder *GR_REF h = malloc(sizeof(struct holder));
  h->k = 1;
  h->ref = n;
  printf("heap holder sees %d\n", h->ref->v);
  if (unlink)
    h->ref = NULL;
  free(n); // HEAP: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // HEAP-NEXT: at {{.*}}normal_dangling.c:[[@LINE-1]]:3 in heap
  // HEAP: the object is freed while 1 GR_REF reference to it remains in memory; one is held by field 'ref' of 'struct holder' (declared at normal_dangling.c:{{[0-9]+}}), in the heap object at 0x{{[0-9a-f]+}} (offset {{[0-9]+}})
  // HEAP: SUMMARY: genref: dangling-reference {{.*}}normal_dangling.c:[[@LINE-3]] in heap
  if (unlink)
    free(h); /* else h still holds n as heap() returns */
  // OK-HEAP: heap holder sees 1
  // OK-HEAP-NEXT: heap done
  printf("heap done\n");
}

static void global(int unlink) {
  struct node *GR_REF n = new_node(2);
  g_ref = n;
  printf("global sees %d\n", g_ref->v);
  if (unlink)
    g_ref = NULL;
  free(n); // GLOBAL: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // GLOBAL-NEXT: at {{.*}}normal_dangling.c:[[@LINE-1]]:3 in global
  // GLOBAL: the object is freed while 1 GR_REF reference to it remains in memory; one is held by global 'g_ref' (declared at normal_dangling.c:{{[0-9]+}}), at 0x{{[0-9a-f]+}}
  // GLOBAL: SUMMARY: genref: dangling-reference {{.*}}normal_dangling.c:[[@LINE-3]] in global
  // OK-GLOBAL: global sees 2
  // OK-GLOBAL-NEXT: global done
  printf("global done\n");
}

static void statik(int unlink) {
  static struct node *GR_REF s_ref;
  struct node *GR_REF n = new_node(3);
  s_ref = n;
  printf("static sees %d\n", s_ref->v);
  if (unlink)
    s_ref = NULL;
  free(n); // STATIC: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // STATIC-NEXT: at {{.*}}normal_dangling.c:[[@LINE-1]]:3 in statik
  // STATIC: the object is freed while 1 GR_REF reference to it remains in memory; one is held by static 's_ref' of statik() (declared at normal_dangling.c:{{[0-9]+}}), at 0x{{[0-9a-f]+}}
  // STATIC: SUMMARY: genref: dangling-reference {{.*}}normal_dangling.c:[[@LINE-3]] in statik
  // OK-STATIC: static sees 3
  // OK-STATIC-NEXT: static done
  printf("static done\n");
}

static void drop(struct node *GR_REF n) {
  free(n); // STACK: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // STACK-NEXT: at {{.*}}normal_dangling.c:[[@LINE-1]]:3 in drop
  // STACK: the object is freed while 1 GR_REF reference to it remains in memory; one is held by field 'ref' of 'struct pair' (declared at normal_dangling.c:{{[0-9]+}}), in a stack object at 0x{{[0-9a-f]+}}
  // STACK: SUMMARY: genref: dangling-reference {{.*}}normal_dangling.c:[[@LINE-3]] in drop
}

static void stack(int unlink) {
  struct node *GR_REF n = new_node(4);
  struct pair p;
  p.tag = 7;
  p.ref = n;
  printf("stack pair sees %d\n", p.ref->v);
  if (unlink)
    p.ref = NULL;
  drop(n);
  // STACK-NOT: stack done
  // OK-STACK: stack pair sees 4
  // OK-STACK-NEXT: stack done tag 7
  printf("stack done tag %ld\n", p.tag);
}

static void array(int unlink) {
  struct node *GR_REF n = new_node(5);
  g_arr[2] = n;
  printf("array sees %d\n", g_arr[2]->v);
  if (unlink)
    g_arr[2] = NULL;
  free(n); // ARRAY: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // ARRAY-NEXT: at {{.*}}normal_dangling.c:[[@LINE-1]]:3 in array
  // ARRAY: the object is freed while 1 GR_REF reference to it remains in memory; one is held by an element of global 'g_arr' (declared at normal_dangling.c:{{[0-9]+}}), at 0x{{[0-9a-f]+}}
  // ARRAY: SUMMARY: genref: dangling-reference {{.*}}normal_dangling.c:[[@LINE-3]] in array
  // OK-ARRAY: array sees 5
  // OK-ARRAY-NEXT: array done
  printf("array done\n");
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  int unlink = argc > 2 && !strcmp(argv[2], "unlink");
  setvbuf(stdout, NULL, _IONBF, 0);
  if (!strcmp(argv[1], "heap"))
    heap(unlink);
  else if (!strcmp(argv[1], "global"))
    global(unlink);
  else if (!strcmp(argv[1], "static"))
    statik(unlink);
  else if (!strcmp(argv[1], "stack"))
    stack(unlink);
  else if (!strcmp(argv[1], "array"))
    array(unlink);
  else
    return 2;
  return 0;
}
// ALL-NOT: done
