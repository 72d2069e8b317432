// Frees the heap must refuse, each reported with the right kind and never
// acted on: a double free, a free through a stale generation (gr_free_gen)
// or a stale reference (gr_ref_free) after the slot was reused, and frees of
// foreign pointers (stack, static storage, an interior pointer, a slot never
// handed out). malloc is the genref heap (I11), so a static buffer is the
// memory no allocator handed out. One mode per run halts with a non-zero status; "all" runs
// every case with halt_on_error=0 and checks that nothing was freed twice
// and that the slot's live occupant survived. Both layouts: "the slot
// reused" waits for the slot however the layout orders reuse (rtest.h).
//
// RUN: %cc %s %rt -o %t
// RUN: not %run %t double 2>&1 | FileCheck %s --check-prefix=DOUBLE
// RUN: not %run %t stale_gen 2>&1 | FileCheck %s --check-prefix=STALE
// RUN: not %run %t stale_ref 2>&1 | FileCheck %s --check-prefix=STALE
// RUN: not %run %t stack 2>&1 | FileCheck %s --check-prefix=FOREIGN
// RUN: not %run %t static 2>&1 | FileCheck %s --check-prefix=FOREIGN
// RUN: not %run %t interior 2>&1 | FileCheck %s --check-prefix=INTERIOR
// RUN: not %run %t never 2>&1 | FileCheck %s --check-prefix=NEVER
// RUN: not %run %t realloc 2>&1 | FileCheck %s --check-prefix=REALLOC
// RUN: env GENREF_OPTIONS=halt_on_error=0 %run %t all 2>&1 | FileCheck %s --check-prefix=ALL
//
// DOUBLE: ==[[#]]==ERROR: genref: double-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
// DOUBLE-NEXT: at app.c:20:5 in release
// DOUBLE-NEXT: expected generation 1 (live), found 2 (freed)
// DOUBLE-NEXT: the object was already freed
// DOUBLE: SUMMARY: genref: double-free app.c:20 in release
// DOUBLE-NOT: not reached
//
// STALE: ==[[#]]==ERROR: genref: double-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
// STALE-NEXT: at app.c:20:5 in release
// STALE-NEXT: expected generation 1 (live), found 3 (a newer object)
// STALE-NEXT: the object was freed and its memory reused since the reference was made
// STALE: SUMMARY: genref: double-free app.c:20 in release
// STALE-NOT: not reached
//
// FOREIGN: ==[[#]]==ERROR: genref: invalid-free on address 0x{{[0-9a-f]+}}
// FOREIGN-NEXT: at app.c:20:5 in release
// FOREIGN-NEXT: the address was not allocated by the genref heap
// FOREIGN: SUMMARY: genref: invalid-free app.c:20 in release
// FOREIGN-NOT: not reached
//
// INTERIOR: ==[[#]]==ERROR: genref: invalid-free on address 0x{{[0-9a-f]+}}
// INTERIOR: the address points 16 bytes inside the heap object at 0x{{[0-9a-f]+}} (generation 1, live), not at its start
// INTERIOR: SUMMARY: genref: invalid-free
// INTERIOR-NOT: not reached
//
// NEVER: ==[[#]]==ERROR: genref: invalid-free on address 0x{{[0-9a-f]+}}
// NEVER: no object was ever allocated at this address
// NEVER-NOT: not reached
//
// REALLOC: ==[[#]]==ERROR: genref: double-free on address 0x{{[0-9a-f]+}}
// REALLOC: realloc of a freed object
// REALLOC-NOT: not reached
//
// ALL: ERROR: genref: double-free
// ALL: the object was already freed
// ALL: ERROR: genref: double-free
// ALL: freed and its memory reused
// ALL: ERROR: genref: double-free
// ALL: freed and its memory reused
// ALL: ERROR: genref: invalid-free
// ALL: not allocated by the genref heap
// ALL: ERROR: genref: invalid-free
// ALL: not allocated by the genref heap
// ALL: ERROR: genref: invalid-free
// ALL: points 16 bytes inside the heap object
// ALL: ERROR: genref: invalid-free
// ALL: no object was ever allocated
// ALL: ERROR: genref: double-free
// ALL: realloc of a freed object
// ALL: 8 reports, nothing acted on
// ALL-NOT: ERROR
#include "Inputs/rtest.h"

