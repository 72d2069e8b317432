// Huge objects (> 128 KiB, one per slab of whole 64 KiB chunks): a freed
// huge slot is reused for the same chunk count and alignment only (its
// kind), and its header keeps rising; a different chunk count or
// alignment never gets it. Also a huge object past 4 GiB is really that
// big (the slot size once was 32-bit).
//
// RUN: %cc %s %rt -o %t && %run %t | FileCheck %s
// CHECK: same chunks: reused 20 times, generation 41
// CHECK: aligned: reused 20 times
// CHECK: 4 GiB OK
// CHECK: OK
#include "Inputs/rtest.h"

int main(void) {
  uint64_t live = rt_live_baseline();
  /* 129 KiB and 190 KiB both take 3 chunks: one kind. */
  size_t sizes[] = {129 * 1024, 190 * 1024};
  char *p = gr_alloc(sizes[0]);
  REQUIRE(p);
  /* The slab is the slot; the header sits 8 bytes before the object at
   * malloc's alignment: 16 bytes of the chunks are not the object's. */
  REQUIRE_EQ(gr_usable_size(p), 3 * 64 * 1024 - 16);
  REQUIRE_EQ(rt_hdr(p, 0), 1);
  int reused = 0;
  for (int i = 0; i < 20; i++) {
    p[sizes[0] - 1] = 'x';
    gr_free(p, NULL);
    REQUIRE_EQ(rt_hdr(p, 0), 2 * (uint64_t)i + 2);
    /* Other chunk counts and alignments never take this slot. */
    char *other = gr_alloc(300 * 1024);
    char *arr = aligned_alloc(4096, sizes[0]);
    REQUIRE(other != p && arr != p);
    char *q = gr_alloc(sizes[i & 1]);
    REQUIRE(q == p);
    reused++;
    REQUIRE_EQ(rt_hdr(q, 0), 2 * (uint64_t)i + 3);
    gr_free(other, NULL);
    gr_free(arr, NULL);
  }
  printf("same chunks: reused %d times, generation %llu\n", reused,
         (unsigned long long)rt_hdr(p, 0));
  gr_free(p, NULL);

  /* A huge object aligned to a page: its own kind, reused as one, always
   * aligned, its header rising. */
  char *a = aligned_alloc(4096, 200 * 1024);
  REQUIRE(a && (uintptr_t)a % 4096 == 0);
  size_t usable = gr_usable_size(a);
  REQUIRE(usable >= 200 * 1024);
  reused = 0;
  for (int i = 0; i < 20; i++) {
    uint64_t g = rt_hdr(a, 0);
    gr_free(a, NULL);
    REQUIRE_EQ(rt_hdr(a, 0), g + 1);
    char *plain = gr_alloc(200 * 1024); /* the same chunk count, alignment 16 */
    REQUIRE(plain != a);
    char *b = aligned_alloc(4096, 200 * 1024);
    REQUIRE(b == a && gr_usable_size(b) == usable);
    REQUIRE_EQ(rt_hdr(b, 0), g + 2);
    gr_free(plain, NULL);
    reused++;
  }
  printf("aligned: reused %d times\n", reused);
  gr_free(a, NULL);

  /* Past 4 GiB: usable size and the last byte are really there (only two
   * pages are touched). */
  size_t big = ((size_t)4 << 30) + 100000;
  char *g = gr_alloc(big);
  REQUIRE(g);
  REQUIRE(gr_usable_size(g) >= big);
  g[big - 1] = 1;
  gr_free(g, NULL);
  REQUIRE(gr_alloc(big) == g);
  REQUIRE_EQ(rt_hdr(g, 0), 3);
  gr_free(g, NULL);
  printf("4 GiB OK\n");

  REQUIRE_EQ(rt_live_objects(), live);
  printf("OK\n");
  return 0;
}
