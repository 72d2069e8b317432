// qsort of a stack array of weakable structs moves whole elements, headers
// included. Each stack object now has one generation for all its headers,
// so the moved headers are equal and a reference to an element stays valid
// (before: one fresh generation per element, so after the sort a live
// element read as freed, a false use-after-free). Every mode, both layouts;
// the array's references still go stale when its scope ends.
// REQUIRES: plugin
// RUN: %genref_cc -Wall -Wextra -Werror -O0 %s -o %t0 && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %genref_cc -Wall -Wextra -Werror -O2 %s -o %t2 && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %genref_cc --mode=normal -Wall -Wextra -Werror -O2 %s -o %t.n && %run %t.n | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t2 escape 2>&1 | FileCheck --check-prefix=ESCAPE %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE item {
  int key;
};

static int by_key(const void *a, const void *b) {
  return ((const struct item *)a)->key - ((const struct item *)b)->key;
}

static struct item *GR_WEAK escaped;

static int sorted_sum(int escape) {
  struct item items[8];
  for (int i = 0; i < 8; i++)
    items[i].key = 8 - i;
  struct item *GR_REF first = &items[0];
  struct item *GR_REF last = &items[7];
  qsort(items, 8, sizeof items[0], by_key);
  if (escape)
    escaped = first;
  return first->key * 10 + last->key; // 1 and 8 after the sort
}

int main(int argc, char **argv) {
  int escape = argc > 1 && !strcmp(argv[1], "escape");
  int r = sorted_sum(escape);
  if (escaped)
    printf("%d\n", escaped->key);
  // ESCAPE: ERROR: genref: use-after-free
  // ESCAPE-NEXT: at {{.*}}rw_stack_array_qsort.c:[[@LINE-2]]:27 in main
  printf("sorted %d\n", r);
  // OK: sorted 18
  return 0;
}
