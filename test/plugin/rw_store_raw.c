// A reference stored into raw storage (a local initialized or assigned, a
// field, a union member, an initializer list's element) becomes
// gr_ref_to_raw: no check there (C copies dangling pointers), a stale one
// stored poisoned. Everywhere else a conversion to raw stays checked
// (gr_ref_unwrap): an argument, a return value, a cast. (Fast mode: all
// unchecked, rw_fast_unwrap.c.)
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if !mode-fast %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 %t.rw.c -o %t %rt && %run %t | FileCheck --check-prefix=OK %s
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};
struct hint {
  struct node *last;
};
union view {
  struct node *n;
  void *any;
};

static int value(struct node *n) { return n->v; }

static struct node *leak(struct node *GR_REF r) {
  return r;
  // REWRITE: return gr_ref_unwrap(r, GR_SITE(
}

int main(void) {
  struct node *GR_REF r = malloc(sizeof *r);
  r->v = 7;
  struct node *raw = r;
  // REWRITE: struct node *raw = gr_ref_to_raw(r);
  struct hint h = {r};
  // REWRITE: struct hint h = {gr_ref_to_raw(r)};
  union view u;
  u.n = r;
  // REWRITE: u.n = gr_ref_to_raw(r);
  h.last = r;
  // REWRITE: h.last = gr_ref_to_raw(r);
  int sum = value(r);
  // REWRITE: int sum = value(gr_ref_unwrap(r, GR_SITE(
  struct node *cast = (struct node *)r;
  // REWRITE: struct node *cast = (struct node *)gr_ref_unwrap(r, GR_SITE(
  // OK: 7 7 7 7 7 7
  printf("%d %d %d %d %d %d\n", raw->v, h.last->v, u.n->v, sum, cast->v, leak(r)->v);
  free(r);
  return 0;
}
