// A generation is identity, not data: struct assignment (*a = *b, s = *a,
// *c = local) becomes GR_ASSIGN and memcpy/memmove/memset of weakable
// objects become gr_copy_object/gr_fill_object, all of which copy the
// fields and keep the destination's header. So a reference to a keeps
// working after *a = *b (even when b is freed afterwards), a stale
// reference to b stays stale after its contents were copied elsewhere, and
// memset(a, 0, ...) does not make a look static or dead.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: not %run %t0 stale 2>&1 | FileCheck --check-prefix=STALE %s
// RUN: not %run %t2 stale 2>&1 | FileCheck --check-prefix=STALE %s
// RUN: not %run %t.gcc stale 2>&1 | FileCheck --check-prefix=STALE %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
};
struct GR_WEAKABLE box {
  int id;
  struct node inner;
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  struct node *GR_REF a = malloc(sizeof(struct node));
  struct node *GR_REF b = malloc(sizeof(struct node));
  a->v = 1;
  a->next = NULL;
  b->v = 2;
  b->next = a;
  struct node *GR_REF ra = a, *GR_REF rb = b;
  *a = *b;
  // REWRITE: GR_ASSIGN((gr_layout_t *)0, *((struct node *)gr_ref_check(a, GR_SITE({{.*}}))) , *((struct node *)gr_ref_check(b, GR_SITE({{.*}}))));
  free(b);
  // OK: a keeps its identity: 2 alive 1 next-is-a 1 b alive 0
  printf("a keeps its identity: %d alive %d next-is-a %d b alive %d\n", ra->v, gr_alive(ra),
         ra->next == a, gr_alive(rb));
  struct node *GR_REF c = malloc(sizeof(struct node));
  struct node tmp = {7, NULL};
  *c = tmp;
  // REWRITE: GR_ASSIGN((gr_layout_t *)0, *((struct node *)gr_ref_check(c, GR_SITE({{.*}}))) , tmp);
  struct node *GR_REF rt = &tmp;
  tmp = *c;
  memcpy(c, &tmp, sizeof tmp);
  // REWRITE: gr_copy_object(gr_ref_unwrap(c, GR_SITE({{.*}})), &tmp, sizeof tmp, GR_LAYOUT("struct node", sizeof(struct node), 0));
  memmove(&tmp, c, sizeof tmp);
  // REWRITE: gr_copy_object(&tmp, gr_ref_unwrap(c, GR_SITE({{.*}})), sizeof tmp, GR_LAYOUT(
  struct node s;
  s = *a;
  // REWRITE: GR_ASSIGN((gr_layout_t *)0, s , *((struct node *)gr_ref_check(a, GR_SITE({{.*}}))));
  // OK-NEXT: copies 7 2 alive 1 1
  printf("copies %d %d alive %d %d\n", c->v, s.v, gr_alive(c), gr_alive(rt));
  memset(c, 0, sizeof(struct node));
  // REWRITE: gr_fill_object(gr_ref_unwrap(c, GR_SITE({{.*}})), 0, sizeof(struct node), GR_LAYOUT(
  // OK-NEXT: filled 0 alive 1
  printf("filled %d alive %d\n", c->v, gr_alive(c));
  // Nested: the box's and the inner node's headers both survive.
  struct box x = {1, {10, NULL}}, y = {2, {20, NULL}};
  struct node *GR_REF xin = &x.inner;
  struct box *GR_REF xr = &x;
  x = y;
  // REWRITE: GR_ASSIGN(GR_LAYOUT("struct box", 0, 0, __builtin_offsetof(struct box, inner)), x , y);
  x.inner = y.inner;
  // OK-NEXT: nested 2 20 alive 1 1
  printf("nested %d %d alive %d %d\n", xr->id, xin->v, gr_alive(xr), gr_alive(xin));
  if (!strcmp(mode, "stale"))
    printf("%d\n", rb->v); // STALE: ERROR: genref: use-after-free
  // STALE-NEXT: at {{.*}}rw_struct_copy.c:[[@LINE-1]]:22 in main
  free(a);
  free(c);
  return 0;
}
