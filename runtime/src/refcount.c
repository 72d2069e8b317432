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
 *   heap slot starts    compact layout: the high half of the slot's header
 *                       word, whose low half is the generation (types.h),
 *                       so the entry's generation is the header's own;
 *                       fat layout: per-slab arrays, allocated on first use
 *                       (lock-free)
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


/* Per heap slot: its count entry and the slot of the last counted store,
 * side by side, so a store touches one cache line of them. */
typedef struct count_slot {
  _Atomic uint64_t entry;
  _Atomic uintptr_t where;
} count_slot_t;

typedef struct slab_counts {
  gr_slab_t *slab;
  count_slot_t *slots; /* per slot */
  /* Made on first need (NULL until then), so a slab pays for them only
   * when it uses them. Per slot: what the last counted store named, once a
   * store from outside the heap (a global's, a stack object's) came; what
   * a normal-mode typed allocation holds (gr_alloc_counted, elements of
   * refs->stride bytes), so a free through any pointer type (void *, a
   * deallocator's, the C library's free) releases it. */
  _Atomic(_Atomic(const gr_holder_t *) *) holder;
  _Atomic(_Atomic(const gr_layout_t *) *) types;
#if GR_HDR_COUNTS
  /* The compact layout's: the layouts typed allocations of the slab hold,
   * by the tag in their header (1..254; made on first need). A free reads
   * its object's tag from the header word it writes anyway, where
   * `types[slot]` was a line of its own (hashtable: 10% of its time). */
  _Atomic(_Atomic(const gr_layout_t *) *) kinds;
  _Atomic uint32_t nkinds;
  _Atomic uint32_t last_kind; /* the tag kind_tag found last (k[0] is NULL) */
#endif
} slab_counts_t;

static GR_NOINLINE slab_counts_t *counts_make(gr_slab_t *s) {
  slab_counts_t *n = _gr_meta_alloc(sizeof *n + s->capacity * sizeof(count_slot_t));
  if (!n)
    return NULL;
  n->slab = s;
  n->slots = (count_slot_t *)(n + 1);
  slab_counts_t *expected = NULL;
  if (!atomic_compare_exchange_strong(&s->counts, &expected, n))
    return expected; /* another thread won; ours is leaked metadata, rare */
  _gr_slab_counted(s); /* frees of s leave the heap's fast path */
  return n;
}

static inline slab_counts_t *counts_of(gr_slab_t *s, bool create) {
  slab_counts_t *c = atomic_load_explicit(&s->counts, memory_order_acquire);
  if (GR_LIKELY(c != NULL) || !create)
    return c;
  return counts_make(s);
}

/* One pointer per slot of c's slab, made on first use (create) with a CAS;
 * NULL when not made (or out of metadata memory). */
static inline void *lazy_slots(_Atomic(void *) *field, const slab_counts_t *c, bool create) {
  void *a = atomic_load_explicit(field, memory_order_acquire);
  if (a || !create)
    return a;
  void *n = _gr_meta_alloc(c->slab->capacity * sizeof(void *));
  if (!n)
    return NULL;
  void *expected = NULL;
  if (!atomic_compare_exchange_strong(field, &expected, n))
    return expected; /* another thread won; ours is leaked metadata, rare */
  return n;
}
static _Atomic(const gr_layout_t *) *types_of(slab_counts_t *c, bool create) {
  return lazy_slots((_Atomic(void *) *)&c->types, c, create);
}
static _Atomic(const gr_holder_t *) *holders_of(slab_counts_t *c, bool create) {
  return lazy_slots((_Atomic(void *) *)&c->holder, c, create);
}
#if GR_HDR_COUNTS
/* What the allocation whose header word is w (slot idx of c's slab) holds:
 * its tag's layout, or NULL. */
static const gr_layout_t *tag_type(slab_counts_t *c, uint32_t idx, uint64_t w) {
  uint32_t tag = (uint32_t)(w >> GR_HDR_TAG_SHIFT) & 0xff;
  if (tag == GR_HDR_TAG_NONE || !c)
    return NULL;
  _Atomic(const gr_layout_t *) *t =
      tag == GR_HDR_TAG_SLOT ? types_of(c, false)
                             : atomic_load_explicit(&c->kinds, memory_order_acquire);
  return t ? atomic_load_explicit(&t[tag == GR_HDR_TAG_SLOT ? idx : tag], memory_order_acquire)
           : NULL;
}
/* The tag of layout refs in c's slab (made on first use), or
 * GR_HDR_TAG_SLOT once 254 layouts have one (or no metadata is left). */
static GR_NOINLINE uint32_t kind_tag_slow(slab_counts_t *c, const gr_layout_t *refs) {
  uint32_t tag = GR_HDR_TAG_SLOT;
  pthread_mutex_lock(&_gr_counts_lock);
  _Atomic(const gr_layout_t *) *k = atomic_load_explicit(&c->kinds, memory_order_relaxed);
  if (!k) {
    k = _gr_meta_alloc(256 * sizeof *k);
    atomic_store_explicit(&c->kinds, k, memory_order_release);
  }
  uint32_t n = atomic_load_explicit(&c->nkinds, memory_order_relaxed);
  for (uint32_t i = 1; k && i <= n; i++)
    if (atomic_load_explicit(&k[i], memory_order_relaxed) == refs) {
      tag = i;
      goto out;
    }
  if (k && n + 1 < GR_HDR_TAG_SLOT) {
    atomic_store_explicit(&k[n + 1], refs, memory_order_release);
    atomic_store_explicit(&c->nkinds, n + 1, memory_order_release);
    tag = n + 1;
  }
out:
  if (tag != GR_HDR_TAG_SLOT)
    atomic_store_explicit(&c->last_kind, tag, memory_order_relaxed);
  pthread_mutex_unlock(&_gr_counts_lock);
  return tag;
}
/* Without the lock: the last tag handed out first (a program allocating
 * one type in a row), then the table; the lock only to add a layout. */
static inline uint32_t kind_tag(slab_counts_t *c, const gr_layout_t *refs) {
  _Atomic(const gr_layout_t *) *k = atomic_load_explicit(&c->kinds, memory_order_acquire);
  if (GR_UNLIKELY(!k))
    return kind_tag_slow(c, refs);
  uint32_t last = atomic_load_explicit(&c->last_kind, memory_order_relaxed);
  if (GR_LIKELY(atomic_load_explicit(&k[last], memory_order_relaxed) == refs))
    return last;
  uint32_t n = atomic_load_explicit(&c->nkinds, memory_order_acquire);
  for (uint32_t i = 1; i <= n; i++)
    if (atomic_load_explicit(&k[i], memory_order_relaxed) == refs) {
      atomic_store_explicit(&c->last_kind, i, memory_order_relaxed);
      return i;
    }
  return kind_tag_slow(c, refs);
}
/* Record that the live object of slot idx (c's slab, its header h) holds
 * refs. Its header is this thread's: the object is new (a stale
 * reference's count change leaves another life's word alone). */
static inline __attribute__((always_inline)) void
set_type(slab_counts_t *c, uint32_t idx, _Atomic uint64_t *h, const gr_layout_t *refs) {
  uint32_t tag = kind_tag(c, refs);
  if (tag == GR_HDR_TAG_SLOT) {
    _Atomic(const gr_layout_t *) *t = types_of(c, true);
    if (!t)
      return;
    atomic_store_explicit(&t[idx], refs, memory_order_release);
  }
  uint64_t w = atomic_load_explicit(h, memory_order_relaxed);
  w &= ~((uint64_t)0xff << GR_HDR_TAG_SHIFT);
  atomic_store_explicit(h, w | (uint64_t)tag << GR_HDR_TAG_SHIFT, memory_order_release);
}
#endif

/* What heap slot idx's live allocation holds, or NULL (a freed one's went
 * with its free). */
static const gr_layout_t *type_at(slab_counts_t *c, uint32_t idx) {
#if GR_HDR_COUNTS
  if (!c)
    return NULL;
  uint64_t w = atomic_load_explicit((_Atomic uint64_t *)_gr_slot_addr(c->slab, idx),
                                    memory_order_acquire);
  return (w & 1) ? tag_type(c, idx, w) : NULL;
#else
  _Atomic(const gr_layout_t *) *t = c ? types_of(c, false) : NULL;
  return t ? atomic_load_explicit(&t[idx], memory_order_acquire) : NULL;
#endif
}

typedef struct other_entry {
  uintptr_t obj;
  uint64_t entry;
  uintptr_t where;
  const gr_holder_t *holder;
} other_entry_t;

pthread_mutex_t _gr_counts_lock = PTHREAD_MUTEX_INITIALIZER;
static other_entry_t *other;
static size_t other_cap, other_used;
/* Set (under the lock) when the table takes its first entry: until then
 * no stack object has a count, and a scope's end needs no lookup. */
static _Atomic bool other_any;

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
      atomic_store_explicit(&other_any, true, memory_order_release);
      return e;
    }
  }
}

/* ---- the destruction in progress (docs/modes.md, "When a dangling
 * reference is reported") ----
 * Per thread: how many calls of destroying functions (gr_cascade_begin) and
 * scopes with counted stack objects (gr_scope_begin) are active, and the
 * objects whose check waits for them to end: heap objects freed while
 * references to them remained (their slots quarantined: freed, never
 * handed out, until the check ran) and stack objects whose scope ended so
 * (their counts moved here, as their frames are gone). */
typedef struct pending {   /* a stack object */
  uintptr_t obj, hi;      /* the object: [obj, hi) */
  gr_gen_t gen;           /* the life that ended */
  uint32_t scope;         /* the scope depth it ended in */
  int32_t count;          /* its count, moved here */
  uintptr_t where;        /* the last counted store's slot */
  const gr_holder_t *holder;
  gr_site_t decl;         /* its declaration */
  bool copy;              /* a heap copy (object.c): its count stays in its
                             slot, which stays allocated until the check */
} pending_t;

