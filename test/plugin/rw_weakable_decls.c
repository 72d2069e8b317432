// Weakable struct declarations: a typedef'd struct, an anonymous struct
// behind a typedef, weakable structs nested inline in another one, arrays of
// them (on the stack and as fields), positional initializers and compound
// literals (the inserted header needs its own initializer slot, or every
// positional value would shift by one field). References into each of them
// are checked; a reference into a nested object dies with its outer object.
// REQUIRES: plugin
// Not in normal mode: its correct run lets a stack object go out of scope
// while a GR_REF in a global, static or stack object still points at it,
// which normal mode reports as a dangling reference, by design
// (docs/modes.md).
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
#include <string.h>
#include "genref.h"

typedef struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
} node_t;
// REWRITE: typedef struct GR_WEAKABLE node {
// REWRITE-NEXT: int v;
// REWRITE-NEXT: gr_ref_t next;
// REWRITE-NEXT: } node_t;

typedef struct GR_WEAKABLE {
  int x, y;
} point_t;
// REWRITE: typedef struct GR_WEAKABLE {
// REWRITE-NEXT: int x, y;

struct GR_WEAKABLE inner {
  int a;
};
struct GR_WEAKABLE outer {
  int tag;
  struct inner in;
  struct inner arr[2];
};
// REWRITE: struct GR_WEAKABLE inner {
// REWRITE: struct GR_WEAKABLE outer {

static int get_inner(struct inner *GR_REF r) { return r->a; }

static struct inner *GR_REF escaped = NULL;

static void make_escape(void) {
  struct outer o = {1, {2}, {{3}, {4}}};
  escaped = &o.arr[1];
  printf("inside %d\n", get_inner(escaped));
}

int main(int argc, char **argv) {
  int bug = argc > 1 && strcmp(argv[1], "bug") == 0;
  node_t a = {1, NULL};
  // REWRITE: node_t a = {1, GR_REF_NULL_INIT}; gr_stack_frame_t __gr_frame_a_[[@LINE-1]] __attribute__((cleanup(gr_stack_frame_end))) = gr_stack_frame_place(&a, sizeof a, {{[01]}}); __typeof__(a) *const __gr_obj_a = gr_stack_object(&__gr_frame_a_{{[0-9]+}}, &a);
  point_t pt = {5, 6};
  // REWRITE: point_t pt = {5, 6}; gr_stack_frame_t __gr_frame_pt_
  struct outer o = {7, {8}, {{9}, {10}}};
  // REWRITE: struct outer o = {7, {8}, {{[{][{]}}9}, {10}}};
  // REWRITE-SAME: gr_stack_frame_place(&o, sizeof o, {{[01]}});
  struct inner arr[3] = {{11}, {12}, {13}};
  // REWRITE: struct inner arr[3] = {{[{][{]}}11}, {12}, {13}};
  // REWRITE-SAME: gr_stack_frame_place(&arr, sizeof arr, {{[01]}});
  node_t c = (node_t){3, &a};
  // REWRITE: node_t c = (node_t){3, gr_ref_make(&(*__gr_obj_a), GR_SITE(
  struct node *GR_REF r = &c;
  struct inner *GR_REF ir = &o.in;
  struct inner *GR_REF er = &arr[1];
  struct inner *GR_REF ar = &o.arr[1];
  // REWRITE: gr_ref_t ar = gr_ref_make(&(*__gr_obj_o).arr[1], GR_SITE(
  point_t *GR_REF pr = &pt;
  // REWRITE: gr_ref_t pr = gr_ref_make(&(*__gr_obj_pt), GR_SITE(
  // OK: fields 3 1 5 6 8 12 10 7
  printf("fields %d %d %d %d %d %d %d %d\n", r->v, r->next->v, pr->x, pr->y,
         ir->a, er->a, ar->a, o.tag);
  // A weakable struct keeps plain C's size: its generation is the
  // allocator's header or its frame, never a field.
  // OK: sizes grew 0
  printf("sizes grew %d\n", (int)(sizeof(struct outer) > 4 * sizeof(int)));
  make_escape();
  // OK: inside 4
  if (bug)
    printf("escaped %d\n", escaped->a); // BUG: use-after-free
  // BUG-NEXT: at {{.*}}rw_weakable_decls.c:[[@LINE-1]]:35 in main
  // OK: done
  printf("done\n");
  return 0;
}
