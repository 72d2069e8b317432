/* Several reference declarators sharing one specifier, with a qualifier
 * written after the annotation (a qsort comparator's `*GR_REF const *x,
 * *GR_REF const *y`, two `const` references): the qualifier joins the
 * shared `gr_ref_t const`, so each later declarator drops it with its
 * `*GR_REF` (it was left behind: `gr_ref_t const *x = a,  const *y = b`,
 * a syntax error). Declarators whose qualifiers differ there cannot share
 * the specifier: an error with a way out (test/plugin/diag_ref_decls_quals.c).
 * The rewrite compiles, is idempotent, and the program sorts and sums.
 * REQUIRES: plugin
 * RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
 * RUN: sed -e '/REWRITE:/d' %t.rw.c | FileCheck --check-prefix=REWRITE %s
 * RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
 * RUN: diff %t.rw.c %t.rw2.c
 * RUN: %plugin_cc -std=c89 -pedantic -O0 %s -o %t0 %rt
 * RUN: %plugin_cc -O2 %s -o %t2 %rt
 * RUN: %run %t0 | FileCheck --check-prefix=OK %s
 * RUN: %run %t2 | FileCheck --check-prefix=OK %s
 * RUN: %if !mode-fast %{ not %run %t2 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
 * REWRITE: gr_ref_t const *x = a, *y = b;
 * REWRITE: gr_ref_t const first = p, second = q;
 * REWRITE: gr_ref_t volatile *va = &p, *vb = &q;
 * OK: 1 2 3 8
 * STALE: ERROR: genref: use-after-free
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE item {
  int w;
};

static int by_weight(const void *a, const void *b) {
  struct item *GR_REF const *x = a, *GR_REF const *y = b;
  return (*x)->w - (*y)->w;
}

static int sum2(struct item *GR_REF p, struct item *GR_REF q) {
  struct item *GR_REF const first = p, *GR_REF const second = q;
  struct item *GR_REF volatile *va = &p, *GR_REF volatile *vb = &q;
  return first->w + second->w + (*va)->w + (*vb)->w;
}

int main(int argc, char **argv) {
  struct item *GR_REF v[3];
  int i, total;
  for (i = 0; i < 3; i++) {
    v[i] = malloc(sizeof *v[i]);
    v[i]->w = 3 - i;
  }
  qsort(v, 3, sizeof v[0], by_weight);
  total = sum2(v[0], v[2]);
  printf("%d %d %d %d\n", v[0]->w, v[1]->w, v[2]->w, total);
  free(v[2]);
  if (argc > 1 && strcmp(argv[1], "stale") == 0)
    total = sum2(v[0], v[2]);
  for (i = 0; i < 2; i++)
    free(v[i]);
  return total == 8 ? 0 : 1;
}
