/* layout.c - size classes, interned layouts, and kinds (class x layout). */
#include "internal.h"

#include <string.h>

pthread_mutex_t _gr_kind_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- size classes ---- */

size_t _gr_class_size(uint32_t c) {
  if (c < 8)
    return (size_t)(c + 1) * 16;
  uint32_t k = 7 + (c - 8) / 4, sub = (c - 8) % 4;
  return ((size_t)1 << k) + (size_t)(sub + 1) * ((size_t)1 << (k - 2));
}

/* ---- layouts ---- */

static uint32_t default_offsets[1] = {0};
gr_ilayout_t _gr_default_layout = {0, 0, 1, default_offsets, NULL};
static gr_ilayout_t *layouts[GR_MAX_LAYOUTS] = {&_gr_default_layout};
static _Atomic uint32_t n_layouts = 1;

static bool same_layout(const gr_ilayout_t *a, const gr_layout_t *b) {
  return a->stride == b->stride && a->count == b->count &&
         memcmp(a->offsets, b->offsets, b->count * sizeof(uint32_t)) == 0;
}

/* Headers are 8-byte aligned and do not overlap, offsets ascend, and with a
 * stride every header lies inside one element. Kinds rely on it (sorted
 * hdrs, fill_around_headers). */
static bool well_formed(const gr_layout_t *l) {
  if (l->count == 0 || !l->offsets || l->stride % 8 != 0)
    return false;
  for (uint32_t i = 0; i < l->count; i++)
    if (l->offsets[i] % 8 != 0 || (i > 0 && l->offsets[i] <= l->offsets[i - 1]))
      return false;
  return !l->stride || (uint64_t)l->offsets[l->count - 1] + 8 <= l->stride;
}

const gr_ilayout_t *_gr_layout_intern(gr_layout_t *l) {
  if (!l)
    return &_gr_default_layout;
  uint32_t id = __atomic_load_n(&l->_id, __ATOMIC_ACQUIRE);
  if (id)
    return layouts[id - 1];
  /* The default content interns to id 0 whatever the descriptor. */
  if (l->stride == 0 && l->count == 1 && l->offsets[0] == 0) {
    __atomic_store_n(&l->_id, 1, __ATOMIC_RELEASE);
    return &_gr_default_layout;
  }
  if (!well_formed(l))
    _gr_report_corruption(l, "malformed gr_layout_t (no header, offsets not ascending "
                             "multiples of 8, a stride not a multiple of 8, or a "
                             "header outside the stride)");
  pthread_mutex_lock(&_gr_kind_lock);
  uint32_t n = atomic_load(&n_layouts), found = UINT32_MAX;
  for (uint32_t i = 1; i < n; i++)
    if (same_layout(layouts[i], l)) {
      found = i;
      break;
    }
  if (found == UINT32_MAX) {
    if (n >= GR_MAX_LAYOUTS)
      _gr_report_corruption(l, "too many distinct weakable layouts (GR_MAX_LAYOUTS)");
    gr_ilayout_t *il = _gr_meta_alloc(sizeof *il + l->count * sizeof(uint32_t));
    if (!il)
      _gr_report_corruption(l, "out of metadata memory");
    il->id = n;
    il->stride = l->stride;
    il->count = l->count;
    il->offsets = (uint32_t *)(il + 1);
    memcpy(il->offsets, l->offsets, l->count * sizeof(uint32_t));
    il->type_name = l->type_name;
    layouts[n] = il;
    atomic_store(&n_layouts, n + 1);
    found = n;
  }
  pthread_mutex_unlock(&_gr_kind_lock);
  __atomic_store_n(&l->_id, found + 1, __ATOMIC_RELEASE);
  return layouts[found];
}

/* ---- kinds ---- */

static const gr_kind_t **small_kinds[GR_MAX_LAYOUTS]; /* [layout][class] */
/* Cached in small_kinds for a class whose slots cannot hold the layout's
 * first header, so make_kind runs once per pair. */
