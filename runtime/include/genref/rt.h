/* genref/rt.h - the runtime's entry points for generated code.
 *
 * Code rewritten by the genref plugin (or genref-rewrite) includes this
 * header and calls only what it declares. Everything a reference *is* (its C
 * type and the make / check / unwrap operations) lives in genref/ref.h, so a
 * second reference layout changes that header and the runtime, never the
 * rewriter. docs/design.md describes the data layout and the heap's
 * invariants; docs/rewrite.md shows which entries the rewriter emits where.
 *
 * Names: public gr_*, internal _gr_* (called by inline code here, not meant
 * for users), macros GR_*.
 */
#ifndef GENREF_RT_H
#define GENREF_RT_H

/* No header at all. Not <stdint.h>: the plugin puts this header before
 * the unit's first line, and glibc's <stdint.h> reads <features.h>, which
 * would settle the feature macros before the unit's own `#define
 * _GNU_SOURCE` (its strdup, say, would then be undeclared). Not
 * <stddef.h>: a preprocessed unit (-E or -save-temps, then the plugin)
 * holds its own copy of it, whose guards are gone, and C11's anonymous
 * `typedef struct {...} max_align_t` declared twice is two types, an
 * error. The compiler's types instead, under names of our own (the same
 * types as uint64_t, uint32_t, uintptr_t, size_t and ptrdiff_t). */
typedef __UINT64_TYPE__ _gr_u64;
typedef __UINT32_TYPE__ _gr_u32;
typedef __UINTPTR_TYPE__ _gr_uptr;
typedef __SIZE_TYPE__ _gr_size;
typedef __PTRDIFF_TYPE__ _gr_ptrdiff;

