// Valid C that genref used to rewrite into code that does not compile:
// `&*r` (Clang gives it r's type; after the rewrite it is the checked raw
// address, made into a reference again), qualified references
// (`T *const GR_REF`, `T *GR_REF const`, `volatile`), and const or volatile
// weakable locals (their frame passes the address without the qualifier,
// so -Werror builds stay clean). Each mode, -O0 and -O2; the rewrite is
// compiled by gcc too and is idempotent; a stale `&*r` is still reported.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s
// RUN: %genref_cc -Wall -Wextra -Werror -O0 %s -o %t0 && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %genref_cc -Wall -Wextra -Werror -O2 %s -o %t2 && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %genref_cc --mode=normal -Wall -Wextra -Werror -O2 %s -o %t.n && %run %t.n | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

struct node *const GR_REF none_yet = NULL;
// REWRITE: gr_ref_t const none_yet = GR_REF_NULL_INIT;
static struct node *GR_REF const also_none = NULL;
// REWRITE: static gr_ref_t const also_none = GR_REF_NULL_INIT;

static int read_through(struct node *volatile GR_REF p) { return p->v; }
// REWRITE: static int read_through(gr_ref_t volatile p) { return ((struct node *)gr_ref_check(p,

int main(int argc, char **argv) {
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->v = 7;
  struct node *GR_REF q = &*p;
  // REWRITE: gr_ref_t q = gr_ref_make(&*((struct node *)gr_ref_check(p,
  struct node *const GR_REF c = q;
  const struct node local = {3};
  // REWRITE: gr_stack_frame_begin((void *)&local, sizeof local
  volatile struct node vlocal = {4};
  // REWRITE: gr_stack_frame_begin((void *)&vlocal, sizeof vlocal
  int sum = q->v + c->v + read_through(p) + local.v + vlocal.v;
  if (argc > 1 && strcmp(argv[1], "bug") == 0) {
    free(p);
    struct node *GR_REF stale = &*q; // use after free at the dereference
    // BUG: ERROR: genref: use-after-free on address {{.*}} (object of type 'struct node')
    // BUG-NEXT: at {{.*}}rw_addr_deref_qualified.c:[[@LINE-2]]:34 in main
    printf("%d\n", stale->v);
  }
  printf("sum %d null %d %d\n", sum, none_yet == NULL, also_none == NULL);
  // OK: sum 28 null 1 1
  free(p);
  return 0;
}
