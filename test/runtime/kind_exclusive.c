// I3: a slot (and its address) belongs to exactly one kind -- one slot size
// and one set of header positions -- forever. Allocates and frees across
// every size class, huge sizes and several layouts, recording for each
// address the slot size (gr_usable_size) and the header positions its
// objects had; an address handed out with a different size or different
// header positions fails the test.
//
// RUN: %cc %s %rt -o %t && %run %t | FileCheck %s
// CHECK: addresses: {{[1-9][0-9]+}}, reused: {{[1-9][0-9]+}}
// CHECK: OK
#include "Inputs/rtest.h"

static const uint32_t off_inline[] = {16};
static gr_layout_t inline_layout = {"struct outer", 0, 1, off_inline, 0};
static const uint32_t off_nested[] = {0, 16};
static gr_layout_t nested_layout = {"struct a", 0, 2, off_nested, 0};
static const uint32_t off_array[] = {0};
static gr_layout_t array_layout = {"struct node[]", 24, 1, off_array, 0};
static gr_layout_t array48_layout = {"struct big[]", 48, 1, off_array, 0};
static const uint32_t off_pairs[] = {8, 24};
static gr_layout_t pairs_layout = {"struct pair[]", 32, 2, off_pairs, 0};
/* Same content as array_layout, another descriptor: interned together. */
static gr_layout_t array_layout2 = {"struct node2[]", 24, 1, off_array, 0};

static gr_layout_t *layouts[] = {NULL,           &inline_layout,
                                 &nested_layout, &array_layout,
                                 &array48_layout, &pairs_layout,
                                 &array_layout2};
#define NLAYOUTS (sizeof layouts / sizeof layouts[0])

/* FNV-1a over the header offsets of a live object of `l`. */
static uint32_t positions_hash(const gr_layout_t *l, size_t usable) {
  uint32_t h = 2166136261u;
  if (!l)
    return (h ^ 0u) * 16777619u;
  size_t reps = l->stride ? usable / l->stride + 1 : 1;
  int n = 0;
  for (size_t k = 0; k < reps; k++)
    for (uint32_t i = 0; i < l->count; i++) {
      size_t off = k * l->stride + l->offsets[i];
      if (off + 8 <= usable) {
        h = (h ^ (uint32_t)off) * 16777619u;
        n++;
      }
    }
  REQUIRE(n > 0);
  return h;
}

int main(void) {
  rt_map_t kind_at = {0};
  uint64_t rng = 7, reused = 0;
  enum { N = 1024 };
  void *live[N];
  size_t nlive = 0;
  for (int round = 0; round < 300000; round++) {
    uint64_t r = rt_rand(&rng);
    if (nlive < N && (nlive == 0 || r % 2)) {
      gr_layout_t *l = layouts[(r >> 8) % NLAYOUTS];
      size_t size;
      switch ((r >> 16) % 64) {
      case 0: size = 128 * 1024 + 1 + (r >> 24) % (400 * 1024); break;
      case 1: case 2: case 3: size = 1 + (r >> 24) % (128 * 1024); break;
      default: size = 1 + (r >> 24) % 2048; break;
      }
      void *p = gr_alloc(size, l);
      REQUIRE(p);
      size_t usable = gr_usable_size(p);
      REQUIRE(usable >= size);
      uint64_t k = ((uint64_t)usable << 32) | positions_hash(l, usable);
      uint64_t *seen = rt_map_get(&kind_at, (uintptr_t)p);
      if (*seen && *seen != k) {
        fprintf(stderr,
                "address %p was a %llu-byte slot (positions %08llx), now a "
                "%zu-byte slot (positions %08x, layout %s)\n",
                p, (unsigned long long)(*seen >> 32),
                (unsigned long long)(*seen & 0xffffffff), usable,
                (unsigned)(k & 0xffffffff), l && l->type_name ? l->type_name : "default");
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
