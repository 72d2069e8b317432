/* internal.h - declarations shared by the runtime's .c files. */
#ifndef GENREF_INTERNAL_H
#define GENREF_INTERNAL_H

#include "types.h"

/* Every runtime function goes to one section, so reports can drop the
 * runtime's own frames from a backtrace (report.c). */
#pragma clang section text = "genref_text"

#define GR_NOINLINE __attribute__((noinline))
/* The section's bounds (the linker's): is pc one of the runtime's own
 * instructions? Backtraces leave those frames out. Weak: a link that
 * drops the section leaves them NULL, and then every frame is shown. */
extern char __start_genref_text[] __attribute__((weak));
extern char __stop_genref_text[] __attribute__((weak));
static inline int _gr_in_runtime(uintptr_t pc) {
  return __start_genref_text && pc >= (uintptr_t)__start_genref_text &&
         pc < (uintptr_t)__stop_genref_text;
}
#define GR_NORETURN __attribute__((noreturn))
#define GR_TLS __thread __attribute__((tls_model("initial-exec")))
/* Defined in the runtime and never used outside it: with the declaration
 * hidden too, position-independent code reads it PC-relative, one
 * instruction, not through the GOT (the fast paths read several). */
#define GR_HIDDEN __attribute__((visibility("hidden")))

/* Normal mode's counts change with a plain store, not a locked
 * compare-and-swap, while the process has one thread: glibc clears
 * __libc_single_threaded in pthread_create (thrd_create, its own helper
 * threads) before the second thread exists and never sets it back, the
 * test libstdc++'s shared_ptr counts make. A C library without it is
 * always taken as threaded. (A signal handler's counted store into an
 * object whose count its thread is changing at that instant is not made
 * exact, as in libstdc++; handlers may not touch such objects in C.) */
#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define GR_SOLO() GR_LIKELY(__libc_single_threaded != 0)
#else
#define GR_SOLO() 0
#endif

/* ---- globals (init.c, os.c) ---- */
extern gr_options_t _gr_options;
extern GR_HIDDEN uintptr_t _gr_arena_base; /* 0 until the arena exists */
/* Its extent (reserved, or lazy); 0 until the arena exists, and stored
 * after base and the chunk map (release). */
extern GR_HIDDEN size_t _gr_arena_size;
extern uintptr_t _gr_poison_base;     /* the arena's inaccessible mirror, or 0 */
extern GR_HIDDEN gr_slab_t **_gr_chunk_map; /* one entry per arena chunk */
extern GR_HIDDEN gr_slab_t _gr_empty_slab;  /* free == 0, owned by nobody */
extern GR_TLS gr_theap_t *_gr_tl_heap;
/* _gr_tl_heap, or the empty _gr_no_heap before the thread has a heap and
 * while stacks are recorded (malloc_context_size): what the allocation
 * and free fast paths read (heap.c), never NULL. */
extern GR_TLS gr_theap_t *_gr_tl_fast;
extern GR_HIDDEN gr_theap_t _gr_no_heap;

/* ---- locks (none on a fast path). fork() takes them all, in this order,
 * which is also the only order in which any two are ever nested
 * (init.c, fork handlers): ---- */
extern pthread_mutex_t _gr_report_lock; /* report.c: one report at a time */
extern pthread_mutex_t _gr_counts_lock; /* refcount.c: counts of non-slot objects */
extern pthread_mutex_t _gr_kind_lock;   /* layout.c: kinds */
extern pthread_mutex_t _gr_heaps_lock;  /* slab.c: recycled thread heaps */
extern pthread_mutex_t _gr_spare_lock;  /* slab.c: spare lists, slab registry */
extern pthread_mutex_t _gr_blocks_lock; /* locate.c: program allocators' blocks */
extern pthread_mutex_t _gr_arena_lock;  /* os.c: the arena's end */
extern pthread_mutex_t _gr_depot_lock;  /* stackdepot.c: new stacks */
extern pthread_mutex_t _gr_meta_lock;   /* os.c: metadata bump allocator */
/* Set while the runtime forks a helper that only execs (report.c's
 * symbolizer): the fork handlers then leave the locks alone, as this
 * thread may hold some of them. */
extern GR_TLS bool _gr_forking_helper;

/* ---- init.c ---- */
extern const int _gr_malloc_interposed; /* interpose.c or nointerpose.c */
void _gr_ensure_init(void);
void _gr_preinit(char **envp); /* preinit.c */
void _gr_check_address_width(void); /* compact layout */
void _gr_options_parse(const char *spec);   /* exits on a bad spec */

