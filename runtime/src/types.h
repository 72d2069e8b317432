/* types.h - every internal structure of the genref heap and its invariants.
 *
 * Vocabulary (docs/design.md has the diagrams):
 *   arena   one address range (its extent), reserved at start-up when the
 *           address space has no limit, else mapped piece by piece at its
 *           end (lazy, os.c); slabs are committed from it front to back in
 *           CHUNK-aligned pieces and never released to another use.
 *   chunk   GR_CHUNK_SIZE bytes of the arena; chunk_map[i] names the slab
 *           that covers chunk i (or NULL).
 *   slab    a committed span of chunks cut into equal slots, bound forever
 *           to one pool kind (size class x alignment).
 *   slot    an 8-byte generation header followed by one object's memory:
 *           the object starts at slot + 8, so the header sits right before
 *           it, outside every byte the program can reach through the
 *           object (its sizeof, or an array of them). The header is the
 *           object's identity and only the allocator writes it; its parity
 *           tells live (odd) from free (even).
 *   kind    (size class, alignment): the unit of reuse. A slot is only ever
 *           handed out again for the same kind, so each header position sees
 *           a strictly increasing sequence of values and every object start
 *           of the kind stays an object start.
 *   theap   a thread's heap: per kind, a ring of the slabs it owns; and the
 *           thread's stack objects in scope (frames).
 *
 * Heap invariants (each is checked by a test in test/runtime/):
 *   I1 the value of a slot's header only increases; every alloc and every
 *      free adds exactly one. (Compact layout: the header's generation is
 *      its word's low half; the high half is normal mode's count of the
 *      live object, which an allocation sets to 0 and a free keeps.)
 *   I2 header odd <=> the slot is handed out (live).
 *   I3 a slot (and its address) belongs to exactly one kind, forever.
 *   I4 a slot whose next free value e has e + 2 > GR_GEN_MAX is retired:
 *      it stays even and is never handed out again.
 *   I5 a live slot is in no free list; a free slot is in at most one.
 *      The owner frees with a plain store (no atomic: the common case);
 *      other threads' frees win or lose a compare-and-swap on the header
 *      and go on `xfree`. A free by the owner racing one by another thread
 *      (a double free) can make both succeed: the owner collects `xfree`
 *      only into an empty list, when every slot it carved is handed out
 *      as far as it knows, and takes a slot only if it was carved
 *      (< next_fresh) and its header says it is free, so the duplicate
 *      (handed out again, or uncarved after a restart) is dropped and
 *      reported there, never acted on.
 *   I6 all memory of slabs and metadata comes from mmap, never malloc.
 *   I7 only the owning thread pops slots or touches `free_obj`; other threads
 *      push onto `xfree` (lock-free); owner == NULL means abandoned.
 *   I8 a thread commits a new slab for a kind only when its own slabs of
 *      that kind are full and no abandoned slab of the kind has a free
 *      slot (among the first GR_ADOPT_SCAN of the spare list, which keeps
 *      slabs with room before full ones): memory under thread churn is
 *      bounded by live objects and live threads, not by threads created.
 *   I9 a fork() child finds every heap lock free (fork handlers take them
 *      all before the fork): it allocates and frees normally.
 *   I10 no byte the program can write through an object decides identity
 *      or reuse: headers lie outside objects, and free lists are linked
 *      through the free slots' headers (internal.h), so a stale raw write
 *      into a freed object can neither forge a generation nor redirect
 *      malloc; a freed small object keeps
 *      its bytes until the slot is handed out again (a huge one's pages
 *      after its header's go back to the OS: they read as zeros).
 *   I11 every heap byte is genref's: the whole malloc family (interpose.c)
 *      allocates here, so a reference into any allocation finds its header,
 *      however the allocation call was spelled.
 */
#ifndef GENREF_TYPES_H
#define GENREF_TYPES_H

#include "genref/rt.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- build-time configuration ---- */

/* The compact reference layout (docs/layouts.md) carries 16-bit
 * generations. */
#if defined(GENREF_LAYOUT_COMPACT)
#ifndef GENREF_GEN_BITS
#define GENREF_GEN_BITS 16
#endif
#if GENREF_GEN_BITS > 16
#error "the compact layout holds 16-bit generations"
#endif
#endif

