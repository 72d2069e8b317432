// Free, then a million allocations of the same size (each freed again, so
// the slot is handed out over and over), then one in the victim's slot that
// stays alive, then the stale access: the slot now holds a newer live object
// at the same address, and the report says the generation found is newer
// (the memory was reused), not merely "freed". The generation keeps rising
// by exactly one per alloc and per free: 1 for the victim, 2 after its
// free, +2 per reuse in the loop, +1 for the object now there.
// The heap reuses the last freed slot first (LIFO), so the loop gets the
// victim's slot every time. The fat layout's 32-bit heap generations
// outlast the million; the compact layout's 16-bit ones do not: there the
// victim's slot retires (I4) after 32766 lives in the loop, which then goes
// on in the next slot, and the victim's slot is never handed out again, so
// the stale access finds it freed, not reused.
// REQUIRES: plugin
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %run %t2 | FileCheck --check-prefixes=OK,%if layout-compact %{COMPACT%} %else %{FAT%} %s
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefixes=BUG,%if layout-compact %{COMPACT,BUGCOMPACT%} %else %{FAT,BUGFAT%} %s %}
// RUN: %if !mode-fast %{ not %run %t0 bug 2>&1 | FileCheck --check-prefixes=BUG,%if layout-compact %{COMPACT,BUGCOMPACT%} %else %{FAT,BUGFAT%} %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  long payload[3];
};

int main(int argc, char **argv) {
  int bug = argc > 1 && strcmp(argv[1], "bug") == 0;
  struct node *GR_REF victim = malloc(sizeof(struct node));
  struct node *first = victim;
  victim->payload[0] = 1;
  free(victim);
  int same = 0;
  for (long i = 0; i < 1000000; i++) {
    struct node *n = malloc(sizeof(struct node));
    n->payload[0] = i;
    same += n == first;
    free(n);
  }
  /* The victim's slot again, to keep: the first allocation in the fat
   * layout, never in the compact one (retired). */
  struct node *held[4096];
  int nheld = 0;
  struct node *GR_REF now = malloc(sizeof(struct node));
  while ((void *)now != (void *)first && nheld < 4096) {
    held[nheld++] = now;
    now = malloc(sizeof(struct node));
  }
  while (nheld > 0)
    free(held[--nheld]);
  now->payload[0] = 42;
  // FAT: loop reused the victim's slot 1000000 times, spread 0
  // COMPACT: loop reused the victim's slot 32766 times, spread 1
  printf("loop reused the victim's slot %d times, spread %d\n", same, same < 1000000);
  // FAT: reused [[#SAME:]] times, same address 1, alive 1 0
  // COMPACT: reused [[#SAME:]] times, same address 0, alive 1 0
  printf("reused %d times, same address %d, alive %d %d\n", same, (void *)now == (void *)first,
         gr_alive(now), gr_alive(victim));
  fflush(stdout);
  long v = bug ? victim->payload[0] : now->payload[0];
  // BUG: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // BUG-NEXT: at {{.*}}det_slot_reuse.c:[[@LINE-2]]:24 in main
  // BUGFAT-NEXT: the reference was made at generation 1; the object is now at generation [[#mul(SAME,2)+3]]: it was freed and the memory now holds a newer object
  // BUGCOMPACT-NEXT: the reference was made at generation 1; the object is now at generation [[#mul(SAME,2)+2]]: it was freed{{$}}
  // BUG: SUMMARY: genref: use-after-free
  // BUG-NOT: value
  // OK-NOT: ERROR
  // OK-NOT: value 0
  // OK: value 42
  printf("value %ld\n", v);
  free(now);
  return 0;
}
