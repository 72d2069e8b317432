// calloc as generic code writes it: the result kept in a void *, the size
// a byte count computed elsewhere, the object typed later. The memory is
// zeroed, the object works through a reference and is freed through the
// void * silently; after free(mem) a use through the reference is
// use-after-free at the line, and a second free(mem) is a double free.
// A calloc typed at the call (`struct cell *a = calloc(n, sizeof *a)`) works
// the same.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: not %run %t0 double 2>&1 | FileCheck --check-prefix=DF %s
// RUN: not %run %t2 double 2>&1 | FileCheck --check-prefix=DF %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE cell {
  int row, col;
  double weight;
};

// A generic "new" that only knows sizes, like a table of constructors.
static void *object_new(size_t size) { return calloc(1, size); }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  int i;
  int dirty = 0;
  // Churn, so that later objects get memory earlier ones wrote to.
  for (i = 0; i < 100; i++) {
    void *mem = object_new(sizeof(struct cell));
    struct cell *GR_REF c = mem;
    dirty += c->row != 0 || c->col != 0 || c->weight != 0.0;
    c->row = c->col = i + 1;
    c->weight = 1.5;
    free(mem);
  }
  void *mem = object_new(sizeof(struct cell));
  struct cell *GR_REF c = mem;
  c->row = 3;
  c->weight = 0.25;
  // A typed calloc of an array, and references to its elements.
  struct cell *grid = calloc(16, sizeof *grid);
  struct cell *GR_REF corner = &grid[15];
  corner->row = corner->col = 4;
  // OK: dirty 0 cell 3 0 0.25 corner 4 4 0.00 first 0
  printf("dirty %d cell %d %d %.2f corner %d %d %.2f first %d\n", dirty, c->row, c->col,
         c->weight, corner->row, corner->col, corner->weight, grid[0].row);
  free(grid);
  if (!strcmp(mode, "double")) {
    free(mem);
    free(mem);
    // DF: ERROR: genref: double-free on address 0x{{[0-9a-f]+}}
    // DF: alloc_calloc.c:[[@LINE-2]]
    // DF: SUMMARY: genref: double-free
    printf("survived\n");
    // DF-NOT: survived
  }
  free(mem);
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", c->row);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct cell')
  // UAF-NEXT: at {{.*}}alloc_calloc.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}alloc_calloc.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
