// NULL references in designated initializers: a list behind a designator
// (`.link = {NULL, NULL}`, `[1] = {o, NULL}`, `.hist = {{o, NULL}}`) was
// taken for one whose braces were elided, and converted both as such and
// on its own: two edits on one NULL, `GR_REF_NULL_ELIDEDEF_NULL_INIT`, an
// undeclared identifier (fourth probe: a static table of handlers). Each
// NULL is rewritten once; rewriting again changes nothing; the program
// runs as plain C does, in every pass.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: sed -e "s,^ *//.*,," %t.rw.c | FileCheck --check-prefix=REWRITE %s
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %cc -O2 -Wall -Wextra -Werror -I%src_root/annotations %s -o %tp && %run %tp | FileCheck --check-prefix=OK %s
// REWRITE-NOT: NULL_ELIDEDEF
// REWRITE-NOT: NULL_INITEF
// REWRITE: .link = {GR_REF_NULL_INIT, GR_REF_NULL_INIT}
// OK: open 2 g 1
// OK-NEXT: 4 1 5 1 4 1
#include <stdio.h>
#include "genref.h"

struct GR_WEAKABLE obj {
  int id;
};
struct pair {
  struct obj *GR_REF a, *GR_REF b;
};
struct handler {
  const char *name;
  int prio;
  struct pair link;
};
struct box {
  int tag;
  struct pair p;
  struct pair hist[2];
};

static struct handler table[] = {
    {.name = "open", .prio = 1, .link = {NULL, NULL}},
    {.name = "close", .prio = 2},
};
struct handler global_h = {.name = "g", .link = {.a = NULL}};

int main(void) {
  static struct obj o1 = {4}, o2 = {5};
  struct obj *GR_REF o = &o1;
  struct box loc = {.tag = 9, .p = {o, NULL}, .hist = {{o, NULL}}};
  struct pair ps[2] = {[1] = {&o2, NULL}};
  printf("%s %d %s %d\n", table[0].name, table[1].prio, global_h.name, table[0].link.a == NULL);
  printf("%d %d %d %d %d %d\n", loc.p.a->id, loc.p.b == NULL, ps[1].a->id, ps[0].a == NULL,
         loc.hist[0].a->id, loc.hist[1].b == NULL);
  return 0;
}
