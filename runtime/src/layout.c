/* layout.c - size classes and kinds (class x alignment). */
#include "internal.h"

#include <string.h>

pthread_mutex_t _gr_kind_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- size classes (slot sizes: the header included) ---- */

size_t _gr_class_size(uint32_t c) {
  if (c < 8)
    return (size_t)(c + 1) * 16;
  uint32_t k = 7 + (c - 8) / 4, sub = (c - 8) % 4;
  return ((size_t)1 << k) + (size_t)(sub + 1) * ((size_t)1 << (k - 2));
}

uint8_t _gr_class_tab[GR_CLASS_TAB_N];

void _gr_layout_init(void) {
  for (uint32_t i = 0; i < GR_CLASS_TAB_N; i++)
    _gr_class_tab[i] = (uint8_t)_gr_class_of(i ? (size_t)i * 16 : 16);
}

/* ---- kinds ---- */

/* [alignment][class]; alignment 0 is malloc's (16). */
static const gr_kind_t *small_kinds[GR_NALIGNED + 1][GR_NCLASSES];
static gr_kind_t *all_kinds;

const gr_kind_t *_gr_kinds_all(void) {
  return __atomic_load_n(&all_kinds, __ATOMIC_ACQUIRE);
}

/* Slot i of a slab: header at base + i * slot, object 8 bytes later, so
 * with base = align - 8 and slot a multiple of align every object is
 * aligned (a slab starts on a chunk boundary). */
static gr_kind_t *make_kind(uint32_t class_idx, uint32_t align_shift) {
  size_t align = (size_t)1 << align_shift, slot, slab;
  if (class_idx < GR_NCLASSES) {
    slot = _gr_class_size(class_idx);
    slot = (slot + align - 1) & ~(align - 1);
    slab = slot * GR_MIN_SLOTS + align;
    if (slab < GR_CHUNK_SIZE)
      slab = GR_CHUNK_SIZE;
    slab = (slab + GR_CHUNK_SIZE - 1) & ~(GR_CHUNK_SIZE - 1);
  } else {
    slab = (size_t)(class_idx - GR_NCLASSES) * GR_CHUNK_SIZE;
    slot = slab - (align - GR_HDR_SIZE);
  }
  gr_kind_t *k = _gr_meta_alloc(sizeof *k);
  if (!k)
    return NULL;
  k->class_idx = class_idx;
  k->align_shift = align_shift;
  k->slot_size = slot;
  k->slab_size = slab;
  k->base = (uint32_t)(align - GR_HDR_SIZE);
  k->capacity = (uint32_t)((slab - k->base) / slot);
  k->all_next = all_kinds;
  __atomic_store_n(&all_kinds, k, __ATOMIC_RELEASE);
  return k;
}

const gr_kind_t *_gr_kind_get(uint32_t class_idx, uint32_t align_shift) {
  if (align_shift < GR_MIN_ALIGN_SHIFT)
    align_shift = GR_MIN_ALIGN_SHIFT;
  pthread_mutex_lock(&_gr_kind_lock);
  const gr_kind_t *k = NULL;
  if (class_idx < GR_NCLASSES) {
    const gr_kind_t **slot = &small_kinds[align_shift - GR_MIN_ALIGN_SHIFT][class_idx];
    if (!*slot)
      *slot = make_kind(class_idx, align_shift);
    k = *slot;
  } else {
    /* Huge kinds are few: a linear list keyed by (chunks, alignment). */
    for (gr_kind_t *h = all_kinds; h; h = h->all_next)
      if (h->class_idx == class_idx && h->align_shift == align_shift) {
        k = h;
        break;
      }
    if (!k)
      k = make_kind(class_idx, align_shift);
  }
  pthread_mutex_unlock(&_gr_kind_lock);
  return k;
}
