// After a compact slab's slots all retired and its memory went back to the
// OS (built with the 4-bit-generation compact runtime so the churn gets
// there quickly), every access through an old reference or pointer is
// still handled, never a plain crash:
//  - gr_alive() on a dangling GR_WEAK answers 0 and the program goes on
//    (a GR_WEAK may dangle forever; gr_alive never halts);
//  - a dereference through the stale GR_REF or GR_WEAK is a use-after-free
//    at its source line, saying the slab retired;
//  - a write through a raw pointer (no check) faults and the fault is
//    reported as a use-after-free on that address;
//  - a raw pointer into the released slab becoming a reference is refused
//    (use-after-free), not adopted as a static object.
// REQUIRES: plugin
// RUN: %plugin_cc -fplugin-arg-genref-layout=compact -O2 %s -o %t %obj_root/lib/libgenref_rt_compact_gen4.a -lpthread
// RUN: %run %t | FileCheck --check-prefix=OK %s
// RUN: not %run %t read 2>&1 | FileCheck --check-prefixes=STALE,READ %s
// RUN: not %run %t weak 2>&1 | FileCheck --check-prefixes=STALE,WEAK %s
// RUN: not %run %t write 2>&1 | FileCheck --check-prefixes=STALE,WRITE %s
// RUN: not %run %t mkref 2>&1 | FileCheck --check-prefixes=STALE,MKREF %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  long v[2];
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  struct node *GR_REF n = malloc(sizeof(struct node));
  struct node *GR_WEAK w = n;
  struct node *raw = n;
  n->v[0] = 1;
  free(n);
  for (long i = 0; i < 100000; i++) /* n's slab retires and is released */
    free(malloc(sizeof(struct node)));
  // OK: alive 0
  // STALE: alive 0
  printf("alive %d\n", gr_alive(w));
  fflush(stdout);
  // STALE: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}}
  if (!strcmp(mode, "read"))
    printf("%ld\n", n->v[0]);
  // READ-NEXT: at {{.*}}released_slab.c:[[@LINE-1]]:{{[0-9]+}} in main
  if (!strcmp(mode, "weak"))
    printf("%ld\n", w->v[0]);
  // WEAK-NEXT: at {{.*}}released_slab.c:[[@LINE-1]]:{{[0-9]+}} in main
  if (!strcmp(mode, "write")) raw->v[1] = 5; /* one line: -O2 may give the store the if's line */
  // WRITE: in main {{.*}}released_slab.c:[[@LINE-1]]
  if (!strcmp(mode, "mkref")) {
    struct node *GR_REF r = raw;
    printf("made %d\n", gr_alive(r));
  }
  // MKREF-NEXT: at {{.*}}released_slab.c:[[@LINE-3]]:{{[0-9]+}} in main
  // READ-NEXT: the object's slab retired (every slot's generation used up) and its memory was returned to the OS
  // WEAK-NEXT: the object's slab retired (every slot's generation used up) and its memory was returned to the OS
  // MKREF-NEXT: the object's slab retired (every slot's generation used up) and its memory was returned to the OS
  // STALE: SUMMARY: genref: use-after-free
  // STALE-NOT: end
  // OK-NEXT: end
  printf("end\n");
  return 0;
}
