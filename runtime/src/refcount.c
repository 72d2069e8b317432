/* refcount.c - normal mode: how many GR_REF references to each object are
 * held in memory, so a free that leaves one dangling is reported at the
 * free (dangling-reference), before the stale reference is ever used.
 *
 * A count belongs to one *life* of an object: it is stored with the low 32
 * bits of the generation it counts for, and a count whose generation is
 * not the object's current one reads as 0. So frees by code in any mode
 * (which never touch counts) can not leave a stale count on the slot's next
 * occupant, and a decrement through a stale reference is ignored.
 *
 *   heap slot starts    per-slab arrays, allocated on first use (lock-free)
 *   anything else       (stack, static, a weakable inside a heap object)
 *                       one open-addressing table under a mutex
 */
#include "internal.h"

#include <stdio.h>
#include <string.h>

#define ENTRY(gen, count) (((uint64_t)(uint32_t)(gen) << 32) | (uint32_t)(count))
#define ENTRY_GEN(e) ((uint32_t)((e) >> 32))
#define ENTRY_COUNT(e) ((int32_t)(uint32_t)(e))

/* ---- storage ---- */

typedef struct slab_counts {
  _Atomic uint64_t *entries; /* per slot */
  _Atomic uintptr_t *where;  /* per slot: address of the last counted store */
} slab_counts_t;

static slab_counts_t *counts_of(gr_slab_t *s, bool create) {
  slab_counts_t *c = atomic_load_explicit(&s->counts, memory_order_acquire);
  if (c || !create)
    return c;
  slab_counts_t *n = _gr_meta_alloc(sizeof *n + s->capacity * 16);
  if (!n)
    return NULL;
  n->entries = (_Atomic uint64_t *)(n + 1);
  n->where = (_Atomic uintptr_t *)(n->entries + s->capacity);
  slab_counts_t *expected = NULL;
  if (!atomic_compare_exchange_strong(&s->counts, &expected, n))
    return expected; /* another thread won; ours is leaked metadata, rare */
  return n;
}

typedef struct other_entry {
  uintptr_t obj;
  uint64_t entry;
  uintptr_t where;
} other_entry_t;

pthread_mutex_t _gr_counts_lock = PTHREAD_MUTEX_INITIALIZER;
static other_entry_t *other;
static size_t other_cap, other_used;

static other_entry_t *other_find(uintptr_t obj, bool create) {
  if (!other) {
    if (!create)
      return NULL;
    other_cap = 4096;
    other = _gr_meta_alloc(other_cap * sizeof *other);
    if (!other)
      return NULL;
  }
  if (create && (other_used + 1) * 4 > other_cap * 3) {
    other_entry_t *old = other;
    size_t old_cap = other_cap;
    other_cap *= 2;
    other = _gr_meta_alloc(other_cap * sizeof *other);
    if (!other) {
      other = old;
      other_cap = old_cap;
      return NULL;
    }
    for (size_t i = 0; i < old_cap; i++)
      if (old[i].obj) {
        size_t j = (old[i].obj >> 3) * 0x9E3779B97F4A7C15ull >> 20;
        while (other[j & (other_cap - 1)].obj)
          j++;
        other[j & (other_cap - 1)] = old[i];
      }
    /* The old table is metadata: never freed, like all metadata. */
  }
  size_t j = (obj >> 3) * 0x9E3779B97F4A7C15ull >> 20;
  for (;; j++) {
    other_entry_t *e = &other[j & (other_cap - 1)];
    if (e->obj == obj)
      return e;
    if (!e->obj) {
      if (!create)
        return NULL;
      e->obj = obj;
      other_used++;
      return e;
    }
  }
}

/* ---- counting ---- */

static uint64_t bump(uint64_t e, gr_gen_t gen, int delta) {
  int32_t c = ENTRY_GEN(e) == (uint32_t)gen ? ENTRY_COUNT(e) : 0;
  if (delta < 0 && ENTRY_GEN(e) != (uint32_t)gen)
    return e; /* a reference to another life of the object: not ours */
  c += delta;
  if (c < 0)
    c = 0; /* a store made by code not in normal mode was never counted */
  return ENTRY(gen, c);
}

/* Counts belong to the object a reference points into: a heap slot
 * (counted in its slab), a stack object or a program allocator's block
 * (counted by its first byte in the side table). Static memory has none. */