/* ---- os.c: address space and metadata ---- */
bool _gr_arena_init(void);
/* Commit `size` bytes (a multiple of GR_CHUNK_SIZE) of fresh arena. */
void *_gr_arena_commit(size_t size);
/* Metadata memory (zeroed, never freed). */
void *_gr_meta_alloc(size_t size);
uint64_t _gr_bytes_mapped(void);
uint64_t _gr_meta_bytes(void);
void _gr_os_release_pages(void *p, size_t size); /* madvise DONTNEED */

/* ---- layout.c: size classes and kinds ---- */
static inline uint32_t _gr_class_of(size_t size) {
  if (size <= 128)
    return size <= 16 ? 0 : (uint32_t)((size + 15) / 16 - 1);
  size_t s = size - 1;
  uint32_t k = 63u - (uint32_t)__builtin_clzll(s);
  return 8u + (k - 7u) * 4u + (uint32_t)((s >> (k - 2u)) & 3u);
}
size_t _gr_class_size(uint32_t class_idx);
/* _gr_class_of(n) for every small slot size n (header included, <=
 * GR_MAX_SMALL) by 16-byte step: _gr_class_tab[(n + 15) / 16]. Every
 * class size is a multiple of 16, so classes change only at multiples of
 * 16. 8 KiB, of which a program touches the lines of the sizes it uses.
 * Filled at start-up, before any heap exists (until then every entry is
 * class 0, and the fast path's pools are all empty). */
#define GR_CLASS_TAB_N (GR_MAX_SMALL / 16 + 1)
extern GR_HIDDEN uint8_t _gr_class_tab[GR_CLASS_TAB_N];
void _gr_layout_init(void);
/* The kind for (class, alignment); created on first use. For huge sizes
 * class_idx is GR_NCLASSES + number of chunks. */
const gr_kind_t *_gr_kind_get(uint32_t class_idx, uint32_t align_shift);
const gr_kind_t *_gr_kinds_all(void);

/* ---- slab.c: slabs and the slow paths ---- */
static inline gr_slab_t *_gr_slab_of(const void *p) {
  uintptr_t off = (uintptr_t)p - _gr_arena_base;
  if (off >= _gr_arena_size || _gr_arena_base == 0)
    return NULL;
  return _gr_chunk_map[off >> GR_CHUNK_SHIFT];
}
/* Index of the slot whose object starts exactly at p, or UINT32_MAX. */
static inline uint32_t _gr_slot_index(const gr_slab_t *s, const void *p) {
  uint64_t off = (uintptr_t)p - GR_HDR_SIZE - s->start;
  uint64_t idx = s->capacity == 1 ? 0 : (off * s->div_magic) >> 40;
  if (idx >= s->capacity || idx * s->slot_size != off)
    return UINT32_MAX;
  return (uint32_t)idx;
}
/* Index of the slot holding address p (its header or its object), or
 * UINT32_MAX for the slab's bytes before slot 0 or after the last. */
static inline uint32_t _gr_slot_holding(const gr_slab_t *s, const void *p) {
  uint64_t off = (uintptr_t)p - s->start;
  if ((uintptr_t)p < s->start)
    return UINT32_MAX;
  /* One slot (a huge object): no division on the path of every interior
   * check into a big array. */
  uint64_t idx = s->capacity == 1 ? (off < s->slot_size ? 0 : 1) : (off * s->div_magic) >> 40;
  return idx < s->capacity ? (uint32_t)idx : UINT32_MAX;
}
static inline uintptr_t _gr_slot_addr(const gr_slab_t *s, uint32_t idx) {
  return s->start + (uintptr_t)idx * s->slot_size;
}
gr_theap_t *_gr_theap_init(void);
void _gr_heap_key_init(void);
uint64_t _gr_report_count(void);
GR_NOINLINE void *_gr_alloc_slow(gr_theap_t *h, gr_pools_t *pools,
                                 uint32_t class_idx, uint32_t align_shift);
void *_gr_alloc_huge(size_t size, uint32_t align_shift);
void _gr_free_huge(gr_slab_t *s, void *p);
/* An object of `size` bytes aligned to 1 << align_shift (heap.c). */
void *_gr_alloc_aligned(size_t size, uint32_t align_shift);
/* Every heap ever made, for lookups of references into other threads'
 * stacks (slab.c). */
