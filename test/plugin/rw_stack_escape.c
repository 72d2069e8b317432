// A stack object's lifetime: a cleanup-attributed gr_stack_frame_t right
// after the declaration gives it a fresh generation and kills it at any
// scope exit (return, end of block, break, goto). A reference to a local or
// a by-value parameter that escapes its function is caught when the caller
// dereferences it; one that escapes a loop iteration's block too.
// (The report kind is the generic use-after-free: the runtime cannot tell a
// dead stack object from a freed heap one.)
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
// RUN: %if !mode-fast %{ not %run %t0 local 2>&1 | FileCheck --check-prefix=LOCAL %s %}
// RUN: %if !mode-fast %{ not %run %t2 local 2>&1 | FileCheck --check-prefix=LOCAL %s %}
// RUN: %if !mode-fast %{ not %run %t.gcc local 2>&1 | FileCheck --check-prefix=LOCAL %s %}
// RUN: not %run %t0 param 2>&1 | FileCheck --check-prefix=PARAM %s
// RUN: not %run %t2 param 2>&1 | FileCheck --check-prefix=PARAM %s
// RUN: %if !mode-fast %{ not %run %t2 block 2>&1 | FileCheck --check-prefix=BLOCK %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

static struct node *GR_REF leak_local(int v) {
  struct node local = {v};
  // REWRITE: struct node local = {v}; gr_stack_frame_t __gr_frame_local_[[@LINE-1]] __attribute__((cleanup(gr_stack_frame_end))) = gr_stack_frame_place(&local, sizeof local, {{[01]}}); __typeof__(local) *const __gr_obj_local = gr_stack_object(&__gr_frame_local_{{[0-9]+}}, &local);
  struct node *GR_REF r = &local;
  return r;
}
static struct node *GR_WEAK leak_param(struct node n) {
  // REWRITE: static gr_ref_t leak_param(struct node n) { gr_stack_frame_t __gr_frame_n_[[@LINE-1]] __attribute__((cleanup(gr_stack_frame_end))) = gr_stack_frame_place(&n, sizeof n, {{[01]}}); __typeof__(n) *const __gr_obj_n = gr_stack_object(&__gr_frame_n_{{[0-9]+}}, &n);
  struct node *GR_WEAK w = &n;
  return w;
}
static int use_local(int v) {
  struct node *GR_REF r = leak_local(v);
  return gr_alive(r);
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  struct node tmp = {7};
  struct node *GR_REF d = leak_local(3);
  struct node *GR_WEAK e = leak_param(tmp);
  struct node *GR_REF last = NULL;
  for (int i = 0; i < 3; i++) {
    struct node it = {i};
    last = &it;
    // OK: iteration 0
    // OK: iteration 1
    // OK: iteration 2
    printf("iteration %d\n", last->v);
  }
  // OK: escaped alive 0 0 0 0
  printf("escaped alive %d %d %d %d\n", gr_alive(d), gr_alive(e), gr_alive(last), use_local(1));
  if (!strcmp(mode, "local"))
    printf("%d\n", d->v); // LOCAL: ERROR: genref: use-after-free on address {{.*}} (object of type 'struct node')
  // LOCAL-NEXT: at {{.*}}rw_stack_escape.c:[[@LINE-1]]:21 in main
  // LOCAL: SUMMARY: genref: use-after-free {{.*}}rw_stack_escape.c:[[@LINE-2]] in main
  if (!strcmp(mode, "param"))
    printf("%d\n", e->v); // PARAM: ERROR: genref: use-after-free
  // PARAM-NEXT: at {{.*}}rw_stack_escape.c:[[@LINE-1]]:21 in main
  if (!strcmp(mode, "block"))
    last->v = 1; // BLOCK: ERROR: genref: use-after-free
  // BLOCK-NEXT: at {{.*}}rw_stack_escape.c:[[@LINE-1]]:9 in main
  // OK: tmp 7
  printf("tmp %d\n", tmp.v);
  return 0;
}