typedef struct heap_pending { /* a heap object (its count stays in its slab) */
  uintptr_t obj;
  gr_gen_t gen;           /* the life that ended */
  const gr_site_t *site;  /* the free */
} heap_pending_t;

static GR_TLS uint32_t cascade_depth, scope_depth;
static GR_TLS pending_t *pend;            /* stack objects */
static GR_TLS uint32_t npend, pend_cap;
static GR_TLS heap_pending_t *hpend;      /* heap objects */
static GR_TLS uint32_t nhpend, hpend_cap;

/* Room for one more entry of `size` bytes in *v (n used, *cap); NULL when
 * out of metadata memory. Old arrays are metadata, never freed. */
static void *grow(void **v, uint32_t n, uint32_t *cap, size_t size) {
  if (n == *cap) {
    uint32_t c = *cap ? *cap * 2 : 64;
    void *a = _gr_meta_alloc(c * size);
    if (!a)
      return NULL;
    if (*v)
      memcpy(a, *v, n * size);
    *v = a;
    *cap = c;
  }
  return (char *)*v + n * size;
}

static pending_t *pending_push(void) {
  pending_t *e = grow((void **)&pend, npend, &pend_cap, sizeof *e);
  if (e) {
    memset(e, 0, sizeof *e);
    npend++;
  }
  return e;
}

/* A reference to a stack object whose check is pending goes away. */
static bool pending_release(uintptr_t p, gr_gen_t gen) {
  for (uint32_t i = npend; i-- > 0;) {
    pending_t *e = &pend[i];
    if (p >= e->obj && p < e->hi && (uint32_t)e->gen == (uint32_t)gen) {
      if (e->count > 0)
        e->count--;
      return true;
    }
  }
  return false;
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

/* The slot of an earlier counted store still holds a reference into the
 * object [base, base + size): the report keeps naming that holder (an
 * older, longer-lived one) rather than the latest store's. */
static bool still_holds(uintptr_t w, uintptr_t base, uint64_t size) {
  /* A slot of the dying object itself (`h.next = &h`, an empty circular
   * list) was released with it: it holds nothing that remains. */
  if (!w || (w >= base && w < base + (size ? size : 1)))
    return false;
  gr_slab_t *s = _gr_slab_of((const void *)w);
  if (s && atomic_load_explicit(&s->released, memory_order_acquire))
    return false;
  uintptr_t t = (uintptr_t)gr_ref_ptr(*(const gr_ref_t *)w);
  return t >= base && t < base + (size ? size : 1);
}

/* Counts belong to the object a reference points into: a heap slot
 * (counted in its slab), a stack object or a program allocator's block
 * (counted by its first byte in the side table). Static memory has none. */

/* A count word from *e to n: true when it took, else *e reloaded (a
 * compare-and-swap). One thread: a plain store (GR_SOLO, internal.h). */
static inline bool count_cas(_Atomic uint64_t *p, uint64_t *e, uint64_t n) {
  if (GR_SOLO()) {
    atomic_store_explicit(p, n, memory_order_relaxed);
    return true;
  }
  return atomic_compare_exchange_weak_explicit(p, e, n, memory_order_relaxed,
                                               memory_order_relaxed);
}

#if GR_HDR_COUNTS
#define HDR_ONE ((uint64_t)1 << GR_HDR_COUNT_SHIFT)
/* The header word of heap slot idx of s: generation and count (types.h). */
static inline _Atomic uint64_t *hdr_word(const gr_slab_t *s, uint32_t idx) {
  return (_Atomic uint64_t *)_gr_slot_addr(s, idx);
}
/* The count in header word w of life gen: while the object lives (w's
 * generation is gen) and after its free (gen + 1: the free adds one and
 * keeps the count for its check, and for a quarantined slot's holders to
 * release). Another life's, or a free slot's own (even gen), reads 0. */
static inline int32_t hdr_count(uint64_t w, gr_gen_t gen) {
  return (gen & 1) && (uint32_t)w - (uint32_t)gen <= 1 ? (int32_t)(w >> GR_HDR_COUNT_SHIFT) : 0;
}
/* One more reference to life gen, only while it lives: a free racing it
 * leaves the next life's count alone (its allocation writes 0 anyway). */
static inline void hdr_inc(_Atomic uint64_t *h, gr_gen_t gen) {
  uint64_t w = atomic_load_explicit(h, memory_order_relaxed);
  while ((uint32_t)w == (uint32_t)gen &&
         !count_cas(h, &w, w + HDR_ONE))
    ;
}
/* One less, without the atomic when it changes nothing (another life's
 * count, or 0: a reference stored by code not in normal mode was never
 * counted). A released slab's headers read 0: never written. */
static inline void hdr_dec(_Atomic uint64_t *h, gr_gen_t gen) {
  uint64_t w = atomic_load_explicit(h, memory_order_relaxed);
  do {
    if (hdr_count(w, gen) <= 0)
      return;
  } while (!count_cas(h, &w, w - HDR_ONE));
}
/* The header word of a whole reference's object, or NULL (null, static,
 * interior, outside the heap). A whole reference into the heap is only
 * ever made at an object's start (ref.h), so its header is the 8 bytes
 * before it: the word the check reads, no slot lookup (a released slab's
 * read 0, which no count change writes). */
static inline __attribute__((always_inline)) _Atomic uint64_t *whole_hdr(gr_ref_t r) {
  uintptr_t p = (uintptr_t)gr_ref_ptr(r);
  if (GR_UNLIKELY(_gr_ref_interior(r) || gr_ref_gen(r) == GR_GEN_STATIC ||
                  p - _gr_heap_base >= _gr_heap_extent))
    return NULL;
  return (_Atomic uint64_t *)(p - GR_HDR_SIZE);
}
#endif

/* One more reference to life gen of heap slot idx (c: its slab's counts). */
static inline void heap_inc(slab_counts_t *c, uint32_t idx, gr_gen_t gen) {
#if GR_HDR_COUNTS
  hdr_inc(hdr_word(c->slab, idx), gen);
#else
  _Atomic uint64_t *ep = &c->slots[idx].entry;
  uint64_t e = atomic_load_explicit(ep, memory_order_relaxed);
  /* bump(e, gen, +1): counts are never negative, and never near 2^31 (a
   * reference takes 8 bytes of memory). */
  while (!count_cas(ep, &e, ENTRY_GEN(e) == (uint32_t)gen ? e + 1 : ENTRY(gen, 1)))
    ;
#endif
}

/* One less: bump(e, gen, -1), without the atomic when it changes nothing
 * (an entry of another life, or a count already 0: a reference stored by
 * code not in normal mode was never counted). */
static inline void heap_dec(gr_slab_t *s, slab_counts_t *c, uint32_t idx, gr_gen_t gen) {
#if GR_HDR_COUNTS
  (void)c;
  hdr_dec(hdr_word(s, idx), gen);
#else
  (void)s;
  if (!c)
    return;
  _Atomic uint64_t *ep = &c->slots[idx].entry;
  uint64_t e = atomic_load_explicit(ep, memory_order_relaxed);
  do {
    if (ENTRY_GEN(e) != (uint32_t)gen || ENTRY_COUNT(e) <= 0)
      return;
  } while (!count_cas(ep, &e, e - 1));
#endif
}

/* A counted store to heap slot idx came from `where`: remembered for the
 * report, written only when it changes (a loop storing through one field
 * leaves the line clean). Stores from the heap are named by the holder's
 * allocation type; a global's, a static's or a stack object's by its
 * store (`holder`), in a per-slot array made on the first such store. */
static inline void note_store(slab_counts_t *c, uint32_t idx, const void *where,
                              const gr_holder_t *holder, bool from_heap) {
  _Atomic uintptr_t *wp = &c->slots[idx].where;
  if (atomic_load_explicit(wp, memory_order_relaxed) != (uintptr_t)where)
    atomic_store_explicit(wp, (uintptr_t)where, memory_order_relaxed);
  _Atomic(const gr_holder_t *) *h = holders_of(c, holder != NULL && !from_heap);
  if (h && atomic_load_explicit(&h[idx], memory_order_relaxed) != holder)
    atomic_store_explicit(&h[idx], holder, memory_order_relaxed);
}

/* The count of heap slot idx of s changes by delta for life gen. */
static inline void heap_add(gr_slab_t *s, uint32_t idx, gr_gen_t gen, int delta,
                            const void *where, const gr_holder_t *holder) {
  slab_counts_t *c = counts_of(s, delta > 0);
  if (delta < 0) {
    heap_dec(s, c, idx, gen);
    return;
  }
  if (!c)
    return;
  heap_inc(c, idx, gen);
  note_store(c, idx, where, holder, holder != NULL && _gr_slab_of(where) != NULL);
}

/* _gr_slab_of(p), on the words the inline checks read (the arena's extent
 * is 0 until it exists). */
static inline gr_slab_t *arena_slab(const void *p) {
  uintptr_t a = (uintptr_t)p - _gr_heap_base;
  if (GR_UNLIKELY(a >= _gr_heap_extent))
    return NULL;
  return (gr_slab_t *)_gr_heap_chunks[a >> GR_CHUNK_SHIFT];
}

/* The slab of a whole reference's object (a heap object's start: the
 * only place whole references are made, ref.h) and its slot, or NULL. */
static inline gr_slab_t *whole_slot(const void *p, uint32_t *ip) {
  gr_slab_t *s = arena_slab(p);
  if (GR_UNLIKELY(s == NULL))
    return NULL;
  uint64_t off = (uintptr_t)p - GR_HDR_SIZE - s->start;
  uint64_t idx = (off * s->div_magic) >> 40;
  if (GR_UNLIKELY(idx >= s->capacity || idx * s->slot_size != off))
    return NULL;
  *ip = (uint32_t)idx;
  return s;
}

/* The heap slot whose object holds p (its start or inside it), while no
 * program allocator has made a block (a block inside a heap object is
 * counted by the block): its slab and index. The common case of every
 * count change, without building a gr_loc_t. */
static inline __attribute__((always_inline)) bool heap_slot_of(const void *p, gr_slab_t **sp,
                                                               uint32_t *ip) {
  gr_slab_t *s = arena_slab(p);
  if (GR_UNLIKELY(s == NULL || _gr_heap_blocks))
    return false;
  uint32_t idx = _gr_slot_holding(s, p);
  if (GR_UNLIKELY(idx == UINT32_MAX || (uintptr_t)p < _gr_slot_addr(s, idx) + GR_HDR_SIZE))
    return false;
  *sp = s;
  *ip = idx;
  return true;
}

/* Whether life gen of heap slot idx is the slot's live object: only
 * references to live objects are counted. A released slab (every slot
 * retired) reads as zeros, never a reference's generation. */
static inline bool heap_live(const gr_slab_t *s, uint32_t idx, gr_gen_t gen) {
  return (gr_gen_at((const void *)_gr_slot_addr(s, idx)) & GR_GEN_MAX) == gen;
}

static GR_NOINLINE void count_add_slow(gr_ref_t r, int delta, const void *where,
                                       const gr_holder_t *holder) {
  void *p = gr_ref_ptr(r);
  if (delta < 0 && GR_UNLIKELY(npend) && pending_release((uintptr_t)p, gr_ref_gen(r)))
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
    heap_add(s, idx, gr_ref_gen(r), delta, where, holder);
    return;
  }
  pthread_mutex_lock(&_gr_counts_lock);
  other_entry_t *e = other_find((uintptr_t)obj, delta > 0);
  if (e && (delta > 0 || e->entry)) {
    e->entry = bump(e->entry, gr_ref_gen(r), delta);
    if (delta > 0) {
      e->where = (uintptr_t)where;
      e->holder = holder;
    }
  }
  pthread_mutex_unlock(&_gr_counts_lock);
}

