/* genref/ref.h - the reference representation.
 *
 * The one place that says what a GR_REF / GR_WEAK pointer becomes and how it
 * is made, checked and unwrapped. The rewriter emits calls to these
 * operations only; it never looks inside gr_ref_t. Two layouts, one per
 * program (docs/layouts.md):
 *
 *   fat      (default)   { void *ptr; _gr_u64 gen; }          16 bytes
 *            the interior bit is bit 63 of gen
 *   compact  GENREF_LAYOUT_COMPACT: one aligned 64-bit word,
 *            address in bits 0-46, interior bit 47, 16-bit generation in
 *            bits 48-63
 *
 * A reference to the start of a heap object (what malloc returned) finds
 * the object's generation in the header right before it: one load, next to
 * the object. Any other reference (into an object: an array element, a
 * member; into a stack object; into static memory) is *interior*: its
 * generation is found through the address (_gr_gen_lookup), or, for static
 * memory (generation 0), not at all. Which kind a reference is is decided
 * once, where it is made.
 *
 * Every operation below is written once, on four primitives: pack an
 * address, a generation and the interior bit, and read each back.
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
#define GR_REF_ADDR_BITS 47
#define GR_REF_ADDR_MASK ((((_gr_u64)1) << GR_REF_ADDR_BITS) - 1)

/* One word: stored and loaded whole, so a reader racing a writer sees one
 * reference or the other, never half of each. */
typedef struct gr_ref {
  _gr_u64 w;
} gr_ref_t;

#define GR_REF_NULL_INIT {0}
/* The null reference as the scalars of a list whose braces are elided
 * (`struct outer o = { NULL, NULL, 1 }`): a constant, and no brace that
 * would start the next subobject. */
#define GR_REF_NULL_ELIDED 0

GR_INLINE gr_ref_t _gr_ref_pack(void *p, gr_gen_t g, int interior) {
  gr_ref_t r;
  r.w = (_gr_u64)(_gr_uptr)p | ((_gr_u64)(interior != 0) << GR_REF_ADDR_BITS) |
        ((_gr_u64)g << 48);
  return r;
}
GR_INLINE void *gr_ref_ptr(gr_ref_t r) {
  return (void *)(_gr_uptr)(r.w & GR_REF_ADDR_MASK);
}
GR_INLINE gr_gen_t gr_ref_gen(gr_ref_t r) { return r.w >> 48; }
GR_INLINE int _gr_ref_interior(gr_ref_t r) { return (int)((r.w >> GR_REF_ADDR_BITS) & 1); }
/* Identity (fat below says why): address and generation; whether either
 * was made interior does not matter (`a + 0 == a`, `--p` back to `a`). */
GR_INLINE int gr_ref_eq(gr_ref_t a, gr_ref_t b) {
  return ((a.w ^ b.w) & ~(((_gr_u64)1) << GR_REF_ADDR_BITS)) == 0;
}
/* The slot cache's start (gr_check_cache_t below) holds the generation and
 * the interior bit above the address, as an interior reference into the
 * slot does: one subtraction and one compare of the whole word test the
 * address and the generation at once (a word with other high bits falls
 * outside [lo, lo + len): an object ends below 2^47). */
#define _GR_CACHE_LO(lo, g) ((_gr_uptr)(lo) | ((_gr_u64)(g) << 48) | (((_gr_u64)1) << GR_REF_ADDR_BITS))
#define _GR_CACHE_HIT(r, g, c) ((r).w - (c)->lo < (c)->len)
/* r moved by `bytes` inside its allocation, made interior: every address
 * ends below 2^47, so adding to the whole word moves the address and keeps
 * the generation (no mask, no repacking: a cursor's `p++` is one add and
 * one or). */
GR_INLINE gr_ref_t _gr_ref_moved(gr_ref_t r, _gr_ptrdiff bytes) {
  r.w = (r.w + (_gr_u64)bytes) | (((_gr_u64)1) << GR_REF_ADDR_BITS);
  return r;
}

#else /* fat */

#define GENREF_LAYOUT_NAME "fat"
#define GR_REF_INTERIOR_BIT (((_gr_u64)1) << 63)

