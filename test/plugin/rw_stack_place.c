// Issue 12: a stack object references may point at is placed for its scope
// where rt.h's gr_stack_frame_place puts it (compact layout: a heap copy,
// whose generation never repeats; fat: where it is) and every later use of
// it is redirected through __gr_obj_NAME, so the object itself stays
// declared (its initializer's source) and C89 stays valid. Where a use
// cannot be redirected the object keeps the frame list's scheme (the
// compact layout's 32,767-frame period, docs/annotations.md): a use in a
// macro's body, a goto past its declaration, a compound literal, a use in
// its own declaration statement; an object whose address is never taken
// (only its value used: no reference can point at it) keeps its frame
// too, at no allocation. An object without an initializer has nothing to
// copy (the place call's last argument). Rewriting the output again changes
// nothing; the rewritten text builds with clang and gcc and runs.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %if mode-normal %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=NORMAL %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 -Wall -Wextra -Werror %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// OK: placed 1 2 alive 1
// OK-NEXT: param 7 alive 1
// OK-NEXT: macro 3 goto 4 literal 5 own 6
#include <stdio.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

static int placed(void) {
  struct node a = {1}, b = {2};
  // REWRITE: struct node a = {1}, b = {2}; gr_stack_frame_t __gr_frame_a_[[#@LINE-1]] __attribute__((cleanup(gr_stack_frame_end))) = gr_stack_frame_place(&a, sizeof a, 1); __typeof__(a) *const __gr_obj_a = gr_stack_object(&__gr_frame_a_[[#@LINE-1]], &a); gr_stack_frame_t __gr_frame_b_[[#@LINE-1]] {{.*}} = gr_stack_frame_begin(&b, sizeof b);
  // NORMAL: struct node a = {1}, b = {2}; gr_cascade_t {{.*}} = gr_scope_begin(); gr_stack_frame_t __gr_frame_a_[[#@LINE-2]] __attribute__((cleanup(gr_stack_frame_end_normal))) = gr_stack_frame_place_normal(&a, sizeof a, (gr_layout_t *)0, 1, GR_SITE({{.*}})); __typeof__(a) *const __gr_obj_a = gr_stack_object(&__gr_frame_a_[[#@LINE-2]], &a);
  struct node u;
  // REWRITE: struct node u; gr_stack_frame_t __gr_frame_u_[[#@LINE-1]] {{.*}} = gr_stack_frame_place(&u, sizeof u, 0); __typeof__(u) *const __gr_obj_u = gr_stack_object(&__gr_frame_u_[[#@LINE-1]], &u);
  const struct node k = {1};
  // REWRITE: const struct node k = {1}; gr_stack_frame_t __gr_frame_k_[[#@LINE-1]] {{.*}} = gr_stack_frame_place((void *)&k, sizeof k, 1); __typeof__(k) *const __gr_obj_k = gr_stack_object(&__gr_frame_k_[[#@LINE-1]], (void *)&k);
  struct node *GR_REF r = &a;
  // REWRITE: gr_ref_t r = gr_ref_make(&(*__gr_obj_a), GR_SITE(
  struct node *GR_REF ru = &u;
  const struct node *kp = &k;
  // REWRITE: const struct node *kp = &(*__gr_obj_k);
  int first = r->v;
  ru->v = kp->v;
  a = b;
  // REWRITE: {{^}}  (*__gr_obj_a) = b;
  printf("placed %d %d alive %d\n", first, a.v, (int)(sizeof a == sizeof(struct node)) & gr_alive(r) & (u.v == 1));
  // REWRITE: printf("placed %d %d alive %d\n", first, (*__gr_obj_a).v, (int)(sizeof (*__gr_obj_a) == sizeof(struct node)) & gr_ref_alive(r) & ((*__gr_obj_u).v == 1));
  return 0;
}

static int param(struct node n) {
  // REWRITE: static int param(struct node n) { gr_stack_frame_t __gr_frame_n_[[#@LINE-1]] {{.*}} = gr_stack_frame_place(&n, sizeof n, 1); __typeof__(n) *const __gr_obj_n = gr_stack_object(&__gr_frame_n_[[#@LINE-1]], &n);
  struct node *GR_WEAK w = &n;
  // REWRITE: gr_ref_t w = gr_ref_make(&(*__gr_obj_n), GR_SITE(
  printf("param %d alive %d\n", n.v, gr_alive(w));
  // REWRITE: printf("param %d alive %d\n", (*__gr_obj_n).v, gr_ref_alive(w));
  return 0;
}

#define VALUE_OF_M() m.v
static int fallbacks(int skip) {
  struct node m = {3};
  // REWRITE: struct node m = {3}; gr_stack_frame_t __gr_frame_m_[[#@LINE-1]] {{.*}} = gr_stack_frame_begin(&m, sizeof m);
  // REWRITE-NOT: __gr_obj_m
  struct node *GR_REF rm = &m;
  int mv = VALUE_OF_M() + 0 * rm->v;
  if (skip)
    goto past;
  struct node g = {4};
  // REWRITE: char __gr_live_g_[[#@LINE-1]] __attribute__((unused)) = (__gr_frame_g_[[#@LINE-1]] = gr_stack_frame_begin(&g, sizeof g), 0);
  // REWRITE-NOT: __gr_obj_g
  struct node *GR_REF rg = &g;
past:;
  struct node *GR_REF rl = &(struct node){5};
  // REWRITE: gr_stack_frame_begin(&(struct node){5}, sizeof(struct node))
  struct node o = {6}, *po = &o;
  // REWRITE: struct node o = {6}, *po = &o; gr_stack_frame_t __gr_frame_o_[[#@LINE-1]] {{.*}} = gr_stack_frame_begin(&o, sizeof o);
  // REWRITE-NOT: __gr_obj_o
  struct node *GR_REF ro = po;
  printf("macro %d goto %d literal %d own %d\n", mv, skip ? 0 : rg->v, rl->v, ro->v);
  return 0;
}

int main(void) {
  struct node p = {7};
  placed();
  param(p);
  fallbacks(0);
  return 0;
}
