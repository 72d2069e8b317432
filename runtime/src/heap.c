/* heap.c - the allocation and free fast paths (entry points of rt.h).
 * Slow paths live in slab.c and are noinline. */
#include "internal.h"

#include <string.h>

GR_TLS gr_theap_t *_gr_tl_heap;

static inline gr_theap_t *get_heap(void) {
  gr_theap_t *h = _gr_tl_heap;
  if (GR_UNLIKELY(!h))
    h = _gr_theap_init();
  return h;
}

/* What a pop must do beyond the common case: report a corrupted free
 * list, bump the other headers of a multi-header kind. */
static GR_NOINLINE void *alloc_cold(gr_slab_t *s, void *b, gr_gen_t g) {
  if (g & 1)
    _gr_report_corruption(b, "a slot on a free list is live (free list overwritten?)");
  if (s->kind->nhdr > 1)
    _gr_bump_secondary(s->kind, b);
  return b;
}

/* Pop a free slot of pool->cur and make it live (I1, I2). */
static inline void *pool_alloc(gr_theap_t *h, gr_pool_t *pool, uint32_t c,
                               const gr_ilayout_t *l) {
  gr_slab_t *s = pool->cur;
  if (GR_UNLIKELY(!s->free))
    return _gr_alloc_slow(h, pool, c, l);
  void *b = _gr_pop_free(s);
  gr_gen_t *hp = _gr_hdr(b, s->hdr0);
  gr_gen_t g = __atomic_load_n(hp, __ATOMIC_RELAXED);
  __atomic_store_n(hp, g + 1, __ATOMIC_RELAXED);
  if (GR_UNLIKELY((g & 1) | !s->simple))
    return alloc_cold(s, b, g);
  return b;
}

static void *alloc_il(size_t size, const gr_ilayout_t *l);

static GR_NOINLINE void *alloc_general(size_t size, gr_layout_t *layout) {
  return alloc_il(size, _gr_layout_intern(layout));
}

static void *alloc_il(size_t size, const gr_ilayout_t *l) {
  if (size > GR_MAX_SMALL)
    return _gr_alloc_huge(size, l);
  gr_theap_t *h = get_heap();
  uint32_t c = _gr_class_of(size);
  if (l->id == 0)
    return pool_alloc(h, &h->pools[c], c, l);
  for (; c < GR_NCLASSES; c++) {
    gr_pool_t *lp = h->lpools[l->id];
    if (!lp) {
      lp = _gr_meta_alloc(GR_NCLASSES * sizeof(gr_pool_t));
      if (!lp)
        return NULL;
      for (uint32_t i = 0; i < GR_NCLASSES; i++)
        lp[i].cur = &_gr_empty_slab;
      h->lpools[l->id] = lp;
    }
    gr_pool_t *pool = &lp[c];
    if (!pool->kind)
      pool->kind = _gr_kind_get(c, l);
    if (!pool->kind)
      continue; /* no header of the layout fits this class */
    /* Header positions {0} in this class: the default kind's pool. */
    if (pool->kind->layout->id == 0)
      return pool_alloc(h, &h->pools[c], c, pool->kind->layout);
    return pool_alloc(h, pool, c, l);
  }
  return _gr_alloc_huge(size, l);
}

void *gr_alloc(size_t size, gr_layout_t *layout) {
  if (GR_LIKELY(layout == NULL && size <= GR_MAX_SMALL)) {
    gr_theap_t *h = get_heap();
    uint32_t c = _gr_class_of(size);
    return pool_alloc(h, &h->pools[c], c, &_gr_default_layout);
  }
  return alloc_general(size, layout);
}

/* Copy or zero bytes [0, n) of a slot, never touching a header (a
 * generation is identity, not data). src == NULL: zero. */
static void fill_around_headers(const gr_kind_t *k, void *dst, const void *src,
                                size_t n) {
  size_t pos = 0;
  for (uint32_t i = 0; i <= k->nhdr && pos < n; i++) {
    size_t end = i < k->nhdr ? k->hdrs[i] : n;
    if (end > n)
      end = n;
    if (end > pos) {
      if (src)
        memcpy((char *)dst + pos, (const char *)src + pos, end - pos);
      else
        memset((char *)dst + pos, 0, end - pos);
    }
    if (i < k->nhdr && k->hdrs[i] + sizeof(gr_gen_t) > pos)
      pos = k->hdrs[i] + sizeof(gr_gen_t);
  }
}