#ifdef __cplusplus
extern "C" {
#endif

#define GENREF_ABI_VERSION 2

/* Code that includes the runtime is genref code: genref.h and user code
 * see the same __GENREF__ under the plugin and in genref-rewrite output. */
#ifndef __GENREF__
#define __GENREF__ 1
#endif

#if defined(__GNUC__) || defined(__clang__)
#define GR_LIKELY(x) __builtin_expect(!!(x), 1)
#define GR_UNLIKELY(x) __builtin_expect(!!(x), 0)
/* __inline__, not inline: the header must compile under -std=c89 too.
 * Optimizing, every operation is inlined. At -O0 they are calls: an
 * inlined copy keeps its own stack slots in the caller's frame, so a
 * recursive function's frame grew 24x (40 bytes to 968) and a deep
 * recursion that plain C survives overflowed the stack. */
#if defined(__OPTIMIZE__)
#define GR_INLINE static __inline__ __attribute__((always_inline))
#else
#define GR_INLINE static __inline__ __attribute__((unused))
#endif
#define GR_COLD __attribute__((cold, noinline))
#define GR_API __attribute__((visibility("default")))
#if defined(__clang__)
/* Keep each failing check's report call apart, so a backtrace's frame
 * names the line of the dereference that failed. */
#define GR_NOMERGE __attribute__((nomerge))
#else
#define GR_NOMERGE
#endif
#else
#define GR_API
#define GR_NOMERGE
#define GR_LIKELY(x) (x)
#define GR_UNLIKELY(x) (x)
#if defined(__STDC_VERSION__) && __STDC_VERSION__ >= 199901L
#define GR_INLINE static inline
#else
#define GR_INLINE static
#endif
#define GR_COLD
#endif

/* The header's macros taking ... (GR_LAYOUT's offsets, GR_ASSIGN_NORMAL's right
 * side) are C99; a C89 -pedantic unit that includes it must not see that.
 * Popped at the end of the header. */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wvariadic-macros"
#endif

/* A generation. Odd = the object is alive, even = free (or never handed
 * out, or retired). The heap only ever increases the value at a slot.
 *
 * Where it lives (docs/design.md, "Identity"): a heap object's generation
 * is the 8-byte header the allocator keeps right before the object, never
 * inside it, so weakable structs keep plain C's sizeof and layout and no
 * byte the program writes through an object changes its identity. A stack
 * object's generation lives in its thread's frame list (gr_stack_frame_*). */
typedef _gr_u64 gr_gen_t;

/* Generation 0 marks memory that is never freed: static storage, memory
 * outside the genref heap and outside every stack object in scope. A
 * reference carrying it is always alive. Heap slots are never handed out
 * at 0 and stack objects always get odd values, so 0 never means "freed". */
#define GR_GEN_STATIC ((gr_gen_t)0)

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

/* One static site record per check, made where the check is written:
 * the hot path carries only its address. */
#if defined(__GNUC__) || defined(__clang__)
#define GR_SITE(file, line, col, func, type)                                   \
  (__extension__({                                                             \
    static const gr_site_t _gr_site = {file, line, col, func, type};           \
    &_gr_site;                                                                 \
  }))
#else
#define GR_SITE(file, line, col, func, type) ((const gr_site_t *)0)
#endif

/* A macro use the rewriter had to write out (a reference inside the
 * macro's body): its expanded text, still read as a macro expansion, so
 * the compiler's macro-aware warnings (extra parentheses, empty bodies)
 * stay as quiet as they were for the user's macro. */
#define GR_EXPANDED(...) __VA_ARGS__

/* Where the GR_REF fields of an object sit (normal mode counts them):
 * at  k * stride + offsets[i]  for every k >= 0 that keeps the field inside
 * the object (stride == 0: only offsets[i], once). */
typedef struct gr_layout {
  const char *type_name; /* for reports and statistics; may be NULL */
  _gr_u32 stride;
  _gr_u32 count;
  const _gr_u32 *offsets; /* ascending, each a multiple of 8 */
  _gr_u32 _id;            /* unused, initialise to 0 */
  /* For reports (may be NULL): the fields' names in offsets' order,
   * separated by commas ("ref,kids[0],kids[1]"), and where the type is
   * declared ("file.c:12"). */
  const char *names;
  const char *decl;
} gr_layout_t;

/* ---- The heap (memory from mmap, never libc malloc). In a genref program
 * malloc, calloc, realloc, free and the rest of the family are these
 * (runtime/src/interpose.c), so every allocation is an object here. ---- */

/* A fresh live object of `size` bytes, 16-byte aligned. Its bytes are
 * unspecified. NULL (errno ENOMEM) only when out of memory. */
GR_API void *gr_alloc(_gr_size size);
/* As gr_alloc, zeroed. */
GR_API void *gr_calloc(_gr_size count, _gr_size size);
/* C realloc semantics. The result is always a new object (new identity):
 * contents are copied and the old object is freed, so references to it go
 * stale. p == NULL: gr_alloc. size == 0: frees p and returns NULL. */
GR_API void *gr_realloc(void *p, _gr_size size, const gr_site_t *site);
/* Free through a raw pointer. NULL is a no-op. A pointer the heap never
 * handed out is reported as invalid-free, an already free object as
 * double-free; neither is acted on. */
GR_API void gr_free(void *p, const gr_site_t *site);
/* Free through a reference that carries generation `gen`: additionally a
 * stale reference (the object was freed, perhaps reused) is reported as
 * double-free instead of freeing the slot's current occupant. */
GR_API void gr_free_gen(void *p, gr_gen_t gen, const gr_site_t *site);
/* Bytes usable at p, 0 when p is not the start of a live heap object. */
GR_API _gr_size gr_usable_size(const void *p);
/* 1 when p is the start of a live object of the genref heap. */
GR_API int gr_heap_owns(const void *p);

/* A per-site descriptor of GR_REF fields (offsets are constant expressions
 * the rewriter writes with __builtin_offsetof, so they follow the real
 * layout). */
#if defined(__GNUC__) || defined(__clang__)
#define GR_LAYOUT(type_name, stride, ...)                                      \
  (__extension__({                                                             \
    static const _gr_u32 _gr_offs[] = {__VA_ARGS__};                          \
    static gr_layout_t _gr_layout = {type_name, (_gr_u32)(stride),            \
                                     sizeof _gr_offs / sizeof _gr_offs[0],     \
                                     _gr_offs, 0, 0, 0};                       \
    &_gr_layout;                                                               \
  }))
/* The same, naming the fields and the type's declaration (normal mode's
 * reports name the field that holds a dangling reference). */
#define GR_LAYOUT_NAMED(type_name, decl, names, stride, ...)                   \
  (__extension__({                                                             \
    static const _gr_u32 _gr_offs[] = {__VA_ARGS__};                          \
    static gr_layout_t _gr_layout = {type_name, (_gr_u32)(stride),            \
                                     sizeof _gr_offs / sizeof _gr_offs[0],     \
                                     _gr_offs, 0, names, decl};                \
    &_gr_layout;                                                               \
  }))
#endif

/* ---- Objects not on the heap (stack, static) ---- */

/* A generation no object has had before (odd): for a stack object whose
 * lifetime starts. Per-thread, lock-free. */
GR_API gr_gen_t gr_fresh_gen(void);

/* A stack object's lifetime, as a cleanup-attributed variable declared
 * right after the object: begin gives the object a fresh generation in the
 * thread's frame list, the cleanup (any scope exit: end of block, return,
 * break, goto) ends it, so a reference that escaped the scope is caught.
 * Ending a frame also ends every frame begun after it that is still in
 * the list (skipped by longjmp). A frame of {0} was declared ahead of its
 * object (a goto or switch may jump past the object): ending it is a
 * no-op. */
typedef struct gr_stack_frame {
  void *obj;
  _gr_size size;
  _gr_u32 depth;            /* its place in the thread's frame list */
  const gr_layout_t *refs;   /* normal mode: its GR_REF fields, else NULL */
  const gr_site_t *site;     /* normal mode: its declaration, for reports */
} gr_stack_frame_t;

GR_API gr_stack_frame_t gr_stack_frame_begin(void *obj, _gr_size size);
GR_API void gr_stack_frame_end(gr_stack_frame_t *f);

/* ---- The program's own allocators (docs/annotations.md) ----
 * A pool, bump or free-list allocator that carves objects out of memory it
 * got from malloc (or anywhere) says where each object begins and ends:
 * a reference made into [p, p + size) then carries the block's own
 * generation, and after gr_block_free(p) a dereference through it is a
 * use-after-free, exactly as for malloc's objects. */
GR_API void gr_block_alloc(void *p, _gr_size size);
GR_API void gr_block_free(void *p);

/* ---- Reading a generation ---- */

/* An atomic read of a header word (a plain load on x86-64) because another
 * thread may be freeing the object: the race is the bug being detected,
 * not a runtime data race. */
#if defined(GENREF_LAYOUT_COMPACT)
/* Compact: the generation is the header word's low half; the high half is
 * the live object's normal-mode count (runtime/src/refcount.c), so a
 * counted store changes the word the check reads, with no lookup. */
GR_INLINE gr_gen_t gr_gen_at(const void *hdr) {
  return __atomic_load_n((const _gr_u32 *)hdr, __ATOMIC_RELAXED);
}
#else
GR_INLINE gr_gen_t gr_gen_at(const void *hdr) {
  return __atomic_load_n((const gr_gen_t *)hdr, __ATOMIC_RELAXED);
}
#endif
GR_INLINE int gr_gen_is_alive(gr_gen_t g) { return (int)(g & 1); }
/* The allocator's header before each heap object. A struct of its own,
 * so that type-based alias analysis knows no store of the program's (a
 * field, a reference) writes it: a check stays valid across such stores. */
typedef struct gr_slot_header {
#if defined(GENREF_LAYOUT_COMPACT)
  _gr_u32 gen;   /* the generation (little-endian: the word's low half) */
  _gr_u32 count; /* normal mode's type tag (8 bits) and count (24 bits) */
#else
  gr_gen_t gen;
#endif
} gr_slot_header_t;
/* The read the inline checks use for a heap object's start: its header,
 * 8 bytes before it. A plain load, so the compiler can merge repeated
 * checks of one object and hoist them out of loops (gr_ref_from_new hides
 * malloc's provenance first, see there). */
GR_INLINE gr_gen_t _gr_hdr_peek(const void *obj) {
  return ((const gr_slot_header_t *)obj - 1)->gen;
}
/* The generation in the header of the heap object at obj, live or freed:
 * a free slot's header also links its slab's free list (runtime/src/
 * internal.h), so a freed one's is not simply the word. For tests and
 * tools; the inline checks need no such decoding (a free header never
 * equals a live generation). */
GR_API gr_gen_t _gr_slot_gen(const void *obj);
/* What the inline check of an interior reference reads of the heap: its
 * address range, and per 64 KiB chunk the slab covering it (the first
 * fields of runtime/src/types.h's gr_slab_t). Internal: set once at
 * start-up, never changed. */
typedef struct gr_slab_view {
  _gr_uptr start;    /* slot 0's header */
  _gr_u64 slot_size; /* header + object */
  _gr_u64 div_magic; /* (off * div_magic) >> 40 == off / slot_size */
  _gr_u32 capacity;  /* slots */
} gr_slab_view_t;
GR_API extern _gr_uptr _gr_heap_base;
GR_API extern _gr_uptr _gr_heap_extent;
GR_API extern gr_slab_view_t *const *_gr_heap_chunks;
GR_API extern _gr_u32 _gr_heap_blocks; /* a program allocator made a block */

/* The header of the heap slot whose object holds p (its start or inside
 * it), or NULL: p outside the heap, on a slot's header, at a slab's edges;
 * *slot_size is then the slot's size (header and object: the object's
 * bytes are [header + 8, header + *slot_size)). A few loads and a
 * multiply: the one slot lookup of the inline checks and of the runtime's
 * fast paths (locate.c). */
GR_INLINE const gr_slot_header_t *_gr_slot_header_sized(const void *p, _gr_u64 *slot_size) {
  _gr_uptr off = (_gr_uptr)p - _gr_heap_base;
  const gr_slab_view_t *v;
  _gr_u64 o, idx;
  _gr_uptr hdr;
  if (GR_UNLIKELY(off >= _gr_heap_extent))
    return 0;
  v = _gr_heap_chunks[off >> 16];
  if (GR_UNLIKELY(v == 0))
    return 0;
  o = (_gr_uptr)p - v->start;
  idx = (o * v->div_magic) >> 40;
  hdr = v->start + (_gr_uptr)(idx * v->slot_size);
  if (GR_UNLIKELY(idx >= v->capacity || (_gr_uptr)p < hdr + sizeof(gr_slot_header_t)))
    return 0;
  *slot_size = v->slot_size;
  return (const gr_slot_header_t *)hdr;
}
GR_INLINE const gr_slot_header_t *_gr_slot_header_of(const void *p) {
  _gr_u64 size;
  return _gr_slot_header_sized(p, &size);
}

/* The generation that a reference into p with generation `gen` must equal:
 * the heap slot holding p (a value no reference carries when p is on a
 * slot's header or outside every slot), the stack object in scope holding
 * p (or a dead value), a program allocator's block. Reads only: pure, so
 * checks through it merge and hoist like the inline ones. */
GR_API __attribute__((pure)) gr_gen_t _gr_gen_lookup(const void *p, gr_gen_t gen);

/* ---- Violation reports (cold path) ---- */

typedef enum gr_violation {
  GR_USE_AFTER_FREE = 1,
  GR_DOUBLE_FREE,
  GR_INVALID_FREE,
  GR_DANGLING_REFERENCE,
  GR_REFERENCE_AS_POINTER, /* a compact reference's bits used as an address */
  GR_HEAP_BUFFER_OVERFLOW  /* a reference moved outside every heap object */
} gr_violation_t;

/* A stale dereference: report and end the program. `expected` is the
 * reference's generation. noreturn, so the compiler may merge and hoist
 * the checks around it: after a passed check it knows the header. */
GR_API GR_COLD __attribute__((noreturn)) GR_NOMERGE void
_gr_report_stale(const void *obj, gr_gen_t expected, const gr_site_t *site);
/* The same, returning when GENREF_OPTIONS says halt_on_error=0: code built
 * with -DGENREF_RECOVER (-fplugin-arg-genref-recover) calls this one, at
 * the price of checks the compiler can no longer merge (ASan's
 * -fsanitize-recover, in other words). */
GR_API GR_COLD void _gr_report_stale_recover(const void *obj, gr_gen_t expected,
                                             const gr_site_t *site);
#if defined(GENREF_RECOVER)
#define _GR_REPORT_STALE _gr_report_stale_recover
#else
#define _GR_REPORT_STALE _gr_report_stale
#endif
/* General form used by the heap and the plugin's other checks. `detail`
 * (may be NULL) is one extra line of evidence. */
GR_API GR_COLD void gr_report(gr_violation_t kind, const void *addr,
                       gr_gen_t expected, gr_gen_t found,
                       const gr_site_t *site, const char *detail);

#ifdef __cplusplus
}
#endif

