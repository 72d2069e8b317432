// A subscript on a reference (p[i], p[i].v, &p[i], i[p]) checks the
// allocation p points into, then indexes as C does: an array of structs in
// one malloc is walked by index through one reference, with no edit beyond
// the annotation. After free, the subscript is reported at its line.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
};

static int sum(struct node *GR_REF p, int n) {
  int s = 0, i;
  for (i = 0; i < n; i++)
    s += p[i].v;
  // REWRITE: s += ((struct node *)gr_ref_check(p, GR_SITE({{.*}})))[i].v;
  return s;
}

int main(int argc, char **argv) {
  (void)argv;
  int n = 8, i;
  struct node *GR_REF a = malloc(n * sizeof *a);
  for (i = 0; i < n; i++) {
    a[i].v = i;
    a[i].next = i + 1 < n ? &a[i + 1] : NULL;
  }
  // REWRITE: ((struct node *)gr_ref_check(a, GR_SITE({{.*}})))[i].next = gr_ref_make(i + 1 < n ? &((struct node *)gr_ref_check(a, GR_SITE({{.*}})))[i + 1] : NULL, GR_SITE({{.*}}));
  struct node *GR_REF third = &a[2];
  // OK: sum 28 third 2 next 3 last 7 rev 5
  printf("sum %d third %d next %d last %d rev %d\n", sum(a, n), third->v, third->next->v,
         a[n - 1].v, 5[a].v);
  if (argc > 1) {
    free(a);
    printf("%d\n", a[1].v);
    // UAF: ERROR: genref: use-after-free
    // UAF-NEXT: at {{.*}}rw_subscript.c:[[@LINE-2]]:{{[0-9]+}} in main
  }
  if (argc == 1)
    free(a);
  return 0;
}
