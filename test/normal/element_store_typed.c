/* A growable array of references reached through a raw pointer
   (`char *GR_REF *lines`), made by realloc(NULL, n), reallocarray or a
   void * wrapper: the allocation had no type, so freeing it released
   nothing, and the strings freed with it in one destruction were reported
   as dangling (a false report: fourth probe). An element store through a
   raw pointer to references now types the allocation, as a field store
   through a raw struct pointer does. The control: a string freed while the
   live array still holds it is reported (HELD).
   REQUIRES: plugin
   RUN: rm -rf %t.dir && mkdir -p %t.dir
   RUN: %genref_cc -std=c99 -pedantic -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
   RUN: %genref_cc -std=c99 -pedantic -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
   RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
   RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
   RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 held 2>&1 | FileCheck --check-prefix=HELD %s
   RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 held 2>&1 | FileCheck --check-prefix=HELD %s
   RUN: %genref_rewrite %s -- -I%S/../../annotations | FileCheck --check-prefix=RW %s
   OK: 5 lines, last epsilon
   OK-NEXT: 3 words, last c
   OK-NEXT: 2 items, last y
   OK-NEXT: done
   HELD: ERROR: genref: dangling-reference
   HELD: held by element 0 of an array of references, in the heap object at
   RW: gr_ref_store_at_typed(&(lines[n++] ), {{.*}}, GR_LAYOUT
*/
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

static void *xmalloc(size_t n) {
  void *p = malloc(n);
  if (!p)
    abort();
  return p;
}

static void free_all(char *GR_REF *v, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    free(v[i]);
  free(v);
}

static void drop_first(char *GR_REF *v) { free(v[0]); } /* v still holds it */

int main(int argc, char **argv) {
  const char *words[] = {"alpha", "beta", "gamma", "delta", "epsilon"};
  char *GR_REF *lines = NULL;
  size_t n = 0, cap = 0, i;
  char *GR_REF *w = reallocarray(NULL, 3, sizeof *w);
  char *GR_REF *x = xmalloc(2 * sizeof *x);
  for (i = 0; i < 5; i++) {
    if (n == cap) {
      cap = cap ? 2 * cap : 2;
      lines = realloc(lines, cap * sizeof *lines);
      if (!lines)
        return 1;
    }
    lines[n++] = strdup(words[i]);
  }
  if (!w)
    return 1;
  w[0] = strdup("a");
  w[1] = strdup("b");
  *(w + 2) = strdup("c");
  x[0] = strdup("x");
  x[1] = strdup("y");
  printf("%zu lines, last %s\n", n, lines[n - 1]);
  printf("3 words, last %s\n", w[2]);
  printf("2 items, last %s\n", x[1]);
  if (argc > 1 && strcmp(argv[1], "held") == 0) {
    drop_first(lines);
    printf("%s\n", lines[1]);
  }
  free_all(lines, n);
  free_all(w, 3);
  free_all(x, 2);
  puts("done");
  return 0;
}
