/* heap.c - the allocation and free fast paths (entry points of rt.h).
 * Slow paths live in slab.c and are noinline. */
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

GR_TLS gr_theap_t *_gr_tl_heap;
GR_TLS gr_theap_t *_gr_tl_fast = &_gr_no_heap;

static inline gr_theap_t *get_heap(void) {
  gr_theap_t *h = _gr_tl_heap;
  if (GR_UNLIKELY(!h))
    h = _gr_theap_init();
  return h;
}

/* A free slot of pools->cur[c], made live; an empty list is the slow path. */
static inline void *pool_alloc(gr_theap_t *h, gr_pools_t *pools, uint32_t c,
                               uint32_t align_shift) {
  gr_slab_t *s = pools->cur[c];
  if (GR_UNLIKELY(_gr_list_empty(s)))
    return _gr_alloc_slow(h, pools, c, align_shift);
  return _gr_take_free(s);
}

/* A slot holds its header and the object: size + 8 bytes. */
static inline bool small_size(size_t size) {
  return size <= GR_MAX_SMALL - GR_HDR_SIZE;
}

/* Every allocation but the fast path's: no heap yet, a big size, an empty
 * free list, stacks being recorded. */
static GR_NOINLINE void *alloc_general(size_t size) {
  void *p;
  if (GR_LIKELY(small_size(size))) {
    gr_theap_t *h = get_heap();
    uint32_t c = _gr_class_of(size + GR_HDR_SIZE);
    p = pool_alloc(h, &h->pools, c, GR_MIN_ALIGN_SHIFT);
  } else
    p = _gr_alloc_huge(size, GR_MIN_ALIGN_SHIFT);
  if (GR_UNLIKELY(!p))
    errno = ENOMEM; /* as malloc, which is gr_alloc (interpose.c) */
  return p;
}

/* The fast path: the thread's slab of the class has a listed slot, and no
 * stacks are recorded; NULL otherwise. *sp: the slab taken from. gr_alloc
 * stays a leaf that saves no register; anything else is one tail call.
 * Every small size's class comes from the table. The list's chain from
 * one allocation to the next is free_obj -> the head's link -> free_obj,
 * a load and an add: the link half is read by a 32-bit load of its own
 * (a shift of the whole word would lengthen the chain: bench/alloc lifo
 * 7% slower), and so is the generation. (The head as an offset, moved
 * from the link unchanged, so that the chain is two loads: churn 30% and
 * lifo 4% slower, its loads indexed.) */
static inline __attribute__((always_inline)) void *alloc_fast(size_t size, gr_slab_t **sp) {
  if (GR_LIKELY(small_size(size))) {
    gr_theap_t *h = _gr_tl_fast;
    gr_slab_t *s = h->pools.cur[h->class_tab[(size + GR_HDR_SIZE + 15) >> 4]];
    /* A listed object's address is never NULL: gr_alloc's test of the
     * result then folds into the header test. */
    uintptr_t b = s->free_obj;
    /* Odd: the list's end (internal.h, "free lists"). */
    uint32_t lo = __atomic_load_n(_gr_hdr_half(b, 0), __ATOMIC_RELAXED);
    uint32_t hi = __atomic_load_n(_gr_hdr_half(b, 1), __ATOMIC_RELAXED);
    uint32_t link = GR_LIST_LINK_HALF ? hi : lo, g = GR_LIST_LINK_HALF ? lo : hi;
    /* A link out of the slab (list_end) is the slow path's to report. */
    if (GR_LIKELY(!(lo & 1) && link < s->list_end)) {
      /* No live count: this is its pool's current slab (types.h). */
      s->free_obj = _gr_link_obj(s, link);
      /* The generation alone (compact: count and type tag 0, types.h). */
      __atomic_store_n(_gr_hdr((void *)b), (gr_gen_t)g + 1, __ATOMIC_RELAXED);
      *sp = s;
      __builtin_assume(b != 0);
      return (void *)b;
    }
  }
  return NULL;
}

void *gr_alloc(size_t size) {
  gr_slab_t *s;
  void *p = alloc_fast(size, &s);
  return GR_LIKELY(p != NULL) ? p : alloc_general(size);
}

/* gr_alloc that also says where the object lives when its fast path ran
 * (*sp, *ip: its slab and slot), else NULL in *sp: normal mode's typed
 * allocation records the type by slot without looking the slot up again. */