/* The heap slot a count change of r's target is about: 1 found (*sp,
 * *ip), 0 nothing to count (null, static memory), -1 not found inline (a
 * stack object, a block: the general path decides). A reference to a
 * heap object's start finds its slot without the interior search. */
static inline __attribute__((always_inline)) int counted_slot(gr_ref_t r, gr_slab_t **sp,
                                                              uint32_t *ip) {
  void *p = gr_ref_ptr(r);
  if (GR_UNLIKELY(!p || gr_ref_gen(r) == GR_GEN_STATIC))
    return 0;
  if (GR_LIKELY(!_gr_ref_interior(r) && !_gr_heap_blocks)) {
    *sp = whole_slot(p, ip);
    return *sp ? 1 : -1;
  }
  return heap_slot_of(p, sp, ip) ? 1 : -1;
}

/* r's target's count up (a counted store at `where`, named by `holder`;
 * from_heap: `where` is known to be in the heap). A reference into the
 * heap inline; anything else (a stack object, a block) out of line. */
static inline __attribute__((always_inline)) void
count_inc(gr_ref_t r, const void *where, const gr_holder_t *holder, bool from_heap) {
  gr_gen_t gen = gr_ref_gen(r);
  gr_slab_t *s;
  uint32_t idx;
  int k = counted_slot(r, &s, &idx);
  if (GR_UNLIKELY(k <= 0)) {
    if (k < 0)
      count_add_slow(r, +1, where, holder);
    return;
  }
  if (GR_UNLIKELY(!heap_live(s, idx, gen)))
    return; /* only references to live objects are counted */
  slab_counts_t *c = counts_of(s, true);
  if (GR_UNLIKELY(!c))
    return;
  heap_inc(c, idx, gen);
  note_store(c, idx, where, holder,
             from_heap || (holder != NULL && _gr_slab_of(where) != NULL));
}

/* r's target's count down. A heap address is never in a stack object, so
 * no pending stack object holds a heap reference's count; and no test of
 * the slab's release: its counts are metadata, never freed, and no check
 * reads a retired slot's count. */
static inline __attribute__((always_inline)) void count_dec(gr_ref_t r,
                                                             const void *where) {
#if GR_HDR_COUNTS
  /* A whole reference: its header, no lookup. */
  _Atomic uint64_t *h = GR_LIKELY(!_gr_heap_blocks) ? whole_hdr(r) : NULL;
  if (GR_LIKELY(h != NULL)) {
    hdr_dec(h, gr_ref_gen(r));
    return;
  }
#endif
  gr_slab_t *s;
  uint32_t idx;
  int k = counted_slot(r, &s, &idx);
  if (GR_UNLIKELY(k <= 0)) {
    if (k < 0)
      count_add_slow(r, -1, where, NULL);
    return;
  }
  heap_dec(s, counts_of(s, false), idx, gr_ref_gen(r));
}

static inline __attribute__((always_inline)) void
count_add(gr_ref_t r, int delta, const void *where, const gr_holder_t *holder) {
  if (delta > 0)
    count_inc(r, where, holder, false);
  else
    count_dec(r, where);
}

/* The count of the life `gen` of heap slot idx of s (c: its counts, or
 * NULL), and the last remembered store. */
static int32_t heap_count(gr_slab_t *s, slab_counts_t *c, uint32_t idx, gr_gen_t gen,
                          uintptr_t *where, const gr_holder_t **holder) {
  *where = c ? atomic_load_explicit(&c->slots[idx].where, memory_order_relaxed) : 0;
  _Atomic(const gr_holder_t *) *h = c ? holders_of(c, false) : NULL;
  *holder = h ? atomic_load_explicit(&h[idx], memory_order_relaxed) : NULL;
#if GR_HDR_COUNTS
  return hdr_count(atomic_load_explicit(hdr_word(s, idx), memory_order_relaxed), gen);
#else
  (void)s;
  if (!c)
    return 0;
  uint64_t e = atomic_load_explicit(&c->slots[idx].entry, memory_order_relaxed);
  return ENTRY_GEN(e) == (uint32_t)gen ? ENTRY_COUNT(e) : 0;
#endif
}

static int32_t count_of(const void *p, uintptr_t *where, const gr_holder_t **holder,
                        gr_loc_t *lp) {
  gr_loc_t l;
  _gr_locate(p, 0, &l);
  if (lp)
    *lp = l;
  gr_gen_t gen = l.gen & GR_GEN_MAX;
  gr_slab_t *s = l.slab;
  uint32_t idx = s && !l.block ? l.idx : UINT32_MAX;
  const void *obj = (const void *)l.base;
  uint64_t e = 0;
  *where = 0;
  *holder = NULL;
  if (l.where != GR_AT_HEAP && l.where != GR_AT_STACK)
    return 0;
  if (idx != UINT32_MAX) {
    if (atomic_load_explicit(&s->released, memory_order_acquire))
      return 0;
    return heap_count(s, counts_of(s, false), idx, gen, where, holder);
  }
  pthread_mutex_lock(&_gr_counts_lock);
  other_entry_t *o = other_find((uintptr_t)obj, false);
  if (o) {
    e = o->entry;
    *where = o->where;
    *holder = o->holder;
  }
  pthread_mutex_unlock(&_gr_counts_lock);
  return ENTRY_GEN(e) == (uint32_t)gen ? ENTRY_COUNT(e) : 0;
}

/* This thread's stack, [lo, hi): a reference stored there outside every
 * stack object in scope is a local variable's, never counted. */
static GR_TLS uintptr_t stack_lo, stack_hi;

static bool in_own_stack(uintptr_t a) {
  if (GR_UNLIKELY(!stack_hi)) {
    pthread_attr_t at;
    void *lo;
    size_t size;
    stack_hi = 1; /* unknown: nothing is a local */
    if (pthread_getattr_np(pthread_self(), &at) == 0) {
      if (pthread_attr_getstack(&at, &lo, &size) == 0) {
        stack_lo = (uintptr_t)lo;
        stack_hi = (uintptr_t)lo + size;
      }
      pthread_attr_destroy(&at);
    }
  }
  return a >= stack_lo && a < stack_hi;
}

/* A slot of a local variable (a reference whose address was passed to an
 * out-parameter, `make(&p)`): on this thread's stack, in no stack object
 * the program's frames describe. */
/* The stack object local_slot last found a slot in: a program storing
 * through one struct's fields again and again (lru's cache on main's
 * stack: ~100 instructions of search per store) finds it without the
 * search. It still holds while the frame list holds the same entry at the
 * same index: a stack object's generation is its life's alone. */
static GR_TLS gr_frame_entry_t held_frame;
static GR_TLS uint32_t held_frame_at;

static inline bool in_held_frame(uintptr_t a) {
  if (a - held_frame.lo >= held_frame.hi - held_frame.lo) /* also: none yet */
    return false;
  gr_theap_t *h = _gr_tl_heap;
  uint32_t i = held_frame_at;
  if (!h || i >= atomic_load_explicit(&h->nframes, memory_order_relaxed))
    return false;
  const gr_frame_entry_t *f = &atomic_load_explicit(&h->frames, memory_order_relaxed)[i];
  return f->lo == held_frame.lo && f->hi == held_frame.hi && f->gen == held_frame.gen;
}

static bool local_slot(const void *slot) {
  uintptr_t a = (uintptr_t)slot;
  if (in_held_frame(a))
    return !held_frame.counted;
  if (_gr_slab_of(slot) || !in_own_stack(a))
    return false;
  if (_gr_own_frame_at(a, &held_frame, &held_frame_at))
    return !held_frame.counted; /* a stack object's field, or a local's */
  gr_loc_t l;
  _gr_locate(slot, 0, &l);
  return l.where == GR_AT_STATIC;
}