/* Narrowing the generation lets tests reach retirement quickly (-DGENREF_GEN_BITS=4). */
#ifndef GENREF_GEN_BITS
#define GENREF_GEN_BITS 64
#endif
#if GENREF_GEN_BITS >= 64
#define GR_GEN_MAX UINT64_MAX
#else
#define GR_GEN_MAX ((UINT64_C(1) << GENREF_GEN_BITS) - 1)
#endif
/* A heap slot's generation fits its header word's low half, the free list
 * (internal.h) takes the other: at most 2^32 - 1, so a fat slot retires
 * (I4) after 2^31 lives. Stack objects' generations (gr_fresh_gen) keep
 * GR_GEN_MAX. */
#if GENREF_GEN_BITS > 32
#define GR_HEAP_GEN_MAX ((gr_gen_t)UINT32_MAX)
#else
#define GR_HEAP_GEN_MAX GR_GEN_MAX
#endif

/* The compact layout's header word (genref/rt.h, gr_slot_header_t): the
 * generation in its low half; in its high half, normal mode's type tag of
 * a typed allocation (bits 32-39: which of its slab's layouts it holds,
 * refcount.c) and the live object's count (bits 40-63). An allocation
 * writes the new generation with both zero (they belong to one life); a
 * free adds one to the word, keeping them for the free's release and
 * check. The count at the word's top cannot carry into the tag: past 2^24
 * references to one object it wraps, and as a decrement never takes it
 * below 0 it stays at most the true count (a report may be missed there,
 * none is made up). The fat layout's header is the generation alone (its
 * counts and types are in per-slab arrays). */
#if defined(GENREF_LAYOUT_COMPACT)
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the compact header's generation is its word's low half"
#endif
#define GR_HDR_COUNTS 1
#define GR_WORD_GEN(w) ((gr_gen_t)(uint32_t)(w))
#define GR_HDR_TAG_SHIFT 32
#define GR_HDR_TAG_NONE 0    /* no type recorded */
#define GR_HDR_TAG_SLOT 255  /* the slab's table is full: types[slot] says */
#define GR_HDR_COUNT_SHIFT 40
#else
#define GR_HDR_COUNTS 0
/* The low half too: a heap generation is below 2^32, and a free slot's high
 * half is its free list's link, which the owner's free writes before the
 * generation, so a racing free of another thread can read a live low half
 * under a link (its compare-and-swap then wins as well, and the owner's
 * collection reports the duplicate, I5; read whole, the word looked
 * retired and the duplicate went unreported: race_double_free.c). */
#define GR_WORD_GEN(w) ((gr_gen_t)(uint32_t)(w))
#endif

#define GR_CHUNK_SHIFT 16
#define GR_CHUNK_SIZE ((size_t)1 << GR_CHUNK_SHIFT) /* 64 KiB */
#define GR_ARENA_MAX ((size_t)1 << 40)  /* the arena's extent: 1 TiB, or the */
#define GR_ARENA_MIN_LAZY ((size_t)1 << 24) /* address-space limit, >= 16 MiB */
#define GR_NCLASSES 48          /* 16..128 step 16, then 4 per doubling */
#define GR_MAX_SMALL ((size_t)128 * 1024) /* largest small class */
#define GR_MIN_SLOTS 8          /* a small slab holds at least this many */
#define GR_HDR_SIZE 8           /* the header before each object */
#define GR_MIN_ALIGN_SHIFT 4    /* malloc's alignment: 16 */
#define GR_MAX_ALIGN_SHIFT 16   /* the largest alignment served: a chunk */
#define GR_NALIGNED (GR_MAX_ALIGN_SHIFT - GR_MIN_ALIGN_SHIFT) /* 32 .. 64 KiB */
#define GR_FRESH_BATCH 64       /* fresh slots carved into a free list at once */
#define GR_DEAD_FRAMES 256      /* ended frames remembered per thread */
#define GR_ADOPT_SCAN 8         /* spare slabs an adopter looks at (I8) */
#define GR_DEPOT_MAX_FRAMES 64  /* frames of a recorded stack (malloc_context_size) */

/* ---- kinds ---- */

/* One kind: everything the hot paths need about slots of (class, align).
 * Created once, never changed, shared by all threads. */
