// &r[i] made a reference, r a reference: the subscript's check of r, then
// r + i (gr_ref_elem), not an out-of-line lookup of the element's raw
// address (gr_ref_make). The result is the reference gr_ref_make would
// give: &r[0] is r itself (whole, == r), &r[i] is r + i; after a program
// allocator made a block, an element may be a block with a generation of
// its own, and the runtime's lookup still decides. &r[i] as a raw pointer
// keeps the subscript's check; inside a macro's text it stays a check and
// a gr_ref_make. A stale r is reported at the subscript, as before; an
// element reference made before a free is reported where it is used.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %if mode-fast %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=FAST %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
// RUN: %if !mode-fast %{ not %run %t2 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
// RUN: %if !mode-fast %{ not %run %t0 after 2>&1 | FileCheck --check-prefix=AFTER %s %}
// RUN: %if !mode-fast %{ not %run %t2 after 2>&1 | FileCheck --check-prefix=AFTER %s %}
// RUN: %if !mode-fast %{ not %run %t0 block 2>&1 | FileCheck --check-prefix=BLOCK %s %}
// RUN: %if !mode-fast %{ not %run %t2 block 2>&1 | FileCheck --check-prefix=BLOCK %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE cell {
  int v;
  int tag;
};

struct grid {
  struct cell *GR_REF cells;
  int *GR_REF idx;
  int n;
};

#define CELL_AT(g, i) (&(g)->cells[i])

static int value(const struct cell *GR_REF c) { return c->v; }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  struct grid g;
  int i, sum = 0;
  g.n = 8;
  g.cells = calloc((size_t)g.n, sizeof(struct cell));
  g.idx = malloc((size_t)g.n * sizeof(int));
  for (i = 0; i < g.n; i++) {
    g.idx[i] = g.n - 1 - i;
    g.cells[i].v = i * 10;
  }
  struct cell *GR_REF first = &g.cells[0];
  // REWRITE: gr_ref_t first = gr_ref_elem(g.cells, (_gr_ptrdiff)sizeof(struct cell) * (_gr_ptrdiff)(0), GR_SITE({{.*}}));
  // FAST: gr_ref_t first = gr_ref_offset(g.cells, (_gr_ptrdiff)sizeof(struct cell) * (_gr_ptrdiff)(0));
  struct cell *GR_REF third = &g.cells[g.idx[5]];
  // REWRITE: gr_ref_t third = gr_ref_elem(g.cells, (_gr_ptrdiff)sizeof(struct cell) * (_gr_ptrdiff)(((int *)gr_ref_check(g.idx, GR_SITE({{.*}})))[5]), GR_SITE({{.*}}));
  struct cell *GR_REF viamacro = CELL_AT(&g, 4);
  // REWRITE: gr_ref_t viamacro = gr_ref_make(
  struct cell *raw = &g.cells[3];
  // REWRITE: struct cell *raw = &((struct cell *)gr_ref_check(g.cells, GR_SITE({{.*}})))[3];
  for (i = 0; i < g.n; i++)
    sum += value(&g.cells[i]);
  // REWRITE: sum += value(gr_ref_elem(g.cells, (_gr_ptrdiff)sizeof(struct cell) * (_gr_ptrdiff)(i), GR_SITE({{.*}})));
  printf("first %d same %d third %d at2 %d macro %d raw %d sum %d\n", first->v,
         first == g.cells, third->v, &g.cells[2] == g.cells + 2, viamacro->v, raw->v, sum);
  // OK: first 0 same 1 third 20 at2 1 macro 40 raw 30 sum 280

  if (!strcmp(mode, "stale")) {
    free(g.cells);
    first = &g.cells[1];
    // STALE: ERROR: genref: use-after-free
    // STALE-NEXT: at {{.*}}rw_elem_ref.c:[[@LINE-2]]:{{[0-9]+}} in main
    return first->v;
  }
  if (!strcmp(mode, "after")) {
    struct cell *GR_REF kept = &g.cells[6];
    free(g.cells);
    printf("%d\n", kept->v);
    // AFTER: ERROR: genref: use-after-free
    // AFTER-NEXT: at {{.*}}rw_elem_ref.c:[[@LINE-2]]:{{[0-9]+}} in main
    return 1;
  }
  if (!strcmp(mode, "block")) {
    // A program allocator hands out cells of its own array as objects:
    // the element's reference is the block's, so freeing the block ends it.
    GR_MALLOCLIKE_BLOCK(&g.cells[5], sizeof(struct cell));
    struct cell *GR_REF obj = &g.cells[5];
    obj->v = 1;
    GR_FREELIKE_BLOCK(&g.cells[5]);
    printf("%d\n", obj->v);
    // BLOCK: ERROR: genref: use-after-free
    // BLOCK-NEXT: at {{.*}}rw_elem_ref.c:[[@LINE-2]]:{{[0-9]+}} in main
    return 1;
  }
  free(g.idx);
  free(g.cells);
  return 0;
}