/* A counted store at `slot` (not a local's; from_heap: in a heap object)
 * replaces old by v, both null or whole references to heap objects (the
 * only place whole references are made, ref.h), into slabs whose counts
 * exist: v's count up, old's down, true. Everything is looked at before
 * anything changes: false (nothing done) for any other case. */
#if GR_HDR_COUNTS
/* The compact layout's: the counts are in the targets' headers. A store
 * into the heap remembers nothing else: the report finds a heap holder by
 * searching (find_heap_holder). A store from outside the heap (a global's,
 * a stack object's) remembers its slot and holder as the fat layout's does. */
static inline __attribute__((always_inline)) bool
recount_fast(gr_ref_t *slot, gr_ref_t old, gr_ref_t v, const gr_holder_t *holder,
             bool from_heap) {
  /* The globals and the new target's header word read once, a count
   * changed from the word already read (graph's heap swaps: ~80
   * instructions a store when each step read them again). */
  uintptr_t base = _gr_heap_base;
  size_t extent = _gr_heap_extent;
  _Atomic uint64_t *nw = NULL, *ow = NULL;
  uint64_t w = 0;
  count_slot_t *nc = NULL;
  _Atomic(const gr_holder_t *) *nh = NULL;
  gr_gen_t ng = gr_ref_gen(v), og = gr_ref_gen(old);
  if (!gr_ref_eq(v, gr_ref_null())) {
    uintptr_t p = (uintptr_t)gr_ref_ptr(v);
    if (GR_UNLIKELY(_gr_ref_interior(v) || ng == GR_GEN_STATIC || p - base >= extent))
      return false; /* not a whole heap reference: the general path */
    nw = (_Atomic uint64_t *)(p - GR_HDR_SIZE);
    w = atomic_load_explicit(nw, memory_order_relaxed);
    if (GR_UNLIKELY((uint32_t)w != (uint32_t)ng))
      return false; /* not live: the general path decides (it counts none) */
    if (GR_UNLIKELY(!from_heap)) {
      uint32_t idx;
      gr_slab_t *s = whole_slot(gr_ref_ptr(v), &idx);
      slab_counts_t *c = s ? atomic_load_explicit(&s->counts, memory_order_acquire) : NULL;
      if (c == NULL)
        return false;
      nc = &c->slots[idx];
      nh = atomic_load_explicit(&c->holder, memory_order_acquire);
      if (nh)
        nh += idx;
      else if (holder != NULL)
        return false;
    }
  }
  if (!gr_ref_eq(old, gr_ref_null())) {
    uintptr_t p = (uintptr_t)gr_ref_ptr(old);
    if (GR_UNLIKELY(_gr_ref_interior(old) || og == GR_GEN_STATIC || p - base >= extent))
      return false;
    ow = (_Atomic uint64_t *)(p - GR_HDR_SIZE);
  }
  if (nw && !count_cas(nw, &w, w + HDR_ONE))
    hdr_inc(nw, ng); /* another thread changed the word meanwhile */
  if (GR_UNLIKELY(nc != NULL)) {
    if (atomic_load_explicit(&nc->where, memory_order_relaxed) != (uintptr_t)slot)
      atomic_store_explicit(&nc->where, (uintptr_t)slot, memory_order_relaxed);
    if (nh != NULL && atomic_load_explicit(nh, memory_order_relaxed) != holder)
      atomic_store_explicit(nh, holder, memory_order_relaxed);
  }
  if (ow)
    hdr_dec(ow, og);
  return true;
}
#else
static inline __attribute__((always_inline)) bool
recount_fast(gr_ref_t *slot, gr_ref_t old, gr_ref_t v, const gr_holder_t *holder,
             bool from_heap) {
  count_slot_t *nc = NULL, *oc = NULL;
  _Atomic(const gr_holder_t *) *nh = NULL;
  gr_gen_t ng = 0, og = 0;
  uint32_t idx;
  if (!gr_ref_eq(v, gr_ref_null())) {
    void *p = gr_ref_ptr(v);
    ng = gr_ref_gen(v);
    gr_slab_t *s = whole_slot(p, &idx);
    if (GR_UNLIKELY(_gr_ref_interior(v) || ng == GR_GEN_STATIC || s == NULL ||
                    (gr_gen_at((const char *)p - GR_HDR_SIZE) & GR_GEN_MAX) != ng))
      return false; /* not live: the general path decides (it counts none) */
    slab_counts_t *c = atomic_load_explicit(&s->counts, memory_order_acquire);
    if (GR_UNLIKELY(c == NULL))
      return false;
    nc = &c->slots[idx];
    /* The holders named by stores (note_store): made by the first store
     * from outside the heap that names one; once made, every store to a
     * slot of the slab names its own. */
    nh = atomic_load_explicit(&c->holder, memory_order_acquire);
    if (nh)
      nh += idx;
    else if (!from_heap && holder != NULL)
      return false;
  }
  if (!gr_ref_eq(old, gr_ref_null())) {
    og = gr_ref_gen(old);
    gr_slab_t *s = whole_slot(gr_ref_ptr(old), &idx);
    if (GR_UNLIKELY(_gr_ref_interior(old) || og == GR_GEN_STATIC || s == NULL))
      return false;
    slab_counts_t *c = atomic_load_explicit(&s->counts, memory_order_acquire);
    if (c)
      oc = &c->slots[idx];
  }
  if (nc) {
    uint64_t e = atomic_load_explicit(&nc->entry, memory_order_relaxed);
    while (!count_cas(&nc->entry, &e, ENTRY_GEN(e) == (uint32_t)ng ? e + 1 : ENTRY(ng, 1)))
      ;
    if (atomic_load_explicit(&nc->where, memory_order_relaxed) != (uintptr_t)slot)
      atomic_store_explicit(&nc->where, (uintptr_t)slot, memory_order_relaxed);
    if (GR_UNLIKELY(nh != NULL) && atomic_load_explicit(nh, memory_order_relaxed) != holder)
      atomic_store_explicit(nh, holder, memory_order_relaxed);
  }
  if (oc) {
    uint64_t e = atomic_load_explicit(&oc->entry, memory_order_relaxed);
    do {
      if (ENTRY_GEN(e) != (uint32_t)og || ENTRY_COUNT(e) <= 0)
        break; /* another life's, or never counted: bump's clamp */
    } while (!count_cas(&oc->entry, &e, e - 1));
  }
  return true;
}
#endif

/* Any counted store: v's target's count up, old's down. */
static GR_NOINLINE void recount_general(gr_ref_t *slot, gr_ref_t old, gr_ref_t v,
                                        const gr_holder_t *holder) {
  if (_gr_slab_of(slot) == NULL) {
    /* A global's, a static's, a stack object's field; or a local's. */
    if (local_slot(slot))
      return;
    if (!_gr_heap_blocks && recount_fast(slot, old, v, holder, false))
      return;
    count_add(v, +1, slot, holder);
    count_add(old, -1, slot, NULL);
    return;
  }
  /* A heap slot: never a local's. */
  if (!gr_ref_eq(v, gr_ref_null()))
    count_inc(v, slot, holder, true);
  if (!gr_ref_eq(old, gr_ref_null()))
    count_dec(old, slot);
}

/* `*slot = v` replaces old (gr_ref_store_at, rt.h, calls this only when
 * they differ). The common case, a heap slot (in the arena: program
 * memory there is in slabs only, never a local's) taking whole references,
 * is a leaf; anything else is one tail call to the general path, which
 * decides as it always did. */
void _gr_ref_recount(gr_ref_t *slot, gr_ref_t old, gr_ref_t v, const gr_holder_t *holder) {
  if (GR_LIKELY((uintptr_t)slot - _gr_heap_base < _gr_heap_extent && !_gr_heap_blocks) &&
      GR_LIKELY(recount_fast(slot, old, v, holder, true)))
    return;
  recount_general(slot, old, v, holder);
}

gr_ref_t gr_ref_store(gr_ref_t *slot, gr_ref_t v) {
  gr_ref_t old = *slot;
  if (!gr_ref_eq(old, v))
    _gr_ref_recount(slot, old, v, NULL);
  *slot = v;
  return v;
}

int gr_ref_count(const void *obj) {
  uintptr_t where;
  const gr_holder_t *holder;
  return obj ? count_of(obj, &where, &holder, NULL) : 0;
}

/* Every reference slot of an object of `size` bytes: refs->offsets within
 * each refs->stride bytes (a NULL layout: none). delta +1 / -1: counted /
 * released; 0: set to null. */
static inline __attribute__((always_inline)) void each_ref(void *obj, size_t size,
                                                           const gr_layout_t *refs, int delta) {
  if (!obj || !refs)
    return;
  size_t step = refs->stride ? refs->stride : size;
  for (size_t k = 0; k < size; k += step)
    for (uint32_t i = 0; i < refs->count; i++)
      if (k + refs->offsets[i] + sizeof(gr_ref_t) <= size) {
        gr_ref_t *slot = (gr_ref_t *)((char *)obj + k + refs->offsets[i]);
        gr_ref_t r = *slot;
        if (gr_ref_eq(r, gr_ref_null()))
          continue;
        if (delta)
          count_add(r, delta, slot, NULL);
        else
          *slot = gr_ref_null();
      }
}

/* A struct's references counted as its lifetime starts and released as it
 * ends (stack objects, struct assignment): each_ref with the direction
 * known, so the count change is inline. */
static void each_ref_inc(void *obj, size_t size, const gr_layout_t *refs) {
  each_ref(obj, size, refs, +1);
}
static void each_ref_dec(void *obj, size_t size, const gr_layout_t *refs) {
  each_ref(obj, size, refs, -1);
}
static bool type_untyped(const void *p, const gr_layout_t *refs, gr_gen_t gen, bool has_gen,
                         uintptr_t *slotp, uintptr_t *lenp, gr_gen_t *genp);
