// Dereferences through references: p->f, *p, (*p).f, chains p->a->b->c
// (each link checked, innermost first), compound assignment and ++/--
// through them (p->count += 2: one check, the field is read-modify-written),
// &p->f, a whole-struct read *p, and sizeof (unevaluated: no check).
// A use after free in the middle of a chain names the link that is stale.
// REQUIRES: plugin
// Not in normal mode: its correct run frees objects that GR_REF fields of
// live objects still point at, which normal mode reports at the free as a
// dangling reference, by design (docs/modes.md).
// UNSUPPORTED: mode-normal
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE leaf {
  int count;
  int data[4];
};
struct GR_WEAKABLE mid {
  struct leaf *GR_REF leaf;
  struct mid *GR_REF self;
};
struct GR_WEAKABLE top {
  struct mid *GR_REF a;
  int count;
};

int main(int argc, char **argv) {
  int bug = argc > 1 && strcmp(argv[1], "bug") == 0;
  struct leaf *GR_REF l = calloc(1, sizeof(struct leaf));
  struct mid *GR_REF m = malloc(sizeof(struct mid));
  struct top *GR_REF p = malloc(sizeof(struct top));
  m->leaf = l;
  m->self = m;
  p->a = m;
  p->count = 1;
  // REWRITE: ((struct top *)gr_ref_check(p, GR_SITE("{{.*}}rw_deref.c", [[@LINE-1]], 4, "main", "struct top")))->count = 1;
  p->count += 2;
  // REWRITE: ((struct top *)gr_ref_check(p, GR_SITE("{{.*}}rw_deref.c", [[@LINE-1]], 4, "main", "struct top")))->count += 2;
  (*p).count *= 3;
  // REWRITE: (*((struct top *)gr_ref_check(p, GR_SITE("{{.*}}rw_deref.c", [[@LINE-1]], 4, "main", "struct top")))).count *= 3;
  p->count++;
  // REWRITE: ((struct top *)gr_ref_check(p, GR_SITE({{.*}})))->count++;
  ++(*p).count;
  // REWRITE: ++(*((struct top *)gr_ref_check(p, GR_SITE("{{.*}}rw_deref.c", [[@LINE-1]], 6, "main", "struct top")))).count;
  p->a->leaf->count = 5;
  // REWRITE: ((struct leaf *)gr_ref_check(((struct mid *)gr_ref_check(((struct top *)gr_ref_check(p, GR_SITE("{{.*}}rw_deref.c", [[@LINE-1]], 4, "main", "struct top")))->a, GR_SITE("{{.*}}rw_deref.c", [[@LINE-1]], 7, "main", "struct mid")))->leaf, GR_SITE("{{.*}}rw_deref.c", [[@LINE-1]], 13, "main", "struct leaf")))->count = 5;
  p->a->self->leaf->data[2] = 7;
  (*(*p).a).leaf->count -= 1;
  // REWRITE: ((struct leaf *)gr_ref_check((*((struct mid *)gr_ref_check((*((struct top *)gr_ref_check(p, GR_SITE({{.*}})))).a, GR_SITE({{.*}})))).leaf, GR_SITE({{.*}})))->count -= 1;
  int *field = &p->count;
  // REWRITE: int *field = &((struct top *)gr_ref_check(p, GR_SITE(
  *field += 100;
  struct leaf copy = *l;
  // REWRITE: struct leaf copy = *((struct leaf *)gr_ref_check(l, GR_SITE("{{.*}}rw_deref.c", [[@LINE-1]], 22, "main", "struct leaf")));
  // OK: 111 4 7 4 1 1
  printf("%d %d %d %d %d %d\n", p->count, l->count, copy.data[2], (*m).leaf->count,
         (int)(sizeof *p == sizeof(struct top)),
         (int)(sizeof p->a->leaf->count == sizeof(int)));
  // REWRITE: sizeof *((struct top *)gr_ref_unchecked(p)) == sizeof(struct top)
  // REWRITE: sizeof ((struct leaf *)gr_ref_unchecked(((struct mid *)gr_ref_unchecked(((struct top *)gr_ref_unchecked(p))->a))->leaf))->count
  free(l);
  if (bug)
    p->a->leaf->count += 2; // BUG: ERROR: genref: use-after-free on address {{.*}} (object of type 'struct leaf')
  // BUG-NEXT: at {{.*}}rw_deref.c:[[@LINE-1]]:15 in main
  // BUG-NEXT: the reference was made at generation {{[0-9]+}}; the object is now at generation {{[0-9]+}}: it was freed
  // OK: end 111
  printf("end %d\n", p->a->self->self != NULL ? p->count : 0);
  return 0;
}