#include "ref.h"

/* ---- Where a stack object lives for its scope ----
 * The rewriter declares, right after a stack object `a` that references
 * may point at, its frame begun by gr_stack_frame_place(&a, sizeof a,
 * initialized) (0: `a` has no initializer, nothing to copy) and
 * `T *const __gr_obj_a = gr_stack_object(&frame, &a)`; every later use of
 * `a` in its scope is `(*__gr_obj_a)`. Fat layout (64-bit generations,
 * never repeated): the object stays where it is, in the frame list, and
 * the compiler still sees &a. Compact layout (16-bit generations, which a
 * fixed stack address would repeat every 2^15 frames): the object lives
 * in a heap copy of `a` made here and freed at the frame's end, so its
 * generation is a heap slot's, which never repeats (if the copy cannot be
 * allocated, the object stays in the frame list). */
GR_API gr_stack_frame_t _gr_stack_frame_copy(void *obj, _gr_size size, int initialized);
#if defined(GENREF_LAYOUT_COMPACT)
GR_INLINE gr_stack_frame_t gr_stack_frame_place(void *obj, _gr_size size, int initialized) {
  return _gr_stack_frame_copy(obj, size, initialized);
}
GR_INLINE void *gr_stack_object(const gr_stack_frame_t *f, void *obj) {
  return f->obj ? f->obj : obj; /* never null (compilers may warn) */
}
#else
GR_INLINE gr_stack_frame_t gr_stack_frame_place(void *obj, _gr_size size, int initialized) {
  (void)initialized;
  return gr_stack_frame_begin(obj, size);
}
GR_INLINE void *gr_stack_object(const gr_stack_frame_t *f, void *obj) {
  (void)f;
  return obj;
}
#endif