static void count_add(gr_ref_t r, int delta, const void *where) {
  void *p = gr_ref_ptr(r);
  if (!p || gr_ref_gen(r) == GR_GEN_STATIC)
    return;
  gr_loc_t l;
  _gr_locate(p, gr_ref_gen(r), &l);
  gr_slab_t *s = l.slab;
  if (s && atomic_load_explicit(&s->released, memory_order_acquire))
    return; /* its memory is gone, and so are its counts */
  if (l.where != GR_AT_HEAP && l.where != GR_AT_STACK)
    return;
  /* Count only references to live objects. A decrement never reads the
   * target: the entry's own generation decides (bump), so a slot holding
   * stale bytes, or memory that never held a reference, is harmless. */
  if (delta > 0 && (l.gen & GR_GEN_MAX) != gr_ref_gen(r))
    return;
  uint32_t idx = s && !l.block ? l.idx : UINT32_MAX;
  void *obj = (void *)l.base;
  if (idx != UINT32_MAX) {
    slab_counts_t *c = counts_of(s, delta > 0);
    if (!c)
      return;
    uint64_t e = atomic_load_explicit(&c->entries[idx], memory_order_relaxed);
    while (!atomic_compare_exchange_weak_explicit(&c->entries[idx], &e,
                                                  bump(e, gr_ref_gen(r), delta),
                                                  memory_order_relaxed,
                                                  memory_order_relaxed))
      ;
    if (delta > 0)
      atomic_store_explicit(&c->where[idx], (uintptr_t)where, memory_order_relaxed);
    return;
  }
  pthread_mutex_lock(&_gr_counts_lock);
  other_entry_t *e = other_find((uintptr_t)obj, delta > 0);
  if (e && (delta > 0 || e->entry)) {
    e->entry = bump(e->entry, gr_ref_gen(r), delta);
    if (delta > 0)
      e->where = (uintptr_t)where;
  }
  pthread_mutex_unlock(&_gr_counts_lock);
}

static int32_t count_of(const void *p, uintptr_t *where) {
  gr_loc_t l;
  _gr_locate(p, 0, &l);
  gr_gen_t gen = l.gen & GR_GEN_MAX;
  gr_slab_t *s = l.slab;
  uint32_t idx = s && !l.block ? l.idx : UINT32_MAX;
  const void *obj = (const void *)l.base;
  uint64_t e = 0;
  *where = 0;
  if (l.where != GR_AT_HEAP && l.where != GR_AT_STACK)
    return 0;
  if (idx != UINT32_MAX) {
    slab_counts_t *c = counts_of(s, false);
    if (c) {
      e = atomic_load_explicit(&c->entries[idx], memory_order_relaxed);
      *where = atomic_load_explicit(&c->where[idx], memory_order_relaxed);
    }
  } else {
    pthread_mutex_lock(&_gr_counts_lock);
    other_entry_t *o = other_find((uintptr_t)obj, false);
    if (o) {
      e = o->entry;
      *where = o->where;
    }
    pthread_mutex_unlock(&_gr_counts_lock);
  }
  return ENTRY_GEN(e) == (uint32_t)gen ? ENTRY_COUNT(e) : 0;
}

gr_ref_t gr_ref_store(gr_ref_t *slot, gr_ref_t v) {
  gr_ref_t old = *slot;
  if (!gr_ref_eq(old, v)) {
    count_add(v, +1, slot);
    count_add(old, -1, slot);
  }
  *slot = v;
  return v;
}

int gr_ref_count(const void *obj) {
  uintptr_t where;
  return obj ? count_of(obj, &where) : 0;
}

/* Every reference slot of an object of `size` bytes: refs->offsets within
 * each refs->stride bytes (a NULL layout: none). delta 0: set to null. */
static void each_ref(void *obj, size_t size, const gr_layout_t *refs, int delta) {
  if (!obj || !refs)
    return;
  size_t step = refs->stride ? refs->stride : size;
  for (size_t k = 0; k < size; k += step)
    for (uint32_t i = 0; i < refs->count; i++)
      if (k + refs->offsets[i] + sizeof(gr_ref_t) <= size) {
        gr_ref_t *slot = (gr_ref_t *)((char *)obj + k + refs->offsets[i]);
        if (delta)
          count_add(*slot, delta, slot);
        else
          *slot = gr_ref_null();
      }
}