void *_gr_alloc_slot(size_t size, gr_slab_t **sp, uint32_t *ip) {
  void *p = alloc_fast(size, sp);
  if (GR_LIKELY(p != NULL)) {
    *ip = (uint32_t)((((uintptr_t)p - GR_HDR_SIZE - (*sp)->start) * (*sp)->div_magic) >> 40);
    return p;
  }
  *sp = NULL;
  return alloc_general(size);
}

void *_gr_alloc_aligned(size_t size, uint32_t align_shift) {
  if (align_shift <= GR_MIN_ALIGN_SHIFT)
    return gr_alloc(size);
  if (align_shift > GR_MAX_ALIGN_SHIFT)
    return NULL;
  size_t align = (size_t)1 << align_shift;
  /* Small kinds up to 4 KiB alignment: their slots round up to it. */
  if (align <= 4096 && size <= GR_MAX_SMALL / 2 - GR_HDR_SIZE) {
    gr_theap_t *h = get_heap();
    uint32_t a = align_shift - GR_MIN_ALIGN_SHIFT - 1;
    gr_pools_t *lp = h->apools[a];
    if (!lp) {
      lp = _gr_meta_alloc(sizeof *lp);
      if (!lp)
        return NULL;
      for (uint32_t i = 0; i < GR_NCLASSES; i++)
        lp->cur[i] = &_gr_empty_slab;
      h->apools[a] = lp;
    }
    uint32_t c = _gr_class_of(size + GR_HDR_SIZE);
    return pool_alloc(h, lp, c, align_shift);
  }
  return _gr_alloc_huge(size, align_shift);
}

void *gr_calloc(size_t count, size_t size) {
  size_t total;
  if (__builtin_mul_overflow(count, size, &total))
    return NULL;
  void *p = gr_alloc(total);
  if (p)
    memset(p, 0, total);
  return p;
}

/* ---- free ---- */

static const char *type_of(const gr_site_t *site) {
  return site ? site->type : NULL;
}

/* A free of an address inside a heap object, not at its start (an
 * interior pointer: &obj->field, p + 1, an interior reference). The
 * report names the object itself, its address and generation: a freed
 * object is a double free of it, a live one an invalid free. */
static GR_NOINLINE void invalid_interior(gr_slab_t *s, void *p, gr_gen_t gen,
                                         bool has_gen, const gr_site_t *site) {
  uint32_t idx = _gr_slot_holding(s, p);
  uintptr_t obj = idx == UINT32_MAX ? 0 : _gr_slot_addr(s, idx) + GR_HDR_SIZE;
  if (!obj || (uintptr_t)p < obj) { /* a header or a slab's edge */
    gr_report(GR_INVALID_FREE, p, gen, 0, site,
              "the address points inside a heap object, not at its start");
    return;
  }
  char detail[200];
  unsigned long off = (unsigned long)((uintptr_t)p - obj);
  bool released = atomic_load_explicit(&s->released, memory_order_acquire);
  gr_gen_t g = released ? 0 : _gr_gen_of((void *)obj);
  gr_site_t typed = site ? *site : (gr_site_t){0};
  typed.type = type_of(site);
  if (released || (g && (!(g & 1) || (has_gen && g != gen)))) {
    snprintf(detail, sizeof detail,
             "the pointer freed, %p, points %lu bytes into the object, which was "
             "already freed", p, off);
    gr_report(GR_DOUBLE_FREE, (void *)obj, has_gen ? gen : g ? g - 1 : 0, g,
              &typed, detail);
    return;
  }
  snprintf(detail, sizeof detail,
           "the address points %lu bytes inside the heap object at %p (generation "
           "%llu, %s), not at its start", off, (void *)obj, (unsigned long long)g,
           g ? "live" : "never allocated");
  gr_report(GR_INVALID_FREE, p, gen, g, site, detail);
}

/* Sanitizer variants (nointerpose.c): the malloc family is the
 * sanitizer's, so an address outside the genref heap that is not a
 * poisoned copy of a freed reference may be its memory (a reference made
 * to strdup's result, freed through the reference): the sanitizer's own
 * free and realloc take it, and report a bad one as the sanitizer does.
 * With the genref heap as malloc (interpose.c) such an address is an
 * invalid free, and calling free would come back here. */
static bool foreign_memory(const void *p) {
  return !_gr_malloc_interposed && _gr_slab_of(p) == NULL && _gr_unpoison(p) == NULL;
}

/* Validate that p is a live object of the heap. On failure reports and
 * returns NULL. `gen`/`has_gen`: the generation the caller's reference
 * carries, if any. */