/* ---- Normal mode (docs/modes.md): counts of GR_REF references held in
 * memory (fields, globals, statics, array elements; not locals) ---- */

#ifdef __cplusplus
extern "C" {
#endif
/* What holds a counted reference, for reports: the field or variable the
 * store names ("field 'next' of 'struct node'", "global 'head'") and where
 * it is declared ("file.c:12"). One static record per store site. */
typedef struct gr_holder {
  const char *name;
  const char *decl;
} gr_holder_t;
#if defined(__GNUC__) || defined(__clang__)
#define GR_HOLDER(name, decl)                                                  \
  (__extension__({                                                             \
    static const gr_holder_t _gr_holder = {name, decl};                        \
    &_gr_holder;                                                               \
  }))
#endif
/* `*slot = v` for a reference stored in memory: counts follow. A slot of a
 * local variable (on the thread's stack, in no stack object with a frame:
 * `make(&p)` storing through its out-parameter) is not counted, as the
 * local's own stores are not. */
GR_API gr_ref_t gr_ref_store(gr_ref_t *slot, gr_ref_t v);
/* The counts of a store that replaces old by v (old != v). */
GR_API void _gr_ref_recount(gr_ref_t *slot, gr_ref_t old, gr_ref_t v,
                            const gr_holder_t *holder);
/* References to obj currently counted (tests, tools). */
GR_API int gr_ref_count(const void *obj);
/* Count / uncount every GR_REF field of an object (`refs` lists them). */
GR_API void gr_refs_retain(void *obj, _gr_size size, const gr_layout_t *refs);
GR_API void gr_refs_release(void *obj, _gr_size size, const gr_layout_t *refs);
/* Set every GR_REF field to null without counting (fresh, indeterminate
 * memory holds no counted reference). */
GR_API void gr_refs_clear(void *obj, _gr_size size, const gr_layout_t *refs);
/* malloc() in normal mode of a type holding references: zeroed, so a
 * first store never releases what the slot's previous bytes looked like. */
GR_API void *gr_alloc_zeroed(_gr_size size);
/* The same, remembering what the object holds (elements of refs->stride
 * bytes, refs' fields in each; a layout of stride 0 is not remembered): a
 * free through any pointer type releases them. */
GR_API void *gr_alloc_counted(_gr_size size, const gr_layout_t *refs);
GR_API void *gr_calloc_counted(_gr_size count, _gr_size size, const gr_layout_t *refs);
/* A reference from a raw pointer (gr_ref_make) to a type holding counted
 * references: an untyped heap allocation (a hook's, a wrapper's) it
 * starts is remembered as holding refs, as if gr_alloc_counted made it. */
GR_API gr_ref_t gr_ref_make_counted(const void *p, const gr_layout_t *refs, const gr_site_t *site);
/* The same for a reference cast to such a type (`(struct pair *GR_REF)n`,
 * n from a base-typed wrapper): r itself, its untyped allocation typed. */
GR_API gr_ref_t gr_ref_retype_counted(gr_ref_t r, const gr_layout_t *refs);
/* memset / bzero in normal mode: the counted references in the range are
 * released first (the destination's allocation type, else `refs`, strided
 * by its element size). */
GR_API void *gr_memset_counted(void *dst, int c, _gr_size n, const gr_layout_t *refs);
GR_API void gr_bzero_counted(void *dst, _gr_size n, const gr_layout_t *refs);
/* The destruction in progress (docs/modes.md): a normal-mode function that
 * frees declares a cleanup variable begun by gr_cascade_begin first in its
 * body; a check of a free made while one is active waits until the
 * outermost one ends. A block with counted stack objects does the same
 * with gr_scope_begin: their scope-end checks wait for the block's end. */
typedef struct gr_cascade {
  int active;
} gr_cascade_t;
GR_API gr_cascade_t gr_cascade_begin(void);
GR_API void gr_cascade_end(gr_cascade_t *c);
GR_API gr_cascade_t gr_scope_begin(void);
GR_API void gr_scope_end(gr_cascade_t *c);
/* free() in normal mode: release what the object holds, report
 * dangling-reference if references to it remain, then free. */
GR_API void gr_free_normal(void *p, _gr_size size, const gr_layout_t *refs,
                           const gr_site_t *site);
GR_API void gr_ref_free_normal(gr_ref_t r, _gr_size size, const gr_layout_t *refs,
                               const gr_site_t *site);
/* A stack object's scope ends in normal mode: release, report, kill. */
GR_API void gr_stack_frame_end_normal(gr_stack_frame_t *f);
/* gr_stack_frame_begin of an object whose end releases the references it
 * holds (refs): stores into it are counted. Into any other frame's object
 * (no layout: a local of reference type whose address was taken; a
 * resilient or fast unit's), through any pointer, they are a local's. */
GR_API gr_stack_frame_t _gr_stack_frame_begin_counted(void *obj, _gr_size size);
/* The same for _gr_stack_frame_copy (whose object, in the heap, is counted
 * as heap memory; counted matters where no copy could be made). */
GR_API gr_stack_frame_t _gr_stack_frame_copy_counted(void *obj, _gr_size size, int initialized);
#ifdef __cplusplus
}
#endif