typedef struct gr_kind {
  uint32_t class_idx;     /* GR_NCLASSES + n for huge kinds of n chunks */
  uint32_t align_shift;   /* objects are aligned to 1 << align_shift (>= 16) */
  uint32_t capacity;      /* slots per slab */
  uint64_t slot_size;     /* header + object; 64-bit: a huge slot may pass 4 GiB */
  uint64_t slab_size;     /* bytes committed per slab */
  uint32_t base;          /* offset of slot 0 in its slab: alignment - 8 */
  /* Slabs no thread owns: abandoned by an exited thread (small kinds) or
   * free (huge kinds). The only mutable fields; guarded by slab.c's
   * spare_lock. Small kinds: slabs with a free slot first, full ones
   * after them, up to spare_tail (I8). */
  struct gr_slab *spare, *spare_tail;
  /* statistics (atomic, relaxed) */
  _Atomic uint64_t n_slabs;
  _Atomic uint64_t n_retired;
  struct gr_kind *all_next; /* registry of kinds, for statistics */
} gr_kind_t;

/* ---- slabs ---- */

struct gr_theap;
/* A link of `xfree`, other threads' frees: a slot number + 1. A small slab
 * holds at most GR_CHUNK_SIZE / 16 = 4096 slots (0..4095), so 16 bits hold
 * every link and leave room for the marker. */
typedef uint16_t gr_link_t;
/* xlinks[i] while slot i is on `xfree` (with its successor + 1 in the
 * low bits): a second push of one slot would make the list a cycle. */
#define GR_XLINK_PENDING ((gr_link_t)0x8000)

typedef struct gr_slab {
  /* First, as gr_slab_view_t (rt.h; offsets checked in os.c): what the
   * inline check of an interior reference reads. Immutable after
   * creation. Plain fields, not a nested struct, so the free list's head
   * fills the 4 bytes after `capacity`. */
  uintptr_t start;          /* slot 0 (its header): the slab's memory + base */
  uint64_t slot_size;       /* a copy of the kind's */
  uint64_t div_magic;       /* (off * div_magic) >> 40 == off / slot_size */
  uint32_t capacity;        /* a copy of the kind's */
  /* owner-only (I7): slots carved and not on the free list (handed out,
   * or freed and not pushed yet), exact while `live_exact`: counted down
   * by frees only, since only the pool's current slab allocates, and a
   * slab stops being current with its list empty (every carved slot off
   * it, so live = next_fresh: slab.c, set_current). When it drops to 0 in
   * a slab carved to its end, the free list starts over in address order
   * (_gr_push_freed). In the 4 bytes after `capacity` that the view
   * struct pads. */
  uint32_t live;
  /* owner-only (I7): the free list (LIFO), linked through the listed
   * slots' headers, outside every object (I10; internal.h, "free lists").
   * free_obj is the first listed slot's object address, so the allocation
   * returns it as it is and a free stores the freed pointer itself; when
   * the list is empty it is `start`, whose "header", the 8 bytes before
   * slot 0 that alignment leaves unused, holds 1: odd, never free, so the
   * allocation's one test of the header (free?) also finds the list's end. */
  uintptr_t free_obj;
  /* The owner while the slab has no reference counts, else NULL: the
   * free fast path's one test for both (owner below; counts' maker clears
   * it, _gr_slab_counted). */
  _Atomic(struct gr_theap *) fast_owner;
  /* immutable: ceil(2^64 / slot_size). For off < 2^32, the high word of
   * off * free_magic is off / slot_size and the low word is below
   * free_magic iff slot_size divides off (exact: Lemire, Kaser, Kurz,
   * "Faster remainder by direct computation", 2019): the free fast
   * path's object-start test in one multiply. */
  uint64_t free_magic;
  /* immutable: every link of this slab's list is below it (the object
   * after the last slot's, as a link: internal.h), so the allocation
   * follows no link out of the slab, whatever wrote the header */
  uint32_t list_end;
  /* With the fields above, the first 64 bytes: all that the allocation
   * and free fast paths (heap.c) read (static_assert in slab.c). */
  bool simple;              /* a small kind: no slow work on free */
  /* shared */
  _Atomic(struct gr_theap *) owner;    /* NULL: abandoned */
  /* normal mode: per-slot reference counts, made on first use (refcount.c) */
  _Atomic(struct slab_counts *) counts;
  /* owner-only */
  uint32_t next_fresh;      /* slots [next_fresh, capacity) never carved */
  bool in_ring;
  /* `live` is exact: the slab is not its pool's current one (whose
   * allocations count nothing), and it stopped being current with its
   * list empty (a thread's end abandons a current slab with slots
   * listed: never restarted until it is current again and runs empty) */
  bool live_exact;
  struct gr_slab *ring_next, *ring_prev; /* owner's ring, or abandoned list */
  /* immutable after creation */
  const gr_kind_t *kind;
  /* shared */
  _Atomic uint32_t xfree;              /* pushed by other threads (+ 1 form) */
  /* xfree's links (atomic access), made by the first remote free */
  _Atomic(gr_link_t *) xlinks;
  _Atomic uint32_t retired;
  /* every slot retired: memory returned to the OS, range reserved forever */
  _Atomic bool released;
  /* malloc_context_size > 0: per-slot alloc/free stacks, made on first
   * use (trace.c) */
  _Atomic(struct gr_slot_trace *) traces;
  struct gr_slab *all_next;            /* registry of slabs, for statistics */
} __attribute__((aligned(64))) gr_slab_t;

