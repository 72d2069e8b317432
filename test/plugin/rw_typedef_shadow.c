/* A typedef name shadowed by a parameter or a local (`node *GR_REF node`,
 * a common C style; a local `int item` beside an `item *GR_REF`): the
 * rewrite's casts spell the pointee by its struct tag, which no ordinary
 * identifier can shadow. They spelled the typedef, and `(node
 * *)gr_ref_check(node, ...)` parsed as a multiplication ("expected
 * expression" on valid C). The rewrite is idempotent, the program builds
 * and runs, and a stale reference through the shadowing parameter is
 * reported.
 * REQUIRES: plugin
 * RUN: %genref_rewrite %s -- -std=c99 -I%src_root/annotations > %t.rw.c
 * RUN: sed -e '/REWRITE:/d' %t.rw.c | FileCheck --check-prefix=REWRITE %s
 * RUN: %genref_rewrite %t.rw.c -- -std=c99 -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
 * RUN: diff %t.rw.c %t.rw2.c
 * RUN: %plugin_cc -std=c99 -pedantic -Wall -Wextra -Werror -O0 %s -o %t0 %rt
 * RUN: %plugin_cc -std=c99 -pedantic -Wall -Wextra -Werror -O2 %s -o %t2 %rt
 * RUN: %run %t0 | FileCheck --check-prefix=OK %s
 * RUN: %run %t2 | FileCheck --check-prefix=OK %s
 * RUN: %if !mode-fast %{ not %run %t2 stale 2>&1 | FileCheck --check-prefix=STALE %s %}
 * REWRITE: return ((struct node *){{[a-z_]+}}(node
 * OK: 7 9
 * STALE: ERROR: genref: use-after-free
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

typedef struct GR_WEAKABLE node node;
struct node {
  int v;
};
typedef struct GR_WEAKABLE item {
  int w;
} item;

static int value(node *GR_REF node) {
  return node->v;
}
static int weight(item *GR_REF it) {
  int item = 2;
  return it->w + item;
}

int main(int argc, char **argv) {
  node *GR_REF n = malloc(sizeof *n);
  item *GR_REF i = malloc(sizeof *i);
  n->v = 7;
  i->w = 7;
  printf("%d %d\n", value(n), weight(i));
  if (argc > 1 && !strcmp(argv[1], "stale")) {
    free(n);
    printf("%d\n", value(n));
  }
  free(n);
  free(i);
  return 0;
}