/* A store that changes nothing (the same reference again, null over null:
 * a fresh object's fields) costs a compare; any other goes to the counts. */
/* The old value is read through a volatile lvalue: a slot of an allocation
 * the compiler sees come from malloc (a hook it inlines) and not yet
 * written is indeterminate to it, and at -O1 and above it folded the
 * compare of such a read as "unchanged", so the first store to a field of
 * a hook's fresh object counted nothing (a missed count: a missed report,
 * test/normal/accessor_macro.c). The runtime copes with any bits there. */
GR_INLINE gr_ref_t gr_ref_store_at(gr_ref_t *slot, gr_ref_t v, const gr_holder_t *holder) {
  gr_ref_t old = *(volatile gr_ref_t *)slot;
  if (!gr_ref_eq(old, v))
    _gr_ref_recount(slot, old, v, holder);
  *slot = v;
  return v;
}

/* The same through a raw pointer to the object holding the slot (`p->next
 * = q` with a plain `struct node *p`, `arr[i].next = q`): the slot is `off`
 * bytes into an object of the type `refs` describes, and an untyped heap
 * allocation there (a hook's) takes that type (gr_ref_make_counted). */
GR_API void _gr_ref_recount_typed(gr_ref_t *slot, gr_ref_t old, gr_ref_t v,
                                  const gr_holder_t *holder, const gr_layout_t *refs,
                                  _gr_size off);
