// I1: every header position of a slot only increases, and every alloc and
// every free adds exactly one -- for the default layout and for layouts with
// secondary headers (a weakable struct held inline inside a plain struct, a
// weakable struct nesting another, arrays with a stride), small and huge.
// I2: the primary header is odd exactly while the object is handed out.
//
// RUN: %cc %s %rt -o %t && %run %t | FileCheck %s
// RUN: %cc %s %rt_shared -o %t.shared && %run %t.shared | FileCheck %s
// CHECK: positions checked: {{[1-9][0-9]+}}
// CHECK: reuses: {{[1-9][0-9]+}}
// CHECK: OK
#include "Inputs/rtest.h"

/* struct outer { char tag[16]; struct GR_WEAKABLE inner in; }: the only
 * header is the inline struct's, at offset 16. */
static const uint32_t off_inline[] = {16};
static gr_layout_t inline_layout = {"struct outer", 0, 1, off_inline, 0};
/* struct GR_WEAKABLE a { gr_header_t h; long x; struct GR_WEAKABLE b in; }. */
static const uint32_t off_nested[] = {0, 16};
static gr_layout_t nested_layout = {"struct a", 0, 2, off_nested, 0};
/* struct GR_WEAKABLE node[n], sizeof(struct node) == 24. */
static const uint32_t off_array[] = {0};
static gr_layout_t array_layout = {"struct node[]", 24, 1, off_array, 0};
/* struct pair[n] { long a; struct w x; long b; struct w y; } (stride 32). */
static const uint32_t off_pairs[] = {8, 24};
static gr_layout_t pairs_layout = {"struct pair[]", 32, 2, off_pairs, 0};

static gr_layout_t *layouts[] = {NULL, &inline_layout, &nested_layout,
                                 &array_layout, &pairs_layout};
#define NLAYOUTS (sizeof layouts / sizeof layouts[0])

/* Header offsets of a live object of `l` (per gr_layout_t's definition). */
static size_t positions(const gr_layout_t *l, size_t usable, uint32_t *out,
                        size_t max) {
  size_t n = 0;
  if (!l) {
    out[0] = 0;
    return 1;
  }
  size_t reps = l->stride ? usable / l->stride + 1 : 1;
  for (size_t k = 0; k < reps; k++)
    for (uint32_t i = 0; i < l->count; i++) {
      size_t off = k * l->stride + l->offsets[i];
      if (off + 8 <= usable) {
        REQUIRE(n < max);
        out[n++] = (uint32_t)off;
      }
    }
  return n;
}

typedef struct obj {
  void *p;
  gr_layout_t *l;
} obj_t;

static rt_map_t last; /* header address -> last value seen there */
static uint64_t checked, reuses;
static uint32_t pos[(300 * 1024) / 8];

/* Every header of p moved by exactly one since we last looked, to a value
 * of the expected parity. */
static void check_headers(void *p, gr_layout_t *l, size_t usable, int live) {
  size_t n = positions(l, usable, pos, sizeof pos / sizeof pos[0]);
  REQUIRE(n >= 1);
  for (size_t i = 0; i < n; i++) {
    uint64_t v = rt_hdr(p, pos[i]);
    uint64_t *seen = rt_map_get(&last, (uintptr_t)p + pos[i]);
    if (*seen)
      reuses++;
    if (v != *seen + 1) {
      fprintf(stderr, "header %p+%u: was %llu, now %llu (%s)\n", p, pos[i],
              (unsigned long long)*seen, (unsigned long long)v,
              live ? "alloc" : "free");
      abort();
    }
    REQUIRE((v & 1) == (uint64_t)live);
    *seen = v;
    checked++;
  }
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
      gr_layout_t *l = layouts[(r >> 4) % NLAYOUTS];
      size_t size = pick_size(&rng);
      void *p = gr_alloc(size, l);
      REQUIRE(p);
      size_t usable = gr_usable_size(p);
      REQUIRE(usable >= size);
      REQUIRE(gr_heap_owns(p));
      check_headers(p, l, usable, 1);
      live[nlive].p = p;
      live[nlive].l = l;
      nlive++;
    } else {
      size_t i = (r >> 4) % nlive;
      obj_t o = live[i];
      live[i] = live[--nlive];
      size_t usable = gr_usable_size(o.p);
      gr_free(o.p, NULL);
      REQUIRE(gr_usable_size(o.p) == 0); /* I2: even once freed */
      REQUIRE(!gr_heap_owns(o.p));
      check_headers(o.p, o.l, usable, 0);
    }
  }
  /* The same slot, freed and taken again many times over (at once in the
   * fat layout's LIFO order, after the slots ahead of it in compact's FIFO
   * order; those stay allocated meanwhile). 1000 lives fit in compact's
   * 16-bit generations too. */
  static void *keep[4096];
  for (size_t li = 0; li < NLAYOUTS; li++) {
    size_t nkeep = 0;
    void *first = gr_alloc(100, layouts[li]);
    size_t usable = gr_usable_size(first);
    check_headers(first, layouts[li], usable, 1);
    for (int i = 0; i < 1000; i++) {
      gr_free(first, NULL);
      check_headers(first, layouts[li], usable, 0);
      void *again;
      while ((again = gr_alloc(100, layouts[li])) != first) {
        check_headers(again, layouts[li], gr_usable_size(again), 1);
        REQUIRE(nkeep < sizeof keep / sizeof keep[0]);
        keep[nkeep++] = again;
      }
      check_headers(again, layouts[li], usable, 1);
    }
    gr_free(first, NULL);
    while (nkeep) {
      void *k = keep[--nkeep];
      size_t u = gr_usable_size(k);
      gr_free(k, NULL);
      check_headers(k, layouts[li], u, 0);
    }
  }
  printf("positions checked: %llu\nreuses: %llu\n", (unsigned long long)checked,
         (unsigned long long)reuses);
  printf("OK\n");
  return 0;
}