typedef struct gr_ref {
  void *ptr;
  gr_gen_t gen;
} gr_ref_t;

#define GR_REF_NULL_INIT {0, 0}
#define GR_REF_NULL_ELIDED 0, 0

GR_INLINE gr_ref_t _gr_ref_pack(void *p, gr_gen_t g, int interior) {
  gr_ref_t r;
  r.ptr = p;
  r.gen = g | (interior ? GR_REF_INTERIOR_BIT : 0);
  return r;
}
GR_INLINE void *gr_ref_ptr(gr_ref_t r) { return r.ptr; }
GR_INLINE gr_gen_t gr_ref_gen(gr_ref_t r) { return r.gen & ~GR_REF_INTERIOR_BIT; }
GR_INLINE int _gr_ref_interior(gr_ref_t r) { return (int)(r.gen >> 63); }
/* Identity: the same address *and* the same generation. A stale reference
 * and a reference to the slot's later occupant are different objects. The
 * interior bit is how a reference was made, not what it is: `a + 0 == a`,
 * and a cursor stepped back to the start equals the start (was: a loop
 * `while (p != a) --p;` ran past a). */
GR_INLINE int gr_ref_eq(gr_ref_t a, gr_ref_t b) {
  return a.ptr == b.ptr && ((a.gen ^ b.gen) & ~GR_REF_INTERIOR_BIT) == 0;
}
/* The slot cache (gr_check_cache_t below): the address range and the
 * generation, compared apart. */
#define _GR_CACHE_LO(lo, g) ((_gr_uptr)(lo))
#define _GR_CACHE_HIT(r, g, c) ((g) == (c)->gen && (_gr_uptr)(r).ptr - (c)->lo < (c)->len)
GR_INLINE gr_ref_t _gr_ref_moved(gr_ref_t r, _gr_ptrdiff bytes) {
  return _gr_ref_pack((char *)r.ptr + bytes, gr_ref_gen(r), 1);
}

#endif

/* ---- the operations, layout-independent ---- */

#ifdef __cplusplus
extern "C" {
#endif
/* A reference from a raw pointer of unknown provenance (out of line: it
 * finds what p points into). A pointer into a freed heap object is
 * reported (use-after-free): the reference would otherwise adopt the
 * slot's next occupant. */
GR_API gr_ref_t _gr_ref_make(void *p, const gr_site_t *site);
/* An interior reference's check, after the hot path's header read missed:
 * 1 when r is valid. Reads only (pure): checks still merge and hoist. */
#if defined(__clang__) && defined(__x86_64__)
/* The callee keeps every register: code with checks in a loop needs no
 * callee-saved registers or spills for this cold call. */
#define GR_SLOWCALL __attribute__((preserve_most))
#else
#define GR_SLOWCALL
#endif
GR_API __attribute__((pure)) GR_SLOWCALL int _gr_ref_recheck(gr_ref_t r);
/* The raw value a stale reference becomes when stored: an address that
 * faults when used (reported as use-after-free) and that free() reports as
 * a double free. */
GR_API __attribute__((pure)) void *_gr_poison(void *p);
#ifdef __cplusplus
}
#endif

GR_INLINE gr_ref_t gr_ref_null(void) { return _gr_ref_pack(0, 0, 0); }

/* Under GENREF_ELIDE (see _gr_check_point below): "r is valid here", said
 * where a reference is made from what the heap just returned, so the
 * elision pass treats the first checks of it as already done. A call that
 * does nothing and stays until the pass removes it (optnone: no attribute
 * inference may make it removable earlier). Not under GENREF_RECOVER: a
 * reference made to a freed object after a recovered report is not
 * valid. */
#if defined(GENREF_ELIDE) && defined(__clang__) && !defined(GENREF_RECOVER)
static __inline__ __attribute__((noinline, optnone, used)) void
_gr_valid_point(gr_ref_t r) {
  (void)r;
}
/* Where gr_alive(r) said yes: "r is valid and not null here" (a valid
 * point allows null: gr_ref_from_new of a failed allocation), so a test
 * of r that follows with nothing in between that may free is known to say
 * yes. And where it said no: "r is not valid here", never undone (null
 * stays null, a generation never comes back), so a later test says no
 * whatever was freed in between. */
