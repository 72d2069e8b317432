// gr_calloc zeroes every byte of the object -- also on a reused slot that
// held data -- and leaves its header alone (it rises by one per alloc and
// free, as for gr_alloc): the header lies before the object, outside the
// bytes calloc clears. gr_realloc preserves contents, always gives a new
// object (new address, the old reference goes stale), never copies a
// generation and keeps the old object's alignment. gr_calloc whose
// count * size overflows, and allocations larger than the heap's address
// range, return NULL.
//
// RUN: %cc %s %rt -o %t && %run %t | FileCheck %s
// CHECK: calloc OK
// CHECK: realloc OK
// CHECK: overflow OK
#include "Inputs/rtest.h"

static void check_calloc(size_t count, size_t size) {
  size_t n = count * size;
  unsigned char *p = gr_alloc(n);
  REQUIRE(p);
  uint64_t h0 = rt_hdr(p, 0);
  memset(p, 0xAB, gr_usable_size(p));
  REQUIRE_EQ(rt_hdr(p, 0), h0); /* the object's bytes are not its header */
  gr_free(p, NULL);
  /* The same slot, reused (at once: LIFO order, rt_alloc_slot). */
  static void *keep[4096];
  size_t nkeep = 0;
  unsigned char *q;
  while ((q = gr_calloc(count, size)) != p) {
    REQUIRE(q && nkeep < sizeof keep / sizeof keep[0]);
    keep[nkeep++] = q;
  }
  for (size_t i = 0; i < n; i++)
    if (q[i] != 0) {
      fprintf(stderr, "byte %zu of a %zu-byte calloc is %#x\n", i, n, q[i]);
      abort();
    }
  /* The header: alive and one cycle on, never zeroed. */
  REQUIRE_EQ(rt_hdr(q, 0), h0 + 2);
  gr_free(q, NULL);
  while (nkeep)
    gr_free(keep[--nkeep], NULL);
}

int main(void) {
  check_calloc(1, 100);
  check_calloc(10, 10);
  check_calloc(7, 24);
  check_calloc(1, 4000);
  check_calloc(3, 70000); /* huge: the body is reused too */
  check_calloc(1, 300000);
  check_calloc(0, 10);
  printf("calloc OK\n");

  /* realloc: contents kept, new identity, generations never copied. */
  unsigned char *p = gr_alloc(100);
  uint64_t g0 = rt_hdr(p, 0);
  static void *keep2[4096];
  size_t nkeep2 = 0;
  for (int i = 0; i < 50; i++) { /* give this slot a high generation */
    gr_free(p, NULL);
    REQUIRE(nkeep2 + 64 <= sizeof keep2 / sizeof keep2[0]);
    REQUIRE(rt_alloc_slot(p, 100, keep2, &nkeep2, 64) == p);
  }
  rt_free_all(keep2, &nkeep2);
  REQUIRE_EQ(rt_hdr(p, 0), g0 + 100);
  REQUIRE(g0 + 100 > 100);
  for (size_t i = 0; i < 100; i++)
    p[i] = (unsigned char)i;
  gr_ref_t old = gr_ref_from_new(p);
  unsigned char *n = gr_realloc(p, 3000, NULL);
  REQUIRE(n && n != p);
  REQUIRE(!gr_ref_alive(old)); /* the old reference is stale */
  REQUIRE_EQ(rt_hdr(p, 0), g0 + 101);
  REQUIRE_EQ(rt_hdr(n, 0), 1); /* a fresh slot's own generation */
  for (size_t i = 0; i < 100; i++)
    REQUIRE_EQ(n[i], i);
  /* Same size: still a new object. Shrinking keeps the prefix. */
  gr_ref_t r2 = gr_ref_from_new(n);
  unsigned char *m = gr_realloc(n, 3000, NULL);
  REQUIRE(m != n && !gr_ref_alive(r2));
  unsigned char *s = gr_realloc(m, 40, NULL);
  REQUIRE(s != m);
  for (size_t i = 0; i < 40; i++)
    REQUIRE_EQ(s[i], i);
  /* Up into a huge object and back. */
  unsigned char *h = gr_realloc(s, 500000, NULL);
  REQUIRE(h && gr_usable_size(h) >= 500000);
  for (size_t i = 0; i < 40; i++)
    REQUIRE_EQ(h[i], i);
  h[499999] = 7;
  unsigned char *b = gr_realloc(h, 64, NULL);
  REQUIRE(b && !gr_heap_owns(h));
  REQUIRE_EQ(b[39], 39);
  /* An aligned object stays aligned through realloc (its kind's alignment). */
  unsigned char *a = aligned_alloc(256, 100);
  REQUIRE(a && (uintptr_t)a % 256 == 0);
  a[99] = 99;
  unsigned char *a2 = gr_realloc(a, 1000, NULL);
  REQUIRE(a2 && a2 != a && (uintptr_t)a2 % 256 == 0 && a2[99] == 99);
  REQUIRE(!gr_heap_owns(a));
  gr_free(a2, NULL);
  /* NULL: allocates. Size 0: frees, returns NULL. */
  void *z = gr_realloc(NULL, 10, NULL);
  REQUIRE(z && rt_hdr(z, 0) % 2 == 1);
  REQUIRE(gr_realloc(z, 0, NULL) == NULL);
  REQUIRE(!gr_heap_owns(z));
  REQUIRE(gr_realloc(b, 0, NULL) == NULL);
  printf("realloc OK\n");

  uint64_t live = rt_live_objects();
  REQUIRE(gr_calloc(SIZE_MAX / 2 + 1, 2) == NULL);
  REQUIRE(gr_calloc((size_t)1 << 33, (size_t)1 << 33) == NULL);
  REQUIRE(gr_calloc(SIZE_MAX, SIZE_MAX) == NULL);
  REQUIRE(gr_alloc(SIZE_MAX) == NULL);
  REQUIRE(gr_alloc(SIZE_MAX - 100) == NULL);
  REQUIRE(gr_alloc(SIZE_MAX - 7) == NULL); /* + the header wraps */
  REQUIRE(gr_alloc((size_t)1 << 41) == NULL); /* more than the arena */
  REQUIRE(gr_alloc(SIZE_MAX / 2) == NULL);
  REQUIRE_EQ(rt_live_objects(), live);
  printf("overflow OK\n");
  return 0;
}
