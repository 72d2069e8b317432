// `sizeof *p` with p a reference as the last argument of malloc, calloc,
// realloc, memset and memcpy: the idiomatic `p = malloc(sizeof *p)`. The
// unevaluated `*p` becomes gr_ref_unchecked(p), and the call's extra
// arguments (layout, site) must land after it, not inside it.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && env GENREF_OPTIONS=print_stats=1 %run %t2 2>&1 | FileCheck --check-prefixes=OK,STATS %s
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  int pad[3];
};

int main(int argc, char **argv) {
  int bug = argc > 1 && strcmp(argv[1], "bug") == 0;
  struct node *GR_REF m = malloc(sizeof *m);
  // REWRITE: gr_ref_t m = gr_ref_from_new(gr_alloc(sizeof *((struct node *)gr_ref_unchecked(m))));
  struct node *GR_REF z = calloc(1, sizeof *z);
  // REWRITE: gr_ref_t z = gr_ref_from_new(gr_calloc(1, sizeof *((struct node *)gr_ref_unchecked(z))));
  memset(m, 0, sizeof *m);
  // Plain C: the generation is not in the object's bytes.
  // REWRITE: memset(gr_ref_unwrap(m, GR_SITE({{.*}})), 0, sizeof *((struct node *)gr_ref_unchecked(m)));
  m->v = 5;
  memcpy(z, m, sizeof *m);
  // REWRITE: memcpy(gr_ref_unwrap(z, GR_SITE({{.*}})), gr_ref_unwrap(m, GR_SITE({{.*}})), sizeof *((struct node *)gr_ref_unchecked(m)));
  struct node *GR_REF old = m;
  m = realloc(m, sizeof *m);
  // REWRITE: m = gr_ref_from_new(gr_realloc(gr_ref_unwrap(m, GR_SITE({{.*}})), sizeof *((struct node *)gr_ref_unchecked(m)), GR_SITE(
  // OK: values 5 5
  printf("values %d %d\n", m->v, z->v);
  if (bug)
    printf("%d\n", old->v); // BUG: ERROR: genref: use-after-free
  // BUG-NEXT: at {{.*}}rw_sizeof_alloc.c:[[@LINE-1]]:23 in main
  free(m);
  free(z);
  // STATS: live objects: {{[01]}},
  return 0;
}