void gr_refs_retain(void *obj, size_t size, const gr_layout_t *refs) {
  each_ref(obj, size, refs, +1);
}
void gr_refs_release(void *obj, size_t size, const gr_layout_t *refs) {
  each_ref(obj, size, refs, -1);
}
void gr_refs_clear(void *obj, size_t size, const gr_layout_t *refs) {
  each_ref(obj, size, refs, 0);
}

/* The object at `obj` dies (freed, or its scope ends): report references
 * still held in memory. `what` says how it dies. */
void _gr_check_no_refs(const void *obj, const gr_site_t *site, const char *what) {
  uintptr_t where;
  int32_t n = count_of(obj, &where);
  if (n <= 0)
    return;
  char detail[256];
  /* Name a holder only if it still holds a reference to this object. */
  gr_slab_t *hs = where ? _gr_slab_of((void *)where) : NULL;
  if (where && gr_ref_ptr(*(const gr_ref_t *)where) == obj && hs &&
      _gr_slot_holding(hs, (void *)where) != UINT32_MAX) {
    uintptr_t slot = _gr_slot_addr(hs, _gr_slot_holding(hs, (void *)where)) + GR_HDR_SIZE;
    snprintf(detail, sizeof detail,
             "%s while %d GR_REF reference%s to it remain%s in memory; one is at %p, "
             "offset %lu in the heap object at %p",
             what, n, n == 1 ? "" : "s", n == 1 ? "s" : "", (void *)where,
             (unsigned long)(where - slot), (void *)slot);
  } else if (where && gr_ref_ptr(*(const gr_ref_t *)where) == obj)
    snprintf(detail, sizeof detail,
             "%s while %d GR_REF reference%s to it remain%s in memory; one is at %p "
             "(a global, static or stack object)",
             what, n, n == 1 ? "" : "s", n == 1 ? "s" : "", (void *)where);
  else
    snprintf(detail, sizeof detail,
             "%s while %d GR_REF reference%s to it remain%s in memory",
             what, n, n == 1 ? "" : "s", n == 1 ? "s" : "");
  gr_loc_t l;
  _gr_locate(obj, 0, &l);
  gr_report(GR_DANGLING_REFERENCE, obj, 0, l.gen, site, detail);
}

/* The references a heap allocation holds, as it dies: `size` is the
 * element's (sizeof of the freed pointer's type), the allocation may be an
 * array of them (malloc(n * sizeof *p)), so every whole element of it is
 * released and cleared, including references between its own elements. */
static void release_allocation(void *p, size_t size, const gr_layout_t *refs) {
  size_t total = gr_usable_size(p);
  if (!refs || !size || total < size)
    total = size;
  if (refs && refs->stride == 0 && total > size) {
    gr_layout_t strided = *refs;
    strided.stride = (uint32_t)size;
    size = total - total % size;
    gr_refs_release(p, size, &strided);
    gr_refs_clear(p, size, &strided); /* the slot's next occupant starts clean */
    return;
  }
  gr_refs_release(p, size, refs);
  gr_refs_clear(p, size, refs);
}

void gr_free_normal(void *p, size_t size, const gr_layout_t *refs,
                    const gr_site_t *site) {
  if (!p || !gr_heap_owns(p)) {
    gr_free(p, site); /* reports what is wrong with p */
    return;
  }
  release_allocation(p, size, refs);
  _gr_check_no_refs(p, site, "the object is freed");
  gr_free(p, site);
}

void gr_ref_free_normal(gr_ref_t r, size_t size, const gr_layout_t *refs,
                        const gr_site_t *site) {
  void *p = gr_ref_ptr(r);
  if (!p)
    return;
  if (gr_ref_alive(r) && gr_heap_owns(p)) {
    release_allocation(p, size, refs);
    _gr_check_no_refs(p, site, "the object is freed");
  }
  gr_free_gen(p, gr_ref_gen(r), site);
}

void gr_stack_frame_end_normal(gr_stack_frame_t *f) {
  if (!f->obj) /* declared ahead of its object, which never began */
    return;
  gr_refs_release(f->obj, f->size, f->refs);
  gr_site_t site = {0, 0, 0, 0, 0};
  if (f->site) /* where the object was declared */
    site = *f->site;
  if (f->depth)
    _gr_check_no_refs(f->obj, &site, "a stack object goes out of scope");
  gr_stack_frame_end(f);
}

void *gr_alloc_zeroed(size_t size) { return gr_calloc(1, size); }
