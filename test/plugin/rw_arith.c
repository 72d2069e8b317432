// Arithmetic on references, as C code walks arrays: r + i and r - i are
// references into the same allocation with the same generation
// (gr_ref_offset); r++, --r, r += n, r -= n move the reference
// (gr_ref_advance); r - s and r < s are C's, on the addresses, unchecked,
// so one past the end takes part as in C; (uintptr_t)r is the address,
// checked like a conversion to a raw pointer. Dereferences through a moved
// reference are checked; after free they are reported at their line, and
// a reference moved past the end of its allocation is reported when used.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not %run %t2 past 2>&1 | FileCheck --check-prefix=PAST %s %}
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE item {
  int v;
  int pad;
};

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  int n = 6, i;
  struct item *GR_REF a = malloc(n * sizeof *a);
  struct item *GR_REF end = a + n;
  // REWRITE: gr_ref_t end = gr_ref_offset(a , (_gr_ptrdiff)sizeof(struct item) * (_gr_ptrdiff)( n));
  struct item *GR_REF p;
  for (p = a, i = 0; p < end; p++, i++)
    p->v = i * i;
  // REWRITE: for (p = a, i = 0; ((struct item *)gr_ref_unchecked(p)) < ((struct item *)gr_ref_unchecked(end)); gr_ref_advance(&(p), (_gr_ptrdiff)sizeof(struct item), 1, GR_SITE({{.*}})), i++)
  struct item *GR_REF q = end;
  q -= 2;
  --q;
  int sum = 0;
  for (p = a; p != end; ++p)
    sum += p->v;
  char *GR_REF s = malloc(8);
  char *GR_REF c = s;
  *c++ = 'o';
  *c++ = 'k';
  *c = 0;
  // OK: sum 55 q 9 back 16 len 6 bytes 24 ok 2
  printf("sum %d q %d back %d len %td bytes %d %s %zu\n", sum, q->v, (end - 2)->v, end - a,
         (int)((uintptr_t)q - (uintptr_t)a), s, strlen(s));
  // REWRITE: (int)((uintptr_t)((struct item *)gr_ref_unwrap(q, GR_SITE({{.*}}))) - (uintptr_t)((struct item *)gr_ref_unwrap(a, GR_SITE({{.*}}))))
  if (!strcmp(mode, "past"))
    printf("%d\n", (a + n + 1)->v);
  // PAST: ERROR: genref: heap-buffer-overflow
  // PAST-NEXT: at {{.*}}rw_arith.c:[[@LINE-2]]:{{[0-9]+}} in main
  // PAST: the address lies outside every heap object
  free(a);
  if (!strcmp(mode, "uaf"))
    printf("%d\n", q[1].v);
  // UAF: ERROR: genref: use-after-free
  // UAF-NEXT: at {{.*}}rw_arith.c:[[@LINE-2]]:{{[0-9]+}} in main
  free(s);
  return 0;
}
