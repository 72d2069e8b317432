// I3: a slot (and its address) belongs to exactly one kind -- one size
// class and one alignment, so one slot size and one header position --
// forever. Allocates and frees across every size class, huge sizes and
// alignments from malloc's 16 to 64 KiB (aligned_alloc), recording for
// each address the slot size (gr_usable_size) and the alignment of the
// kind that handed it out; an address handed out with a different size or
// by a kind of another alignment fails the test.
//
// RUN: %cc %s %rt -o %t && %run %t | FileCheck %s
// CHECK: addresses: {{[1-9][0-9]+}}, reused: {{[1-9][0-9]+}}
// CHECK: OK
#include "Inputs/rtest.h"

/* Requested alignments; the kinds' are max(16, requested). */
static const size_t aligns[] = {1, 8, 16, 32, 64, 128, 256, 4096, 65536};
#define NALIGNS (sizeof aligns / sizeof aligns[0])

int main(void) {
  rt_map_t kind_at = {0};
  uint64_t rng = 7, reused = 0;
  enum { N = 1024 };
  void *live[N];
  size_t nlive = 0;
  for (int round = 0; round < 300000; round++) {
    uint64_t r = rt_rand(&rng);
    if (nlive < N && (nlive == 0 || r % 2)) {
      size_t align = aligns[(r >> 8) % NALIGNS];
      size_t size;
      switch ((r >> 16) % 64) {
      case 0: size = 128 * 1024 + 1 + (r >> 24) % (400 * 1024); break;
      case 1: case 2: case 3: size = 1 + (r >> 24) % (128 * 1024); break;
      default: size = 1 + (r >> 24) % 2048; break;
      }
      void *p = align == 16 ? gr_alloc(size) : aligned_alloc(align, size);
      REQUIRE(p && (uintptr_t)p % align == 0);
      size_t usable = gr_usable_size(p);
      REQUIRE(usable >= size);
      size_t kind_align = align < 16 ? 16 : align;
      uint64_t k = ((uint64_t)usable << 32) | kind_align;
      uint64_t *seen = rt_map_get(&kind_at, (uintptr_t)p);
      if (*seen && *seen != k) {
        fprintf(stderr,
                "address %p was a %llu-byte slot (alignment %llu), now a "
                "%zu-byte slot (alignment %zu)\n",
                p, (unsigned long long)(*seen >> 32),
                (unsigned long long)(*seen & 0xffffffff), usable, kind_align);
        abort();
      }
      if (*seen)
        reused++;
      *seen = k;
      live[nlive++] = p;
    } else {
      size_t i = (r >> 8) % nlive;
      gr_free(live[i], NULL);
      live[i] = live[--nlive];
    }
  }
  printf("addresses: %zu, reused: %llu\n", kind_at.n, (unsigned long long)reused);
  printf("OK\n");
  return 0;
}
