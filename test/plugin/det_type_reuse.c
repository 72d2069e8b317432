// Free, then an allocation of a different weakable struct type of the same
// size and header layout: the heap may hand the slot to the new type (one
// header at offset 0 either way), and a stale reference of the old type is
// still caught, reported as a newer object, with the old type's name; the
// new object's bytes are never read as the old type. Without the bug the
// program reads its own object.
// REQUIRES: plugin
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t0 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE account {
  long balance;
  long owner;
};
struct GR_WEAKABLE packet {
  double weight;
  long id;
};
_Static_assert(sizeof(struct account) == sizeof(struct packet), "same size");

int main(int argc, char **argv) {
  int bug = argc > 1 && strcmp(argv[1], "bug") == 0;
  struct account *GR_REF acc = malloc(sizeof(struct account));
  acc->balance = 100;
  acc->owner = 7;
  struct account *raw = acc;
  free(acc);
  /* A packet in the account's slot: the next allocation where the heap
   * reuses the last freed slot first (fat layout), after the slab's other
   * free slots where it reuses them in turn (compact layout). */
  struct packet *held[4096];
  int nheld = 0;
  struct packet *GR_REF pkt = malloc(sizeof(struct packet));
  while ((void *)pkt != (void *)raw && nheld < 4096) {
    held[nheld++] = pkt;
    pkt = malloc(sizeof(struct packet));
  }
  while (nheld > 0)
    free(held[--nheld]);
  pkt->weight = 2.5;
  pkt->id = 9;
  // OK: same slot 1 alive 0 1
  // BUG: same slot 1 alive 0 1
  printf("same slot %d alive %d %d\n", (void *)pkt == (void *)raw, gr_alive(acc), gr_alive(pkt));
  fflush(stdout);
  if (bug)
    acc->balance += 1000; // BUG: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct account')
  // BUG-NEXT: at {{.*}}det_type_reuse.c:[[@LINE-1]]:8 in main
  // BUG-NEXT: the reference was made at generation {{[0-9]+}}; the object is now at generation {{[0-9]+}}: it was freed and the memory now holds a newer object
  // BUG-NOT: packet
  // OK: packet 2.5 9
  printf("packet %.1f %ld\n", pkt->weight, pkt->id);
  free(pkt);
  return 0;
}
