// A reference to a block-scope object made inside the declaration that
// declares it (the LIST_HEAD_INIT idiom `struct list head = { &head, &head
// };`, a member's address, a later declarator `y = { &x }` of the same
// statement) is an error with a way out: the object's lifetime (its stack
// frame) begins after the declaration, so the reference took the
// generation of memory no object lives in. It compiled, `h->next == h`
// was false where plain C says true, and a use after the function
// returned was not reported. The same references made in a statement
// after the declaration compile (rw_weakable_decls.c and others run them).
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: %plugin_cc -DFIXED -Wall -Wextra -Werror %s -o %t %rt
// RUN: %run %t | FileCheck --check-prefix=FIXED %s
// FIXED: 1 1 1
#include <stdio.h>
#include "genref.h"

struct GR_WEAKABLE list {
  struct list *GR_REF next;
  struct list *GR_REF prev;
};
struct GR_WEAKABLE holder {
  int n;
  struct list link;
};

static int is_empty(struct list *GR_REF h) { return h->next == h; }

int main(void) {
#ifndef FIXED
  // CHECK: diag_ref_own_decl.c:[[@LINE+3]]:24: error: genref: a reference to 'head' made in the declaration that declares it: its lifetime begins after the declaration
  // CHECK: diag_ref_own_decl.c:[[@LINE+2]]:24: note: declare 'head' first and assign the reference in a statement after it
  // CHECK: diag_ref_own_decl.c:[[@LINE+1]]:31: error: genref: a reference to 'head'
  struct list head = { &head, &head };
  // CHECK: diag_ref_own_decl.c:[[@LINE+1]]:47: error: genref: a reference to 'x'
  struct list x = { NULL, NULL }, y = { NULL, &x };
  // CHECK: diag_ref_own_decl.c:[[@LINE+1]]:34: error: genref: a reference to 'h'
  struct holder h = { 1, { NULL, &h.link } };
  (void)y;
  (void)h;
  printf("%d\n", is_empty(&head));
#else
  struct list head, x, y;
  struct holder h;
  head.next = head.prev = &head;
  x.next = x.prev = NULL;
  y.next = NULL;
  y.prev = &x;
  h.n = 1;
  h.link.next = h.link.prev = &h.link;
  printf("%d %d %d\n", is_empty(&head), y.prev == &x, is_empty(&h.link));
#endif
  return 0;
}
