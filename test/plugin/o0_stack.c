// At -O0 the rewrite's operations are calls, not inlined copies: a
// recursive function's frame stays within 2x of plain C's (it was 24x: an
// inlined copy keeps its stack slots in the caller), so a recursion plain
// C survives at -O0 survives under genref. The frame sizes are compared
// from -fstack-usage; the recursion (100,000 deep, ~4 MiB of plain C
// frames) runs under an 8 MiB stack limit.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir && cd %t.dir
// RUN: %cc -O0 -fstack-usage -c %s -o plain.o
// RUN: %plugin_cc -O0 -fstack-usage -c %s -o genref.o
// RUN: awk -F'\t' '/:walk\t/ { print "plain", $2 }' plain.su > sizes
// RUN: awk -F'\t' '/:walk\t/ { print "genref", $2 }' genref.su >> sizes
// RUN: awk '$1 == "plain" { p = $2 } $1 == "genref" { g = $2 } END { print (g <= 2 * p ? "within 2x" : "over 2x"), p, g }' sizes | FileCheck --check-prefix=SIZE %s
// SIZE: within 2x
// RUN: %plugin_cc -O0 %s -o prog %rt
// RUN: sh -c 'ulimit -s 8192 && %run ./prog' | FileCheck %s
// CHECK: sum 4999950000
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct cell {
  long v;
  struct cell *GR_REF next;
};

static long walk(struct cell *GR_REF c) {
  long here, rest;
  if (!c)
    return 0;
  here = c->v;
  rest = walk(c->next);
  return here + rest;
}

int main(void) {
  struct cell *GR_REF head = NULL;
  long i;
  for (i = 0; i < 100000; i++) {
    struct cell *GR_REF c = malloc(sizeof *c);
    c->v = i;
    c->next = head;
    head = c;
  }
  printf("sum %ld\n", walk(head));
  while (head) {
    struct cell *GR_REF next = head->next;
    free(head);
    head = next;
  }
  return 0;
}
