/* genref/ref.h - the reference representation.
 *
 * The one place that says what a GR_REF / GR_WEAK pointer becomes and how it
 * is made, checked and unwrapped. The rewriter emits calls to these
 * operations only; it never looks inside gr_ref_t. Two layouts, one per
 * program (docs/layouts.md):
 *
 *   fat      (default)   { void *ptr; uint64_t gen; }          16 bytes
 *   compact  GENREF_LAYOUT_COMPACT: one aligned 64-bit word,
 *            address in bits 0-47, 16-bit generation in bits 48-63
 *
 * Every operation below is written once, on three primitives: pack an
 * address and a generation, and read each back.
 *
 * Included by genref/rt.h; do not include directly.
 */
#ifndef GENREF_REF_H
#define GENREF_REF_H

#ifndef GENREF_RT_H
#error "include genref/rt.h, not genref/ref.h"
#endif

#if defined(GENREF_LAYOUT_COMPACT)

#define GENREF_LAYOUT_NAME "compact"
#define GR_REF_ADDR_BITS 48
#define GR_REF_ADDR_MASK ((UINT64_C(1) << GR_REF_ADDR_BITS) - 1)

/* One word: stored and loaded whole, so a reader racing a writer sees one
 * reference or the other, never half of each. */
typedef struct gr_ref {
  uint64_t w;
} gr_ref_t;

#define GR_REF_NULL_INIT {0}

GR_INLINE gr_ref_t _gr_ref_pack(void *p, gr_gen_t g) {
  gr_ref_t r;
  r.w = (uint64_t)(uintptr_t)p | ((uint64_t)g << GR_REF_ADDR_BITS);
  return r;
}
GR_INLINE void *gr_ref_ptr(gr_ref_t r) {
  return (void *)(uintptr_t)(r.w & GR_REF_ADDR_MASK);
}
GR_INLINE gr_gen_t gr_ref_gen(gr_ref_t r) { return r.w >> GR_REF_ADDR_BITS; }
GR_INLINE int gr_ref_eq(gr_ref_t a, gr_ref_t b) { return a.w == b.w; }

#else /* fat */

#define GENREF_LAYOUT_NAME "fat"

typedef struct gr_ref {
  void *ptr;
  gr_gen_t gen;
} gr_ref_t;

#define GR_REF_NULL_INIT {0, 0}

GR_INLINE gr_ref_t _gr_ref_pack(void *p, gr_gen_t g) {
  gr_ref_t r;
  r.ptr = p;
  r.gen = g;
  return r;
}
GR_INLINE void *gr_ref_ptr(gr_ref_t r) { return r.ptr; }
GR_INLINE gr_gen_t gr_ref_gen(gr_ref_t r) { return r.gen; }
/* Identity: the same address *and* the same generation. A stale reference
 * and a reference to the slot's later occupant are different objects. */
GR_INLINE int gr_ref_eq(gr_ref_t a, gr_ref_t b) {
  return a.ptr == b.ptr && a.gen == b.gen;
}

#endif

/* ---- the operations, layout-independent ---- */

GR_INLINE gr_ref_t gr_ref_null(void) { return _gr_ref_pack(0, 0); }

/* From memory known to hold a live object: a fresh allocation, or the
 * address of a stack/static object whose header was just set. NULL stays
 * NULL (an allocation that failed). */
GR_INLINE gr_ref_t gr_ref_from_new(void *p) {
  return _gr_ref_pack(p, p ? _gr_gen_peek(p) : 0);
}

/* From a raw pointer of unknown provenance: the generation is read from the
 * target, which must be alive. A freed target is reported (use-after-free)
 * because the new reference would otherwise adopt a later occupant. */
GR_INLINE gr_ref_t gr_ref_make(void *p, const gr_site_t *site) {
  gr_gen_t g = 0;
  if (p) {
    g = _gr_gen_peek(p);
    if (GR_UNLIKELY(!gr_gen_is_alive(g))) {
      if (g != GR_GEN_STATIC)
        _GR_REPORT_STALE(p, g - 1, site);
      else /* static, unless it is heap memory (retired, never handed out) */
        _gr_check_static(p, site);
    }
  }
  return _gr_ref_pack(p, g);
}

/* A dereference: one compare and one branch on the hot path. A null
 * reference faults reading the header, exactly as plain C faults. */
GR_INLINE void *gr_ref_check(gr_ref_t r, const gr_site_t *site) {
  void *p = gr_ref_ptr(r);
  if (GR_UNLIKELY(_gr_gen_peek(p) != gr_ref_gen(r)))
    _GR_REPORT_STALE(p, gr_ref_gen(r), site);
  return p;
}

/* Conversion to a raw pointer (an unannotated parameter, printf("%p"),
 * memcpy): NULL passes, anything else must be alive. */
GR_INLINE void *gr_ref_unwrap(gr_ref_t r, const gr_site_t *site) {
  void *p = gr_ref_ptr(r);
  if (p && GR_UNLIKELY(_gr_gen_peek(p) != gr_ref_gen(r)))
    _GR_REPORT_STALE(p, gr_ref_gen(r), site);
  return p;
}

/* Fast mode: no check at all. */
GR_INLINE void *gr_ref_unchecked(gr_ref_t r) { return gr_ref_ptr(r); }

/* gr_alive(): never halts. */
GR_INLINE int gr_ref_alive(gr_ref_t r) {
  void *p = gr_ref_ptr(r);
  return p != 0 && _gr_gen_peek(p) == gr_ref_gen(r);
}

GR_INLINE int gr_ref_is_null(gr_ref_t r) { return gr_ref_ptr(r) == 0; }

/* Free through a reference: a stale one is a double free, never a free of
 * the slot's next occupant. */
GR_INLINE void gr_ref_free(gr_ref_t r, const gr_site_t *site) {
  if (gr_ref_ptr(r))
    gr_free_gen(gr_ref_ptr(r), gr_ref_gen(r), site);
}

#endif /* GENREF_REF_H */
