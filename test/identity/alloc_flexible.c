// A row of cells allocated in one block (header struct plus flexible array
// member, sized with offsetof-style arithmetic as real code does), grown
// with realloc: references to cells work, the contents survive growth, and
// the row is freed silently. After free a use of a cell through its
// reference is use-after-free at the line; a second free is a double free.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: not %run %t0 double 2>&1 | FileCheck --check-prefix=DF %s
// RUN: not %run %t2 double 2>&1 | FileCheck --check-prefix=DF %s
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE cell {
  int col;
  char glyph;
};

struct row {
  size_t n;
  int line;
  struct cell cells[];
};

static struct row *row_new(int line, size_t n) {
  struct row *r = malloc(sizeof(struct row) + n * sizeof(struct cell));
  if (r == NULL)
    exit(3);
  r->n = n;
  r->line = line;
  size_t i;
  for (i = 0; i < n; i++) {
    r->cells[i].col = (int)i;
    r->cells[i].glyph = (char)('a' + i % 26);
  }
  return r;
}

static struct row *row_grow(struct row *r, size_t n) {
  size_t old = r->n, i;
  r = realloc(r, offsetof(struct row, cells) + n * sizeof r->cells[0]);
  if (r == NULL)
    exit(3);
  for (i = old; i < n; i++) {
    r->cells[i].col = (int)i;
    r->cells[i].glyph = '.';
  }
  r->n = n;
  return r;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  int k;
  for (k = 0; k < 50; k++)
    free(row_new(k, (size_t)k + 1));
  struct row *r = row_new(7, 4);
  struct cell *GR_REF third = &r->cells[2];
  // OK: line 7 n 4 third 2 c
  printf("line %d n %lu third %d %c\n", r->line, (unsigned long)r->n, third->col, third->glyph);
  r = row_grow(r, 300);
  third = &r->cells[2];
  struct cell *GR_REF last = &r->cells[299];
  // OK-NEXT: grown 300 third 2 c last 299 .
  printf("grown %lu third %d %c last %d %c\n", (unsigned long)r->n, third->col, third->glyph,
         last->col, last->glyph);
  if (!strcmp(mode, "double")) {
    free(r);
    free(r);
    // DF: ERROR: genref: double-free on address 0x{{[0-9a-f]+}}
    // DF: alloc_flexible.c:[[@LINE-2]]
    // DF: SUMMARY: genref: double-free
    printf("survived\n");
    // DF-NOT: survived
  }
  free(r);
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", last->col);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct cell')
  // UAF-NEXT: at {{.*}}alloc_flexible.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}alloc_flexible.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
