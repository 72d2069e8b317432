// A dangling-reference report names a holder that still holds the object,
// never a field of the dying object itself: a stack list head that points
// at itself (`h.next = &h`, an empty circular list) and a heap node whose
// `self` points at itself were named as their own holders, because their
// own store was the last one counted. Their own fields are released with
// them; the holder that remains is the heap item's `owner`.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
// RUN: %genref_cc -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 stack 2>&1 | FileCheck --check-prefix=STACK %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 stack 2>&1 | FileCheck --check-prefix=STACK %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 heap 2>&1 | FileCheck --check-prefix=HEAP %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 heap 2>&1 | FileCheck --check-prefix=HEAP %s
// RUN: %run %t.dir/o2 stack clear 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/o2 heap clear 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// STACK: ERROR: genref: dangling-reference
// STACK: a stack object goes out of scope while 1 GR_REF reference to it remains in memory; one is held by field 'owner' of 'struct item'
// HEAP: ERROR: genref: dangling-reference
// HEAP: the object is freed while 1 GR_REF reference to it remains in memory; one is held by field 'owner' of 'struct item'
// OK: done
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE head {
  struct head *GR_REF next;
};
struct item {
  struct head *GR_REF owner;
};

/* Frees in functions of their own: main frees nothing, so each free's
 * check runs at its function's return, not at main's. */
static void drop(struct head *GR_REF h) { free(h); }
static void drop_item(struct item *it) { free(it); }

int main(int argc, char **argv) {
  int clear = argc > 2;
  struct item *it = malloc(sizeof *it);
  if (argc > 1 && strcmp(argv[1], "stack") == 0) {
    struct head h;
    it->owner = &h;
    h.next = &h;
    if (clear)
      it->owner = NULL;
  } else {
    struct head *GR_REF n = malloc(sizeof *n);
    it->owner = n;
    n->next = n;
    if (clear)
      it->owner = NULL;
    drop(n);
  }
  it->owner = NULL;
  drop_item(it);
  printf("done\n");
  return 0;
}
