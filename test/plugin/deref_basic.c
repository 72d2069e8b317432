// A GR_REF list: field reads and writes through references are checked;
// a use after free is stopped with a report at the dereference.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if mode-resilient %{ FileCheck --check-prefix=REWRITE %s < %t.rw.c %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 bug 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefix=UAF %s %}
// The unit records its mode and layout; a fast one is run only because a
// policy allows it (lit's fast pass links one allowing '*').
// RUN: %obj_root/bin/genref-audit %t2 | FileCheck --check-prefixes=AUDIT,%if mode-fast %{AUDIT-FAST%} %else %{AUDIT-CHECKED%} -DMODE=%mode -DLAYOUT=%layout %s
// AUDIT: deref_basic.c: mode=[[MODE]] layout=[[LAYOUT]]
// AUDIT-FAST-SAME: [allowed by '*']
// AUDIT-CHECKED-NOT: allowed
// AUDIT: verdict: ok
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int value;
  struct node *GR_REF next;
};
// REWRITE: struct GR_WEAKABLE node {
// REWRITE: gr_ref_t next;

static int sum(const struct node *GR_REF n) {
  // REWRITE: static int sum( gr_ref_t n) {
  int s = 0;
  while (n) {
    // REWRITE: while ((!gr_ref_is_null(n))) {
    s += n->value;
    // REWRITE: s += ((const struct node *)gr_ref_check(n, GR_SITE({{.*}}deref_basic.c", [[@LINE-1]], 11, "sum", "struct node")))->value;
    n = n->next;
  }
  return s;
}

int main(int argc, char **argv) {
  struct node *GR_REF head = NULL;
  // REWRITE: gr_ref_t head = gr_ref_null();
  for (int i = 1; i <= 4; i++) {
    struct node *n = malloc(sizeof *n);
    // REWRITE: struct node *n = gr_alloc(sizeof *n);
    n->value = i;
    n->next = head;
    head = n;
  }
  // OK: sum 10
  printf("sum %d\n", sum(head));
  struct node *GR_REF second = head->next;
  head->next = second->next;
  free(second);
  // REWRITE: gr_ref_free(second, GR_SITE(
  int bug = argc > 1 && strcmp(argv[1], "bug") == 0;
  if (bug)
    second->value = 99; // UAF: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // UAF-NEXT: at {{.*}}deref_basic.c:[[@LINE-1]]:11 in main
  // UAF-NEXT: the reference was made at generation 1; the object is now at generation 2: it was freed
  // UAF: #0 {{.*}} in main {{.*}}deref_basic.c:[[@LINE-3]]
  // UAF: SUMMARY: genref: use-after-free {{.*}}deref_basic.c:[[@LINE-4]] in main
  // OK: sum after unlink 7
  printf("sum after unlink %d\n", sum(head));
  return 0;
}