static __inline__ __attribute__((noinline, optnone, used)) void
_gr_live_point(gr_ref_t r) {
  (void)r;
}
static __inline__ __attribute__((noinline, optnone, used)) void
_gr_dead_point(gr_ref_t r) {
  (void)r;
}
#else
#define _gr_valid_point(r) ((void)0)
#define _gr_live_point(r) ((void)0)
#define _gr_dead_point(r) ((void)0)
#endif

/* From what the heap just returned (gr_alloc and friends): the start of a
 * live heap object. NULL stays NULL (an allocation that failed). */
GR_INLINE gr_ref_t gr_ref_from_new(void *p) {
  /* The address goes through an empty asm first. malloc is the genref heap
   * (interpose.c), and the compiler knows malloc: to it the word before
   * what malloc returned lies outside every object, so a read there is
   * undefined and may be folded away (gr_ref_from_new(malloc(n)) got
   * generation 0 at -O2, a false use-after-free at the next check). The
   * asm hides where the address came from and costs no instruction; done
   * once here, not in every check, so the reference's later header reads
   * and field accesses share one base and alias analysis still tells them
   * apart. */
  gr_gen_t g;
#if defined(__GNUC__) || defined(__clang__)
  __asm__("" : "+r"(p));
#endif
  g = p ? _gr_hdr_peek(p) : 0;
  {
    gr_ref_t r = _gr_ref_pack(p, g, 0);
    _gr_valid_point(r);
    return r;
  }
}

/* From a raw pointer (what a wrapper, a hook or a field returned). Inline
 * for the common case, a pointer into a live heap object while no program
 * allocator has made a block: the slot from p's chunk, a whole reference
 * at the object's start, an interior one inside it (an element of a heap
 * array: roguelike's `u->tile = &grid[i]`). Anything else (a stack or
 * static object, a block, one past the end, a pointer into freed memory
 * or the poison mirror) is the runtime's to decide, as _gr_ref_make
 * decides these two the same way. */
GR_INLINE gr_ref_t _gr_ref_make_inline(void *p, const gr_site_t *site) {
  const gr_slot_header_t *h;
  if (!p)
    return gr_ref_null();
  h = _gr_slot_header_of(p);
  if (GR_LIKELY(h != 0 && (const void *)(h + 1) == p && !_gr_heap_blocks)) {
    gr_gen_t g = gr_gen_at(h);
    if (GR_LIKELY(gr_gen_is_alive(g)))
      return _gr_ref_pack(p, g, 0);
  } else if (h != 0 && !_gr_heap_blocks) { /* its own test after the start's:
                                             * one branch for both cost
                                             * binarytrees 0.9% */
    gr_gen_t g = gr_gen_at(h);
    if (GR_LIKELY(gr_gen_is_alive(g)))
      return _gr_ref_pack(p, g, 1);
  }
  return _gr_ref_make(p, site);
}
/* Under GENREF_ELIDE a call of its own until the elision pass inlines it,
 * as the checks are (see _gr_check_point below): the inliner then weighs a
 * conversion as one instruction, not as the heap lookup it becomes, and
 * decides for a function that converts (a buffer's realloc, a wrapped
 * malloc) as it does for its plain C. */
#if defined(GENREF_ELIDE) && defined(__clang__)
static __inline__ __attribute__((noinline, used)) gr_ref_t
_gr_make_point(void *p, const gr_site_t *site) {
  return _gr_ref_make_inline(p, site);
}
#define _GR_MAKE _gr_make_point
#else
#define _GR_MAKE _gr_ref_make_inline
#endif
/* const: a string literal made a reference (`r ? r : ""`) is no
 * -Wwrite-strings warning; through an integer, no -Wcast-qual either. */
GR_INLINE gr_ref_t gr_ref_make(const void *p, const gr_site_t *site) {
  return _GR_MAKE((void *)(_gr_uptr)p, site);
}

