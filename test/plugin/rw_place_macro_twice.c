// A placed stack object (one a reference may point at: compact layout, a
// heap copy) named in a macro argument that the macro uses more than
// once: every occurrence is redirected to where the object lives. Only the
// first was, once the invocation had to be expanded for another edit
// (RESET's NULL, MAX's second use): the other uses read and wrote the old
// stack slot, and the program printed wrong values with no report (third
// probe: a scheduler loop that never ended). Rewriting again changes
// nothing; the rewritten text builds and runs.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 -Wall -Wextra -Werror %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 -Wall -Wextra -Werror %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 -Wall -Wextra -Werror %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// OK: max 8
// OK-NEXT: reset 0 0
// OK-NEXT: twice 14
// OK-NEXT: swap 2 1
// REWRITE: GR_EXPANDED({{.*}}(*__gr_obj_s))->j{{.*}}(*__gr_obj_s))->busy=0;{{.*}}(*__gr_obj_s))->ticks=0;
// REWRITE-NOT: (&s)->
#include <stdio.h>
#include "genref.h"

#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define TWICE(x) ((x) + (x))
#define RESET(s) do { (s)->j = NULL; (s)->busy = 0; (s)->ticks = 0; } while (0)
#define SWAP_INT(a, b) do { int t_ = (a); (a) = (b); (b) = t_; } while (0)

struct GR_WEAKABLE slot {
  int *GR_REF j;
  int busy;
  int ticks;
};

static void bump(int *GR_REF p) { *p += 5; }

int main(void) {
  int count = 3, x = 1, y = 2;
  struct slot s;
  struct slot *GR_REF r = &s;
  bump(&count);
  printf("max %d\n", MAX(count, 2));
  r->busy = 1;
  r->ticks = 7;
  RESET(&s);
  printf("reset %d %d\n", r->busy, r->ticks);
  r->ticks = 7;
  printf("twice %d\n", TWICE(s.ticks));
  bump(&x);
  bump(&y);
  SWAP_INT(x, y);
  printf("swap %d %d\n", x - 5, y - 5);
  return 0;
}
