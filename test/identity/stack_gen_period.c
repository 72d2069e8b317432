// Issue 12: a stack object's generation never repeats on a short period.
// A function with a weakable local is called 200,000 times; inside every
// call after the first, while the new instance is in scope, a stale
// GR_WEAK reference to the first instance is asked gr_alive (never alive),
// and on request dereferenced in the last call (reported as a stack object
// that went out of scope, at the user's line). Before: the compact layout
// gave the objects at one stack address generations counting through 2^15
// odd values, so the stale reference was alive again every 32,768 calls
// (6 times here); now the object lives in a heap copy for its scope
// (rt.h's gr_stack_frame_place), whose generation is a heap slot's. The
// fat layout (64-bit generations) never repeated.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 deref 2>&1 | FileCheck --check-prefix=STALE %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 deref 2>&1 | FileCheck --check-prefix=STALE %s %}
// OK: calls 200000, stale alive 0, fresh alive 199999, sum 200000
// STALE: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
// STALE-NEXT: at {{.*}}stack_gen_period.c:[[#@LINE+27]]:{{[0-9]+}} in call
// STALE: the stack object the reference was made to went out of scope
// STALE-NOT: heap object
// STALE: SUMMARY: genref: use-after-free {{.*}}stack_gen_period.c:[[#@LINE+24]]
#include <stdio.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  long v;
  struct node *GR_WEAK self;
};

#define CALLS 200000
static struct node *GR_WEAK stale;
static long stale_alive, fresh_alive, sum;
static int deref;

static void call(long i) {
  struct node a = {1, NULL};
  a.self = &a;
  if (i == 0)
    stale = a.self;
  else {
    stale_alive += gr_alive(stale);
    fresh_alive += gr_alive(a.self);
    if (deref && i == CALLS - 1)
      sum += stale->v;
  }
  sum += a.self->v;
}

int main(int argc, char **argv) {
  deref = argc > 1 && strcmp(argv[1], "deref") == 0;
  for (long i = 0; i < CALLS; i++)
    call(i);
  printf("calls %d, stale alive %ld, fresh alive %ld, sum %ld\n", CALLS, stale_alive,
         fresh_alive, sum);
  return 0;
}
