// The counts each kind of counted store leaves (issue 14 item 4 made the
// common store a straight path: a heap slot, whole references to heap
// objects; everything else takes the general one). gr_ref_count says how
// many references are held after every store: heap fields, the same
// reference again, a global and a global struct's field (then a heap store
// into a slab whose stores name holders), a stack struct's fields and its
// scope's end, interior references into a heap array (counted on the
// array), a reference to a weakable stack object. Control: a free while a
// heap field still holds the object is reported, naming the field.
// REQUIRES: plugin, mode-normal
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
// RUN: %genref_cc -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
// RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 held 2>&1 | FileCheck --check-prefix=HELD %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 held 2>&1 | FileCheck --check-prefix=HELD %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE obj {
  int v;
};

struct holder {
  struct obj *GR_REF a;
  struct obj *GR_REF b;
};

struct obj *GR_REF g;
struct holder gh;

/* The runtime's count of references to obj (genref/rt.h; tests, tools). */
int gr_ref_count(const void *obj);

static int bad;

static void expect(const void *o, int n, int line) {
  int c = gr_ref_count(o);
  if (c != n) {
    printf("line %d: count %d, expected %d\n", line, c, n);
    bad = 1;
  }
}
#define EXPECT(o, n) expect((o), (n), __LINE__)

int main(int argc, char **argv) {
  struct obj *GR_REF x = malloc(sizeof(struct obj));
  struct obj *GR_REF y = malloc(sizeof(struct obj));
  struct holder *GR_REF h = malloc(sizeof(struct holder));
  x->v = 1;
  y->v = 2;

  /* Heap fields: null -> x, x again, a second field, x -> y, -> null. */
  h->a = x;
  EXPECT(x, 1);
  h->a = x;
  EXPECT(x, 1);
  h->b = x;
  EXPECT(x, 2);
  h->a = y;
  EXPECT(x, 1);
  EXPECT(y, 1);
  h->a = NULL;
  h->b = NULL;
  EXPECT(x, 0);
  EXPECT(y, 0);

  /* A global and a global struct's field; then heap stores into the same
   * slab, whose stores now name their holders. */
  g = x;
  gh.a = x;
  EXPECT(x, 2);
  g = y;
  EXPECT(x, 1);
  EXPECT(y, 1);
  h->a = x;
  h->b = y;
  EXPECT(x, 2);
  EXPECT(y, 2);
  gh.a = NULL;
  g = NULL;
  h->a = y;
  EXPECT(x, 0);
  EXPECT(y, 2);
  h->a = NULL;
  h->b = NULL;
  EXPECT(y, 0);

  /* A stack struct: counted as it begins, by its field stores, released at
   * its scope's end. */
  {
    struct holder s = {x, y};
    EXPECT(x, 1);
    EXPECT(y, 1);
    s.a = y;
    EXPECT(x, 0);
    EXPECT(y, 2);
    s.b = NULL;
    EXPECT(y, 1);
  }
  EXPECT(y, 0);

  /* Interior references into a heap array count on the array. */
  struct obj *GR_REF arr = malloc(4 * sizeof(struct obj));
  h->a = &arr[2];
  EXPECT(arr, 1);
  h->a = &arr[1];
  EXPECT(arr, 1);
  h->b = arr;
  EXPECT(arr, 2);
  h->a = x;
  EXPECT(arr, 1);
  EXPECT(x, 1);
  h->a = NULL;
  h->b = NULL;
  EXPECT(arr, 0);
  EXPECT(x, 0);

  /* A weakable stack object's count (the side table). */
  {
    struct obj local = {3};
    h->a = &local;
    EXPECT(&local, 1);
    h->b = &local;
    EXPECT(&local, 2);
    h->a = NULL;
    h->b = NULL;
    EXPECT(&local, 0);
  }

  if (argc > 1 && strcmp(argv[1], "held") == 0) {
    h->b = x;
    free(x); /* h->b still holds it */
    // HELD: ERROR: genref: dangling-reference
    // HELD: one is held by field 'b' of 'struct holder' (declared at count_paths.c:{{[0-9]+}}), in the heap object
    return 0;
  }
  free(arr);
  free(h);
  free(x);
  free(y);
  // OK: counts ok
  printf("counts %s\n", bad ? "wrong" : "ok");
  return bad;
}