static const gr_site_t site = {"app.c", 20, 5, "release", "struct node"};

static uint64_t reports(void) {
  gr_stats_t st;
  gr_stats_get(&st);
  return st.reports;
}

static int run(const char *mode, int all) {
  int matched = 0;
#define CASE(name) if ((all || !strcmp(mode, name)) && ++matched)
  CASE("double") {
    void *p = gr_alloc(24);
    gr_free(p, &site);
    uint64_t before = reports();
    gr_free(p, &site);
    REQUIRE_EQ(reports(), before + 1);
    /* Freed once: the slot comes back once, then the class moves on. */
    void *keep[4096];
    size_t nkeep = 0;
    void *a = rt_alloc_slot(p, 24, keep, &nkeep, 4096);
    void *b = gr_alloc(24);
    REQUIRE(a == p && b != p);
    REQUIRE_EQ(rt_hdr(p, 0), 3);
    gr_free(a, NULL);
    gr_free(b, NULL);
    rt_free_all(keep, &nkeep);
  }
  CASE("stale_gen") {
    void *p = gr_alloc(200);
    gr_gen_t g = rt_hdr(p, 0);
    REQUIRE_EQ(g, 1);
    gr_free_gen(p, g, &site);
    void *keep[4096];
    size_t nkeep = 0; /* the same slot, a new object: */
    void *q = rt_alloc_slot(p, 200, keep, &nkeep, 4096);
    REQUIRE(q == p);
    gr_free_gen(p, g, &site);
    REQUIRE(gr_usable_size(q) != 0); /* the occupant survives */
    REQUIRE_EQ(rt_hdr(q, 0), 3);
    gr_free(q, NULL);
    rt_free_all(keep, &nkeep);
  }
  CASE("stale_ref") {
    void *p = gr_alloc(300);
    gr_ref_t r = gr_ref_from_new(p);
    gr_ref_free(r, &site);
    void *keep[4096];
    size_t nkeep = 0;
    void *q = rt_alloc_slot(p, 300, keep, &nkeep, 4096);
    REQUIRE(q == p);
    gr_ref_t r2 = gr_ref_from_new(q);
    gr_ref_free(r, &site);
    REQUIRE(gr_ref_alive(r2));
    gr_ref_free(r2, &site);
    rt_free_all(keep, &nkeep);
  }
  CASE("stack") {
    long x[4] = {0};
    gr_free(x, &site);
    REQUIRE(x[0] == 0);
  }
  CASE("static") {
    static long buf[8];
    gr_free(buf, &site);
    REQUIRE(buf[0] == 0);
  }
  CASE("interior") {
    char *p = gr_alloc(64);
    gr_free(p + 16, &site);
    REQUIRE(gr_usable_size(p) != 0);
    REQUIRE_EQ(rt_hdr(p, 0), 1);
    gr_free(p, NULL);
  }
  CASE("never") {
    /* The second slot of a fresh slab: carved, never handed out. */
    char *p = gr_alloc(5000);
    size_t slot = gr_usable_size(p) + 8; /* the next object: after its header */
    gr_free(p + slot, &site);
    REQUIRE_EQ(rt_hdr(p + slot, 0), 0);
    void *q = gr_alloc(5000);
    REQUIRE(q == p + slot);
    REQUIRE_EQ(rt_hdr(q, 0), 1);
    gr_free(q, NULL);
    gr_free(p, NULL);
  }
  CASE("realloc") {
    void *p = gr_alloc(40);
    gr_free(p, NULL);
    REQUIRE(gr_realloc(p, 80, &site) == NULL);
    REQUIRE_EQ(rt_hdr(p, 0), 2);
  }
  return matched;
}

int main(int argc, char **argv) {
  REQUIRE(argc == 2);
  uint64_t live = rt_live_baseline();
  int all = !strcmp(argv[1], "all");
  int n = run(argv[1], all);
  REQUIRE(n >= 1);
  if (!all) {
    printf("not reached\n");
    return 0;
  }
  REQUIRE_EQ(rt_live_objects(), live);
  printf("%llu reports, nothing acted on\n", (unsigned long long)reports());
  return 0;
}
