// A generation is identity, not data, and it lives outside the object (the
// allocator's header, a stack frame): struct assignment (*a = *b, s = *a,
// *c = local) and memcpy/memmove/memset of weakable objects stay plain C,
// and copy every byte of the object. So a reference to a keeps
// working after *a = *b (even when b is freed afterwards), a stale
// reference to b stays stale after its contents were copied elsewhere, and
// memset(a, 0, ...) does not make a look static or dead.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %if !mode-normal %{ %cc -O2 %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s %}
// RUN: %if !mode-normal %{ %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s %}
// RUN: %if !mode-normal %{ %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s %}
// RUN: %if !mode-normal %{ %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s %}
// RUN: %if mode-resilient %{ not %run %t0 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
// RUN: %if mode-resilient %{ not %run %t2 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
// RUN: %if mode-resilient %{ not %run %t.gcc stale 2>&1 | FileCheck --check-prefix=STALE %s %}
//
// Normal mode (lit --param mode=normal): memcpy/memmove of structs holding
// GR_REF references get normal mode's warning (at the original lines, so
// -Werror builds stop) and the program still builds and prints the
// transcript. At `free(a)` the stack struct `s` (assigned `s = *a`, a's
// self-reference) still holds a GR_REF to a, but `s` dies with main, the
// function that frees, before the destruction's check runs (docs/modes.md):
// no report (was: dangling-reference). The stale reference (before that
// free) is reported as in resilient mode. (Fast mode: the stale
// dereference is unchecked, so no stale run.)
// RUN: %if mode-normal %{ %genref_cc -Wall -Wextra -O2 -g %s -o %t.n2 2> %t.n2.warn %}
// RUN: %if mode-normal %{ FileCheck --check-prefix=WARN %s < %t.n2.warn %}
// RUN: %if mode-normal %{ %run %t.n2 > %t.n2.out 2> %t.n2.err %}
// RUN: %if mode-normal %{ FileCheck --check-prefix=OK %s < %t.n2.out %}
// RUN: %if mode-normal %{ not grep genref %t.n2.err %}
// RUN: %if mode-normal %{ not %run %t.n2 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
// WARN: rw_struct_copy.c:{{[0-9]+}}:3: warning: genref: memcpy copies GR_REF references that normal mode cannot count
// WARN: rw_struct_copy.c:{{[0-9]+}}:3: warning: genref: memmove copies GR_REF references that normal mode cannot count
// (3 lines kept so the line numbers below stay as they were)
//
//
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
  // REWRITE: *((struct node *)gr_ref_check(a, GR_SITE({{.*}}))) = *((struct node *)gr_ref_check(b, GR_SITE({{.*}})));
  free(b);
  // OK: a keeps its identity: 2 alive 1 next-is-a 1 b alive 0
  printf("a keeps its identity: %d alive %d next-is-a %d b alive %d\n", ra->v, gr_alive(ra),
         ra->next == a, gr_alive(rb));
  struct node *GR_REF c = malloc(sizeof(struct node));
  struct node tmp = {7, NULL};
  *c = tmp;
  // REWRITE: *((struct node *)gr_ref_check(c, GR_SITE({{.*}}))) = (*__gr_obj_tmp);
  struct node *GR_REF rt = &tmp;
  tmp = *c;
  memcpy(c, &tmp, sizeof tmp);
  // REWRITE: memcpy(gr_ref_unwrap(c, GR_SITE({{.*}})), &(*__gr_obj_tmp), sizeof (*__gr_obj_tmp));
  memmove(&tmp, c, sizeof tmp);
  // REWRITE: memmove(&(*__gr_obj_tmp), gr_ref_unwrap(c, GR_SITE({{.*}})), sizeof (*__gr_obj_tmp));
  struct node s;
  s = *a;
  // REWRITE: s = *((struct node *)gr_ref_check(a, GR_SITE({{.*}})));
  // OK-NEXT: copies 7 2 alive 1 1
  printf("copies %d %d alive %d %d\n", c->v, s.v, gr_alive(c), gr_alive(rt));
  memset(c, 0, sizeof(struct node));
  // REWRITE: memset(gr_ref_unwrap(c, GR_SITE({{.*}})), 0, sizeof(struct node));
  // OK-NEXT: filled 0 alive 1
  printf("filled %d alive %d\n", c->v, gr_alive(c));
  // Nested: the box and its inner node keep their identity.
  struct box x = {1, {10, NULL}}, y = {2, {20, NULL}};
  struct node *GR_REF xin = &x.inner;
  struct box *GR_REF xr = &x;
  x = y;
  // REWRITE: (*__gr_obj_x) = y;
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
