// The free fast path's object-start test (heap.c free_fast, one multiply
// by the slab's free_magic = ceil(2^64 / slot_size), types.h) accepts
// exactly the objects' starts. Two parts:
//  - the arithmetic it relies on, exhaustively: for the slot size of every
//    small kind (every class at malloc's alignment and at 32 .. 4096) and
//    every offset o of its slab, taken in 32 bits as free_fast takes it
//    (the offsets below slot 0 wrap to o >= 2^32 - 4 KiB), "o < 2^31 and
//    o * M mod 2^64 < M" holds iff o is a multiple of the slot size below
//    capacity * slot_size, or o is capacity * slot_size itself, whose
//    header lies in the slab's tail (at least 8 bytes, never written: the
//    header test refuses it);
//  - the heap itself: for every class (and some aligned kinds), frees of
//    the owner's live objects at every 8-byte offset from -slot_size to
//    +slot_size other than 0 (headers, interiors, the neighbours' headers
//    and interiors), and at the object start after the slab's last slot,
//    are each reported once and change nothing (the object and its
//    neighbours stay live, their headers as they were); then the real
//    frees pass without a report.
// Both layouts (the pass's %rt).
//
// RUN: %cc %s %rt -o %t
// RUN: env GENREF_OPTIONS=halt_on_error=0:print_backtrace=0 %run %t 2>/dev/null | FileCheck %s
// CHECK: arithmetic: {{[1-9][0-9]*}} slot sizes, {{[1-9][0-9]*}} offsets, exact
// CHECK: bad frees: {{[1-9][0-9]*}}, each reported once, nothing acted on
// CHECK: OK
#include "Inputs/rtest.h"

#define CHUNK 65536u
#define MAX_SMALL (128u * 1024)

static uint64_t reports(void) {
  gr_stats_t st;
  gr_stats_get(&st);
  return st.reports;
}

/* The slot sizes and slab sizes of docs/design.md section 3 and 4:
 * classes 16 * (c + 1) up to 128, then four per doubling; a slot rounded
 * up to the alignment; a slab of max(8 slots + alignment, 64 KiB) rounded
 * up to 64 KiB. */
static uint64_t class_size(unsigned c) {
  if (c < 8)
    return 16 * (c + 1);
  unsigned k = 7 + (c - 8) / 4, sub = (c - 8) % 4;
  return ((uint64_t)1 << k) + (sub + 1) * ((uint64_t)1 << (k - 2));
}

static uint64_t checked_sizes, checked_offsets;

static void check_arith(uint64_t d, uint64_t align) {
  uint64_t slab = 8 * d + align;
  if (slab < CHUNK)
    slab = CHUNK;
  slab = (slab + CHUNK - 1) / CHUNK * CHUNK;
  uint64_t base = align - 8, cap = (slab - base) / d;
  uint64_t m = UINT64_MAX / d + 1; /* ceil(2^64 / d), as new_slab */
  /* p - 8 - start for every p of the slab's chunks: [-(base + 8), slab - base - 8). */
  for (uint64_t i = 0; i < slab; i++) {
    uint64_t o = (uint32_t)(i - base - 8); /* 32 bits, as free_fast: wraps
                                            * for p below slot 0's object */
    int accept = o < (UINT64_C(1) << 31) && (uint64_t)(o * m) < m;
    int start = (o < cap * d && o % d == 0) || o == cap * d;
    if (accept != start) {
      fprintf(stderr, "slot %llu align %llu offset %lld: accept %d start %d\n",
              (unsigned long long)d, (unsigned long long)align, (long long)o, accept,
              start);
      abort();
    }
  }
  /* The header of the "slot" after the last lies in the tail. */
  REQUIRE(slab - base - cap * d >= 8);
  checked_sizes++;
  checked_offsets += slab;
}

static uint64_t bad, tail_frees;

/* Three live objects from one allocation call each; the bad frees go at
 * the middle one. */
static void check_kind(size_t size, size_t align) {
  void *o[3];
  for (int i = 0; i < 3; i++) {
    o[i] = align > 16 ? aligned_alloc(align, size) : gr_alloc(size);
    REQUIRE(o[i]);
  }
  size_t slot = gr_usable_size(o[1]) + 8;
  uint64_t h[3];
  for (int i = 0; i < 3; i++)
    h[i] = rt_hdr(o[i], 0);
  /* Every 8 bytes near the start and the ends; in between (big slots),
   * every 8 bytes of 64 spread positions. Never +-slot: another start. */
  for (long k = 8 - (long)slot; k < (long)slot; k += 8) {
    long a = k < 0 ? -k : k;
    if (k == 0 || (a > 256 && a < (long)slot - 256 && (a / 8) % (slot / 512 + 1) != 0))
      continue;
    uint64_t before = reports();
    gr_free((char *)o[1] + k, NULL);
    REQUIRE_EQ(reports(), before + 1);
    bad++;
  }
  /* The object start after the slab's last slot (64 KiB slabs: its
   * memory is the chunk): a multiple of the slot size that the fast path's
   * arithmetic accepts, refused by its header, the tail's zero word. */
  if (slot * 8 + align <= CHUNK) {
    uintptr_t mem = (uintptr_t)o[1] & ~(uintptr_t)(CHUNK - 1), base = align - 8;
    uintptr_t past = mem + base + (CHUNK - base) / slot * slot + 8;
    if (past < mem + CHUNK) { /* else it is the next chunk's */
      uint64_t b = reports();
      gr_free((void *)past, NULL);
      REQUIRE_EQ(reports(), b + 1);
      bad++;
      tail_frees++;
    }
  }
  for (int i = 0; i < 3; i++) {
    REQUIRE(gr_usable_size(o[i]) == slot - 8);
    REQUIRE_EQ(rt_hdr(o[i], 0), h[i]);
  }
  uint64_t before = reports();
  for (int i = 0; i < 3; i++) {
    gr_free(o[i], NULL);
    REQUIRE_EQ(rt_hdr(o[i], 0), h[i] + 1);
  }
  REQUIRE_EQ(reports(), before);
}

int main(void) {
  for (uint64_t align = 16; align <= 4096; align *= 2)
    for (unsigned c = 0; c < 48; c++) {
      uint64_t d = (class_size(c) + align - 1) / align * align;
      if (align > 16 && class_size(c) > MAX_SMALL / 2)
        break; /* aligned kinds stop at 64 KiB (huge beyond) */
      check_arith(d, align);
    }
  printf("arithmetic: %llu slot sizes, %llu offsets, exact\n",
         (unsigned long long)checked_sizes, (unsigned long long)checked_offsets);
  for (unsigned c = 0; c < 48; c++)
    check_kind(class_size(c) - 8, 16);
  for (size_t align = 32; align <= 4096; align *= 4)
    for (unsigned c = 0; c < 40; c += 3)
      check_kind(class_size(c) - 8, align);
  REQUIRE(tail_frees > 10);
  printf("bad frees: %llu, each reported once, nothing acted on\n", (unsigned long long)bad);
  printf("OK\n");
  return 0;
}
