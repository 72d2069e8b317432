// A second free of an object whose slab has since retired and been
// released (compact layout, 4-bit-generation runtime for speed) is a
// double free, as it is before the release: reported as double-free with
// "the object was already freed", not as an invalid free of an address
// where "no object was ever allocated". Through the stale GR_REF (its
// generation known) and through a raw pointer.
// REQUIRES: plugin
// RUN: %plugin_cc -fplugin-arg-genref-layout=compact -O2 %s -o %t %obj_root/lib/libgenref_rt_compact_gen4.a -lpthread
// RUN: not %run %t ref 2>&1 | FileCheck --check-prefixes=DF,REF %s
// RUN: not %run %t raw 2>&1 | FileCheck --check-prefixes=DF,RAW %s
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
  struct node *raw = n;
  free(n);
  for (long i = 0; i < 100000; i++) /* n's slab retires and is released */
    free(malloc(sizeof(struct node)));
  // DF: ERROR: genref: double-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  if (!strcmp(mode, "ref"))
    free(n);
  // REF-NEXT: at {{.*}}released_slab_double_free.c:[[@LINE-1]]:{{[0-9]+}} in main
  if (!strcmp(mode, "raw"))
    free(raw);
  // RAW-NEXT: at {{.*}}released_slab_double_free.c:[[@LINE-1]]:{{[0-9]+}} in main
  // DF-NOT: no object was ever allocated
  // DF: the object was already freed
  // DF-NOT: no object was ever allocated
  // DF: SUMMARY: genref: double-free
  printf("end\n");
  return 0;
}
