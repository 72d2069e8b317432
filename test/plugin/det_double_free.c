// Double free through a reference is reported as double-free (not as a
// use-after-free, and not acted on): right after the first free (found
// "freed"), and after the slot was reused by another object (found "a newer
// object": the reference carries its generation, so the new occupant is
// not freed). A double free through a raw pointer is reported too. Without
// the bug each object is freed once and print_stats shows no live objects.
// REQUIRES: plugin
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: env GENREF_OPTIONS=print_stats=1 %run %t2 2>&1 | FileCheck --check-prefix=OK %s
// RUN: not %run %t2 ref 2>&1 | FileCheck --check-prefixes=DF,REF %s
// RUN: not %run %t0 ref 2>&1 | FileCheck --check-prefixes=DF,REF %s
// RUN: not %run %t2 reused 2>&1 | FileCheck --check-prefixes=DF,REUSED %s
// RUN: not %run %t2 raw 2>&1 | FileCheck --check-prefixes=DF,RAW %s
// The reused case with halt_on_error=0: reported, not acted on, the new
// occupant stays alive and usable.
// RUN: env GENREF_OPTIONS=halt_on_error=0 %run %t2 reused 2>&1 | FileCheck --check-prefixes=DF,REUSED,GOON %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  struct node *GR_REF p = malloc(sizeof(struct node));
  struct node *GR_REF q = p;
  struct node *raw = malloc(sizeof(struct node));
  void *p_slot = (void *)p;
  free(p);
  // DF: ERROR: genref: double-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  if (!strcmp(mode, "ref"))
    free(q);
  // REF-NEXT: at {{.*}}det_double_free.c:[[@LINE-1]]:5 in main
  // REF-NEXT: expected generation {{[0-9]+}} (live), found {{[0-9]+}} (freed)
  // REF-NEXT: the object was already freed
  /* A new object in p's slot: the next allocation where the heap reuses the
   * last freed slot first (fat layout), after the slab's other free slots
   * where it reuses them in turn (compact layout). */
  struct node *held[4096];
  int nheld = 0;
  struct node *GR_REF next = malloc(sizeof(struct node));
  while ((void *)next != p_slot && nheld < 4096) {
    held[nheld++] = next;
    next = malloc(sizeof(struct node));
  }
  while (nheld > 0)
    free(held[--nheld]);
  next->v = 5;
  if (!strcmp(mode, "reused"))
    free(q);
  // REUSED-NEXT: at {{.*}}det_double_free.c:[[@LINE-1]]:5 in main
  // REUSED-NEXT: expected generation {{[0-9]+}} (live), found {{[0-9]+}} (a newer object)
  // REUSED-NEXT: the object was freed and its memory reused since the reference was made
  free(raw);
  if (!strcmp(mode, "raw"))
    free(raw);
  // RAW-NEXT: at {{.*}}det_double_free.c:[[@LINE-1]]:5 in main
  // DF: SUMMARY: genref: double-free
  // GOON: next still alive 1 5 in p's slot 1
  // OK: next still alive 1 5 in p's slot 1
  printf("next still alive %d %d in p's slot %d\n", gr_alive(next), next->v, (void *)next == p_slot);
  free(next);
  // OK: retired slots: 0, reports: 0
  return 0;
}
