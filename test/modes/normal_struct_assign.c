// Normal mode: struct assignment of a struct holding GR_REF references
// (`s1 = s2` on the stack, `*h1 = *h2` on the heap, `g = s` into a global)
// releases the destination's old references and counts the new ones: the
// old target can be freed afterwards without a report, the new target is
// reported with the right count (the source and the destination both
// hold it). Checked at -O0 and -O2. A report waits until the function
// that frees returns (docs/modes.md): the controls keep their holders
// alive past it, and stack() frees through drop() (its stack objects are
// alive when drop() returns).
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc --mode=normal -O0 -g %s -o %t.dir/n0
// RUN: %genref_cc --mode=normal -O2 -g %s -o %t.dir/n2
// RUN: %run %t.dir/n0 stack 2>&1 | FileCheck --check-prefix=STACK %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 stack 2>&1 | FileCheck --check-prefix=STACK %s --implicit-check-not=genref
// RUN: not %run %t.dir/n0 stack new 2>&1 | FileCheck --check-prefix=STACK-NEW %s
// RUN: not %run %t.dir/n2 stack new 2>&1 | FileCheck --check-prefix=STACK-NEW %s
// RUN: %run %t.dir/n0 heap 2>&1 | FileCheck --check-prefix=HEAP %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 heap 2>&1 | FileCheck --check-prefix=HEAP %s --implicit-check-not=genref
// RUN: not %run %t.dir/n0 heap new 2>&1 | FileCheck --check-prefix=HEAP-NEW %s
// RUN: not %run %t.dir/n2 heap new 2>&1 | FileCheck --check-prefix=HEAP-NEW %s
// RUN: %run %t.dir/n0 global 2>&1 | FileCheck --check-prefix=GLOBAL %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 global 2>&1 | FileCheck --check-prefix=GLOBAL %s --implicit-check-not=genref
// RUN: not %run %t.dir/n2 global new 2>&1 | FileCheck --check-prefix=GLOBAL-NEW %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

struct pair {
  long tag;
  struct node *GR_REF left;
  struct node *GR_REF right;
};

struct GR_WEAKABLE holder {
  int k;
  struct node *GR_REF ref;
};

struct pair g_pair;

static struct node *GR_REF new_node(int v) {
  struct node *GR_REF n = malloc(sizeof(struct node));
  n->v = v;
  return n;
}

static void drop(struct node *GR_REF n) {
  free(n); // STACK-NEW: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // STACK-NEW-NEXT: at {{.*}}normal_struct_assign.c:[[@LINE-1]]:3 in drop
  // STACK-NEW: while 2 GR_REF references to it remain in memory
  // STACK-NEW: SUMMARY: genref: dangling-reference {{.*}}normal_struct_assign.c:[[@LINE-3]] in drop
}

static void stack(int new_target) {
  struct node *GR_REF a = new_node(1);
  struct node *GR_REF b = new_node(2);
  struct pair s1 = {1, a, a};
  struct pair s2 = {2, b, NULL};
  s1 = s2; // a: 2 -> 0 references, b: 1 -> 2
  drop(a);
  // STACK: stack s1 sees 2 tag 2
  printf("stack s1 sees %d tag %ld\n", s1.left->v, s1.tag);
  if (new_target)
    drop(b);
  s1.left = NULL;
  s2.left = NULL;
  drop(b);
  // STACK-NEXT: stack ok
  printf("stack ok\n");
}

static void heap(int new_target) {
  struct node *GR_REF a = new_node(3);
  struct node *GR_REF b = new_node(4);
  struct holder *GR_REF h1 = malloc(sizeof(struct holder));
  struct holder *GR_REF h2 = malloc(sizeof(struct holder));
  h1->k = 1;
  h1->ref = a;
  h2->k = 2;
  h2->ref = b;
  *h1 = *h2; // a: 1 -> 0, b: 1 -> 2
  free(a);
  // HEAP: heap h1 sees 4 k 2
  printf("heap h1 sees %d k %d\n", h1->ref->v, h1->k);
  if (new_target)
    free(b); // HEAP-NEW: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // HEAP-NEW-NEXT: at {{.*}}normal_struct_assign.c:[[@LINE-1]]:5 in heap
  // HEAP-NEW: while 2 GR_REF references to it remain in memory; one is held by field 'ref' of 'struct holder' (declared at normal_struct_assign.c:{{[0-9]+}}), in the heap object at 0x{{[0-9a-f]+}} (offset {{[0-9]+}})
  if (new_target)
    return; /* h1 and h2 still hold b: reported as heap() returns */
  free(h1);
  free(h2);
  free(b);
  // HEAP-NEXT: heap ok
  printf("heap ok\n");
}

static void global(int new_target) {
  struct node *GR_REF a = new_node(5);
  struct node *GR_REF b = new_node(6);
  g_pair.left = a;
  g_pair.right = a;
  struct pair s = {3, b, NULL};
  g_pair = s; // a: 2 -> 0, b: 1 -> 2
  free(a);
  // GLOBAL: global sees 6
  printf("global sees %d\n", g_pair.left->v);
  s.left = NULL;
  if (new_target)
    free(b); // GLOBAL-NEW: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // GLOBAL-NEW-NEXT: at {{.*}}normal_struct_assign.c:[[@LINE-1]]:5 in global
  // GLOBAL-NEW: while 1 GR_REF reference to it remains in memory
  if (new_target)
    return; /* g_pair still holds b: reported as global() returns */
  g_pair.left = NULL;
  free(b);
  // GLOBAL-NEXT: global ok
  printf("global ok\n");
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  int new_target = argc > 2 && !strcmp(argv[2], "new");
  setvbuf(stdout, NULL, _IONBF, 0);
  if (!strcmp(argv[1], "stack"))
    stack(new_target);
  else if (!strcmp(argv[1], "heap"))
    heap(new_target);
  else if (!strcmp(argv[1], "global"))
    global(new_target);
  else
    return 2;
  return 0;
}
