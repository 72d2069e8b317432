/* genref/rt.h - the runtime's entry points for generated code.
 *
 * Code rewritten by the genref plugin (or genref-rewrite) includes this
 * header and calls only what it declares. Everything a reference *is* (its C
 * type and the make / check / unwrap operations) lives in genref/ref.h, so a
 * second reference layout changes that header and the runtime, never the
 * rewriter. docs/design.md describes the data layout and the heap's
 * invariants; docs/runtime-api.md lists how the rewriter uses each entry.
 *
 * Names: public gr_*, internal _gr_* (called by inline code here, not meant
 * for users), macros GR_*.
 */
#ifndef GENREF_RT_H
#define GENREF_RT_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GENREF_ABI_VERSION 1

#if defined(__GNUC__) || defined(__clang__)
#define GR_LIKELY(x) __builtin_expect(!!(x), 1)
#define GR_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define GR_INLINE static inline __attribute__((always_inline))
#define GR_COLD __attribute__((cold, noinline))
#define GR_API __attribute__((visibility("default")))
#else
#define GR_API
#define GR_LIKELY(x) (x)
#define GR_UNLIKELY(x) (x)
#define GR_INLINE static inline
#define GR_COLD
#endif

/* A generation. Odd = the object is alive, even = free (or never handed
 * out, or retired). The heap only ever increases the value at a slot. */
typedef uint64_t gr_gen_t;

/* The generation header: the first member of every weakable struct (the
 * rewriter inserts it), at offset 0 of every heap object. */
typedef struct gr_header {
  gr_gen_t gen;
} gr_header_t;

/* Initializer for the header of an object with static storage: statics
 * are alive for the whole program, so they start at an odd generation. */
#define GR_HEADER_STATIC_INIT {1}

/* Where a check or an allocation happened. The rewriter emits one static
 * const record per site and passes its address, so the hot path carries a
 * single pointer that is only used on the cold path. Any field may be 0. */
typedef struct gr_site {
  const char *file;
  unsigned line;
  unsigned column;
  const char *func;
  const char *type; /* e.g. "struct node" */
} gr_site_t;

/* Where the generation headers sit inside a heap object. The heap pools by
 * layout, not only by size: a slot is only ever reused for objects whose
 * headers sit at the same offsets, so every header position keeps rising.
 *
 * Headers are at  k * stride + offsets[i]  for every k >= 0 that keeps the
 * header inside the slot (stride == 0: only offsets[i], once). Passing a
 * NULL layout means "one header at offset 0", a single weakable struct.
 * The runtime interns layouts by content; `_id` caches that (0 = not yet). */
typedef struct gr_layout {
  const char *type_name; /* for reports and statistics; may be NULL */
  uint32_t stride;
  uint32_t count;
  const uint32_t *offsets; /* ascending, each a multiple of 8 */
  uint32_t _id;            /* runtime-owned cache, initialise to 0 */
} gr_layout_t;

/* ---- Heap of weakable objects (memory from mmap, never libc malloc) ---- */

/* A fresh object of `size` bytes whose headers (per `layout`) are odd
 * (alive). Other bytes are unspecified. NULL only when out of memory. */
GR_API void *gr_alloc(size_t size, gr_layout_t *layout);
/* As gr_alloc, with every byte but the headers zeroed. */
GR_API void *gr_calloc(size_t count, size_t size, gr_layout_t *layout);
/* C realloc semantics. The result is always a new object (new identity, new
 * generations): contents are copied, generations never are, and the old
 * object is freed so references to it go stale. p == NULL: gr_alloc.
 * size == 0: frees p and returns NULL. */
GR_API void *gr_realloc(void *p, size_t size, gr_layout_t *layout,
                 const gr_site_t *site);
/* Free through a raw pointer. NULL is a no-op. A pointer the heap never
 * handed out is reported as invalid-free, an already free object as
 * double-free; neither is acted on. */
GR_API void gr_free(void *p, const gr_site_t *site);
/* Free through a reference that carries generation `gen`: additionally a
 * stale reference (the object was freed, perhaps reused) is reported as
 * double-free instead of freeing the slot's current occupant. */
GR_API void gr_free_gen(void *p, gr_gen_t gen, const gr_site_t *site);
/* Bytes usable at p (its slot size), 0 when p is not a live heap object. */
GR_API size_t gr_usable_size(const void *p);
/* 1 when p is the start of a live object of the genref heap. */
GR_API int gr_heap_owns(const void *p);

/* ---- Objects not on the heap (stack, static) ---- */

/* A generation no object has had before (odd): for a stack object whose
 * lifetime starts. Per-thread, lock-free. */
GR_API gr_gen_t gr_fresh_gen(void);
/* Set a header alive / dead at a stack object's scope start / end. */
GR_INLINE void gr_stack_begin(gr_header_t *h) {
  __atomic_store_n(&h->gen, gr_fresh_gen(), __ATOMIC_RELAXED);
}
GR_INLINE void gr_stack_end(gr_header_t *h) {
  /* Even: dead. The next object here gets a fresh, different odd value. */
  __atomic_store_n(&h->gen, __atomic_load_n(&h->gen, __ATOMIC_RELAXED) + 1,
                   __ATOMIC_RELAXED);
}

/* ---- Reading a header ---- */

GR_INLINE gr_gen_t gr_gen_at(const void *obj) {
  /* Atomic (a plain load on x86-64) because another thread may be freeing
   * the object: the race is the bug being detected, not a runtime data race. */
  return __atomic_load_n(&((const gr_header_t *)obj)->gen, __ATOMIC_RELAXED);
}
GR_INLINE int gr_gen_is_alive(gr_gen_t g) { return (int)(g & 1); }

/* ---- Violation reports (cold path) ---- */

typedef enum gr_violation {
  GR_USE_AFTER_FREE = 1,
  GR_DOUBLE_FREE,
  GR_INVALID_FREE,
  GR_DANGLING_REFERENCE,
} gr_violation_t;

/* Report and, unless GENREF_OPTIONS says halt_on_error=0, end the program.
 * `expected` is the reference's generation, `found` the object's. */
GR_API GR_COLD void _gr_report_stale(const void *obj, gr_gen_t expected,
                              const gr_site_t *site);
/* General form used by the heap and the plugin's other checks. `detail`
 * (may be NULL) is one extra line of evidence. */
GR_API GR_COLD void gr_report(gr_violation_t kind, const void *addr,
                       gr_gen_t expected, gr_gen_t found,
                       const gr_site_t *site, const char *detail);

#ifdef __cplusplus
}
#endif

#include "genref/ref.h"

#endif /* GENREF_RT_H */
