// A compact reference read as a raw pointer (`&ref` passed through void *
// to code that takes `T **`, as old generic code does) faulted with no
// word: x86-64 gives no address for a non-canonical access. The compact
// runtime's fault handler now finds the reference in the registers and
// reports reference-used-as-pointer with its object, the generation and
// the faulting frame; a fault with nothing of genref's in the registers
// still gets the default action (a null pointer here).
// REQUIRES: plugin
// RUN: %genref_cc --layout=compact -O0 -g %s -o %t0
// RUN: %genref_cc --layout=compact -O2 -g %s -o %t2
// RUN: not %run %t0 2>&1 | FileCheck %s
// RUN: not %run %t2 2>&1 | FileCheck %s
// RUN: not %run %t0 null 2>&1 | FileCheck --allow-empty --check-prefix=NULL %s
// CHECK: ERROR: genref: reference-used-as-pointer on address 0x{{[0-9a-f]+}}
// CHECK-NEXT: the faulting access used a compact reference to this object (generation {{[0-9]+}}) as a raw pointer
// CHECK: in legacy_read {{.*}}reference_as_pointer.c:[[#@LINE+13]]
// CHECK: SUMMARY: genref: reference-used-as-pointer
// NULL-NOT: genref
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node { int v; };

// Old generic code: the slot holds "some pointer".
static __attribute__((noinline)) int legacy_read(void *slot) {
  struct node **pp = slot;
  return (*pp)->v;
}

int main(int argc, char **argv) {
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->v = 3;
  struct node *nothing = NULL;
  void *slot = argc > 1 && !strcmp(argv[1], "null") ? (void *)&nothing : (void *)&p;
  printf("%d\n", legacy_read(slot));
  return 0;
}