/* The heap slot an interior reference's check last found valid, and the
 * generation it found there: an interior reference with generation gen
 * into [lo, lo + len) (the slot's object bytes; compact: lo carries gen
 * and the interior bit above the address, _GR_CACHE_LO) is valid, as its
 * check would read the same header. True only as long as nothing can have freed
 * since: the elision pass keeps one per function with a check in a loop,
 * in its frame, zeroes it on entry, and empties it (stores 0 to len, the
 * second field) after every instruction that may end a lifetime (docs/design.md
 * section 19); nothing else makes one. Read and written as volatile, so it
 * stays in the frame: a loop whose references are all whole keeps its
 * registers. */
typedef struct gr_check_cache {
  _gr_uptr lo;
  _gr_uptr len;
  gr_gen_t gen;
} gr_check_cache_t;

/* Whether r's target is the object it was made to, with generation g.
 * A reference to an object's start: one load of the header right before
 * it, one compare, one branch; the load's address is the reference's own
 * (no select on the interior bit in its way: pointer chasing waits on
 * nothing more than plain C's load does). An interior reference branches
 * off before that load (the word before it is the program's, and may not
 * even be mapped: the start of an mmap'd buffer): static memory
 * (generation 0) is valid at once; one into the heap finds its slot from
 * p's chunk, inline. Everything else (stack objects, blocks, a stale
 * reference) goes out of line, in a call that takes only the reference
 * and keeps every register. */
GR_INLINE int _gr_ref_valid_in(gr_ref_t r, gr_gen_t g, volatile gr_check_cache_t *c) {
  /* The address once, ahead of the branches (with gr_ref_check's own, one
   * mask serves the check and the dereference after it). */
  const void *p = gr_ref_ptr(r);
  if (GR_LIKELY(!_gr_ref_interior(r))) {
    if (GR_LIKELY(((const gr_slot_header_t *)p - 1)->gen == g))
      return 1;
  } else {
    _gr_u64 size;
    const gr_slot_header_t *h;
    /* With a cache c: first the slot the last such lookup found. */
    if (c && GR_LIKELY(_GR_CACHE_HIT(r, g, c)))
      return 1;
    if (g == 0)
      return 1;
    h = _gr_slot_header_sized(gr_ref_ptr(r), &size);
    if (GR_LIKELY(h != 0 && h->gen == g)) {
      if (c) {
        c->lo = _GR_CACHE_LO(h + 1, g);
        c->len = (_gr_uptr)size - sizeof *h;
        c->gen = g;
      }
      return 1;
    }
  }
  return _gr_ref_recheck(r);
}
GR_INLINE int _gr_ref_valid(gr_ref_t r, gr_gen_t g) { return _gr_ref_valid_in(r, g, 0); }

/* The two checks, written once. A dereference: for a reference to an
 * object's start, one load, one compare and one branch on the hot path; a
 * null reference faults reading the header, exactly as plain C faults. A
 * conversion to a raw pointer: NULL passes. */
GR_INLINE void _gr_ref_verify_in(gr_ref_t r, const gr_site_t *site, volatile gr_check_cache_t *c) {
  gr_gen_t g = gr_ref_gen(r);
  if (GR_UNLIKELY(!_gr_ref_valid_in(r, g, c)))
    _GR_REPORT_STALE(gr_ref_ptr(r), g, site);
}
GR_INLINE void _gr_ref_verify_or_null_in(gr_ref_t r, const gr_site_t *site,
                                         volatile gr_check_cache_t *c) {
  if (gr_ref_ptr(r))
    _gr_ref_verify_in(r, site, c);
}
GR_INLINE void _gr_ref_verify(gr_ref_t r, const gr_site_t *site) {
  _gr_ref_verify_in(r, site, 0);
}
GR_INLINE void _gr_ref_verify_or_null(gr_ref_t r, const gr_site_t *site) {
  _gr_ref_verify_or_null_in(r, site, 0);
}

