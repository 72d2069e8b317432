// The forged generation: save an object's bytes, free it, allocate until
// the heap hands the same memory to a new object, copy the saved bytes
// over the new object (data read from a file or a socket does exactly
// this). The stale reference must still be stale: use-after-free at the
// line. The new object, whose bytes were overwritten, stays valid through
// its own reference (the good run).
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 stale-write 2>&1 | FileCheck --check-prefix=STALE-WRITE %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 stale-write 2>&1 | FileCheck --check-prefix=STALE-WRITE %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE account {
  long balance;
  int owner;
  int flags;
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  struct account *GR_REF victim = malloc(sizeof(struct account));
  victim->balance = 1000;
  victim->owner = 1;
  victim->flags = 0;
  void *slot = (void *)victim;
  unsigned char saved[sizeof(struct account)];
  memcpy(saved, (void *)victim, sizeof saved);
  struct account *GR_REF stale = victim;
  free(victim);
  // Allocate until the slot is handed out again. The genref heap reuses a
  // size class's free slots (LIFO), so this ends; held objects are
  // kept so that the loop walks through the free slots instead of
  // getting the same one back.
  void **held = NULL;
  size_t nheld = 0, cap = 0;
  struct account *fresh;
  for (;;) {
    fresh = malloc(sizeof *fresh);
    if (fresh == NULL || (void *)fresh == slot)
      break;
    if (nheld == cap) {
      cap = cap ? cap * 2 : 64;
      held = realloc(held, cap * sizeof *held);
    }
    held[nheld++] = fresh;
    if (nheld > (1u << 20)) {
      printf("FAIL: the slot was never reused\n");
      return 3;
    }
  }
  if (fresh == NULL)
    return 3;
  struct account *GR_REF owner = fresh;
  owner->balance = 5;
  owner->owner = 2;
  owner->flags = 0;
  // The new occupant's bytes become the old occupant's.
  memcpy((void *)fresh, saved, sizeof saved);
  // OK: reused 1 owner 1000 1
  printf("reused %d owner %ld %d\n", (void *)fresh == slot, owner->balance, owner->owner);
  if (!strcmp(mode, "stale"))
    printf("stale read %ld\n", stale->balance);
  // STALE: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct account')
  // STALE-NEXT: at {{.*}}forged_generation.c:[[@LINE-2]]:{{[0-9]+}} in main
  // STALE: SUMMARY: genref: use-after-free {{.*}}forged_generation.c:[[@LINE-3]] in main
  // STALE-NOT: stale read
  if (!strcmp(mode, "stale-write"))
    stale->balance = 1000000;
  // STALE-WRITE: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct account')
  // STALE-WRITE-NEXT: at {{.*}}forged_generation.c:[[@LINE-2]]:{{[0-9]+}} in main
  // STALE-WRITE: SUMMARY: genref: use-after-free {{.*}}forged_generation.c:[[@LINE-3]] in main
  // STALE-WRITE-NOT: balance
  // OK-NEXT: balance 1000
  printf("balance %ld\n", owner->balance);
  while (nheld > 0)
    free(held[--nheld]);
  free(held);
  free(owner);
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