/* Struct assignment's retain (GR_ASSIGN_NORMAL: `*n = tmpl` with n from a
 * void * hook) is a typed store of the whole struct: an untyped heap
 * allocation there takes its type, as a field store through a plain
 * pointer gives it (_gr_ref_recount_typed), so a free through void *
 * releases what the assignment stored. Stack objects lie in no slab. */
void gr_refs_retain(void *obj, size_t size, const gr_layout_t *refs) {
  uintptr_t slot, len;
  gr_gen_t g;
  if (obj && refs && refs->stride == size)
    type_untyped(obj, refs, 0, false, &slot, &len, &g);
  each_ref_inc(obj, size, refs);
}
void gr_refs_release(void *obj, size_t size, const gr_layout_t *refs) {
  each_ref_dec(obj, size, refs);
}
void gr_refs_clear(void *obj, size_t size, const gr_layout_t *refs) {
  each_ref(obj, size, refs, 0);
}

/* The references of elements of `elem` bytes (refs' offsets in each) at
 * base, that lie in [lo, hi): released (delta -1) or retained (+1). */
static void range_refs(char *base, size_t total, size_t elem, const gr_layout_t *refs,
                       uintptr_t lo, uintptr_t hi, int delta) {
  if (!refs || !refs->count)
    return;
  if (!elem)
    elem = refs->stride ? refs->stride : total;
  for (size_t k = 0; elem && k < total; k += elem)
    for (uint32_t i = 0; i < refs->count; i++) {
      uintptr_t a = (uintptr_t)base + k + refs->offsets[i];
      if (k + refs->offsets[i] + sizeof(gr_ref_t) <= total && a >= lo &&
          a + sizeof(gr_ref_t) <= hi)
        count_add(*(gr_ref_t *)a, delta, (void *)a, NULL);
    }
}

/* ---- naming a holder (reports) ---- */

static void holder_text(char *out, size_t cap, const void *obj, uintptr_t where,
                        const gr_holder_t *holder) {
  out[0] = 0;
  /* Name a holder only if it still holds a reference to this object. */
  if (!where || (uintptr_t)gr_ref_ptr(*(const gr_ref_t *)where) < (uintptr_t)obj)
    return;
  gr_loc_t t;
  _gr_locate(obj, 0, &t);
  uintptr_t end = t.size ? (uintptr_t)obj + t.size : (uintptr_t)obj + 1;
  if ((uintptr_t)gr_ref_ptr(*(const gr_ref_t *)where) >= end &&
      gr_ref_ptr(*(const gr_ref_t *)where) != obj)
    return;
  char what[200] = "";
  gr_slab_t *hs = _gr_slab_of((void *)where);
  uint32_t hidx = hs ? _gr_slot_holding(hs, (void *)where) : UINT32_MAX;
  const gr_layout_t *ht = NULL;
  size_t helem = 0;
  uintptr_t hbase = 0;
  if (hidx != UINT32_MAX) {
    hbase = _gr_slot_addr(hs, hidx) + GR_HDR_SIZE;
    slab_counts_t *c = counts_of(hs, false);
    if (c) {
      ht = type_at(c, hidx);
      helem = ht ? ht->stride : 0;
    }
  }
  /* A stack object's heap copy (compact layout, object.c): named as the
   * stack object the program declared, by what its store named ("an
   * element of variable 'v'"), not as a heap object of the copy's type. */
  bool copy = hidx != UINT32_MAX &&
              _gr_stack_copy_life(hbase, gr_gen_at((const void *)(hbase - GR_HDR_SIZE)) & GR_GEN_MAX);
  if (ht && ht->names && helem && !copy) {
    /* The field, by its offset in the holder's element. */
    size_t off = (where - hbase) % helem;
    const char *n = ht->names;
    for (uint32_t i = 0; i < ht->count && n; i++) {
      const char *comma = strchr(n, ',');
      size_t len = comma ? (size_t)(comma - n) : strlen(n);
      if (ht->offsets[i] == off && len == 1 && n[0] == '*') {
        /* The element is the reference (an array of GR_REFs): its index,
         * not a field of the layout's internal type. */
        snprintf(what, sizeof what, "element %zu of an array of references",
                 (size_t)((where - hbase) / helem));
        break;
      }
      if (ht->offsets[i] == off) {
        snprintf(what, sizeof what, "field '%.*s' of '%s'%s%s%s", (int)len, n,
                 ht->type_name ? ht->type_name : "?", ht->decl ? " (declared at " : "",
                 ht->decl ? ht->decl : "", ht->decl ? ")" : "");
        break;
      }
      n = comma ? comma + 1 : NULL;
    }
  }
  /* Else what the store named (a variable, a field of a stack or static
   * object, an element). */
  if (!what[0] && holder && holder->name)
    snprintf(what, sizeof what, "%s%s%s%s", holder->name,
             holder->decl ? " (declared at " : "", holder->decl ? holder->decl : "",
             holder->decl ? ")" : "");
  if (copy)
    snprintf(out, cap, "; one is held by %s%sa stack object (its copy at %p, offset %lu)",
             what[0] ? what : "", what[0] ? ", in " : "", (void *)hbase,
             (unsigned long)(where - hbase));
  else if (hidx != UINT32_MAX)
    snprintf(out, cap, "; one is held by %s%sthe heap object at %p (offset %lu)",
             what[0] ? what : "", what[0] ? ", in " : "", (void *)hbase,
             (unsigned long)(where - hbase));
  else if (in_own_stack(where))
    snprintf(out, cap, "; one is held by %s%sa stack object at %p", what[0] ? what : "",
             what[0] ? ", in " : "", (void *)where);
  else if (what[0])
    snprintf(out, cap, "; one is held by %s, at %p", what, (void *)where);
  else
    snprintf(out, cap, "; one is at %p (a global or static object)", (void *)where);
}

/* Report path only: a live heap object whose allocation says what it holds
 * (gr_alloc_counted) and one of whose GR_REF fields points into [lo, hi)
 * with generation gen. 0 if none. */
static uintptr_t find_heap_holder(uintptr_t lo, uintptr_t hi, gr_gen_t gen) {
  for (const gr_slab_t *s = _gr_slabs_all(); s; s = s->all_next) {
    slab_counts_t *c = atomic_load_explicit(&((gr_slab_t *)s)->counts, memory_order_acquire);
    if ((!c && !GR_HDR_COUNTS) ||
        atomic_load_explicit(&((gr_slab_t *)s)->released, memory_order_acquire))
      continue;
    for (uint32_t i = 0; i < s->capacity; i++) {
      const gr_layout_t *t = type_at(c, i);
      size_t elem = t ? t->stride : 0;
      uintptr_t base = _gr_slot_addr(s, i) + GR_HDR_SIZE;
      if (!(gr_gen_at((const void *)(base - GR_HDR_SIZE)) & 1))
        continue;
      size_t total = s->slot_size - GR_HDR_SIZE;
#if GR_HDR_COUNTS
      /* Stores into the heap remember no slot in this layout: an object
       * of no known type is searched word by word (a reference is one
       * aligned word, its generation in its top bits). */
      if (!t || !elem) {
        for (size_t k = 0; k + sizeof(gr_ref_t) <= total; k += sizeof(gr_ref_t)) {
          const gr_ref_t *r = (const gr_ref_t *)(base + k);
          uintptr_t p = (uintptr_t)gr_ref_ptr(*r);
          if (p >= lo && p < hi && (uint32_t)gr_ref_gen(*r) == (uint32_t)gen &&
              !((uintptr_t)r >= lo && (uintptr_t)r < hi)) /* not its own field */
            return (uintptr_t)r;
        }
        continue;
      }
#else
      if (!t || !elem)
        continue;
#endif
      for (size_t k = 0; k + elem <= total; k += elem)
        for (uint32_t j = 0; j < t->count; j++) {
          const gr_ref_t *r = (const gr_ref_t *)(base + k + t->offsets[j]);
          uintptr_t p = (uintptr_t)gr_ref_ptr(*r);
          if (p >= lo && p < hi && (uint32_t)gr_ref_gen(*r) == (uint32_t)gen &&
              !((uintptr_t)r >= lo && (uintptr_t)r < hi))
            return (uintptr_t)r;
        }
    }
  }
  return 0;
}

static void report_dangling(const void *obj, gr_gen_t found, int32_t n, uintptr_t where,
                            const gr_holder_t *holder, const gr_site_t *site,
                            const char *what, bool deferred, gr_gen_t gen, uint64_t size) {
  char h[400], detail[600];
  if (!still_holds(where, (uintptr_t)obj, size)) {
    /* The stores remembered no longer hold it: look for a heap holder. */
    holder = NULL;
    where = find_heap_holder((uintptr_t)obj, (uintptr_t)obj + (size ? size : 1), gen);
  }
  holder_text(h, sizeof h, obj, where, holder);
  snprintf(detail, sizeof detail, "%s while %d GR_REF reference%s to it remain%s in memory%s%s",
           what, n, n == 1 ? "" : "s", n == 1 ? "s" : "", h,
           deferred ? " (checked when the destruction that freed it ended)" : "");
  gr_report(GR_DANGLING_REFERENCE, obj, 0, found, site, detail);
}

/* The pending heap checks: the destruction that freed them is over. */
static void run_heap_pending(void) {
  for (uint32_t i = 0; i < nhpend; i++) {
    heap_pending_t e = hpend[i];
    gr_slab_t *s = _gr_slab_of((void *)e.obj);
    uint32_t idx = _gr_slot_index(s, (void *)e.obj);
    slab_counts_t *c = counts_of(s, false);
    uintptr_t where = 0;
    const gr_holder_t *holder = NULL;
    int32_t n = heap_count(s, c, idx, e.gen, &where, &holder);
    if (n > 0)
      report_dangling((void *)e.obj, e.gen + 1, n, where, holder, e.site,
                      "the object is freed", true, e.gen, s->slot_size - GR_HDR_SIZE);
    _gr_free_finish(s, idx, (void *)e.obj, e.gen);
  }
  nhpend = 0;
}