/* GENREF_ELIDE (the plugin defines it when it loads its check-elision
 * pass into the compile, docs/design.md "Check elision"): each check is a
 * call of its own until that pass has removed the redundant ones and
 * hoisted the loop-invariant ones, then it is inlined; the optimizer sees
 * a call that only reads memory and frees nothing, so a function full of
 * checks stays as pure as its plain C. Without the pass (another
 * compiler, -O0, LTO) the calls stay calls and check the same way.
 * `used` keeps interprocedural passes from changing their signature (a
 * unit with one check would otherwise lose the constant site argument)
 * before the pass has found them. */
#if defined(GENREF_ELIDE) && defined(__clang__)
static __inline__ __attribute__((noinline, used)) void
_gr_check_point(gr_ref_t r, const gr_site_t *site) {
  _gr_ref_verify(r, site);
}
static __inline__ __attribute__((noinline, used)) void
_gr_unwrap_point(gr_ref_t r, const gr_site_t *site) {
  _gr_ref_verify_or_null(r, site);
}
/* What the pass turns the checks it keeps into in a function with a check
 * in a loop: the same, with the function's cache (gr_check_cache_t above).
 * _gr_check_cache_empty gives the pass the cache's type. */
static __inline__ __attribute__((noinline, used)) void
_gr_check_point_cached(gr_ref_t r, const gr_site_t *site, volatile gr_check_cache_t *c) {
  _gr_ref_verify_in(r, site, c);
}
static __inline__ __attribute__((noinline, used)) void
_gr_unwrap_point_cached(gr_ref_t r, const gr_site_t *site, volatile gr_check_cache_t *c) {
  _gr_ref_verify_or_null_in(r, site, c);
}
static const gr_check_cache_t _gr_check_cache_empty __attribute__((used)) = {0, 0, 0};
#else
#define _gr_check_point _gr_ref_verify
#define _gr_unwrap_point _gr_ref_verify_or_null
#endif

/* A dereference. */
GR_INLINE void *gr_ref_check(gr_ref_t r, const gr_site_t *site) {
  void *p = gr_ref_ptr(r);
  _gr_check_point(r, site);
  return p;
}

/* Conversion to a raw pointer (an unannotated parameter, printf("%p"),
 * memcpy): NULL passes, anything else must be alive. */
GR_INLINE void *gr_ref_unwrap(gr_ref_t r, const gr_site_t *site) {
  void *p = gr_ref_ptr(r);
  _gr_unwrap_point(r, site);
#if defined(__GNUC__) || defined(__clang__)
  /* The NULL test above must not tell the caller's paths that p is NULL:
   * memset(unwrapped, ...) would draw gcc's -Warray-bounds on that path. */
  __asm__("" : "+r"(p));
#endif
  return p;
}

/* A reference stored into raw storage (a variable, field or union member):
 * C copies dangling pointers routinely, so a stale one is no report here;
 * the value stored is poisoned instead, so what it is later used for is
 * caught there. */
GR_INLINE void *gr_ref_to_raw(gr_ref_t r) {
  gr_gen_t g = gr_ref_gen(r);
  void *p = gr_ref_ptr(r);
  if (p && GR_UNLIKELY(!_gr_ref_valid(r, g)))
    p = _gr_poison(p);
#if defined(__GNUC__) || defined(__clang__)
  __asm__("" : "+r"(p)); /* as in gr_ref_unwrap */
#endif
  return p;
}

/* r++, --r, r += n (bytes: n * sizeof *r; post: the value is the old r):
 * the reference moves inside its allocation and keeps its generation, as
 * an interior reference. Unchecked here (C lets a program form one past
 * the end and step back); a dereference checks where it points. */
GR_INLINE gr_ref_t gr_ref_advance(gr_ref_t *r, _gr_ptrdiff bytes, int post,
                                  const gr_site_t *site) {
  gr_ref_t old = *r;
  (void)site;
  *r = _gr_ref_moved(old, bytes);
  return post ? old : *r;
}

/* r + i, r - i (bytes: i * sizeof *r): a reference into the same
 * allocation with the same generation, interior; checked where it is
 * dereferenced. */
GR_INLINE gr_ref_t gr_ref_offset(gr_ref_t r, _gr_ptrdiff bytes) {
  return _gr_ref_moved(r, bytes);
}

