// Stack objects in C's other scopes, each given a lifetime:
// - a goto or a switch that jumps past a weakable local (valid C; clang
//   rejected the rewrite, which declared a cleanup variable there): the
//   frame is declared before any such jump and begun at the declaration;
// - a VLA of weakable structs (it had no frame: references read whatever
//   old stack bytes held, a false report);
// - a block-scope compound literal (it had no lifetime: a stale reference
//   to it was never caught).
// Correct runs are clean; each escape is reported once its scope ended.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s
// RUN: %genref_cc -Wall -Wextra -Werror -O0 %s -o %t0 && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %genref_cc -Wall -Wextra -Werror -O2 %s -o %t2 && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %genref_cc --mode=normal -Wall -Wextra -Werror -O0 %s -o %t.n && %run %t.n | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 goto 2>&1 | FileCheck --check-prefix=GOTO %s %}
// RUN: %if !mode-fast %{ not %run %t2 switch 2>&1 | FileCheck --check-prefix=SWITCH %s %}
// RUN: %if !mode-fast %{ not %run %t0 vla 2>&1 | FileCheck --check-prefix=VLA %s %}
// RUN: %if !mode-fast %{ not %run %t2 literal 2>&1 | FileCheck --check-prefix=LITERAL %s %}
// RUN: %if !mode-fast %{ not %run %t.n literal 2>&1 | FileCheck --check-prefix=LITERAL %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

static struct node *GR_WEAK escaped; // where each bug keeps its reference
static const char *bug = "";

static int with_goto(int skip) {
  // REWRITE: static int with_goto(int skip) { gr_stack_frame_t __gr_frame_obj_[[#@LINE+3]] __attribute__((cleanup(gr_stack_frame_end{{(_normal)?}}))) = {0};
  if (skip)
    goto out;
  struct node obj = {7};
  // REWRITE: char __gr_live_obj_[[#@LINE-1]] __attribute__((unused)) = (__gr_frame_obj_[[#@LINE-1]] = gr_stack_frame_begin
  if (!strcmp(bug, "goto"))
    escaped = &obj;
  return obj.v;
out:
  return 0;
}

static int with_switch(int k) {
  switch (k) {
  // REWRITE: { gr_stack_frame_t __gr_frame_obj_[[#@LINE+2]] {{.*}} = {0}; switch (k) {
  case 1:;
    struct node obj = {11};
    if (!strcmp(bug, "switch"))
      escaped = &obj;
    return obj.v;
  case 2:
    return 2;
  }
  return 0;
}

// Leaves even (dead-looking) words where the next call's locals will be.
static volatile unsigned long sink;
static void __attribute__((noinline)) dirty_stack(void) {
  volatile unsigned long junk[256];
  for (int i = 0; i < 256; i++)
    junk[i] = 2;
  sink = junk[255];
}

static int __attribute__((noinline)) with_vla(int n) {
  struct node arr[n];
  // REWRITE: gr_stack_frame_place(&arr, sizeof arr, {{[01]}})
  for (int i = 0; i < n; i++)
    arr[i].v = i;
  struct node *GR_REF p = &arr[n - 1];
  if (!strcmp(bug, "vla"))
    escaped = p;
  return p->v;
}

static int with_literal(void) {
  int sum = 0;
  {
    struct node *GR_REF p = &(struct node){5};
    // REWRITE: gr_ref_make(&(*(__gr_frame_literal_[[#@LINE-1]]_{{[0-9]+}} = gr_stack_frame_begin
    sum += p->v;
    if (!strcmp(bug, "literal"))
      escaped = p;
  }
  return sum;
}

int main(int argc, char **argv) {
  if (argc > 1)
    bug = argv[1];
  int r = with_goto(0) + with_goto(1) + with_switch(1) + with_switch(2);
  dirty_stack();
  r += with_vla(4) + with_literal();
  if (escaped)
    printf("%d\n", escaped->v); // each escaped object's scope has ended
  // GOTO: ERROR: genref: use-after-free on address {{.*}} (object of type 'struct node')
  // GOTO-NEXT: at {{.*}}rw_stack_scopes.c:[[@LINE-2]]:27 in main
  // SWITCH: ERROR: genref: use-after-free
  // SWITCH-NEXT: at {{.*}}rw_stack_scopes.c:[[@LINE-4]]:27 in main
  // VLA: ERROR: genref: use-after-free
  // VLA-NEXT: at {{.*}}rw_stack_scopes.c:[[@LINE-6]]:27 in main
  // LITERAL: ERROR: genref: use-after-free
  // LITERAL-NEXT: at {{.*}}rw_stack_scopes.c:[[@LINE-8]]:27 in main
  printf("total %d\n", r);
  // OK: total 28
  return 0;
}
