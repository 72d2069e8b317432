// A macro that makes text of its argument (`#e`: a test framework's CHECK,
// a debug SHOW, a pasted accessor) prints what the user wrote, not the
// rewrite: an argument holding a dereference or a placed stack object was
// edited where it was written, and the preprocessor stringized the edited
// text (`((struct n *)gr_ref_check(p, GR_SITE(...)))->v * 2 = 14`: fourth
// probe). Such an invocation is written out, its string as the
// preprocessor made it. Rewriting again changes nothing; the rewritten
// text builds and runs with the same output as plain C.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 -Wall -Wextra -Werror %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 -Wall -Wextra -Werror %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 -Wall -Wextra -Werror %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %cc -O2 -Wall -Wextra -Werror -I%src_root/annotations %s -o %tp && %run %tp | FileCheck --check-prefix=OK %s
// OK: p->v * 2 = 14
// OK-NEXT: CHECK(q->v == 7) ok
// OK-NEXT: CHECK(p->v == 8) failed at line {{[0-9]+}}
// OK-NEXT: field v of q: 7
// OK-NEXT: local.arr[2] * 2 = 18
// OK-NEXT: lp->arr[2] = 9
// REWRITE: GR_EXPANDED(printf("%s = %d\n","p->v * 2",
// REWRITE: "q->v == 7"
// REWRITE: "local.arr[2] * 2"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE n {
  int v;
  int arr[4];
};

#define SHOW(e) printf("%s = %d\n", #e, (e))
#define CHECK(c) \
  ((c) ? printf("CHECK(%s) ok\n", #c) : printf("CHECK(%s) failed at line %d\n", #c, __LINE__))
#define STR(x) #x
#define FIELD(s, f) printf("field " STR(f) " of " #s ": %d\n", (s)->f)

int main(void) {
  struct n *GR_REF p = malloc(sizeof *p);
  struct n *GR_REF q;
  struct n local;
  struct n *GR_REF lp = &local; /* local lives where a reference can follow it */
  if (!p)
    return 1;
  p->v = 7;
  q = p;
  SHOW(p->v * 2);
  CHECK(q->v == 7);
  CHECK(p->v == 8);
  FIELD(q, v);
  memset(&local, 0, sizeof local);
  local.arr[2] = 9;
  SHOW(local.arr[2] * 2);
  SHOW(lp->arr[2]);
  free(p);
  return 0;
}