/* The pending stack checks of scopes at depth >= d. */
/* A stack object's heap copy at its scope's end: references to it still
 * counted are reported as a stack object's, then its count is dropped (so
 * its free checks nothing more) and it is freed. */
static void copy_check_free(const pending_t *e) {
  uintptr_t where;
  const gr_holder_t *holder;
  gr_loc_t l;
  int32_t n = count_of((void *)e->obj, &where, &holder, &l);
  if (n > 0)
    report_dangling((void *)e->obj, e->gen, n, where, holder, &e->decl,
                    "a stack object goes out of scope", false, e->gen, e->hi - e->obj);
  gr_slab_t *s;
  uint32_t idx;
  if (heap_slot_of((void *)e->obj, &s, &idx)) {
#if GR_HDR_COUNTS
    atomic_fetch_and_explicit(hdr_word(s, idx), ((uint64_t)1 << GR_HDR_COUNT_SHIFT) - 1,
                              memory_order_relaxed);
#else
    slab_counts_t *c = counts_of(s, false);
    if (c)
      atomic_store_explicit(&c->slots[idx].entry, 0, memory_order_relaxed);
#endif
  }
  gr_free((void *)e->obj, NULL);
}

static void run_stack_pending(uint32_t d) {
  uint32_t keep = 0;
  for (uint32_t i = 0; i < npend; i++) {
    pending_t e = pend[i];
    if (e.scope < d) {
      pend[keep++] = e;
      continue;
    }
    if (e.copy) {
      copy_check_free(&e);
      continue;
    }
    if (e.count > 0)
      report_dangling((void *)e.obj, e.gen, e.count, e.where, e.holder, &e.decl,
                      "a stack object goes out of scope", false, e.gen, e.hi - e.obj);
  }
  npend = keep;
}

void _gr_counts_at_exit(void) {
  /* exit() called while a destruction was under way (its functions never
   * returned): its frees are checked now, unless a report is what ends
   * the program. */
  if (nhpend && _gr_report_count() == 0)
    run_heap_pending();
}

static GR_TLS uintptr_t cascade_frame; /* where the outermost one began */

GR_NOINLINE gr_cascade_t gr_cascade_begin(void) {
  uintptr_t here = (uintptr_t)__builtin_frame_address(0);
  if (cascade_depth && here > cascade_frame && in_own_stack(here) &&
      in_own_stack(cascade_frame)) {
    /* The outermost destroying call's frame is gone without its cleanup
     * (longjmp): that destruction is over. (An equal frame is a nested
     * destroying function inlined into the outermost one; frames on
     * another stack, a coroutine's, are not compared.) */
    cascade_depth = 0;
    if (nhpend)
      run_heap_pending();
  }
  if (!cascade_depth)
    cascade_frame = here;
  cascade_depth++;
  gr_cascade_t c = {1};
  return c;
}

void gr_cascade_end(gr_cascade_t *c) {
  if (!c->active)
    return;
  c->active = 0;
  if (cascade_depth && --cascade_depth == 0 && nhpend)
    run_heap_pending();
}

gr_cascade_t gr_scope_begin(void) {
  scope_depth++;
  gr_cascade_t c = {1};
  return c;
}

void gr_scope_end(gr_cascade_t *c) {
  if (!c->active)
    return;
  c->active = 0;
  if (npend)
    run_stack_pending(scope_depth);
  if (scope_depth)
    scope_depth--;
}

/* The references a heap allocation holds, as it dies: elements of `elem`
 * bytes (the allocation may be an array of them), every whole element
 * released and cleared, including references between its own elements. */
/* each_ref(obj, size, refs, -1) then (..., 0), for the free of every
 * counted object: each reference slot released and cleared in one pass (a release never
 * reads the object), the slot's next occupant starting clean. */
#if GR_HDR_COUNTS
/* count_dec of a reference that is not a whole one into the heap, or of
 * any while blocks exist: kept out of release_clear, whose loop then
 * needs few registers. */
static GR_NOINLINE void count_dec_other(gr_ref_t r, const void *where) {
  count_dec(r, where);
}
#endif

/* Every reference field of obj's elements released and cleared, in one
 * pass. What every step reads is held in registers: the loop's stores
 * through gr_ref_t may alias the heap's globals for the compiler, which
 * would reload them per field (binarytrees' free: 166 instructions). */
static inline __attribute__((always_inline)) void release_clear(void *obj, size_t size,
                                                                const gr_layout_t *refs) {
  if (!obj || !refs)
    return;
  size_t step = refs->stride ? refs->stride : size;
  const _gr_u32 *offs = refs->offsets;
  uint32_t n = refs->count;
#if GR_HDR_COUNTS
  uintptr_t base = _gr_heap_base;
  size_t extent = _gr_heap_extent;
  bool blocks = _gr_heap_blocks != 0;
#endif
  for (size_t k = 0; k < size; k += step)
    for (uint32_t i = 0; i < n; i++) {
      size_t o = k + offs[i];
      if (o + sizeof(gr_ref_t) > size)
        continue;
      gr_ref_t *slot = (gr_ref_t *)((char *)obj + o);
      gr_ref_t r = *slot;
      if (gr_ref_eq(r, gr_ref_null()))
        continue;
      *slot = gr_ref_null();
#if GR_HDR_COUNTS
      /* count_dec's common case: whole_hdr with the globals above */
      uintptr_t a = (uintptr_t)gr_ref_ptr(r);
      if (GR_LIKELY(!blocks && !_gr_ref_interior(r) && gr_ref_gen(r) != GR_GEN_STATIC &&
                    a - base < extent))
        hdr_dec((_Atomic uint64_t *)(a - GR_HDR_SIZE), gr_ref_gen(r));
      else
        count_dec_other(r, slot);
#else
      count_dec(r, slot);
#endif
    }
}

static void release_allocation(void *p, size_t total, size_t elem, const gr_layout_t *refs) {
  if (!refs || !elem || total < elem)
    total = elem;
  if (refs && refs->stride == 0 && total > elem) {
    gr_layout_t strided = *refs;
    strided.stride = (uint32_t)elem;
    total -= total % elem;
    /* Released and cleared in one pass (a release reads only the slot it
     * releases): the slot's next occupant starts clean. */
    release_clear(p, total, &strided);
    return;
  }
  if (refs && refs->stride) /* whole elements only (one: no division) */
    total = total < 2 * (size_t)refs->stride ? (total < refs->stride ? 0 : refs->stride)
                                              : total - total % refs->stride;
  release_clear(p, total, refs);
}

static GR_NOINLINE bool free_counted_held(gr_slab_t *s, slab_counts_t *c, uint32_t idx,
                                          void *p, gr_gen_t g, const gr_site_t *site);

/* What the object of slot idx, just freed, held (its allocation's
 * record), or NULL; the record goes with the free. The freeing thread won
 * the slot's CAS: nobody else writes its type. (Compact: the tag stays in
 * the freed word until the next allocation writes it.) */
static const gr_layout_t *take_type(gr_slab_t *s, slab_counts_t *c, uint32_t idx) {
#if GR_HDR_COUNTS
  uint64_t w = atomic_load_explicit(hdr_word(s, idx), memory_order_relaxed);
  const gr_layout_t *held = tag_type(c, idx, w);
  if (held && ((w >> GR_HDR_TAG_SHIFT) & 0xff) == GR_HDR_TAG_SLOT)
    atomic_store_explicit(&types_of(c, false)[idx], NULL, memory_order_relaxed);
  return held;
#else
  (void)s;
  const gr_layout_t *held = type_at(c, idx);
  if (held)
    atomic_store_explicit(&types_of(c, false)[idx], NULL, memory_order_relaxed);
  return held;
#endif
}

static GR_NOINLINE bool free_counted_general(gr_slab_t *s, uint32_t idx, void *p, gr_gen_t g,
                                             size_t size, const gr_layout_t *refs,
                                             const gr_site_t *site, int how) {
  slab_counts_t *c = counts_of(s, false);
  /* What it holds: what its allocation said, else the freed pointer's type. */
  const gr_layout_t *held = NULL;
  size_t elem = 0;
  if ((held = take_type(s, c, idx)) != NULL) {
    elem = held->stride;
  } else {
    held = refs;
    elem = size;
  }
  size_t total = s->slot_size - GR_HDR_SIZE;
  if (held && held->stride && total >= elem && total < 2 * elem)
    release_clear(p, elem, held); /* one element */
  else if (held && elem)
    release_allocation(p, total, elem, held);
  if (how == GR_FREE_MOVED)
    return false;
  /* The common case first: no reference to it remains. */
#if GR_HDR_COUNTS
  if (hdr_count(atomic_load_explicit(hdr_word(s, idx), memory_order_relaxed), g) <= 0)
    return false;
#else
  if (!c)
    return false;
  uint64_t ent = atomic_load_explicit(&c->slots[idx].entry, memory_order_relaxed);
  if (ENTRY_GEN(ent) != (uint32_t)g || ENTRY_COUNT(ent) <= 0)
    return false;
#endif
  return free_counted_held(s, c, idx, p, g, site);
}

/* A free in normal mode (heap.c's free_impl): the common case inline, a
 * leaf with few registers, so the whole free stays short (binarytrees:
 * 166 instructions here, spilling for the general path's sake): the object
 * is one element of the type its allocation recorded, a plain free, and no
 * reference to it remains. Anything else is one call to the general path,
 * which decides as before. */
