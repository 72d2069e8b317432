// Issue 14: a reference made through an out-parameter into a local
// variable (`make(&p)`) is a local's: not counted, like the local's own
// stores, so `make(&p); free(p);` is silent. Control: the same out-parameter
// pointed at a live heap object's field counts, and freeing the target
// while that field holds it is reported, naming the field.
// REQUIRES: plugin, mode-normal
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
// RUN: %genref_cc -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
// RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 field 2>&1 | FileCheck --check-prefix=FIELD %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 field 2>&1 | FileCheck --check-prefix=FIELD %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE obj {
  int v;
};

struct GR_WEAKABLE box {
  int tag;
  struct obj *GR_REF item;
};

static void make(struct obj *GR_REF *out, int v) {
  *out = malloc(sizeof(struct obj));
  (*out)->v = v;
}

static void release(struct obj *GR_REF p) {
  free(p); // FIELD: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct obj')
  // FIELD-NEXT: at {{.*}}out_param.c:[[@LINE-1]]:3 in release
  // FIELD: the object is freed while 1 GR_REF reference to it remains in memory; one is held by field 'item' of 'struct box' (declared at out_param.c:23), in the heap object at 0x{{[0-9a-f]+}} (offset {{[0-9]+}})
  // FIELD: SUMMARY: genref: dangling-reference {{.*}}out_param.c:[[@LINE-3]] in release
}

/* Frees: checked as this function returns (it is the outermost that frees). */
static int loop(void) {
  int sum = 0;
  for (int i = 0; i < 100; i++) {
    struct obj *GR_REF p;
    make(&p, i);
    struct obj *GR_REF q = NULL;
    make(&q, 1);
    sum += q->v;
    free(q);
    make(&q, 2); /* the local is overwritten: it held the first, uncounted */
    sum += p->v + q->v;
    free(p);
    free(q);
  }
  return sum;
}

/* Frees nothing itself: release() is the destruction, checked as it returns. */
static void field(void) {
  struct box *GR_REF b = malloc(sizeof(struct box));
  b->tag = 1;
  make(&b->item, 7); /* a field of a live object: counted */
  printf("box holds %d\n", b->item->v);
  release(b->item);
  printf("box tag %d\n", b->tag);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("sum %d\n", loop());
  // OK: sum 5250
  if (argc > 1 && !strcmp(argv[1], "field"))
    field();
  // FIELD-NOT: box tag
  printf("done\n");
  // OK-NEXT: done
  return 0;
}