static const gr_kind_t no_kind;
static gr_kind_t *all_kinds;

const gr_kind_t *_gr_kinds_all(void) {
  return __atomic_load_n(&all_kinds, __ATOMIC_ACQUIRE);
}

/* Header positions of `l` inside a slot of `slot` bytes, into out (may be
 * NULL to count). */
static uint32_t header_positions(const gr_ilayout_t *l, size_t slot,
                                 uint32_t *out) {
  uint32_t n = 0;
  size_t reps = l->stride ? slot / l->stride + 1 : 1;
  for (size_t k = 0; k < reps; k++)
    for (uint32_t i = 0; i < l->count; i++) {
      size_t off = k * l->stride + l->offsets[i];
      if (off + sizeof(gr_gen_t) > slot)
        continue;
      if (out)
        out[n] = (uint32_t)off;
      n++;
    }
  return n;
}

static gr_kind_t *make_kind(uint32_t class_idx, const gr_ilayout_t *l) {
  size_t slot, slab;
  if (class_idx < GR_NCLASSES) {
    slot = _gr_class_size(class_idx);
    slab = slot * GR_MIN_SLOTS;
    if (slab < GR_CHUNK_SIZE)
      slab = GR_CHUNK_SIZE;
    slab = (slab + GR_CHUNK_SIZE - 1) & ~(GR_CHUNK_SIZE - 1);
  } else {
    slot = slab = (size_t)(class_idx - GR_NCLASSES) * GR_CHUNK_SIZE;
    /* Header offsets are 32-bit: a strided huge object stops at 4 GiB. */
    if (l->stride && slot > UINT32_MAX)
      return NULL;
  }
  uint32_t nhdr = header_positions(l, slot, NULL);
  if (nhdr == 0)
    return NULL;
  uint32_t *hdrs = _gr_meta_alloc(nhdr * sizeof(uint32_t));
  header_positions(l, slot, hdrs);
  gr_kind_t *k = _gr_meta_alloc(sizeof *k);
  k->class_idx = class_idx;
  k->slot_size = slot;
  k->slab_size = slab;
  k->capacity = (uint32_t)(slab / slot);
  k->hdr0 = hdrs[0];
  k->nhdr = nhdr;
  k->hdrs = hdrs;
  k->layout = l;
  k->all_next = all_kinds;
  __atomic_store_n(&all_kinds, k, __ATOMIC_RELEASE);
  return k;
}

/* Returns NULL when no slot of this class can hold the layout (caller tries
 * the next class). A kind whose header positions are just {0} is the
 * default kind of that class, whatever layout asked for it. */
const gr_kind_t *_gr_kind_get(uint32_t class_idx, const gr_ilayout_t *l) {
  pthread_mutex_lock(&_gr_kind_lock);
  const gr_kind_t *k = NULL;
  if (class_idx < GR_NCLASSES) {
    if (l->id != 0) {
      size_t slot = _gr_class_size(class_idx);
      uint32_t pos[2], n = header_positions(l, slot, NULL);
      if (n == 1) {
        header_positions(l, slot, pos);
        if (pos[0] == 0)
          l = layouts[0];
      }
    }
    if (!small_kinds[l->id])
      small_kinds[l->id] = _gr_meta_alloc(GR_NCLASSES * sizeof(gr_kind_t *));
    k = small_kinds[l->id][class_idx];
    if (!k) {
      k = make_kind(class_idx, l);
      small_kinds[l->id][class_idx] = k ? k : &no_kind;
    }
    if (k == &no_kind)
      k = NULL;
  } else {
    /* Huge kinds are few: a linear list keyed by (chunks, layout). */
    for (gr_kind_t *h = all_kinds; h; h = h->all_next)
      if (h->class_idx == class_idx && h->layout == l) {
        k = h;
        break;
      }
    if (!k)
      k = make_kind(class_idx, l);
  }
  pthread_mutex_unlock(&_gr_kind_lock);
  return k;
}
