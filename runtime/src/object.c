/* object.c - stack objects' lifetimes: the thread's frame list.
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
gr_stack_frame_t gr_stack_frame_begin(void *obj, size_t size) {
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
  fr[n] = (gr_frame_entry_t){(uintptr_t)obj, (uintptr_t)obj + (size ? size : 1), g};
  atomic_store_explicit(&h->nframes, n + 1, memory_order_release);
  f.depth = n + 1;
  return f;
}

void gr_stack_frame_end(gr_stack_frame_t *f) {
  if (!f->obj || !f->depth)
    return;
  gr_theap_t *h = _gr_tl_heap;
  uint32_t n = h ? atomic_load_explicit(&h->nframes, memory_order_relaxed) : 0;
  if (n >= f->depth) {
    gr_frame_entry_t *e = &atomic_load_explicit(&h->frames, memory_order_relaxed)[f->depth - 1];
    uint32_t d = dead_slot((void *)e->lo);
    h->dead_lo[d] = e->lo;
    h->dead_gen[d] = e->gen;
    atomic_store_explicit(&h->nframes, f->depth - 1, memory_order_release);
  }
  f->depth = 0;
}
