// A reference may point at any object type in heap memory: a char buffer, an int array from calloc, a struct that is not GR_WEAKABLE,
// a realloc'ed buffer (references to the old one go stale), a pointer
// array. Each is checked on use, passed to libc unwrapped (checked once per
// call), and a use after free is reported at its line.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 str 2>&1 | FileCheck --check-prefixes=UAF,STR %s %}
// RUN: %if !mode-fast %{ not %run %t2 str 2>&1 | FileCheck --check-prefixes=UAF,STR %s %}
// RUN: %if !mode-fast %{ not %run %t2 ints 2>&1 | FileCheck --check-prefixes=UAF,INTS %s %}
// RUN: %if !mode-fast %{ not %run %t2 moved 2>&1 | FileCheck --check-prefixes=UAF,MOVED %s %}
// RUN: not %run %t2 twice 2>&1 | FileCheck --check-prefix=TWICE %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct point { /* not GR_WEAKABLE: plain C */
  int x, y;
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  char *GR_REF s = malloc(7);
  // REWRITE: gr_ref_t s = gr_ref_make(malloc(7), GR_SITE(
  int *GR_REF xs = calloc(4, sizeof *xs);
  // REWRITE: gr_ref_t xs = gr_ref_make(calloc(4, sizeof *((int *)gr_ref_unchecked(xs))), GR_SITE(
  strcpy(s, "genref");
  struct point *GR_REF pt = malloc(sizeof *pt);
  char *GR_REF buf = malloc(4);
  char *GR_REF old = buf;
  xs[1] = 41;
  xs[1]++;
  pt->x = 3;
  pt->y = 4;
  memcpy(buf, "abc", 4);
  buf = realloc(buf, 64);
  strcat(buf, "def");
  // OK: genref 6 e 42 3 4 abcdef old-alive 0
  printf("%s %zu %c %d %d %d %s old-alive %d\n", s, strlen(s), s[1], xs[1], pt->x, pt->y, buf,
         gr_alive(old));
  free(s);
  free(xs);
  // UAF: ERROR: genref: use-after-free
  if (!strcmp(mode, "str"))
    printf("%c\n", s[0]);
  // STR: at {{.*}}rw_any_object.c:[[@LINE-1]]:{{[0-9]+}} in main
  if (!strcmp(mode, "ints"))
    printf("%d\n", xs[1]);
  // INTS: at {{.*}}rw_any_object.c:[[@LINE-1]]:{{[0-9]+}} in main
  if (!strcmp(mode, "moved"))
    printf("%c\n", *old);
  // MOVED: at {{.*}}rw_any_object.c:[[@LINE-1]]:{{[0-9]+}} in main
  if (!strcmp(mode, "twice"))
    free(s);
  // TWICE: ERROR: genref: double-free
  // TWICE-NEXT: at {{.*}}rw_any_object.c:[[@LINE-2]]:{{[0-9]+}} in main
  free(pt);
  free(buf);
  return 0;
}