gr_theap_t *_gr_heaps_all(void);
/* refcount.c made s's counts: frees of s leave the fast path (fast_owner). */
void _gr_slab_counted(gr_slab_t *s);
/* Push freed slot idx onto a slab of another thread (or an abandoned one). */
void _gr_free_remote(gr_slab_t *s, uint32_t idx);
/* Move a freed slot back to a slab of this thread. */
void _gr_free_local_slow(gr_theap_t *h, gr_slab_t *s);
gr_gen_t _gr_fresh_gen_slow(gr_theap_t *h);
const gr_slab_t *_gr_slabs_all(void);

/* ---- stackdepot.c: recorded stacks, each distinct one stored once ---- */
/* The id of (pcs[0..n), thread tid), stored if new; 0 when the depot is
 * full. Lock-free when the stack is known. */
uint32_t _gr_depot_put(const uintptr_t *pcs, uint32_t n, uint32_t tid);
/* The frames and thread of id; returns the frame count (0: no such id). */
uint32_t _gr_depot_get(uint32_t id, const uintptr_t **pcs, uint32_t *tid);
void _gr_depot_stats(uint64_t *stacks, uint64_t *bytes, uint64_t *dropped);

/* ---- trace.c: alloc and free stacks per slot (malloc_context_size) ---- */
/* Frames to record per event; 0: off. Set once at start-up. */
extern GR_HIDDEN uint32_t _gr_trace_depth;
void _gr_trace_init(void);
GR_NOINLINE void _gr_trace_alloc(gr_slab_t *s, const void *obj);
GR_NOINLINE void _gr_trace_free(gr_slab_t *s, uint32_t idx);
/* The slot's ids {alloc, free, prev_alloc, prev_free}; false: none kept. */
/* object.c: whether life gen of the heap slot whose object starts at base
 * was one of this thread's stack copies (rt.h's gr_stack_frame_place), and
 * whether frame f is one. */
bool _gr_stack_copy_life(uintptr_t base, gr_gen_t gen);
bool _gr_stack_frame_is_copy(const gr_stack_frame_t *f);
/* gr_stack_frame_end; free_own false: f's own copy stays allocated (its
 * normal-mode check is pending, refcount.c frees it). */
void _gr_stack_frame_pop(gr_stack_frame_t *f, bool free_own);
bool _gr_trace_get(const gr_slab_t *s, uint32_t idx, uint32_t ids[4]);
/* This thread's number in reports: T0 the main thread, T1.. the others
 * in the order of their first recorded event. */
uint32_t _gr_thread_number(void);
/* An allocation's event, from the fast paths: one load and a branch when
 * recording is off. */
static inline void _gr_note_alloc(gr_slab_t *s, const void *obj) {
  if (GR_UNLIKELY(_gr_trace_depth))
    _gr_trace_alloc(s, obj);
}

/* ---- report.c ---- */
GR_COLD void _gr_report_corruption(const void *addr, const char *what);
void _gr_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void _gr_log_raw(const char *text, size_t len);

/* ---- fault.c ---- */
extern GR_TLS uintptr_t _gr_fault_pc; /* the faulting instruction, while reporting */
void _gr_install_fault_handler(void);

/* ---- policy.c ---- */
void _gr_check_policy(void);
/* Called by each unit's constructor (the plugin writes its declaration and
 * the call after the unit's record, so no header declares it). */
GR_API void gr_unit_loaded(const char *rec, const char *pol, const char *pol_end);

/* ---- heap.c / refcount.c: normal mode's frees ---- */
#define GR_FREE_CHECK 0 /* free(): references to the object are checked */
#define GR_FREE_MOVED 1 /* realloc(): the object moved, its references came along */
/* The slot went from live (g) to free: back to a free list, or retired. */
void _gr_free_finish(gr_slab_t *s, uint32_t idx, void *p, gr_gen_t g);
/* free() with the freed pointer's static type (normal mode). */
void _gr_free_typed(void *p, gr_gen_t gen, bool has_gen, size_t size,
                    const gr_layout_t *refs, const gr_site_t *site);
/* The slot at idx was just freed (generation g -> g + 1) in a program that
 * counts: release what it holds, check references to it. True: the slot
 * is quarantined (a check is pending), do not finish the free. */
void *_gr_alloc_slot(size_t size, gr_slab_t **sp, uint32_t *ip);
bool _gr_free_counted(gr_slab_t *s, uint32_t idx, void *p, gr_gen_t g, size_t size,
                      const gr_layout_t *refs, const gr_site_t *site, int how);