static gr_slab_t *validate_live(void *p, gr_gen_t gen, bool has_gen,
                                const gr_site_t *site, const char *what) {
  gr_slab_t *s = _gr_slab_of(p);
  if (GR_UNLIKELY(!s)) {
    void *obj = _gr_unpoison(p);
    if (obj) {
      /* The real object's address and generation: the poisoned pointer
       * carries neither (was: reported as generation 0 of nothing). */
      gr_slab_t *os = _gr_slab_of(obj);
      bool gone = os && atomic_load_explicit(&os->released, memory_order_acquire);
      gr_report(GR_DOUBLE_FREE, obj, 0, gone ? 0 : _gr_gen_of(obj), site,
                "the pointer was copied from a reference to an object that was "
                "already freed");
    } else
      gr_report(GR_INVALID_FREE, p, gen, 0, site,
                "the address was not allocated by the genref heap");
    return NULL;
  }
  if (GR_UNLIKELY(_gr_slot_index(s, p) == UINT32_MAX)) {
    invalid_interior(s, p, gen, has_gen, site);
    return NULL;
  }
  gr_gen_t g = _gr_gen_of(p);
  if (GR_UNLIKELY(atomic_load_explicit(&s->released, memory_order_acquire))) {
    /* Every slot here lived and retired: whatever p was, it was freed. */
    gr_site_t typed = site ? *site : (gr_site_t){0};
    typed.type = type_of(site);
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
    typed.type = type_of(site);
    gr_report(GR_DOUBLE_FREE, p, has_gen ? gen : g - 1, g, &typed,
              (g & 1) ? "the object was freed and its memory reused since the reference was made"
                      : what);
    return NULL;
  }
  return s;
}

/* What a free does after the slot went from live (g) to free (g + 1):
 * the slot goes back to a free list, or retires. Also the end of a
 * normal-mode quarantine (refcount.c): a slot freed while references to it
 * remained is only handed back once its check ran. */
void _gr_free_finish(gr_slab_t *s, uint32_t idx, void *p, gr_gen_t g) {
  gr_theap_t *h = _gr_tl_heap;
  /* The common case: a small kind, not retiring, freed by its owner. */
  if (GR_LIKELY(s->simple && g + 1 <= GR_HEAP_GEN_MAX - 2 && h != NULL &&
                atomic_load_explicit(&s->owner, memory_order_relaxed) == h)) {
    _gr_push_freed(s, (uintptr_t)p, g + 1);
    return;
  }
  const gr_kind_t *k = s->kind;
  if (GR_UNLIKELY(g + 1 > GR_HEAP_GEN_MAX - 2)) { /* I4: retire */
    uint32_t r = atomic_fetch_add_explicit(&s->retired, 1, memory_order_acq_rel);
    atomic_fetch_add_explicit(&((gr_kind_t *)k)->n_retired, 1,
                              memory_order_relaxed);
    if (r + 1 == k->capacity) /* the slab's last slot: nothing left to reuse */
      _gr_release_slab(s);
    return;
  }
  if (GR_UNLIKELY(k->class_idx >= GR_NCLASSES)) {
    _gr_free_huge(s, p);
    return;
  }
  if (GR_LIKELY(h != NULL &&
                atomic_load_explicit(&s->owner, memory_order_relaxed) == h)) {
    _gr_push_freed(s, (uintptr_t)p, g + 1);
    return;
  }
  _gr_free_remote(s, idx);
}

/* `refs`/`size`: what the freed pointer's static type says the object
 * holds (normal mode), or NULL/0. `how`: GR_FREE_CHECK (a free), or
 * GR_FREE_MOVED (realloc: the references to the object are not checked). */
