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
 *           to one pool kind (size class x layout).
 *   slot    one object's memory. Its generation headers sit where the
 *           pool kind's layout says; the first of them is the *primary*
 *           header, whose parity tells live (odd) from free (even).
 *   kind    (size class, layout): the unit of reuse. A slot is only ever
 *           handed out again for the same kind, so every header position in
 *           it sees a strictly increasing sequence of values.
 *   theap   a thread's heap: per kind, a ring of the slabs it owns.
 *
 * Heap invariants (each is checked by a test in test/runtime/):
 *   I1 the value of every header position of a slot only increases;
 *      every alloc and every free adds exactly one.
 *   I2 primary header odd <=> the slot is handed out (live).
 *   I3 a slot (and its address) belongs to exactly one kind, forever.
 *   I4 a slot whose next free value e has e + 2 > GR_GEN_MAX is retired:
 *      it stays even and is never handed out again.
 *   I5 a live slot is in no free list; a free slot is in at most one.
 *   I6 all memory of slabs and metadata comes from mmap, never malloc.
 *   I7 only the owning thread pops slots or touches `free`; other threads
 *      push onto `xfree` (lock-free); owner == NULL means abandoned.
 *   I8 a thread commits a new slab for a kind only when its own slabs of
 *      that kind are full and no abandoned slab of the kind has a free
 *      slot (among the first GR_ADOPT_SCAN of the spare list, which keeps
 *      slabs with room before full ones): memory under thread churn is
 *      bounded by live objects and live threads, not by threads created.
 *   I9 a fork() child finds every heap lock free (fork handlers take them
 *      all before the fork): it allocates and frees normally.
 *   I10 a free changes only the slot's headers: free lists are linked
 *      through the slab's `links` array, so a freed object keeps its other
 *      bytes (its real references) until the slot is handed out again.
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
 * generations and spreads reuse over a slab's slots (FIFO) so they retire
 * together and the slab's memory can go back to the OS. */
#if defined(GENREF_LAYOUT_COMPACT)
#ifndef GENREF_GEN_BITS
#define GENREF_GEN_BITS 16
#endif
#if GENREF_GEN_BITS > 16
#error "the compact layout holds 16-bit generations"
#endif
#define GR_FIFO_REUSE 1
#else
#define GR_FIFO_REUSE 0
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

#define GR_CHUNK_SHIFT 16
#define GR_CHUNK_SIZE ((size_t)1 << GR_CHUNK_SHIFT) /* 64 KiB */
#define GR_ARENA_MAX ((size_t)1 << 40)  /* the arena's extent: 1 TiB, or the */
#define GR_ARENA_MIN_LAZY ((size_t)1 << 24) /* address-space limit, >= 16 MiB */
#define GR_NCLASSES 48          /* 16..128 step 16, then 4 per doubling */
#define GR_MAX_SMALL ((size_t)128 * 1024) /* largest small class */
#define GR_MIN_SLOTS 8          /* a small slab holds at least this many */
#define GR_MAX_LAYOUTS 4096     /* distinct layouts per process */
#define GR_FRESH_BATCH 64       /* fresh slots carved into a free list at once */
#define GR_ADOPT_SCAN 8         /* spare slabs an adopter looks at (I8) */

/* ---- layouts and kinds ---- */

/* An interned layout: the content of a gr_layout_t. id 0 is the default
 * layout (one header at offset 0). */
typedef struct gr_ilayout {
  uint32_t id;
  uint32_t stride;
  uint32_t count;
  uint32_t *offsets;
  const char *type_name; /* of the first gr_layout_t seen with this content */
} gr_ilayout_t;

/* One kind: everything the hot paths need about slots of (class, layout).
 * Created once, never changed, shared by all threads. */
typedef struct gr_kind {
  uint32_t class_idx;     /* GR_NCLASSES + n for huge kinds of n chunks */
  uint32_t capacity;      /* slots per slab */
  uint64_t slot_size;     /* 64-bit: a huge slot may pass 4 GiB */
  uint64_t slab_size;     /* bytes committed per slab */
  uint32_t hdr0;          /* primary header offset */
  uint32_t nhdr;          /* header positions per slot (>= 1) */
  uint32_t *hdrs;         /* their offsets, ascending; hdrs[0] == hdr0 */
  const gr_ilayout_t *layout;
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
/* A free-list link: a slot number + 1. A small slab holds at most
 * GR_CHUNK_SIZE / 16 = 4096 slots, so 16 bits hold every link. */
typedef uint16_t gr_link_t;

typedef struct gr_slab {
  /* owner-only (I7). Free lists hold slot numbers + 1 (0: none), linked
   * through `links`, outside the slots: a freed object keeps its bytes
   * (all but its headers) until its slot is handed out again (I10). */
  uint32_t free;            /* first free slot + 1; 0: none */
  uint32_t free_tail;       /* its last slot + 1 (FIFO reuse only) */
  uint32_t next_fresh;      /* slots [next_fresh, capacity) never carved */
  /* Copies of the kind's fields the fast paths need, on `free`'s cache
   * line: saves a dependent load of `kind` on every alloc and free. */
  uint32_t hdr0, capacity;
  bool simple;              /* one header, a small kind: no slow work on free */
  uint64_t slot_size;
  gr_link_t *links;         /* links[i]: the free slot after slot i, + 1 */
  uintptr_t start;
  bool in_ring;
  struct gr_slab *ring_next, *ring_prev; /* owner's ring, or abandoned list */
  /* immutable after creation */
  const gr_kind_t *kind;
  uint64_t div_magic;       /* (off * div_magic) >> 40 == off / slot_size */
  /* shared */
  _Atomic uint32_t xfree;              /* pushed by other threads (+ 1 form) */
  _Atomic(struct gr_theap *) owner;    /* NULL: abandoned */
  _Atomic uint32_t retired;
  /* every slot retired: memory returned to the OS, range reserved forever */
  _Atomic bool released;
  /* normal mode: per-slot reference counts, made on first use (refcount.c) */
  _Atomic(struct slab_counts *) counts;
  struct gr_slab *all_next;            /* registry of slabs, for statistics */
} gr_slab_t;

/* ---- thread heaps ---- */

/* A thread's slabs of one kind. `cur` is never NULL: an empty pool points
 * at the shared empty slab, whose free list is always NULL. */
typedef struct gr_pool {
  gr_slab_t *cur;
  const gr_kind_t *kind;    /* NULL until first use */
} gr_pool_t;

typedef struct gr_theap {
  gr_pool_t pools[GR_NCLASSES];        /* default layout */
  gr_pool_t *lpools[GR_MAX_LAYOUTS];   /* other layouts, NCLASSES each */
  struct gr_theap *next_free;          /* recycled heaps */
  uint64_t fresh_gen, fresh_end;       /* block of stack generations */
} gr_theap_t;

/* ---- options (options.inc is the table) ---- */

typedef const char *gr_str;

typedef struct gr_options {
#define GR_OPTION(type, name, default_value, min, max, help) type name;
#include "options.inc"
#undef GR_OPTION
} gr_options_t;

#endif /* GENREF_TYPES_H */
