// A GR_WEAK reference may dangle forever, and gr_alive() on it never
// halts: also in the compact layout once the object's slab retired and its
// memory went back to the OS (PROT_NONE). Built with the compact runtime of
// 4-bit generations so the churn retires the slab quickly; gr_alive must
// say 0, and a dereference through the GR_REF is still a use-after-free.
// REQUIRES: plugin
// gr_alive faults and reports use-after-free (BUG 19).
// XFAIL: *
// RUN: %plugin_cc -fplugin-arg-genref-layout=compact -O2 %s -o %t %obj_root/lib/libgenref_rt_compact_gen4.a -lpthread
// RUN: %run %t | FileCheck --check-prefix=OK %s
// RUN: not %run %t bug 2>&1 | FileCheck --check-prefix=BUG %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  long v[2];
};

int main(int argc, char **argv) {
  int bug = argc > 1 && !strcmp(argv[1], "bug");
  struct node *GR_REF n = malloc(sizeof(struct node));
  struct node *GR_WEAK w = n;
  n->v[0] = 1;
  free(n);
  for (long i = 0; i < 100000; i++) /* n's slab retires and is released */
    free(malloc(sizeof(struct node)));
  // OK: alive 0
  // BUG: alive 0
  printf("alive %d\n", gr_alive(w));
  fflush(stdout);
  if (bug)
    printf("%ld\n", n->v[0]);
  // BUG: ERROR: genref: use-after-free
  // BUG: SUMMARY: genref: use-after-free
  return 0;
}