/* &r[i] made a reference (bytes: i * sizeof *r): r is checked, as the
 * subscript is, and the element is in r's object, so its reference is
 * r's generation at the element's address: what gr_ref_make would find
 * there (whole at r's own start, interior elsewhere), without the lookup.
 * Once a program allocator has made a block, an element may be a block
 * with a generation of its own: the runtime decides, as gr_ref_make. */
GR_INLINE gr_ref_t gr_ref_elem(gr_ref_t r, _gr_ptrdiff bytes, const gr_site_t *site) {
  char *p = (char *)gr_ref_check(r, site) + bytes;
  if (GR_LIKELY(!_gr_heap_blocks))
    return _gr_ref_pack(p, gr_ref_gen(r), _gr_ref_interior(r) | (bytes != 0));
  return gr_ref_make(p, site);
}

/* Fast mode: no check at all. */
GR_INLINE void *gr_ref_unchecked(gr_ref_t r) { return gr_ref_ptr(r); }

/* gr_alive()'s test: whether r's target is still the object r was made
 * to. Never halts. */
GR_INLINE int _gr_ref_alive_test(gr_ref_t r) {
  const void *p = gr_ref_ptr(r);
  gr_gen_t g = gr_ref_gen(r);
  if (!p)
    return 0;
  /* Inline only what a whole reference needs (the header compare); an
   * interior one asks the runtime. A function that asks stays as small as
   * its plain C, so the inliner decides for it as it does for plain C (a
   * lookup with a GR_WEAK cache, inlined into its loop). */
  if (GR_LIKELY(!_gr_ref_interior(r)))
    return ((const gr_slot_header_t *)p - 1)->gen == g;
  return g == GR_GEN_STATIC || _gr_ref_recheck(r);
}
/* Under GENREF_ELIDE the test is a call of its own through the function
 * simplification passes (the elision pass inlines it after GVN, at their
 * end): a call that only reads, whose answer the pass knows where an
 * earlier test, check or valid/dead point of the same reference already
 * gave it (docs/design.md section 19). Plain C's `p != NULL` twice is
 * known so by the optimizer alone (roguelike: `gr_alive(u->target) &&
 * distance(u, u->target) > 8`, then `!gr_alive(u->target)`, with the
 * distance reused); an inline header compare is not. Not under
 * GENREF_RECOVER, as the valid point. */
#if defined(GENREF_ELIDE) && defined(__clang__) && !defined(GENREF_RECOVER)
static __inline__ __attribute__((noinline, used)) int _gr_alive_point(gr_ref_t r) {
  return _gr_ref_alive_test(r);
}
#define _GR_ALIVE _gr_alive_point
#else
#define _GR_ALIVE _gr_ref_alive_test
#endif

/* gr_alive(): never halts. Where it says yes, r is valid: the check-
 * elision pass then drops a check of r that follows with nothing in
 * between that may free (`if (gr_alive(w)) w->x`, GR_WEAK's idiom). */
GR_INLINE int gr_ref_alive(gr_ref_t r) {
  if (_GR_ALIVE(r)) {
    _gr_live_point(r);
    return 1;
  }
  _gr_dead_point(r);
  return 0;
}

GR_INLINE int gr_ref_is_null(gr_ref_t r) { return gr_ref_ptr(r) == 0; }
/* What a null test looks like, for the elision pass: a branch on it tells
 * which of a test's paths come with null (`if (t != NULL) n++;`), whose
 * gr_alive says no. Never called. */
#if defined(GENREF_ELIDE) && defined(__clang__) && !defined(GENREF_RECOVER)
static __inline__ __attribute__((used)) int _gr_null_form(gr_ref_t r) { return gr_ref_is_null(r); }
#endif

/* Free through a reference: a stale one is a double free, never a free of
 * the slot's next occupant. */
GR_INLINE void gr_ref_free(gr_ref_t r, const gr_site_t *site) {
  if (gr_ref_ptr(r))
    gr_free_gen(gr_ref_ptr(r), gr_ref_gen(r), site);
}

#endif /* GENREF_REF_H */
