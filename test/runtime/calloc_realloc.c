// gr_calloc zeroes every byte but the headers -- also on a reused slot
// that held data -- and leaves the headers' generations alone (they rise
// by one, as for gr_alloc). gr_realloc preserves contents, always gives a
// new object (new address, the old reference goes stale) and never copies
// a generation. gr_calloc whose count * size overflows, and allocations
// larger than the heap's address range, return NULL.
//
// RUN: %cc %s %rt -o %t && %run %t | FileCheck %s
// CHECK: calloc OK
// CHECK: realloc OK
// CHECK: overflow OK
#include "Inputs/rtest.h"

static const uint32_t off_nested[] = {0, 16};
static gr_layout_t nested_layout = {"struct a", 0, 2, off_nested, 0};
static const uint32_t off_array[] = {0};
static gr_layout_t array_layout = {"struct node[]", 24, 1, off_array, 0};

static int is_header(const gr_layout_t *l, size_t off) {
  if (!l)
    return off < 8;
  for (uint32_t i = 0; i < l->count; i++) {
    size_t o = l->stride ? off % l->stride : off;
    if (o >= l->offsets[i] && o < l->offsets[i] + 8)
      return 1;
  }
  return 0;
}

/* Writes `byte` to every non-header byte of [0, n). */
static void fill(unsigned char *p, const gr_layout_t *l, size_t n, int byte) {
  for (size_t i = 0; i < n; i++)
    if (!is_header(l, i))
      p[i] = (unsigned char)byte;
}

static void check_calloc(size_t count, size_t size, gr_layout_t *l) {
  size_t n = count * size;
  unsigned char *p = gr_alloc(n, l);
  REQUIRE(p);
  uint64_t h0 = rt_hdr(p, 0);
  fill(p, l, gr_usable_size(p), 0xAB);
  gr_free(p, NULL);
  /* The same slot, reused (at once in the fat layout's LIFO order, after
   * the slots ahead of it in compact's FIFO order). */
  static void *keep[4096];
  size_t nkeep = 0;
  unsigned char *q;
  while ((q = gr_calloc(count, size, l)) != p) {
    REQUIRE(q && nkeep < sizeof keep / sizeof keep[0]);
    keep[nkeep++] = q;
  }
  for (size_t i = 0; i < n; i++)
    if (!is_header(l, i) && q[i] != 0) {
      fprintf(stderr, "byte %zu of a %zu-byte calloc is %#x\n", i, n, q[i]);
      abort();
    }
  /* Headers: alive and one cycle on, never zeroed. */
  REQUIRE_EQ(rt_hdr(q, 0), h0 + 2);
  if (l == &nested_layout)
    REQUIRE_EQ(rt_hdr(q, 16), h0 + 2);
  if (l == &array_layout)
    for (size_t off = 0; off + 8 <= gr_usable_size(q); off += 24)
      REQUIRE_EQ(rt_hdr(q, off), h0 + 2);
  gr_free(q, NULL);
  while (nkeep)
    gr_free(keep[--nkeep], NULL);
}