static inline __attribute__((always_inline)) void
free_impl(void *p, gr_gen_t gen, bool has_gen, const gr_site_t *site,
          size_t size, const gr_layout_t *refs, int how) {
  gr_slab_t *s = _gr_slab_of(p);
  uint32_t idx = s ? _gr_slot_index(s, p) : UINT32_MAX;
  if (GR_UNLIKELY(idx == UINT32_MAX)) {
    if (!s && foreign_memory(p))
      free(p);
    else
      validate_live(p, gen, has_gen, site, NULL);
    return;
  }
  gr_gen_t *hp = _gr_hdr(p);
  gr_gen_t w = __atomic_load_n(hp, __ATOMIC_RELAXED); /* with a count (types.h) */
  gr_gen_t g = GR_WORD_GEN(w);
  gr_theap_t *h = _gr_tl_heap;
  if (GR_LIKELY(h != NULL && atomic_load_explicit(&s->owner, memory_order_relaxed) == h)) {
    /* The owner: a plain store, no atomic read-modify-write. A free racing
     * it in another thread is caught by its compare-and-swap, or, if both
     * succeed, when the owner collects that thread's push (I5). */
    if (GR_UNLIKELY(!(g & 1) || (has_gen && g != gen))) {
      validate_live(p, gen, has_gen, site, "the object was already freed");
      return;
    }
    __atomic_store_n(hp, w + 1, __ATOMIC_RELEASE);
  } else {
    /* The CAS makes racing double frees lose cleanly: only one thread
     * moves the slot from live to free, so it enters one free list. */
    for (;;) {
      if (GR_UNLIKELY(!(g & 1) || (has_gen && g != gen))) {
        validate_live(p, gen, has_gen, site, "the object was already freed");
        return;
      }
      if (__atomic_compare_exchange_n(hp, &w, w + 1, true, __ATOMIC_RELEASE,
                                      __ATOMIC_RELAXED))
        break;
      g = GR_WORD_GEN(w); /* another free, or a count change */
    }
  }
  /* The free's stack, while the slot is still this free's alone: on no
   * free list yet, so no allocation can write its record meanwhile. */
  if (GR_UNLIKELY(_gr_trace_depth))
    _gr_trace_free(s, idx);
  /* Normal mode (refcount.c): the object's own references are released,
   * references to it checked; one still referenced stays quarantined. */
  if (GR_UNLIKELY(refs != NULL || (GR_HDR_COUNTS && w != g) ||
                  atomic_load_explicit(&s->counts, memory_order_relaxed) != NULL) &&
      _gr_free_counted(s, idx, p, g, size, refs, site, how))
    return;
  _gr_free_finish(s, idx, p, g);
}

static GR_NOINLINE void free_general(void *p, gr_gen_t gen, bool has_gen,
                                     const gr_site_t *site) {
  if (p)
    free_impl(p, gen, has_gen, site, 0, NULL, GR_FREE_CHECK);
}

/* gr_free's: the same arguments in the same registers as gr_free's, so
 * the fast path's tail call moves none. */
static GR_NOINLINE void free_general_site(void *p, const gr_site_t *site) {
  if (p)
    free_impl(p, 0, false, site, 0, NULL, GR_FREE_CHECK);
}

/* _gr_arena_size with acquire order (it is stored last: os.c). On x86
 * every load is an acquire, so a plain (volatile) load and a compiler
 * fence give it, and the compare takes the load as its operand: one
 * instruction less than an atomic load, which clang keeps apart. */
static inline size_t arena_size_acquire(void) {
#if defined(__x86_64__) && !defined(__SANITIZE_THREAD__) && \
    !(defined(__has_feature) && __has_feature(thread_sanitizer))
  size_t n = *(const volatile size_t *)&_gr_arena_size;
  __atomic_signal_fence(__ATOMIC_ACQUIRE);
  return n;
#else
  return __atomic_load_n(&_gr_arena_size, __ATOMIC_ACQUIRE);
#endif
}

/* The fast path: a live small object freed by its slab's owner, in a
 * slab without reference counts (normal mode), while no stacks are
 * recorded; `gen`, when the caller has a reference, must be the header's.
 * A leaf that saves no register; anything else (NULL, not a heap object's
 * start, freed, another thread's, retiring) is false, and the caller
 * makes one tail call to the whole free, which decides and reports. */
