// Conversions into a reference, by source: another reference (plain copy),
// NULL and 0 (gr_ref_null), a fresh malloc with or without a cast
// (gr_ref_from_new), &obj of a weakable object on the stack, in static
// storage (file and function scope), inline in another struct and as an
// array element (gr_ref_make: reads the live generation), and a raw pointer
// of unknown provenance (gr_ref_make: a freed target is reported at the
// conversion, before any dereference).
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: not %run %t0 bug 2>&1 | FileCheck --check-prefix=BUG %s
// RUN: not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};
struct GR_WEAKABLE pair {
  int tag;
  struct node first;
  struct node second;
};

static struct node g_static = {40};
static struct node g_arr[3] = {{1}, {2}, {3}};
struct node g_zero;
// REWRITE: static struct node g_static = {40};

int main(int argc, char **argv) {
  int bug = argc > 1 && strcmp(argv[1], "bug") == 0;
  struct node *GR_REF a = NULL;
  // REWRITE: gr_ref_t a = gr_ref_null();
  struct node *GR_REF b = 0;
  // REWRITE: gr_ref_t b = gr_ref_null();
  struct node *GR_REF c = malloc(sizeof(struct node));
  // REWRITE: gr_ref_t c = gr_ref_from_new(gr_alloc(sizeof(struct node)));
  struct node local = {10};
  struct pair pr = {0, {20}, {30}};
  static struct node fn_static = {70};
  struct node *GR_REF s = &local;
  // REWRITE: gr_ref_t s = gr_ref_make(&(*__gr_obj_local), GR_SITE("{{.*}}rw_conversions.c", [[@LINE-1]], 27, "main", "struct node"));
  struct node *GR_REF st = &g_static;
  // REWRITE: gr_ref_t st = gr_ref_make(&g_static, GR_SITE(
  struct node *GR_REF fs = &fn_static;
  struct node *GR_REF z = &g_zero;
  struct node *GR_REF in = &pr.second;
  // REWRITE: gr_ref_t in = gr_ref_make(&(*__gr_obj_pr).second, GR_SITE(
  struct node *GR_REF el = &g_arr[2];
  // REWRITE: gr_ref_t el = gr_ref_make(&g_arr[2], GR_SITE(
  a = c;
  // REWRITE: a = c;
  b = a;
  c = NULL;
  // REWRITE: c = gr_ref_null();
  // OK: null 1
  printf("null %d\n", c == NULL);
  c = 0;
  // REWRITE: c = gr_ref_null();
  c = (struct node *)malloc(sizeof(struct node));
  // REWRITE: c = gr_ref_from_new((struct node *)gr_alloc(sizeof(struct node)));
  c->v = 50;
  s = in;
  in = &local;
  struct node *raw = malloc(sizeof(struct node));
  raw->v = 60;
  struct node *GR_REF fromraw = raw;
  // REWRITE: gr_ref_t fromraw = gr_ref_make(raw, GR_SITE("{{.*}}rw_conversions.c", [[@LINE-1]], 33, "main", "struct node"));
  // OK: values 1 30 40 70 0 10 3 50 60
  printf("values %d %d %d %d %d %d %d %d %d\n", a == b, s->v, st->v, fs->v, z->v, in->v,
         el->v, c->v, fromraw->v);
  free(raw);
  // REWRITE: gr_free(raw, GR_SITE(
  if (bug) {
    struct node *GR_REF late = raw; // BUG: ERROR: genref: use-after-free on address {{.*}} (object of type 'struct node')
    // BUG-NEXT: at {{.*}}rw_conversions.c:[[@LINE-1]]:32 in main
    // BUG-NEXT: it was freed
    printf("late %d\n", late == NULL);
  }
  // OK: done
  printf("done\n");
  return 0;
}