void *gr_calloc(size_t count, size_t size, gr_layout_t *layout) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total))
    return NULL;
  void *p = gr_alloc(total, layout);
  if (!p)
    return NULL;
  gr_slab_t *s = _gr_slab_of(p);
  if (s->simple && s->hdr0 == 0) { /* one header, first: zero the rest */
    if (total > sizeof(gr_header_t))
      memset((char *)p + sizeof(gr_header_t), 0, total - sizeof(gr_header_t));
    return p;
  }
  fill_around_headers(s->kind, p, NULL, total);
  return p;
}

/* ---- free ---- */

static const char *type_of(const gr_kind_t *k, const gr_site_t *site) {
  if (site && site->type)
    return site->type;
  return k && k->layout ? k->layout->type_name : NULL;
}

/* Validate that p is a live object of the heap. On failure reports and
 * returns NULL. `gen`/`has_gen`: the generation the caller's reference
 * carries, if any. */
static gr_slab_t *validate_live(void *p, gr_gen_t gen, bool has_gen,
                                const gr_site_t *site, const char *what) {
  gr_slab_t *s = _gr_slab_of(p);
  if (GR_UNLIKELY(!s)) {
    gr_report(GR_INVALID_FREE, p, gen, 0, site,
              "the address was not allocated by the genref heap");
    return NULL;
  }
  if (GR_UNLIKELY(_gr_slot_index(s, p) == UINT32_MAX)) {
    gr_report(GR_INVALID_FREE, p, gen, 0, site,
              "the address points inside a heap object, not at its start");
    return NULL;
  }
  gr_gen_t g = gr_gen_at(_gr_hdr(p, s->kind->hdr0));
  if (GR_UNLIKELY(atomic_load_explicit(&s->released, memory_order_acquire))) {
    /* Every slot here lived and retired: whatever p was, it was freed. */
    gr_site_t typed = site ? *site : (gr_site_t){0};
    typed.type = type_of(s->kind, site);
    gr_report(GR_DOUBLE_FREE, p, gen, 0, &typed,
              "the object was already freed; its slab has since retired");
    return NULL;
  }
  if (GR_UNLIKELY(g == 0)) {
    gr_report(GR_INVALID_FREE, p, gen, 0, site,
              "no object was ever allocated at this address");
    return NULL;
  }
  if (GR_UNLIKELY(!(g & 1) || (has_gen && g != gen))) {
    gr_site_t typed = site ? *site : (gr_site_t){0};
    typed.type = type_of(s->kind, site);
    gr_report(GR_DOUBLE_FREE, p, has_gen ? gen : g - 1, g, &typed,
              (g & 1) ? "the object was freed and its memory reused since the reference was made"
                      : what);
    return NULL;
  }
  return s;
}

static inline __attribute__((always_inline)) void
free_impl(void *p, gr_gen_t gen, bool has_gen, const gr_site_t *site) {
  gr_slab_t *s = _gr_slab_of(p);
  uint32_t idx = s ? _gr_slot_index(s, p) : UINT32_MAX;
  if (GR_UNLIKELY(idx == UINT32_MAX)) {
    validate_live(p, gen, has_gen, site, NULL);
    return;
  }
  gr_gen_t *hp = _gr_hdr(p, s->hdr0);
  gr_gen_t g = __atomic_load_n(hp, __ATOMIC_RELAXED);
  /* The CAS makes a racing double free lose cleanly: only one thread moves
   * the slot from live to free, so it enters one free list (I5). */
  do {
    if (GR_UNLIKELY(!(g & 1) || (has_gen && g != gen))) {
      validate_live(p, gen, has_gen, site, "the object was already freed");
      return;
    }
  } while (!__atomic_compare_exchange_n(hp, &g, g + 1, true, __ATOMIC_RELEASE,
                                        __ATOMIC_RELAXED));
  gr_theap_t *h = _gr_tl_heap;
  /* The common case: one header, not retiring, freed by its owner. */
  if (GR_LIKELY(s->simple && g + 1 <= GR_GEN_MAX - 2 && h != NULL &&
                atomic_load_explicit(&s->owner, memory_order_relaxed) == h)) {
    _gr_push_free(s, idx);
    return;
  }
  const gr_kind_t *k = s->kind;
  if (GR_UNLIKELY(k->nhdr > 1))
    _gr_bump_secondary(k, p);
  if (GR_UNLIKELY(g + 1 > GR_GEN_MAX - 2)) { /* I4: retire */
    uint32_t r = atomic_fetch_add_explicit(&s->retired, 1, memory_order_acq_rel);
    atomic_fetch_add_explicit(&((gr_kind_t *)k)->n_retired, 1,
                              memory_order_relaxed);
#if GR_FIFO_REUSE
    if (r + 1 == k->capacity) /* the slab's last slot: nothing left to reuse */
      _gr_release_slab(s);
#else
    (void)r;
#endif
    return;
  }
  if (GR_UNLIKELY(k->class_idx >= GR_NCLASSES)) {
    _gr_free_huge(s, p);
    return;
  }
  if (GR_LIKELY(h != NULL &&
                atomic_load_explicit(&s->owner, memory_order_relaxed) == h)) {
    _gr_push_free(s, idx);
    return;
  }
  _gr_free_remote(s, idx);
}

