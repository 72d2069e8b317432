/* genref/ref.h - the reference representation.
 *
 * The one place that says what a GR_REF / GR_WEAK pointer becomes and how it
 * is made, checked and unwrapped. The rewriter emits calls to these
 * operations only; it never looks inside gr_ref_t. Layout "fat" (this file's
 * only layout for now): { pointer, 64-bit generation }, 16 bytes.
 *
 * Included by genref/rt.h; do not include directly.
 */
#ifndef GENREF_REF_H
#define GENREF_REF_H

#ifndef GENREF_RT_H
#error "include genref/rt.h, not genref/ref.h"
#endif

#define GENREF_LAYOUT_NAME "fat"

typedef struct gr_ref {
  void *ptr;
  gr_gen_t gen;
} gr_ref_t;

/* Initializer of a null reference (usable for statics). */
#define GR_REF_NULL_INIT {0, 0}

GR_INLINE gr_ref_t gr_ref_null(void) {
  gr_ref_t r = {0, 0};
  return r;
}

/* From memory known to hold a live object: a fresh allocation, or the
 * address of a stack/static object whose header was just set. NULL stays
 * NULL (an allocation that failed). */
GR_INLINE gr_ref_t gr_ref_from_new(void *p) {
  gr_ref_t r;
  r.ptr = p;
  r.gen = p ? gr_gen_at(p) : 0;
  return r;
}

/* From a raw pointer of unknown provenance: the generation is read from the
 * target, which must be alive. A freed target is reported (use-after-free)
 * because the new reference would otherwise adopt a later occupant. */
GR_INLINE gr_ref_t gr_ref_make(void *p, const gr_site_t *site) {
  gr_ref_t r;
  r.ptr = p;
  r.gen = 0;
  if (p) {
    r.gen = gr_gen_at(p);
    if (GR_UNLIKELY(!gr_gen_is_alive(r.gen)) && r.gen != GR_GEN_STATIC)
      _gr_report_stale(p, r.gen - 1, site);
  }
  return r;
}

/* A dereference: one compare and one branch on the hot path. A null
 * reference faults reading the header, exactly as plain C faults. */
GR_INLINE void *gr_ref_check(gr_ref_t r, const gr_site_t *site) {
  if (GR_UNLIKELY(gr_gen_at(r.ptr) != r.gen))
    _gr_report_stale(r.ptr, r.gen, site);
  return r.ptr;
}

/* Conversion to a raw pointer (an unannotated parameter, printf("%p"),
 * memcpy): NULL passes, anything else must be alive. */
GR_INLINE void *gr_ref_unwrap(gr_ref_t r, const gr_site_t *site) {
  if (r.ptr && GR_UNLIKELY(gr_gen_at(r.ptr) != r.gen))
    _gr_report_stale(r.ptr, r.gen, site);
  return r.ptr;
}

/* Fast mode: no check at all. */
GR_INLINE void *gr_ref_unchecked(gr_ref_t r) { return r.ptr; }

/* gr_alive(): never halts. */
GR_INLINE int gr_ref_alive(gr_ref_t r) {
  return r.ptr != 0 && gr_gen_at(r.ptr) == r.gen;
}

GR_INLINE int gr_ref_is_null(gr_ref_t r) { return r.ptr == 0; }

/* Identity: the same address *and* the same generation. A stale reference
 * and a reference to the slot's later occupant are different objects. */
GR_INLINE int gr_ref_eq(gr_ref_t a, gr_ref_t b) {
  return a.ptr == b.ptr && a.gen == b.gen;
}

GR_INLINE gr_gen_t gr_ref_gen(gr_ref_t r) { return r.gen; }

/* Free through a reference: a stale one is a double free, never a free of
 * the slot's next occupant. */
GR_INLINE void gr_ref_free(gr_ref_t r, const gr_site_t *site) {
  if (r.ptr)
    gr_free_gen(r.ptr, r.gen, site);
}

#endif /* GENREF_REF_H */
