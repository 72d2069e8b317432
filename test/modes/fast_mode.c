// Fast mode: GR_REF dereferences are unchecked (a plain load), GR_WEAK
// dereferences and gr_alive() are still checked, and free still raises the
// generation. A stale GR_REF read is not reported (the program goes on; the
// value read is not checked), a stale GR_WEAK read is reported, gr_alive is
// right before and after the free. The rewritten text shows
// gr_ref_unchecked for the GR_REF dereference and gr_ref_check for the
// GR_WEAK one. The program is allowed by the whitelist (--allow-unchecked);
// the resilient build of the same program reports the GR_REF read.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_rewrite --mode=fast %s -- -I%src_root/annotations > %t.dir/fast.rw.c
// RUN: FileCheck --check-prefix=REWRITE %s < %t.dir/fast.rw.c
// RUN: %genref_rewrite %s -- -I%src_root/annotations | FileCheck --check-prefix=REWRITE-RES %s
// RUN: %genref_cc --mode=fast --allow-unchecked='*/fast_mode.c' -O2 -g %s -o %t.dir/fast
// RUN: %run %t.dir/fast 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/fast ref 2>&1 | FileCheck --check-prefix=FAST-REF %s --implicit-check-not=genref
// RUN: not %run %t.dir/fast weak 2>&1 | FileCheck --check-prefix=WEAK %s
// RUN: %genref_cc --mode=fast --allow-unchecked='*/fast_mode.c' -O0 -g %s -o %t.dir/fast0
// RUN: %run %t.dir/fast0 ref 2>&1 | FileCheck --check-prefix=FAST-REF %s --implicit-check-not=genref
// RUN: not %run %t.dir/fast0 weak 2>&1 | FileCheck --check-prefix=WEAK %s
// Resilient: the same stale GR_REF read is reported.
// RUN: %genref_cc -O2 -g %s -o %t.dir/res
// RUN: %run %t.dir/res 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: not %run %t.dir/res ref 2>&1 | FileCheck --check-prefix=RES-REF %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  struct node *GR_REF r = malloc(sizeof(struct node));
  struct node *GR_WEAK w = r;
  r->v = 41;
  w->v += 1;
  // OK: before 42 alive 1 1
  printf("before %d alive %d %d\n", r->v, gr_alive(r), gr_alive(w));
  // REWRITE: printf("before %d alive %d %d\n", ((struct node *)gr_ref_unchecked(r))->v, gr_ref_alive(r), gr_ref_alive(w));
  free(r);
  // OK-NEXT: after alive 0 0
  // FAST-REF: after alive 0 0
  printf("after alive %d %d\n", gr_alive(r), gr_alive(w));
  if (!strcmp(mode, "ref")) {
    volatile int stale = r->v; // RES-REF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
    // RES-REF-NEXT: at {{.*}}fast_mode.c:[[@LINE-1]]:27 in main
    // REWRITE: volatile int stale = ((struct node *)gr_ref_unchecked(r))->v;
    // REWRITE-RES: volatile int stale = ((struct node *)gr_ref_check(r, GR_SITE({{.*}}fast_mode.c", [[@LINE-3]],
    (void)stale;
    // FAST-REF-NEXT: stale GR_REF read went on unchecked
    printf("stale GR_REF read went on unchecked\n");
  }
  if (!strcmp(mode, "weak"))
    printf("%d\n", w->v); // WEAK: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // WEAK-NEXT: at {{.*}}fast_mode.c:[[@LINE-1]]:21 in main
  // WEAK: SUMMARY: genref: use-after-free {{.*}}fast_mode.c:[[@LINE-2]] in main
  // REWRITE: printf("%d\n", ((struct node *)gr_ref_check(w, GR_SITE({{.*}}fast_mode.c", [[@LINE-3]], 21, "main", "struct node")))->v);
  // OK-NEXT: end
  // FAST-REF-NEXT: end
  printf("end\n");
  return 0;
}
