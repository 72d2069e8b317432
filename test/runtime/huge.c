// Huge objects (> 128 KiB, one per slab of whole 64 KiB chunks): a freed
// huge slot is reused for the same chunk count and layout only, and every
// header of it keeps rising; a different chunk count never gets it. Also a
// huge object past 4 GiB is really that big (the slot size once was 32-bit).
//
// RUN: %cc %s %rt -o %t && %run %t | FileCheck %s
// CHECK: same chunks: reused 20 times, generation 41
// CHECK: layout: reused 20 times
// CHECK: 4 GiB OK
// CHECK: OK
#include "Inputs/rtest.h"

static const uint32_t off_array[] = {0};
static gr_layout_t array_layout = {"struct node[]", 24, 1, off_array, 0};

int main(void) {
  uint64_t live = rt_live_objects();
  /* 129 KiB and 190 KiB both take 3 chunks: one kind. */
  size_t sizes[] = {129 * 1024, 190 * 1024};
  char *p = gr_alloc(sizes[0], NULL);
  REQUIRE(p);
  REQUIRE_EQ(gr_usable_size(p), 3 * 64 * 1024);
  REQUIRE_EQ(rt_hdr(p, 0), 1);
  int reused = 0;
  for (int i = 0; i < 20; i++) {
    p[sizes[0] - 1] = 'x';
    gr_free(p, NULL);
    REQUIRE_EQ(rt_hdr(p, 0), 2 * (uint64_t)i + 2);
    /* Other chunk counts and layouts never take this slot. */
    char *other = gr_alloc(300 * 1024, NULL);
    char *arr = gr_alloc(sizes[0], &array_layout);
    REQUIRE(other != p && arr != p);
    char *q = gr_alloc(sizes[i & 1], NULL);
    REQUIRE(q == p);
    reused++;
    REQUIRE_EQ(rt_hdr(q, 0), 2 * (uint64_t)i + 3);
    gr_free(other, NULL);
    gr_free(arr, NULL);
  }
  printf("same chunks: reused %d times, generation %llu\n", reused,
         (unsigned long long)rt_hdr(p, 0));
  gr_free(p, NULL);

  /* A huge array of weakable structs: every header rises, and the body is
   * not given back (it holds headers). */
  char *a = gr_alloc(200 * 1024, &array_layout);
  size_t usable = gr_usable_size(a);
  REQUIRE_EQ(usable, 4 * 64 * 1024);
  reused = 0;
  for (int i = 0; i < 20; i++) {
    uint64_t g = rt_hdr(a, 0);
    gr_free(a, NULL);
    for (size_t off = 0; off + 8 <= usable; off += 24)
      REQUIRE_EQ(rt_hdr(a, off), g + 1);
    char *b = gr_alloc(200 * 1024, &array_layout);
    REQUIRE(b == a);
    for (size_t off = 0; off + 8 <= usable; off += 24)
      REQUIRE_EQ(rt_hdr(b, off), g + 2);
    reused++;
  }
  printf("layout: reused %d times\n", reused);
  gr_free(a, NULL);

  /* Past 4 GiB: usable size and the last byte are really there (only two
   * pages are touched). */
  size_t big = ((size_t)4 << 30) + 100000;
  char *g = gr_alloc(big, NULL);
  REQUIRE(g);
  REQUIRE(gr_usable_size(g) >= big);
  g[big - 1] = 1;
  gr_free(g, NULL);
  REQUIRE(gr_alloc(big, NULL) == g);
  REQUIRE_EQ(rt_hdr(g, 0), 3);
  gr_free(g, NULL);
  printf("4 GiB OK\n");

  REQUIRE_EQ(rt_live_objects(), live);
  printf("OK\n");
  return 0;
}