int main(void) {
  check_calloc(1, 100, NULL);
  check_calloc(10, 10, &nested_layout);
  check_calloc(7, 24, &array_layout);
  check_calloc(1, 4000, &array_layout);
  check_calloc(3, 70000, &array_layout); /* huge: the body is reused too */
  check_calloc(1, 300000, NULL);
  check_calloc(0, 10, NULL);
  printf("calloc OK\n");

  /* realloc: contents kept, new identity, generations never copied. */
  unsigned char *p = gr_alloc(100, &nested_layout);
  uint64_t g0 = rt_hdr(p, 0);
  static void *keep2[4096];
  size_t nkeep2 = 0;
  for (int i = 0; i < 50; i++) { /* give this slot a high generation */
    gr_free(p, NULL);
    REQUIRE(nkeep2 + 64 <= sizeof keep2 / sizeof keep2[0]);
    REQUIRE(rt_alloc_slot(p, 100, &nested_layout, keep2, &nkeep2, 64) == p);
  }
  rt_free_all(keep2, &nkeep2);
  REQUIRE_EQ(rt_hdr(p, 0), g0 + 100);
  REQUIRE(g0 + 100 > 100);
  for (size_t i = 0; i < 100; i++)
    if (!is_header(&nested_layout, i))
      p[i] = (unsigned char)i;
  gr_ref_t old = gr_ref_from_new(p);
  unsigned char *n = gr_realloc(p, 3000, &nested_layout, NULL);
  REQUIRE(n && n != p);
  REQUIRE(!gr_ref_alive(old)); /* the old reference is stale */
  REQUIRE_EQ(rt_hdr(p, 0), g0 + 101);
  REQUIRE_EQ(rt_hdr(n, 0), 1); /* a fresh slot's own generation */
  REQUIRE_EQ(rt_hdr(n, 16), 1);
  for (size_t i = 0; i < 100; i++)
    if (!is_header(&nested_layout, i))
      REQUIRE_EQ(n[i], i);
  /* Same size: still a new object. Shrinking keeps the prefix. */
  gr_ref_t r2 = gr_ref_from_new(n);
  unsigned char *m = gr_realloc(n, 3000, &nested_layout, NULL);
  REQUIRE(m != n && !gr_ref_alive(r2));
  unsigned char *s = gr_realloc(m, 40, &nested_layout, NULL);
  REQUIRE(s != m);
  for (size_t i = 0; i < 40; i++)
    if (!is_header(&nested_layout, i))
      REQUIRE_EQ(s[i], i);
  /* To another layout: the new object's headers are its own. */
  unsigned char *d = gr_realloc(s, 40, NULL, NULL);
  REQUIRE_EQ(rt_hdr(d, 0) & 1, 1);
  for (size_t i = 8; i < 40; i++)
    if (!is_header(&nested_layout, i))
      REQUIRE_EQ(d[i], i);
  /* Up into a huge object and back. */
  unsigned char *h = gr_realloc(d, 500000, NULL, NULL);
  REQUIRE(h && gr_usable_size(h) >= 500000);
  for (size_t i = 8; i < 40; i++)
    if (!is_header(&nested_layout, i))
      REQUIRE_EQ(h[i], i);
  h[499999] = 7;
  unsigned char *b = gr_realloc(h, 64, NULL, NULL);
  REQUIRE(b && !gr_heap_owns(h));
  REQUIRE_EQ(b[39], 39);
  /* NULL: allocates. Size 0: frees, returns NULL. */
  void *z = gr_realloc(NULL, 10, NULL, NULL);
  REQUIRE(z && rt_hdr(z, 0) % 2 == 1);
  REQUIRE(gr_realloc(z, 0, NULL, NULL) == NULL);
  REQUIRE(!gr_heap_owns(z));
  REQUIRE(gr_realloc(b, 0, NULL, NULL) == NULL);
  printf("realloc OK\n");

  uint64_t live = rt_live_objects();
  REQUIRE(gr_calloc(SIZE_MAX / 2 + 1, 2, NULL) == NULL);
  REQUIRE(gr_calloc((size_t)1 << 33, (size_t)1 << 33, &array_layout) == NULL);
  REQUIRE(gr_calloc(SIZE_MAX, SIZE_MAX, NULL) == NULL);
  REQUIRE(gr_alloc(SIZE_MAX, NULL) == NULL);
  REQUIRE(gr_alloc(SIZE_MAX - 100, NULL) == NULL);
  REQUIRE(gr_alloc((size_t)1 << 41, NULL) == NULL); /* more than the arena */
  REQUIRE(gr_alloc(SIZE_MAX / 2, &nested_layout) == NULL);
  REQUIRE_EQ(rt_live_objects(), live);
  printf("overflow OK\n");
  return 0;
}