bool _gr_free_counted(gr_slab_t *s, uint32_t idx, void *p, gr_gen_t g, size_t size,
                      const gr_layout_t *refs, const gr_site_t *site, int how) {
#if GR_HDR_COUNTS
  slab_counts_t *c = atomic_load_explicit(&s->counts, memory_order_acquire);
  /* The type by the tag in the header word the free just wrote (a table
   * tag, 1..254; the slot's own record and no record: the general path). */
  uint32_t tag = (uint32_t)(atomic_load_explicit((_Atomic uint64_t *)_gr_hdr(p),
                                                 memory_order_relaxed) >> GR_HDR_TAG_SHIFT) & 0xff;
  _Atomic(const gr_layout_t *) *k =
      c && tag - 1u < GR_HDR_TAG_SLOT - 1u ? atomic_load_explicit(&c->kinds, memory_order_acquire)
                                           : NULL;
  const gr_layout_t *held = k ? atomic_load_explicit(&k[tag], memory_order_acquire) : NULL;
  size_t total = s->slot_size - GR_HDR_SIZE;
  if (GR_LIKELY(held != NULL && how == GR_FREE_CHECK && held->stride &&
                total >= held->stride && total < 2 * (size_t)held->stride &&
                !_gr_heap_blocks)) {
    release_clear(p, held->stride, held);
    if (GR_LIKELY(hdr_count(atomic_load_explicit((_Atomic uint64_t *)_gr_hdr(p),
                                                 memory_order_relaxed), g) <= 0))
      return false;
    return free_counted_held(s, c, idx, p, g, site);
  }
#endif
  return free_counted_general(s, idx, p, g, size, refs, site, how);
}

/* _gr_free_counted's rare end: references to the object remain. */
static GR_NOINLINE bool free_counted_held(gr_slab_t *s, slab_counts_t *c, uint32_t idx,
                                          void *p, gr_gen_t g, const gr_site_t *site) {
  uintptr_t where;
  const gr_holder_t *holder;
  int32_t n = heap_count(s, c, idx, g, &where, &holder);
  if (n <= 0)
    return false;
  if (cascade_depth > 0) {
    /* Its holders may die in the same destruction: checked when it ends;
     * until then the slot is freed (references to it are stale) but
     * never handed out again. */
    heap_pending_t *e = grow((void **)&hpend, nhpend, &hpend_cap, sizeof *e);
    if (e) {
      e->obj = (uintptr_t)p;
      e->gen = g;
      e->site = site;
      nhpend++;
      return true;
    }
  }
  report_dangling(p, g + 1, n, where, holder, site, "the object is freed", false, g,
                  s->slot_size - GR_HDR_SIZE);
  return false;
}

void _gr_counts_moved(void *old, void *new_obj, size_t len) {
  gr_slab_t *s = _gr_slab_of(old), *ns = _gr_slab_of(new_obj);
  uint32_t idx = s ? _gr_slot_index(s, old) : UINT32_MAX;
  uint32_t nidx = ns ? _gr_slot_index(ns, new_obj) : UINT32_MAX;
  slab_counts_t *c = s ? counts_of(s, false) : NULL;
  if (idx == UINT32_MAX || nidx == UINT32_MAX || !c)
    return;
  const gr_layout_t *held = type_at(c, idx);
  size_t elem = held ? held->stride : 0;
  if (!held || !elem)
    return;
  slab_counts_t *nc = counts_of(ns, true);
  if (!nc)
    return;
  /* The copy's references are counted and it holds what the old one did;
   * the old one's are released as it is freed. */
  range_refs(new_obj, len - len % elem, elem, held, (uintptr_t)new_obj,
             (uintptr_t)new_obj + len, +1);
#if GR_HDR_COUNTS
  set_type(nc, nidx, hdr_word(ns, nidx), held);
#else
  _Atomic(const gr_layout_t *) *nt = types_of(nc, true);
  if (nt)
    atomic_store_explicit(&nt[nidx], held, memory_order_release);
#endif
}

void *gr_alloc_counted(size_t size, const gr_layout_t *refs) {
  uint32_t idx;
  gr_slab_t *s;
  void *p = _gr_alloc_slot(size, &s, &idx);
  if (!p)
    return NULL;
  memset(p, 0, size);
  if (!refs || !refs->stride)
    return p;
  if (!s)
    s = whole_slot(p, &idx); /* the allocation's slow path */
  slab_counts_t *c = s ? counts_of(s, true) : NULL;
#if GR_HDR_COUNTS
  if (c)
    set_type(c, idx, (_Atomic uint64_t *)_gr_hdr(p), refs);
#else
  _Atomic(const gr_layout_t *) *t = c ? types_of(c, true) : NULL;
  if (t)
    atomic_store_explicit(&t[idx], refs, memory_order_release);
#endif
  return p;
}

/* The typed-by-first-use rule's one exception (type_untyped): the live
 * object of slot idx (header h, word w as read), typed as cur, is used at
 * its start as refs, larger than cur and fitting its slot: refs replaces
 * cur, while the slot holds the same life (a racing free wins, and the
 * record of the replacement does not pass to the slot's next life). The
 * counts stay: every counted store counted its target whatever the type;
 * the type only says what a free releases. */
static GR_NOINLINE void upgrade_type(gr_slab_t *s, uint32_t idx, _Atomic uint64_t *h, uint64_t w,
                                     const gr_layout_t *refs) {
  slab_counts_t *c = counts_of(s, false);
  const gr_layout_t *cur = type_at(c, idx);
  if (!cur || cur == refs || refs->stride <= cur->stride ||
      refs->stride > s->slot_size - GR_HDR_SIZE)
    return;
  gr_gen_t g0 = GR_WORD_GEN(w);
#if GR_HDR_COUNTS
  uint32_t tag = kind_tag(c, refs);
  _Atomic(const gr_layout_t *) *t = types_of(c, tag == GR_HDR_TAG_SLOT);
  uint32_t old = (uint32_t)(w >> GR_HDR_TAG_SHIFT) & 0xff;
  if (tag == GR_HDR_TAG_SLOT) {
    /* The record first, then the tag that sends readers to it. */
    const gr_layout_t *e = old == GR_HDR_TAG_SLOT ? cur : NULL;
    if (!t || !atomic_compare_exchange_strong_explicit(&t[idx], &e, refs, memory_order_release,
                                                       memory_order_relaxed))
      return;
    if (old == GR_HDR_TAG_SLOT)
      return; /* the tag stays SLOT: done */
  }
  bool done = false;
  do {
    if (!(w & 1) || GR_WORD_GEN(w) != g0 || ((w >> GR_HDR_TAG_SHIFT) & 0xff) != old)
      break;
    done = count_cas(h, &w, (w & ~((uint64_t)0xff << GR_HDR_TAG_SHIFT)) |
                                (uint64_t)tag << GR_HDR_TAG_SHIFT);
  } while (!done);
  if (tag == GR_HDR_TAG_SLOT && !done) {
    const gr_layout_t *ours = refs; /* freed or retyped meanwhile: undo */
    atomic_compare_exchange_strong_explicit(&t[idx], &ours, NULL, memory_order_relaxed,
                                            memory_order_relaxed);
  } else if (done && old == GR_HDR_TAG_SLOT && t) {
    /* Left SLOT for a tag: the slot's record goes (a free clears it only
     * under the SLOT tag, and an untyped next life must find it empty). */
    const gr_layout_t *e = cur;
    atomic_compare_exchange_strong_explicit(&t[idx], &e, NULL, memory_order_relaxed,
                                            memory_order_relaxed);
  }
#else
  _Atomic(const gr_layout_t *) *t = types_of(c, false);
  const gr_layout_t *e = cur;
  if (!t || !atomic_compare_exchange_strong_explicit(&t[idx], &e, refs, memory_order_release,
                                                     memory_order_relaxed))
    return;
  if (GR_WORD_GEN(atomic_load_explicit(h, memory_order_acquire)) != g0) {
    const gr_layout_t *ours = refs; /* freed meanwhile: undo */
    atomic_compare_exchange_strong_explicit(&t[idx], &ours, NULL, memory_order_relaxed,
                                            memory_order_relaxed);
  }
#endif
}

/* An allocation made without a type (through a hook or a wrapper that
 * returns void *: gr_alloc, not gr_alloc_counted) takes the type of the
 * first counted use of it, as C's allocated storage takes its effective
 * type from its first typed use: a reference made to it (or to one of its
 * elements: an offset that is a multiple of refs->stride, so the
 * allocation is an array of that type, as from a typed calloc), or a
 * counted store through a raw pointer to it (`p->next = q`,
 * `arr[i].next = q`). A free through any pointer type then releases what
 * it holds, as for a typed allocation. Only a live object (generation gen,
 * when has_gen); its slab gets counts, so its frees take the counted path.
 * The first type stays, but for one case: a member struct at offset 0
 * (`&o->link`, an intrusive list's link) typed it as an array of the
 * member's type, then a use of the outer struct at the allocation's start
 * (`o->data = q`, a reference to `o`) names a larger type, which holds the
 * member's fields at the same offsets: it replaces it (upgrade). */
