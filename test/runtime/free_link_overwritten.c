// A free slot's header links its slab's free list (docs/design.md 2.4). A
// write past the end of the object before it (a buffer overflow, outside
// genref's use-after-free model, but real C) can overwrite that header.
// The allocator never follows such a link out of the slab: the next
// allocation of the size is reported as heap-corruption at the header,
// naming the free slot and the link's offset, and the program stops,
// instead of malloc returning an address the overflow chose. Both
// layouts (their links are in different halves of the word); control:
// the same program without the overflow allocates and reports nothing.
//
// RUN: %cc -O1 %s %rt -o %t
// RUN: %run %t 2>&1 | FileCheck --check-prefix=GOOD %s
// RUN: not %run %t overflow 2>&1 | FileCheck --check-prefix=BAD %s
// GOOD-NOT: ERROR: genref
// GOOD: allocated 64 objects, none outside the heap
// BAD: neighbours at distance [[#SLOT:]]
// BAD: ERROR: genref: heap-corruption at 0x{{[0-9a-f]+}}: the header of the free slot at 0x{{[0-9a-f]+}} links to offset {{[0-9]+}} of its slab, past its last slot ({{[0-9]+}}): the header was overwritten, by a write past the end of the object before it?
// BAD: SUMMARY: genref: heap-corruption
// BAD-NOT: allocated
#include "Inputs/rtest.h"
#include <string.h>

int main(int argc, char **argv) {
  int overflow = argc > 1 && strcmp(argv[1], "overflow") == 0;
  /* Two neighbours: fresh slots are handed out lowest address first. */
  char *a = malloc(40), *b = malloc(40);
  REQUIRE(a && b && b > a);
  size_t slot = (size_t)(b - a);
  printf("neighbours at distance %zu\n", slot);
  fflush(stdout);
  free(b); /* b's slot heads its slab's free list */
  if (overflow) {
    /* 8 bytes past a's usable end: b's header. Both halves even and far
     * beyond any slab's span, whichever half holds the link. */
    uint64_t junk = UINT64_C(0x4001000040010000);
    char *past = a + gr_usable_size(a);
    REQUIRE(past + 8 == b);
    memcpy(past, &junk, sizeof junk);
  }
  void *objs[64];
  int outside = 0;
  for (int i = 0; i < 64; i++) {
    objs[i] = malloc(40);
    REQUIRE(objs[i]);
    outside += gr_usable_size(objs[i]) == 0;
  }
  for (int i = 0; i < 64; i++)
    free(objs[i]);
  free(a);
  REQUIRE_EQ(outside, 0);
  printf("allocated 64 objects, none outside the heap\n");
  return 0;
}
