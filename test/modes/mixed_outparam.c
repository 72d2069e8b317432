// Mixed modes: a normal-mode unit (Inputs/mixed_outparam/lib.c) stores
// through a reference into a resilient or fast caller's local of reference
// type (`make(&o)`, an out-parameter). Only a normal-mode object with a
// layout releases what it holds at its end, so only stores into one are
// counted: this one was counted and never released (the caller's own
// `o = NULL` is not a counted store), and the later free was a false
// dangling-reference. A stale reference is still reported at its use
// (STALE). (A field of such a caller's weakable struct is in
// docs/modes.md's mixed-programs gap in the compact layout, where the
// struct lives in a heap copy: not tested here.)
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc --mode=normal -O2 -g -I%S/Inputs/mixed_outparam -c %S/Inputs/mixed_outparam/lib.c -o %t.dir/lib.o
// RUN: %genref_cc --mode=resilient -O0 -g -I%S/Inputs/mixed_outparam -c %s -o %t.dir/res0.o
// RUN: %genref_cc --mode=resilient -O2 -g -I%S/Inputs/mixed_outparam -c %s -o %t.dir/res2.o
// RUN: %genref_cc --mode=fast -O2 -g -I%S/Inputs/mixed_outparam -c %s -o %t.dir/fast.o
// RUN: %genref_cc %t.dir/res0.o %t.dir/lib.o -o %t.dir/res0
// RUN: %genref_cc %t.dir/res2.o %t.dir/lib.o -o %t.dir/res2
// RUN: %genref_cc --allow-unchecked='*/mixed_outparam.c' %t.dir/fast.o %t.dir/lib.o -o %t.dir/fast
// RUN: %run %t.dir/res0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/res2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/fast 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/res0 stale 2>&1 | FileCheck --check-prefix=STALE %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/res2 stale 2>&1 | FileCheck --check-prefix=STALE %s
// OK: local 42
// OK-NEXT: done
// STALE: ERROR: genref: use-after-free
// STALE: mixed_outparam.c:[[@LINE+16]]
#include <stdio.h>
#include <string.h>
#include "objs.h"

int main(int argc, char **argv) {
  obj_ref o = NULL, t;
  int stale = argc > 1 && strcmp(argv[1], "stale") == 0;
  make(&o, 42);
  printf("local %d\n", o->v);
  t = o;
  if (!stale)
    o = NULL;
  destroy(t);

  if (stale)
    printf("%d\n", o->v);
  printf("done\n");
  return 0;
}