void gr_free(void *p, const gr_site_t *site) {
  if (p)
    free_impl(p, 0, false, site);
}

void gr_free_gen(void *p, gr_gen_t gen, const gr_site_t *site) {
  if (p)
    free_impl(p, gen, true, site);
}

static void *realloc_il(void *p, size_t size, const gr_ilayout_t *l,
                        const gr_site_t *site);

void *gr_realloc(void *p, size_t size, gr_layout_t *layout,
                 const gr_site_t *site) {
  if (!p)
    return gr_alloc(size, layout);
  return realloc_il(p, size, _gr_layout_intern(layout), site);
}

/* realloc() of genref memory by code that only saw a void *: the new
 * object keeps the old one's layout. */
void *_gr_realloc_keep_layout(void *p, size_t size) {
  gr_slab_t *s = _gr_slab_of(p);
  return realloc_il(p, size, s ? s->kind->layout : &_gr_default_layout, NULL);
}

static void *realloc_il(void *p, size_t size, const gr_ilayout_t *l,
                        const gr_site_t *site) {
  gr_slab_t *s = validate_live(p, 0, false, site, "realloc of a freed object");
  if (!s)
    return NULL;
  if (size == 0) {
    gr_free(p, site);
    return NULL;
  }
  void *n = alloc_il(size, l);
  if (!n)
    return NULL; /* p stays valid, as with C realloc */
  size_t copy = s->kind->slot_size < size ? s->kind->slot_size : size;
  fill_around_headers(_gr_slab_of(n)->kind, n, p, copy);
  gr_free(p, site);
  return n;
}

size_t gr_usable_size(const void *p) {
  gr_slab_t *s = _gr_slab_of(p);
  if (!s || _gr_slot_index(s, p) == UINT32_MAX ||
      !gr_gen_is_alive(gr_gen_at((const char *)p + s->kind->hdr0)))
    return 0;
  return s->kind->slot_size;
}

int gr_heap_owns(const void *p) { return gr_usable_size(p) != 0; }

gr_gen_t gr_fresh_gen(void) {
  gr_theap_t *h = get_heap();
#if GENREF_GEN_BITS < 64
  /* Narrow generations cycle: odd, never 0, each thread from its own
   * starting point. A stale reference to a stack object is then caught
   * with probability 1 - 2^-(bits-1) (docs/layouts.md). */
  if (GR_UNLIKELY(h->fresh_gen == 0))
    h->fresh_gen = ((uintptr_t)h >> 6) * 0x9E3779B97F4A7C15ull >> 40;
  h->fresh_gen = (h->fresh_gen + 2) & GR_GEN_MAX;
  if (h->fresh_gen + 2 > GR_GEN_MAX)
    h->fresh_gen = 1;
  return h->fresh_gen | 1;
#endif
  if (GR_LIKELY(h->fresh_gen < h->fresh_end)) {
    gr_gen_t g = h->fresh_gen;
    h->fresh_gen += 2;
    return g;
  }
  return _gr_fresh_gen_slow(h);
}