/* exit() inside a destruction: its pending checks run now. */
void _gr_counts_at_exit(void);
/* realloc moved `len` bytes of old to new: the counts follow. */
void _gr_counts_moved(void *old, void *new_obj, size_t len);

/* ---- stats.c ---- */
void _gr_print_stats(void);

/* ---- free lists ----
 * A slab's free list (LIFO: the slot freed last is handed out first, its
 * lines still warm) is linked through the listed slots' headers, outside
 * every object (I10): a free writes the freed slot's header anyway, and
 * the allocation reads the header it hands out anyway, so a list
 * operation touches no other line. A listed header word holds two 32-bit
 * halves, the generation (even: free) and the link, the next listed
 * object's offset from `start` plus GR_LIST_BIAS:
 *   fat      generation low, link high: a live header is its generation,
 *            below 2^32 (GR_HEAP_GEN_MAX), so the inline check's compare of
 *            the whole word is unchanged.
 *   compact  link low, generation high: the high half of a freed, unlisted
 *            header is normal mode's count (types.h), which a holder's
 *            release may still decrement, so the link must not be there;
 *            and the bias is GR_GEN_MAX + 1, so a listed low half is above
 *            every generation: no count test, no check and no generation
 *            compare takes it for one (it is even as well: an object's
 *            offset is a multiple of 8).
 * The list ends at a header that is odd: the sentinel before slot 0 (the
 * empty list's head is `start`), or, were a listed slot ever live, that
 * slot, so nothing live is handed out twice. A header of the low half's
 * parity is the allocation's one test. A link at or above `list_end`
 * (a header overwritten, by a write past the end of the object before
 * it) is never followed: malloc hands out no address outside the slab. */
#if defined(GENREF_LAYOUT_COMPACT)
#define GR_LIST_LINK_HALF 0
#define GR_LIST_GEN_HALF 1
#define GR_LIST_BIAS ((uint32_t)GR_GEN_MAX + 1)
#else
#define GR_LIST_LINK_HALF 1
#define GR_LIST_GEN_HALF 0
#define GR_LIST_BIAS ((uint32_t)0)
#endif
/* The header of the object at obj. */
static inline gr_gen_t *_gr_hdr(void *obj) {
  return (gr_gen_t *)((char *)obj - GR_HDR_SIZE);
}
/* A header word's 32-bit halves. */
static inline uint32_t *_gr_hdr_half(uintptr_t obj, int half) {
  return (uint32_t *)(obj - GR_HDR_SIZE) + half;
}
/* The generation a heap header word holds: live, freed, or listed. */
static inline gr_gen_t _gr_word_gen_any(gr_gen_t w) {
#if defined(GENREF_LAYOUT_COMPACT)
  return (uint32_t)w > GR_GEN_MAX ? (gr_gen_t)(w >> 32) : (gr_gen_t)(uint32_t)w;
#else
  return (gr_gen_t)(uint32_t)w;
#endif
}
/* The generation of the heap object at obj, whatever its state. */
static inline gr_gen_t _gr_gen_of(void *obj) {
  return _gr_word_gen_any(__atomic_load_n(_gr_hdr(obj), __ATOMIC_RELAXED));
}
/* The object address of slot idx (its header is 8 bytes before). */
static inline uintptr_t _gr_slot_obj(const gr_slab_t *s, uint32_t idx) {
  return s->start + (uintptr_t)idx * s->slot_size + GR_HDR_SIZE;
}
/* A link's object, and an object's link. start less the bias is taken
 * apart (an empty asm), so that the allocation's chain from one link to
 * the next object takes one add, not two. */
static inline uintptr_t _gr_link_obj(const gr_slab_t *s, uint32_t link) {
  uintptr_t base = s->start - GR_LIST_BIAS;
  __asm__("" : "+r"(base));
  return base + link;
}
static inline uint32_t _gr_obj_link(const gr_slab_t *s, uintptr_t obj) {
  return (uint32_t)(obj - s->start) + GR_LIST_BIAS;
}
/* The list has no slot: its head's header is odd (the sentinel). */
static inline bool _gr_list_empty(const gr_slab_t *s) {
  return __atomic_load_n(_gr_hdr_half(s->free_obj, 0), __ATOMIC_RELAXED) & 1;
}
/* Put the object at obj, freed as generation e (even), on s's list. */
static inline void _gr_push_free(gr_slab_t *s, uintptr_t obj, gr_gen_t e) {
  __atomic_store_n(_gr_hdr_half(obj, GR_LIST_LINK_HALF), _gr_obj_link(s, s->free_obj),
                   __ATOMIC_RELEASE);
  __atomic_store_n(_gr_hdr_half(obj, GR_LIST_GEN_HALF), (uint32_t)e, __ATOMIC_RELEASE);
  s->free_obj = obj;
}
/* A freed slot back on s's list. When it was the slab's last live slot
 * (live, exact unless s is current: _gr_slab_restart decides) and the
 * slab was carved to its end (filled once), the list starts over
 * in address order (_gr_slab_restart): a program that frees a whole
 * structure and builds it again (graph's rounds) gets its objects back
 * in allocation order, as from a fresh heap, not in the order of its
 * frees (graph: 1.24x plain's time with glibc's placement order lost,
 * 0.99x with it). */
