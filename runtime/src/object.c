/* object.c - stack objects' lifetimes: the thread's frame list, and the
 * heap copies that stand in for stack objects in the compact layout.
 *
 * A stack object has no header (its bytes are the program's, I10): its
 * generation is an entry {lo, hi, gen} in its thread's frame list, pushed
 * when its scope begins and popped when it ends. References to it are
 * interior references, checked through the list (locate.c). Out of line
 * on purpose: the object's address escapes into the runtime. */
#include "internal.h"

#include <string.h>

/* Room for one more frame; NULL when out of metadata memory. */
static gr_frame_entry_t *frames_grow(gr_theap_t *h, uint32_t n) {
  gr_frame_entry_t *f = atomic_load_explicit(&h->frames, memory_order_relaxed);
  if (n < h->frames_cap)
    return f;
  uint32_t cap = h->frames_cap ? h->frames_cap * 2 : 64;
  gr_frame_entry_t *nf = _gr_meta_alloc(cap * sizeof *nf);
  if (!nf)
    return NULL;
  if (f)
    memcpy(nf, f, n * sizeof *nf);
  /* The old array stays readable (metadata is never freed): another
   * thread's lookup racing with the move reads one or the other. */
  atomic_store_explicit(&h->frames, nf, memory_order_release);
  h->frames_cap = cap;
  return nf;
}

static inline uint32_t dead_slot(const void *obj) {
  return (uint32_t)(((uintptr_t)obj >> 4) % GR_DEAD_FRAMES);
}

/* One fresh generation for the whole object (an array of weakable
 * structs, a struct holding some): references tell elements apart by
 * address, and a byte-wise swap of elements (qsort) changes no identity.
 * Narrow (compact) generations: see below. */
static inline __attribute__((always_inline)) gr_stack_frame_t
frame_begin(void *obj, size_t size, uint32_t counted) {
  gr_stack_frame_t f = {obj, size, 0, 0, 0};
  gr_theap_t *h = _gr_tl_heap;
  if (GR_UNLIKELY(!h))
    h = _gr_theap_init();
  uint32_t n = atomic_load_explicit(&h->nframes, memory_order_relaxed);
  gr_frame_entry_t *fr = frames_grow(h, n);
  if (!fr)
    return f; /* unprotected, never wrong: references to it read as static */
  gr_gen_t g;
#if GENREF_GEN_BITS < 64
  uint32_t d = dead_slot(obj);
  /* Narrow generations: the objects at one address count up from the last
   * one's, so a stale reference to any of the previous 32,767 objects at
   * this address never matches (a fresh one would repeat at random). */
  if (h->dead_lo[d] == (uintptr_t)obj)
    g = ((h->dead_gen[d] + 2) & GR_GEN_MAX) | 1;
  else
    g = gr_fresh_gen();
#else
  g = gr_fresh_gen(); /* 64 bits: never repeats */
#endif
  fr[n] = (gr_frame_entry_t){(uintptr_t)obj, (uintptr_t)obj + (size ? size : 1), g, counted};
  atomic_store_explicit(&h->nframes, n + 1, memory_order_release);
  f.depth = n + 1;
  return f;
}

gr_stack_frame_t gr_stack_frame_begin(void *obj, size_t size) { return frame_begin(obj, size, 0); }

gr_stack_frame_t _gr_stack_frame_begin_counted(void *obj, size_t size) {
  return frame_begin(obj, size, 1);
}

/* ---- Heap copies (compact layout: rt.h's gr_stack_frame_place) ----
 *
 * A 16-bit generation at a fixed stack address can only count through
 * 2^15 odd values, so a stale reference would match a later object at the
 * same address after that many frames. A heap slot never repeats one (a
 * slot retires after its last life, I4), so an object placed in a heap
 * copy for its scope can never be named by a stale reference again. The
 * copy is listed in the frame list as an entry with an empty range
 * (lo == hi: no lookup ever matches it) so that ending an outer frame
 * also frees the copies of frames skipped by longjmp.
 *
 * Each thread remembers which lives of which slots were its stack copies,
 * so a report names a stale reference to one a stack object out of scope:
 * per slot (in a two-way set chosen by a hash of its address) the last run
 * of consecutive lives [lo, hi] that were all copies (a slot's generations
 * only rise). A life forgotten (its set reused by two other slots since,
 * or an ordinary allocation in between) is reported as a heap object's. */
#define GR_COPY_SETS 256 /* two ways each */
typedef struct copy_lives {
  uintptr_t base;
  gr_gen_t lo, hi;
} copy_lives_t;
static GR_TLS copy_lives_t copy_lives[GR_COPY_SETS][2];
static GR_TLS uint8_t copy_next[GR_COPY_SETS]; /* the way to replace next */

/* Slabs are aligned, so slots of different size classes share low address
 * bits: the set comes from a multiplicative hash of the whole address. */