static inline __attribute__((always_inline)) bool
free_fast(void *p, gr_gen_t gen, bool has_gen) {
  /* The arena's size is 0 until it exists (stored last, release: os.c),
   * so this one test also covers "no arena yet". */
  uintptr_t off = (uintptr_t)p - _gr_arena_base;
  if (GR_UNLIKELY(off >= arena_size_acquire()))
    return false;
  gr_slab_t *s = _gr_chunk_map[off >> GR_CHUNK_SHIFT];
  /* fast_owner: the owner, NULL once the slab has counts (normal mode).
   * Only a small slab has an owner (a huge one's is NULL), and
   * _gr_tl_fast is never NULL, so the test also says capacity > 1 and
   * slot_size <= 128 KiB. */
  if (GR_UNLIKELY(s == NULL ||
                  atomic_load_explicit(&s->fast_owner, memory_order_relaxed) != _gr_tl_fast))
    return false;
  /* Object start: o = p - 8 - start a multiple of slot_size, in one
   * 64-bit multiply (free_magic = ceil(2^64 / slot_size), types.h): for o
   * < 2^32, o * free_magic mod 2^64 is below free_magic iff slot_size
   * divides o (exact). p lies in the slab's chunks (< 2 MiB), so o is
   * below 2^32 but for a p below slot 0's object (the subtraction
   * wrapped): a negative o, refused by its sign. The one multiple past the last
   * slot, o = capacity * slot_size, has its header in the slab's tail,
   * which is at least 8 bytes (slab - base is 8 modulo 16 and slot_size a
   * multiple of 16) and never written: 0, even, refused by the header test
   * below. (No slot number: the list needs none; the 128-bit multiply that
   * gave one cost lifo 3%.) */
  uintptr_t o = (uintptr_t)p - GR_HDR_SIZE;
  __asm__("" : "+r"(o)); /* not shared with the header's address below */
  o -= s->start;
  if (GR_UNLIKELY((intptr_t)o < 0 || o * s->free_magic >= s->free_magic))
    return false;
  /* Live (odd), and the freed value below retirement (I4), g + 1 <=
   * GR_HEAP_GEN_MAX - 2. Fat: the generation half is the whole live word
   * (below 2^32), and 32-bit tests take immediates. Compact: the whole
   * word, so the same compare refuses a count in its high half: a heap
   * object's store counts its target in the target's header even in a
   * slab without counts (refcount.c), and the count is the free's to
   * check (a hook-allocated object, untyped, freed through the hook while
   * another heap object still holds it). */
#if GR_HDR_COUNTS
  uint64_t gw = __atomic_load_n((uint64_t *)p - 1, __ATOMIC_RELAXED);
  if (GR_UNLIKELY(gw > (uint64_t)(GR_HEAP_GEN_MAX - 3)))
    return false;
  uint32_t g = (uint32_t)gw;
  if (GR_UNLIKELY(has_gen && g != gen))
    return false;
#else
  uint32_t g = __atomic_load_n((uint32_t *)p - 2, __ATOMIC_RELAXED);
  if (GR_UNLIKELY(g > (uint32_t)(GR_HEAP_GEN_MAX - 3) || (has_gen && g != gen)))
    return false;
#endif
  uint32_t e = g + 1; /* the freed value: even */
  __asm__("" : "+r"(e)); /* the parity tested on e: one test, no copy of g */
  if (GR_UNLIKELY(e & 1))
    return false;
  /* The header becomes the listed word: this free's generation and link
   * (internal.h), no separate store of the generation first. */
  _gr_push_freed(s, (uintptr_t)p, e);
  return true;
}

void gr_free(void *p, const gr_site_t *site) {
  if (GR_UNLIKELY(!free_fast(p, 0, false)))
    free_general_site(p, site);
}

void gr_free_gen(void *p, gr_gen_t gen, const gr_site_t *site) {
  if (GR_UNLIKELY(!free_fast(p, gen, true)))
    free_general(p, gen, true, site);
}

void _gr_free_typed(void *p, gr_gen_t gen, bool has_gen, size_t size,
                    const gr_layout_t *refs, const gr_site_t *site) {
  if (p)
    free_impl(p, gen, has_gen, site, size, refs, GR_FREE_CHECK);
}

size_t gr_usable_size(const void *p) {
  gr_slab_t *s = _gr_slab_of(p);
  if (!s || _gr_slot_index(s, p) == UINT32_MAX ||
      !gr_gen_is_alive(gr_gen_at(_gr_hdr((void *)p))))
    return 0;
  return s->kind->slot_size - GR_HDR_SIZE;
}

/* C realloc semantics. The result is always a new object (new identity):
 * contents are copied, the old object is freed so references to it go
 * stale. The new object keeps the old one's alignment. */
void *gr_realloc(void *p, size_t size, const gr_site_t *site) {
  if (!p)
    return gr_alloc(size);
  if (foreign_memory(p))
    return realloc(p, size);
  gr_slab_t *s = validate_live(p, 0, false, site, "realloc of a freed object");
  if (!s)
    return NULL;
  if (size == 0) {
    gr_free(p, site);
    return NULL;
  }
  void *n = _gr_alloc_aligned(size, s->kind->align_shift);
  if (!n)
    return NULL; /* p stays valid, as with C realloc */
  size_t old = s->kind->slot_size - GR_HDR_SIZE;
  memcpy(n, p, old < size ? old : size);
  /* Normal mode: the copy holds the references the old object held. */
  if (GR_UNLIKELY(atomic_load_explicit(&s->counts, memory_order_relaxed) != NULL))
    _gr_counts_moved(p, n, old < size ? old : size);
  free_impl(p, 0, false, site, 0, NULL, GR_FREE_MOVED);
  return n;
}

gr_gen_t _gr_slot_gen(const void *obj) { return _gr_gen_of((void *)obj); }

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
