// I1: a slot's header (the 8 bytes before its object) only increases, and
// every alloc and every free adds exactly one -- at malloc's alignment and
// at larger ones (aligned_alloc: other kinds, other slot geometries),
// small and huge. I2: the header is odd exactly while the object is
// handed out.
//
// RUN: %cc %s %rt -o %t && %run %t | FileCheck %s
// RUN: %cc %s %rt_shared -o %t.shared && %run %t.shared | FileCheck %s
// CHECK: positions checked: {{[1-9][0-9]+}}
// CHECK: reuses: {{[1-9][0-9]+}}
// CHECK: OK
#include "Inputs/rtest.h"

/* Kinds are (size class, alignment): malloc's 16 and larger alignments
 * (aligned_alloc), each with its own slots. */
static const size_t aligns[] = {16, 32, 64, 256, 4096};
#define NALIGNS (sizeof aligns / sizeof aligns[0])

static void *alloc_aligned(size_t align, size_t size) {
  void *p = align == 16 ? gr_alloc(size) : aligned_alloc(align, size);
  REQUIRE(p && (uintptr_t)p % align == 0);
  return p;
}

typedef struct obj {
  void *p;
} obj_t;

static rt_map_t last; /* object address -> last header value seen */
static uint64_t checked, reuses;

/* p's header moved by exactly one since we last looked, to a value of the
 * expected parity. */
static void check_headers(void *p, int live) {
  uint64_t v = rt_hdr(p, 0);
  uint64_t *seen = rt_map_get(&last, (uintptr_t)p);
  if (*seen)
    reuses++;
  if (v != *seen + 1) {
    fprintf(stderr, "header of %p: was %llu, now %llu (%s)\n", p,
            (unsigned long long)*seen, (unsigned long long)v,
            live ? "alloc" : "free");
    abort();
  }
  REQUIRE((v & 1) == (uint64_t)live);
  *seen = v;
  checked++;
}

static size_t pick_size(uint64_t *rng) {
  uint64_t r = rt_rand(rng);
  switch (r % 64) {
  case 0: return 129 * 1024 + (r >> 8) % (200 * 1024); /* huge */
  case 1: case 2: return 1 + (r >> 8) % 8192;
  case 3: return 1 + (r >> 8) % (128 * 1024);
  default: return 1 + (r >> 8) % 256;
  }
}

int main(void) {
  uint64_t rng = 42;
  enum { N = 512 };
  obj_t live[N] = {{0}};
  size_t nlive = 0;
  for (int round = 0; round < 40000; round++) {
    uint64_t r = rt_rand(&rng);
    if (nlive < N && (nlive == 0 || r % 3 != 0)) {
      size_t align = aligns[(r >> 4) % NALIGNS];
      size_t size = pick_size(&rng);
      void *p = alloc_aligned(align, size);
      REQUIRE(p);
      size_t usable = gr_usable_size(p);
      REQUIRE(usable >= size);
      REQUIRE(gr_heap_owns(p));
      check_headers(p, 1);
      live[nlive].p = p;
      nlive++;
    } else {
      size_t i = (r >> 4) % nlive;
      obj_t o = live[i];
      live[i] = live[--nlive];
      gr_free(o.p, NULL);
      REQUIRE(gr_usable_size(o.p) == 0); /* I2: even once freed */
      REQUIRE(!gr_heap_owns(o.p));
      check_headers(o.p, 0);
    }
  }
  /* The same slot, freed and taken again many times over (at once in LIFO
   * order, or after the slots a restart carves before it; those stay
   * allocated meanwhile). 1000 lives fit in compact's 16-bit generations
   * too. */
  static void *keep[4096];
  for (size_t ai = 0; ai < NALIGNS; ai++) {
    size_t nkeep = 0;
    void *first = alloc_aligned(aligns[ai], 100);
    check_headers(first, 1);
    for (int i = 0; i < 1000; i++) {
      gr_free(first, NULL);
      check_headers(first, 0);
      void *again;
      while ((again = alloc_aligned(aligns[ai], 100)) != first) {
        check_headers(again, 1);
        REQUIRE(nkeep < sizeof keep / sizeof keep[0]);
        keep[nkeep++] = again;
      }
      check_headers(again, 1);
    }
    gr_free(first, NULL);
    while (nkeep) {
      void *k = keep[--nkeep];
      gr_free(k, NULL);
      check_headers(k, 0);
    }
  }
  printf("positions checked: %llu\nreuses: %llu\n", (unsigned long long)checked,
         (unsigned long long)reuses);
  printf("OK\n");
  return 0;
}