/* What trace.c keeps per slot: stack depot ids (stackdepot.c; 0: none)
 * of the slot's last two allocations and last two frees. Outside the slot,
 * like every piece of metadata: the object's bytes are the program's. */
typedef struct gr_slot_trace {
  _Atomic uint32_t alloc, free;           /* the latest of each */
  _Atomic uint32_t prev_alloc, prev_free; /* the one before */
} gr_slot_trace_t;

/* ---- thread heaps ---- */

/* A thread's slabs of each class at one alignment. cur[c] is never NULL:
 * an empty pool points at the shared empty slab, whose free list is
 * always NULL. Arrays, not (cur, kind) pairs: the allocation fast path
 * indexes cur by class with no scaling. */
typedef struct gr_pools {
  gr_slab_t *cur[GR_NCLASSES];
  const gr_kind_t *kind[GR_NCLASSES];  /* NULL until first use */
} gr_pools_t;

/* A stack object in scope: [lo, hi) holds generation gen. counted: its
 * end releases the references it holds (a normal-mode unit's object with
 * a layout, rt.h's gr_stack_frame_begin_normal), so stores into it are
 * counted. Any other (a local of reference type whose address was taken,
 * a resilient or fast unit's object) holds a local's slots: locals are
 * never counted (docs/modes.md), and a count nothing releases would be a
 * false report at the target's free. */
typedef struct gr_frame_entry {
  uintptr_t lo, hi;
  gr_gen_t gen;
  uint32_t counted;
} gr_frame_entry_t;

typedef struct gr_theap {
  gr_pools_t pools;                    /* malloc's alignment */
  gr_pools_t *apools[GR_NALIGNED];     /* larger alignments */
  struct gr_theap *next_free;          /* recycled heaps */
  struct gr_theap *all_next;           /* every heap ever made (lookups) */
  uint64_t fresh_gen, fresh_end;       /* block of stack generations */
  /* The thread's stack objects in scope, innermost last. Written by the
   * owner only; other threads read it (racily) to check references into
   * this thread's stack. Grown by doubling (metadata, never freed). */
  gr_frame_entry_t *_Atomic frames;
  _Atomic uint32_t nframes;
  uint32_t frames_cap;
  /* The last generation a frame ended with, by address (direct-mapped):
   * narrow generations cycle, and a new object at the same address never
   * gets its previous occupant's (object.c). */
  uintptr_t dead_lo[GR_DEAD_FRAMES];
  gr_gen_t dead_gen[GR_DEAD_FRAMES];
  /* A copy of _gr_class_tab (internal.h), made with the heap: gr_alloc
   * indexes it from the heap pointer it already holds, one instruction
   * less than the global's PC-relative address. _gr_no_heap's is zeros:
   * class 0, whose pool is empty there. */
  uint8_t class_tab[GR_MAX_SMALL / 16 + 1];
} gr_theap_t;

/* ---- options (options.inc is the table) ---- */

typedef const char *gr_str;

typedef struct gr_options {
#define GR_OPTION(type, name, default_value, min, max, help) type name;
#include "options.inc"
#undef GR_OPTION
} gr_options_t;

#endif /* GENREF_TYPES_H */
