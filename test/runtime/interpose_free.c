// Genref memory handed to the C library's free()/realloc() through a
// void * (code the plugin could not type) goes to the genref heap: the
// object is freed (its generation rises), a second free is reported as a
// double free, and realloc keeps contents and layout. Plain malloc memory
// still goes to glibc.
// RUN: %cc -O1 %s -o %t %rt && %run %t | FileCheck %s
// RUN: %cc -O1 %s -o %t.so %rt_shared && %run %t.so | FileCheck %s
// RUN: %cc -O1 -DDOUBLE %s -o %t.d %rt && not %run %t.d 2>&1 | FileCheck --check-prefix=DOUBLE %s
#include "genref/rt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct obj {
  gr_header_t h;
  char name[24];
};

/* Stands for a generic library that frees what it is given. */
__attribute__((noinline)) static void opaque_free(void *p) { free(p); }
__attribute__((noinline)) static void *opaque_realloc(void *p, size_t n) {
  return realloc(p, n);
}

int main(void) {
  struct obj *o = gr_alloc(sizeof *o, NULL);
  strcpy(o->name, "genref");
  gr_ref_t r = gr_ref_from_new(o);
  // CHECK: alive before 1
  printf("alive before %d\n", gr_ref_alive(r));
  opaque_free(o);
  // CHECK-NEXT: alive after 0 owns 0
  printf("alive after %d owns %d\n", gr_ref_alive(r), gr_heap_owns(o));
#ifdef DOUBLE
  // DOUBLE: ERROR: genref: double-free
  opaque_free(o);
#endif
  struct obj *p = gr_alloc(sizeof *p, NULL);
  strcpy(p->name, "kept");
  gr_ref_t pr = gr_ref_from_new(p);
  struct obj *q = opaque_realloc(p, 4000);
  // CHECK-NEXT: realloc kept 'kept' owns 1 old stale 1
  printf("realloc kept '%s' owns %d old stale %d\n", q->name, gr_heap_owns(q),
         !gr_ref_alive(pr));
  gr_free(q, NULL);
  char *plain = malloc(100);
  strcpy(plain, "glibc");
  plain = realloc(plain, 200000);
  // CHECK-NEXT: plain glibc owns 0
  printf("plain %s owns %d\n", plain, gr_heap_owns(plain));
  free(plain);
  return 0;
}
