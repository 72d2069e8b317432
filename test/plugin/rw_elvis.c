// GNU `a ?: b` with a reference a: a is the condition and the value, so it
// could not become a truth value in place ("incompatible operand types
// ('int' and 'gr_ref_t')": fourth probe). It is evaluated once into a
// local, then C's conditional on its null test; nested ones shadow nothing
// (-Wshadow). The program runs as plain C, in every pass; rewriting again
// changes nothing.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %plugin_cc -Wshadow -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -Wshadow -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %cc -Wall -Wextra -Werror -Wshadow -O2 -I%src_root/annotations %s -o %tp && %run %tp | FileCheck --check-prefix=OK %s
// REWRITE: __extension__({ gr_ref_t __gr_elvis{{[0-9]+}} = (
// OK: 4 9 4 9 calls 1
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE obj {
  int id;
  struct obj *GR_REF next;
};
static struct obj fallback = {9, NULL};
static int calls;

static struct obj *GR_REF pick(struct obj *GR_REF o) { return o ?: &fallback; }
static struct obj *GR_REF once(struct obj *GR_REF o) {
  calls++;
  return o;
}

int main(void) {
  struct obj *GR_REF o = malloc(sizeof *o);
  struct obj *GR_REF none = NULL;
  if (!o)
    return 1;
  o->id = 4;
  o->next = NULL;
  printf("%d %d %d %d calls %d\n", pick(o)->id, pick(NULL)->id, (none ?: o->next ?: o)->id,
         (once(none) ?: &fallback)->id, calls);
  free(o);
  return 0;
}