void _gr_slab_restart(gr_slab_t *s);
static inline void _gr_push_freed(gr_slab_t *s, uintptr_t obj, gr_gen_t e) {
  _gr_push_free(s, obj, e);
  if (GR_UNLIKELY(--s->live == 0) && s->next_fresh == s->capacity)
    _gr_slab_restart(s);
}
/* A listed header whose link leads out of the slab: heap-corruption,
 * reported, and the program stops (never followed). */
__attribute__((noreturn)) void _gr_list_broken(gr_slab_t *s, uintptr_t obj,
                                               uint32_t link);
/* Take the first listed slot of s (the list not empty): its object's
 * address; *gp: its generation. */
static inline void *_gr_pop_free(gr_slab_t *s, gr_gen_t *gp) {
  uintptr_t b = s->free_obj;
  uint32_t link = __atomic_load_n(_gr_hdr_half(b, GR_LIST_LINK_HALF), __ATOMIC_RELAXED);
  if (GR_UNLIKELY(link >= s->list_end))
    _gr_list_broken(s, b, link);
  s->free_obj = _gr_link_obj(s, link);
  *gp = __atomic_load_n(_gr_hdr_half(b, GR_LIST_GEN_HALF), __ATOMIC_RELAXED);
  return (void *)b;
}
void _gr_release_slab(gr_slab_t *s);



/* Hand out the first listed slot of s (the list not empty) and make it
 * live (I1, I2): its object's address. The new header is the generation
 * alone (the link goes; compact: count and type tag 0, types.h). A live
 * one on a free list means the heap's own metadata broke. */
static inline void *_gr_take_free(gr_slab_t *s) {
  gr_gen_t g;
  void *b = _gr_pop_free(s, &g);
  gr_gen_t *hp = _gr_hdr(b);
  if (GR_UNLIKELY(g & 1))
    _gr_report_corruption(b, "a slot on a free list is live");
  __atomic_store_n(hp, g + 1, __ATOMIC_RELAXED);
  _gr_note_alloc(s, b); /* no live count: s is current (types.h) */
  return b;
}

/* The heap address a poisoned raw value stands for, or NULL. */
static inline void *_gr_unpoison(const void *p) {
  uintptr_t off = (uintptr_t)p - _gr_poison_base;
  if (!_gr_poison_base || off >= _gr_arena_size)
    return NULL;
  return (void *)(_gr_arena_base + off);
}

/* ---- locate.c: what memory an address belongs to ---- */
typedef enum gr_where {
  GR_AT_STATIC,   /* not the heap, not a stack object in scope: always alive */
  GR_AT_HEAP,     /* inside a heap slot's object */
  GR_AT_HEADER,   /* on a slot's header: one past the end of the object before */
  GR_AT_GAP,      /* heap memory outside every slot (a slab's edges) */
  GR_AT_STACK     /* inside a stack object in scope */
} gr_where_t;

typedef struct gr_loc {
  gr_where_t where;
  uintptr_t base;      /* the object's first byte */
  uint64_t size;       /* its usable size */
  gr_gen_t gen;        /* its generation now */
  gr_slab_t *slab;     /* heap only */
  uint32_t idx;        /* heap only: the slot */
  bool block;          /* a block of a program allocator (gr_block_alloc) */
} gr_loc_t;

/* Where p points. `gen`: a stack reference's generation, to prefer the
 * frame that carries it (0: the innermost frame holding p). */
void _gr_locate(const void *p, gr_gen_t gen, gr_loc_t *out);
/* The newest of this thread's stack objects in scope holding p: its entry
 * and its index in the frame list; false if none. */
bool _gr_own_frame_at(uintptr_t p, gr_frame_entry_t *e, uint32_t *at);

#endif /* GENREF_INTERNAL_H */