static bool type_untyped(const void *p, const gr_layout_t *refs, gr_gen_t gen, bool has_gen,
                         uintptr_t *slotp, uintptr_t *lenp, gr_gen_t *genp) {
  uint32_t idx;
  gr_slab_t *s;
  if (!refs || !refs->stride || !heap_slot_of(p, &s, &idx))
    return false;
  uintptr_t slot = _gr_slot_addr(s, idx);
  _Atomic uint64_t *h = (_Atomic uint64_t *)slot;
  uint64_t w = atomic_load_explicit(h, memory_order_relaxed);
  if (!(w & 1) || (has_gen && GR_WORD_GEN(w) != gen))
    return false; /* not live (a listed word's low half is even, both layouts) */
  *slotp = slot;
  *lenp = s->slot_size;
  *genp = GR_WORD_GEN(w);
  bool at_start = (uintptr_t)p == slot + GR_HDR_SIZE;
  /* Typed already, the common case, before the division below. */
#if GR_HDR_COUNTS
  uint32_t cur = (uint32_t)(w >> GR_HDR_TAG_SHIFT) & 0xff;
  if (cur) {
    /* At the start, a larger type than its own: upgrade. Its own or one
     * as large (a reference made to it again, the common case: each use
     * site has a layout of its own) is decided here, without the call. */
    if (at_start) {
      const gr_layout_t *held = tag_type(atomic_load_explicit(&s->counts, memory_order_acquire),
                                         idx, w);
      if (!held || held->stride < refs->stride)
        upgrade_type(s, idx, h, w, refs);
    }
    return true;
  }
#else
  slab_counts_t *c = atomic_load_explicit(&s->counts, memory_order_acquire);
  _Atomic(const gr_layout_t *) *t = c ? types_of(c, false) : NULL;
  const gr_layout_t *cur = t ? atomic_load_explicit(&t[idx], memory_order_relaxed) : NULL;
  if (cur) {
    if (at_start && cur->stride < refs->stride)
      upgrade_type(s, idx, h, w, refs); /* larger: upgrade */
    return true;
  }
#endif
  if (((uintptr_t)p - (slot + GR_HDR_SIZE)) % refs->stride != 0)
    return false;
#if GR_HDR_COUNTS
  slab_counts_t *c = counts_of(s, true);
  if (!c)
    return false;
  /* Not set_type's plain store: the object is live and may be shared, so
   * another thread's count change (or a racing free) on its header must
   * not be lost. The tag goes in only while the word is the same life's
   * and untyped. */
  uint32_t tag = kind_tag(c, refs);
  if (tag == GR_HDR_TAG_SLOT) {
    _Atomic(const gr_layout_t *) *t = types_of(c, true);
    const gr_layout_t *none = NULL;
    if (!t || !atomic_compare_exchange_strong_explicit(&t[idx], &none, refs,
                                                       memory_order_release,
                                                       memory_order_relaxed))
      return none != NULL;
  }
  gr_gen_t g0 = GR_WORD_GEN(w);
  do {
    if (!(w & 1) || GR_WORD_GEN(w) != g0 || ((w >> GR_HDR_TAG_SHIFT) & 0xff))
      break;
  } while (!count_cas(h, &w, w | (uint64_t)tag << GR_HDR_TAG_SHIFT));
#else
  c = counts_of(s, true);
  t = c ? types_of(c, true) : NULL;
  const gr_layout_t *none = NULL;
  if (!t)
    return false;
  if (atomic_compare_exchange_strong_explicit(&t[idx], &none, refs, memory_order_release,
                                              memory_order_relaxed) &&
      GR_WORD_GEN(atomic_load_explicit(h, memory_order_acquire)) != GR_WORD_GEN(w)) {
    /* Freed meanwhile (its free took no type): the record must not pass
     * to the slot's next life. */
    const gr_layout_t *ours = refs;
    atomic_compare_exchange_strong_explicit(&t[idx], &ours, NULL, memory_order_relaxed,
                                            memory_order_relaxed);
    return false;
  }
#endif
  return true;
}

gr_ref_t gr_ref_make_counted(const void *p, const gr_layout_t *refs, const gr_site_t *site) {
  gr_ref_t r = gr_ref_make(p, site);
  uintptr_t slot, len;
  gr_gen_t g;
  if (!gr_ref_is_null(r))
    type_untyped(p, refs, gr_ref_gen(r), true, &slot, &len, &g);
  return r;
}

gr_ref_t gr_ref_retype_counted(gr_ref_t r, const gr_layout_t *refs) {
  uintptr_t slot, len;
  gr_gen_t g;
  if (!gr_ref_is_null(r))
    type_untyped(gr_ref_ptr(r), refs, gr_ref_gen(r), true, &slot, &len, &g);
  return r;
}

/* The object the last counted store through a plain pointer found typed
 * (its header's address and the life it found there): stores into it
 * again, a loop over an array's elements, skip the lookup. Another life in
 * its slot reads another generation: looked up again. */
static GR_TLS uintptr_t typed_slot, typed_len;
static GR_TLS gr_gen_t typed_gen;
static GR_TLS const gr_layout_t *typed_refs; /* and the type it asked with (an upgrade) */

void _gr_ref_recount_typed(gr_ref_t *slot, gr_ref_t old, gr_ref_t v, const gr_holder_t *holder,
                           const gr_layout_t *refs, size_t off) {
  uintptr_t a = (uintptr_t)slot;
  if (GR_UNLIKELY(a - typed_slot >= typed_len || refs != typed_refs ||
                  GR_WORD_GEN(atomic_load_explicit((_Atomic uint64_t *)typed_slot,
                                                   memory_order_relaxed)) != typed_gen)) {
    uintptr_t hs, len;
    gr_gen_t g;
    if (type_untyped((const char *)slot - off, refs, 0, false, &hs, &len, &g)) {
      typed_slot = hs;
      typed_len = len;
      typed_gen = g;
      typed_refs = refs;
    }
  }
  _gr_ref_recount(slot, old, v, holder);
}

void *gr_calloc_counted(size_t count, size_t size, const gr_layout_t *refs) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total))
    return gr_calloc(count, size); /* fails as calloc does */
  return gr_alloc_counted(total, refs);
}

/* memset/bzero over memory that may hold counted references: the
 * references in the range are released first: a heap object's own
 * allocation type says where they are, else `refs` (the destination's
 * static type, strided by its size; NULL: none known). */
static void release_range(void *dst, size_t n, const gr_layout_t *refs) {
  if (!dst || !n)
    return;
  gr_slab_t *s = _gr_slab_of(dst);
  uint32_t idx = s ? _gr_slot_holding(s, dst) : UINT32_MAX;
  if (idx != UINT32_MAX) {
    slab_counts_t *c = counts_of(s, false);
    const gr_layout_t *held = type_at(c, idx);
    if (held) {
      char *base = (char *)_gr_slot_addr(s, idx) + GR_HDR_SIZE;
      range_refs(base, s->slot_size - GR_HDR_SIZE, held->stride, held,
                 (uintptr_t)dst, (uintptr_t)dst + n, -1);
      return;
    }
  }
  if (refs && refs->stride)
    range_refs(dst, n, refs->stride, refs, (uintptr_t)dst, (uintptr_t)dst + n, -1);
}

void *gr_memset_counted(void *dst, int c, size_t n, const gr_layout_t *refs) {
  release_range(dst, n, refs);
  return memset(dst, c, n);
}

void gr_bzero_counted(void *dst, size_t n, const gr_layout_t *refs) {
  release_range(dst, n, refs);
  memset(dst, 0, n);
}

void gr_free_normal(void *p, size_t size, const gr_layout_t *refs,
                    const gr_site_t *site) {
  _gr_free_typed(p, 0, false, size, refs, site);
}

void gr_ref_free_normal(gr_ref_t r, size_t size, const gr_layout_t *refs,
                        const gr_site_t *site) {
  void *p = gr_ref_ptr(r);
  if (!p)
    return;
  _gr_free_typed(p, gr_ref_gen(r), true, size, refs, site);
}

void gr_stack_frame_end_normal(gr_stack_frame_t *f) {
  if (!f->obj) /* declared ahead of its object, which never began */
    return;
  gr_refs_release(f->obj, f->size, f->refs);
  if (_gr_stack_frame_is_copy(f)) {
    /* A heap copy (object.c): its slot's count; checked now, or at its
     * block's end with the block's other objects (then it stays allocated
     * until then, out of the frame list). */
    pending_t c;
    memset(&c, 0, sizeof c);
    c.obj = (uintptr_t)f->obj;
    c.hi = c.obj + (f->size ? f->size : 1);
    c.gen = gr_gen_at(_gr_hdr(f->obj)) & GR_GEN_MAX;
    c.scope = scope_depth;
    c.copy = true;
    if (f->site)
      c.decl = *f->site;
    uintptr_t where;
    const gr_holder_t *holder;
    pending_t *e = scope_depth > 0 && count_of(f->obj, &where, &holder, NULL) > 0
                       ? pending_push()
                       : NULL;
    _gr_stack_frame_pop(f, false);
    if (e)
      *e = c;
    else
      copy_check_free(&c);
    return;
  }
  gr_site_t site = {0, 0, 0, 0, 0};
  if (f->site) /* where the object was declared */
    site = *f->site;
  /* No reference to any stack object was ever counted: none to this one
   * (a count is made by a store, whose thread then owns the race with
   * this scope's end, as for any object). */
  if (f->depth && atomic_load_explicit(&other_any, memory_order_acquire)) {
    uintptr_t where;
    const gr_holder_t *holder;
    gr_loc_t l;
    int32_t n = count_of(f->obj, &where, &holder, &l);
    if (n > 0 && scope_depth > 0 && l.where == GR_AT_STACK) {
      /* The other objects of its scope may hold it and die with it: the
       * check waits for the scope's end (gr_scope_end). */
      pending_t *e = pending_push();
      if (e) {
        e->obj = l.base;
        e->hi = l.base + (l.size ? l.size : 1);
        e->gen = l.gen;
        e->scope = scope_depth;
        e->count = n;
        e->where = where;
        e->holder = holder;
        e->decl = site;
        n = 0;
      }
    }
    if (n > 0)
      report_dangling(f->obj, l.gen, n, where, holder, &site,
                      "a stack object goes out of scope", false, l.gen, l.size);
  }
  gr_stack_frame_end(f);
}

void *gr_alloc_zeroed(size_t size) { return gr_calloc(1, size); }