static inline uint32_t copy_set(uintptr_t base) {
  return (uint32_t)(((uint64_t)base * UINT64_C(0x9E3779B97F4A7C15)) >> 56) % GR_COPY_SETS;
}

bool _gr_stack_copy_life(uintptr_t base, gr_gen_t gen) {
  const copy_lives_t *c = copy_lives[copy_set(base)];
  for (int w = 0; w < 2; w++)
    if ((gen & 1) && c[w].base == base && gen >= c[w].lo && gen <= c[w].hi)
      return true;
  return false;
}

static void copy_life_note(uintptr_t base, gr_gen_t g) {
  uint32_t set = copy_set(base);
  copy_lives_t *c = copy_lives[set];
  for (int w = 0; w < 2; w++)
    if (c[w].base == base) {
      if (c[w].hi + 2 == g) /* the slot's previous life was one too */
        c[w].hi = g;
      else
        c[w] = (copy_lives_t){base, g, g};
      return;
    }
  uint8_t w = copy_next[set];
  copy_next[set] = (uint8_t)(w ^ 1);
  c[w] = (copy_lives_t){base, g, g};
}

static inline bool is_copy(const gr_frame_entry_t *e) {
  return e->lo == e->hi;
}

static gr_stack_frame_t frame_copy(void *obj, size_t size, int initialized, uint32_t counted) {
  gr_theap_t *h = _gr_tl_heap;
  if (GR_UNLIKELY(!h))
    h = _gr_theap_init();
  uint32_t n = atomic_load_explicit(&h->nframes, memory_order_relaxed);
  gr_frame_entry_t *fr = frames_grow(h, n);
  void *c = fr ? gr_alloc(size ? size : 1) : NULL;
  if (GR_UNLIKELY(!c))
    return frame_begin(obj, size, counted); /* the frame list's scheme */
  if (initialized)
    memcpy(c, obj, size); /* what its initializer stored */
  gr_gen_t g = gr_gen_at(_gr_hdr(c)) & GR_GEN_MAX;
  copy_life_note((uintptr_t)c, g);
  fr[n] = (gr_frame_entry_t){(uintptr_t)c, (uintptr_t)c, 0, 0};
  atomic_store_explicit(&h->nframes, n + 1, memory_order_release);
  gr_stack_frame_t f = {c, size, n + 1, 0, 0};
  return f;
}

gr_stack_frame_t _gr_stack_frame_copy(void *obj, size_t size, int initialized) {
  return frame_copy(obj, size, initialized, 0);
}

gr_stack_frame_t _gr_stack_frame_copy_counted(void *obj, size_t size, int initialized) {
  return frame_copy(obj, size, initialized, 1);
}

bool _gr_stack_frame_is_copy(const gr_stack_frame_t *f) {
  gr_theap_t *h = _gr_tl_heap;
  if (!f->obj || !f->depth || !h ||
      atomic_load_explicit(&h->nframes, memory_order_relaxed) < f->depth)
    return false;
  const gr_frame_entry_t *e =
      &atomic_load_explicit(&h->frames, memory_order_relaxed)[f->depth - 1];
  return is_copy(e) && e->lo == (uintptr_t)f->obj;
}

/* The heap copies among entries [from, n) (from's own only if free_own). */
static GR_NOINLINE void free_copies(gr_frame_entry_t *fr, uint32_t from, uint32_t n,
                                    bool free_own) {
  for (uint32_t i = from; i < n; i++)
    if (is_copy(&fr[i]) && (free_own || i != from))
      gr_free((void *)fr[i].lo, NULL);
}

static inline __attribute__((always_inline)) void frame_pop(gr_stack_frame_t *f,
                                                           bool free_own) {
  if (!f->obj || !f->depth)
    return;
  gr_theap_t *h = _gr_tl_heap;
  uint32_t n = h ? atomic_load_explicit(&h->nframes, memory_order_relaxed) : 0;
  if (n >= f->depth) {
    gr_frame_entry_t *fr = atomic_load_explicit(&h->frames, memory_order_relaxed);
    gr_frame_entry_t *e = &fr[f->depth - 1];
    if (!is_copy(e)) {
      uint32_t d = dead_slot((void *)e->lo);
      h->dead_lo[d] = e->lo;
      h->dead_gen[d] = e->gen;
    }
    atomic_store_explicit(&h->nframes, f->depth - 1, memory_order_release);
    /* Its copy, and those of frames longjmp skipped above it: out of
     * line, so that ending a frame-list frame stays a leaf. */
    if (GR_UNLIKELY(is_copy(e) || n > f->depth))
      free_copies(fr, f->depth - 1, n, free_own);
  }
  f->depth = 0;
}

void gr_stack_frame_end(gr_stack_frame_t *f) { frame_pop(f, true); }

void _gr_stack_frame_pop(gr_stack_frame_t *f, bool free_own) { frame_pop(f, free_own); }
