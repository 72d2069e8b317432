// Issue 14: frees through a function-pointer deallocator keep counts
// exact: the holder's references are released whichever function frees it
// (the C library's free, or the program's own deallocator), and a target
// freed through the pointer is checked like any free. Silent: holders then
// their target, and the target first then its holder (one destruction: the
// function that calls through the pointer takes part in it). Control: the
// target freed through the pointer while a live array element holds it.
// REQUIRES: plugin, mode-normal
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
// RUN: %genref_cc -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
// RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: not %run %t.dir/o0 element 2>&1 | FileCheck --check-prefix=ELEM %s
// RUN: not %run %t.dir/o2 element 2>&1 | FileCheck --check-prefix=ELEM %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE item {
  int v;
};

struct GR_WEAKABLE slot {
  struct item *GR_REF it;
};

struct allocator {
  void *(*alloc)(size_t);
  void (*dealloc)(void *);
};

static int n_freed;
static void counting_free(void *p) {
  n_freed++;
  free(p);
}

struct item *GR_REF table[4];

static int run(const struct allocator *a) {
  struct item *GR_REF it = a->alloc(sizeof(struct item));
  it->v = 3;
  struct slot *GR_REF s1 = malloc(sizeof(struct slot));
  struct slot *GR_REF s2 = malloc(sizeof(struct slot));
  s1->it = it;
  s2->it = it;
  int v = s1->it->v + s2->it->v;
  a->dealloc((struct slot *)s1); /* holder first */
  struct item *GR_REF it2 = a->alloc(sizeof(struct item));
  it2->v = 4;
  s1 = malloc(sizeof(struct slot));
  s1->it = it2;
  v += s1->it->v;
  a->dealloc((struct item *)it2); /* target first, its holder next */
  a->dealloc((struct slot *)s1);
  a->dealloc((struct slot *)s2);
  a->dealloc((struct item *)it);
  return v;
}

static void element(const struct allocator *a) {
  struct item *GR_REF it = a->alloc(sizeof(struct item));
  table[2] = it; /* a live array element */
  a->dealloc((struct item *)it);
  // ELEM: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
  // ELEM: the object is freed while 1 GR_REF reference to it remains in memory; one is held by an element of global 'table' (declared at fnptr_free.c:{{[0-9]+}}), at 0x{{[0-9a-f]+}}
  // ELEM: SUMMARY: genref: dangling-reference
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  struct allocator libc = {malloc, free}, own = {malloc, counting_free};
  int v = run(&libc);
  v += run(&own);
  printf("%d freed %d\n", v, n_freed);
  // OK: 20 freed 5
  if (argc > 1 && !strcmp(argv[1], "element")) {
    element(&libc);
    printf("element done\n");
  }
  // ELEM-NOT: element done
  printf("done\n");
  // OK-NEXT: done
  return 0;
}
