// Every heap byte is genref's (I11): the whole malloc family is the genref
// heap, however the allocation is spelled -- malloc, calloc, realloc,
// reallocarray, strdup (libc calling malloc), aligned_alloc,
// posix_memalign, memalign, valloc, pvalloc. Each result is a live genref
// object (gr_heap_owns) at the requested alignment, with a header before
// it; freeing it through the C library's free() -- handed over as a
// void * to code the plugin never typed -- frees the genref object (its
// header rises to even, a reference made before goes stale), and a second
// free is reported as a double free. realloc keeps contents and makes a
// new object. free() of a stack address is reported as invalid-free and
// not acted on.
// RUN: %cc -O1 %s -o %t %rt && %run %t | FileCheck %s
// RUN: %cc -O1 %s -o %t.so %rt_shared && %run %t.so | FileCheck %s
// RUN: %cc -O1 -DDOUBLE %s -o %t.d %rt && not %run %t.d 2>&1 | FileCheck --check-prefix=DOUBLE %s
// RUN: %cc -O1 -DSTACK %s -o %t.s %rt && not %run %t.s 2>&1 | FileCheck --check-prefix=STACK %s
// RUN: %cc -O1 -DSTACK %s -o %t.s %rt && env GENREF_OPTIONS=halt_on_error=0 %run %t.s 2>&1 | FileCheck --check-prefix=STACK-GO %s
#define _GNU_SOURCE
#include "genref/rt.h"

#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Stands for a generic library that frees what it is given. */
__attribute__((noinline)) static void opaque_free(void *p) { free(p); }
__attribute__((noinline)) static void *opaque_realloc(void *p, size_t n) {
  return realloc(p, n);
}

static int failures;

/* p's generation (_gr_slot_gen), p first hidden from the compiler: to it
 * the word before what malloc returned is outside every object (rt_hdr). */
static gr_gen_t hdr(void *p) {
  __asm__("" : "+r"(p));
  return _gr_slot_gen(p);
}

/* p came from the C library's allocator: a genref object, aligned, usable;
 * then freed through free(). */
static void check(const char *how, void *p, size_t align, size_t size) {
  int ok = p && (uintptr_t)p % align == 0 && gr_heap_owns(p) &&
           gr_usable_size(p) >= size && malloc_usable_size(p) == gr_usable_size(p) &&
           (hdr(p) & 1);
  gr_ref_t r = gr_ref_from_new(p);
  ok &= gr_ref_alive(r);
  gr_gen_t g = ok ? hdr(p) : 0;
  if (p)
    memset(p, 0x5a, size);
  opaque_free(p);
  ok &= !gr_heap_owns(p) && !gr_ref_alive(r) && hdr(p) == g + 1;
  printf("%s: %s\n", how, ok ? "genref, freed" : "BROKEN");
  failures += !ok;
}

int main(void) {
#ifdef STACK
  long local[4] = {1, 2, 3, 4};
  // STACK: ERROR: genref: invalid-free on address 0x{{[0-9a-f]+}}
  // STACK: the address was not allocated by the genref heap
  // STACK-NOT: after the free
  // STACK-GO: ERROR: genref: invalid-free
  // STACK-GO: after the free: 1 4
  opaque_free(local);
  printf("after the free: %ld %ld\n", local[0], local[3]);
  return 0;
#endif
  // CHECK: malloc: genref, freed
  check("malloc", malloc(100), 16, 100);
  // CHECK-NEXT: calloc: genref, freed
  char *c = calloc(10, 30);
  int zero = 1;
  for (int i = 0; c && i < 300; i++)
    zero &= c[i] == 0;
  check(zero ? "calloc" : "calloc (not zeroed)", c, 16, 300);
  // CHECK-NEXT: strdup: genref, freed
  char *s = strdup("genref");
  check(s && !strcmp(s, "genref") ? "strdup" : "strdup (wrong)", s, 16, 7);
  // CHECK-NEXT: aligned_alloc: genref, freed
  check("aligned_alloc", aligned_alloc(64, 200), 64, 200);
  // CHECK-NEXT: posix_memalign: genref, freed
  void *pm = NULL;
  int rc = posix_memalign(&pm, 256, 1000);
  check(rc == 0 ? "posix_memalign" : "posix_memalign (failed)", pm, 256, 1000);
  // CHECK-NEXT: memalign: genref, freed
  check("memalign", memalign(128, 50), 128, 50);
  // CHECK-NEXT: valloc: genref, freed
  check("valloc", valloc(5000), 4096, 5000);
  // CHECK-NEXT: pvalloc: genref, freed
  check("pvalloc", pvalloc(5000), 4096, 8192);
  // CHECK-NEXT: reallocarray: genref, freed
  char *ra = reallocarray(NULL, 10, 20);
  if (ra)
    strcpy(ra, "kept");
  char *ra2 = reallocarray(ra, 100, 20);
  check(ra2 && ra2 != ra && !gr_heap_owns(ra) && !strcmp(ra2, "kept")
            ? "reallocarray" : "reallocarray (wrong)",
        ra2, 16, 2000);
  // CHECK-NEXT: huge malloc: genref, freed
  check("huge malloc", malloc(1 << 20), 16, 1 << 20);
  // CHECK-NEXT: huge aligned_alloc: genref, freed
  check("huge aligned_alloc", aligned_alloc(65536, 300000), 65536, 300000);

  char *o = gr_alloc(32);
  strcpy(o, "genref");
  gr_ref_t r = gr_ref_from_new(o);
  // CHECK-NEXT: alive before 1
  printf("alive before %d\n", gr_ref_alive(r));
  opaque_free(o);
  // CHECK-NEXT: alive after 0 owns 0
  printf("alive after %d owns %d\n", gr_ref_alive(r), gr_heap_owns(o));
#ifdef DOUBLE
  // DOUBLE: ERROR: genref: double-free
  opaque_free(o);
#endif
  char *p = malloc(32);
  strcpy(p, "kept");
  gr_ref_t pr = gr_ref_from_new(p);
  char *q = opaque_realloc(p, 4000);
  // CHECK-NEXT: realloc kept 'kept' owns 1 old stale 1
  printf("realloc kept '%s' owns %d old stale %d\n", q, gr_heap_owns(q),
         !gr_ref_alive(pr));
  free(q);
  // CHECK-NEXT: failures: 0
  printf("failures: %d\n", failures);
  return failures != 0;
}