GR_INLINE gr_ref_t gr_ref_store_at_typed(gr_ref_t *slot, gr_ref_t v, const gr_holder_t *holder,
                                         const gr_layout_t *refs, _gr_size off) {
  gr_ref_t old = *(volatile gr_ref_t *)slot; /* as in gr_ref_store_at */
  if (!gr_ref_eq(old, v))
    _gr_ref_recount_typed(slot, old, v, holder, refs, off);
  *slot = v;
  return v;
}

GR_INLINE gr_stack_frame_t gr_stack_frame_begin_normal(void *obj, _gr_size size,
                                                       const gr_layout_t *refs,
                                                       int initialized,
                                                       const gr_site_t *site) {
  gr_stack_frame_t f = refs ? _gr_stack_frame_begin_counted(obj, size)
                            : gr_stack_frame_begin(obj, size);
  f.refs = refs;
  f.site = site;
  if (initialized)
    gr_refs_retain(obj, size, refs); /* what its initializer stored */
  else
    gr_refs_clear(obj, size, refs); /* indeterminate bytes are no reference */
  return f;
}

/* The same for an object placed as gr_stack_frame_place places it: its
 * counts are those of where it lives (f.obj). */
GR_INLINE gr_stack_frame_t gr_stack_frame_place_normal(void *obj, _gr_size size,
                                                       const gr_layout_t *refs,
                                                       int initialized,
                                                       const gr_site_t *site) {
#if defined(GENREF_LAYOUT_COMPACT)
  gr_stack_frame_t f = refs ? _gr_stack_frame_copy_counted(obj, size, initialized)
                            : _gr_stack_frame_copy(obj, size, initialized);
#else
  gr_stack_frame_t f = refs ? _gr_stack_frame_begin_counted(obj, size)
                            : gr_stack_frame_begin(obj, size);
  (void)initialized;
#endif
  f.refs = refs;
  f.site = site;
  if (initialized)
    gr_refs_retain(f.obj, size, refs);
  else
    gr_refs_clear(f.obj, size, refs);
  return f;
}

/* Struct assignment in normal mode of a type holding GR_REF fields: the
 * destination's references are released, the fields copied, the new ones
 * counted. Written by the rewriter as GR_ASSIGN_NORMAL(refs, lhs, rhs). */
#if defined(__GNUC__) || defined(__clang__)
#define GR_ASSIGN_NORMAL(refs, dst, ...)                                       \
  (*__extension__({                                                            \
    __typeof__(dst) *_gr_d = &(dst);                                           \
    __typeof__(dst) _gr_s = (__VA_ARGS__);                                     \
    gr_refs_release(_gr_d, sizeof _gr_s, refs);                                \
    *_gr_d = _gr_s;                                                            \
    gr_refs_retain(_gr_d, sizeof _gr_s, refs);                                 \
    _gr_d;                                                                     \
  }))
#endif

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC diagnostic pop /* -Wvariadic-macros, pushed at the top */
#endif

#endif /* GENREF_RT_H */
