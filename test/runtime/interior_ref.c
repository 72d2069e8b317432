// Interior references (ref.h, locate.c): a reference made with gr_ref_make
// to anything but a heap object's start -- an array element, a member --
// is interior (bit 47 in compact, bit 63 of the generation in fat) and is
// checked through the address (_gr_gen_lookup) against the slot's header.
// A reference to element 3 of a malloc'd array validates and dereferences
// to the element; after free it fails, and still fails once the slot holds
// a new object. The same for a member of a struct, for a huge object and
// an aligned one. A reference to an object's start is whole (checked at
// p - 8) and agrees with gr_ref_from_new; one past the end of an object
// can be made (C lets a program form it) without a report -- also for the
// last object of a slab -- but never validates. A checked dereference of the stale element is reported.
//
// RUN: %cc -O1 %s %rt -o %t
// RUN: %run %t | FileCheck %s
// RUN: not %run %t stale 2>&1 | FileCheck %s --check-prefix=STALE
// CHECK: element ok
// CHECK-NEXT: reused ok
// CHECK-NEXT: member ok
// CHECK-NEXT: huge and aligned ok
// CHECK-NEXT: whole ok
// CHECK-NEXT: past the end ok
// CHECK-NOT: ERROR
// STALE: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}}
// STALE: the reference was made at generation {{[0-9]+}}; the object is now at generation {{[0-9]+}}: it was freed
// STALE-NOT: not reached
#include "Inputs/rtest.h"

struct point {
  long x, y, z;
};

struct shape {
  char name[24];
  struct point centre;
  struct point corners[4];
};

/* r is interior, names p, and validates. */
static int interior_alive(gr_ref_t r, void *p) {
  return _gr_ref_interior(r) && gr_ref_ptr(r) == p && gr_ref_alive(r) &&
         gr_ref_check(r, NULL) == p;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "stale")) {
    struct point *a = malloc(8 * sizeof *a);
    gr_ref_t e = gr_ref_make(&a[3], NULL);
    free(a);
    struct point *pt = gr_ref_check(e, NULL);
    printf("not reached %ld\n", pt->y);
    return 0;
  }
  struct point *a = malloc(8 * sizeof *a);
  REQUIRE(a);
  a[3] = (struct point){3, 33, 333};
  gr_ref_t e3 = gr_ref_make(&a[3], NULL);
  int ok = interior_alive(e3, &a[3]) && gr_ref_gen(e3) == rt_hdr(a, 0) &&
           ((struct point *)gr_ref_check(e3, NULL))->y == 33;
  free(a);
  ok &= !gr_ref_alive(e3);
  printf("element %s\n", ok ? "ok" : "BROKEN");

  static void *keep[4096];
  size_t nkeep = 0;
  struct point *b = rt_alloc_slot(a, 8 * sizeof *a, keep, &nkeep, 4096);
  REQUIRE(b == a);
  gr_ref_t f3 = gr_ref_make(&b[3], NULL);
  ok = !gr_ref_alive(e3) && interior_alive(f3, &b[3]) && gr_ref_gen(f3) != gr_ref_gen(e3);
  free(b);
  rt_free_all(keep, &nkeep);
  printf("reused %s\n", ok ? "ok" : "BROKEN");

  struct shape *s = calloc(1, sizeof *s);
  REQUIRE(s);
  gr_ref_t c = gr_ref_make(&s->centre, NULL), k2 = gr_ref_make(&s->corners[2].z, NULL);
  ok = interior_alive(c, &s->centre) && interior_alive(k2, &s->corners[2].z);
  free(s);
  ok &= !gr_ref_alive(c) && !gr_ref_alive(k2);
  printf("member %s\n", ok ? "ok" : "BROKEN");

  char *h = malloc(1 << 20), *al = aligned_alloc(256, 4096);
  REQUIRE(h && al);
  gr_ref_t rh = gr_ref_make(h + 1000000, NULL), ra = gr_ref_make(al + 4000, NULL);
  ok = interior_alive(rh, h + 1000000) && interior_alive(ra, al + 4000);
  free(h);
  free(al);
  ok &= !gr_ref_alive(rh) && !gr_ref_alive(ra);
  printf("huge and aligned %s\n", ok ? "ok" : "BROKEN");

  struct point *w = malloc(sizeof *w);
  REQUIRE(w);
  gr_ref_t made = gr_ref_make(w, NULL), fresh = gr_ref_from_new(w);
  ok = !_gr_ref_interior(made) && gr_ref_eq(made, fresh) && gr_ref_alive(made);
  free(w);
  ok &= !gr_ref_alive(made) && !gr_ref_alive(fresh);
  printf("whole %s\n", ok ? "ok" : "BROKEN");

  /* One past the end of objects whose end meets the next slot's header,
   * the slab's gap or the next slab (the last object of each slab). */
  static const size_t sizes[] = {120, 1016, 5000, 20000, 60000};
  static void *objs[100];
  gr_stats_t st;
  gr_stats_get(&st);
  uint64_t before = st.reports;
  ok = 1;
  for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
    for (int i = 0; i < 100; i++) {
      char *o = objs[i] = malloc(sizes[si]);
      REQUIRE(o);
      size_t n = gr_usable_size(o);
      gr_ref_t end = gr_ref_make(o + n, NULL);
      ok &= gr_ref_ptr(end) == o + n && !gr_ref_alive(end);
    }
    for (int i = 0; i < 100; i++)
      free(objs[i]);
  }
  gr_stats_get(&st);
  ok &= st.reports == before;
  printf("past the end %s\n", ok ? "ok" : "BROKEN");
  return 0;
}
