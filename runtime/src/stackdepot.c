/* stackdepot.c - every distinct stack recorded at malloc and free, stored
 * once (AddressSanitizer's StackDepot): a slot keeps two 4-byte ids per
 * event instead of the frames, and a stack seen a million times costs its
 * bytes once.
 *
 * A stack is (thread number, up to GR_DEPOT_MAX_FRAMES return addresses).
 * The thread is part of the key so that the per-slot record stays two
 * words per event (trace.c); the same site on many threads is one entry
 * per thread.
 *
 *   table   GR_DEPOT_SLOTS ids, open addressing on the stack's hash
 *           (linear probing); an entry, once published, never moves or
 *           changes, so lookups take no lock and see it whole (release on
 *           publish, acquire on read).
 *   chunks  GR_DEPOT_CHUNK-byte pieces of metadata memory the entries are
 *           bump-allocated from, 8-byte aligned; an id names its chunk and
 *           its offset in 8-byte units, + 1 (0: no stack).
 *
 * Memory is bounded: at most GR_DEPOT_MAX_CHUNKS chunks and 3/4 of the
 * table; past either the depot answers 0 (reports say the stack was not
 * recorded) and counts the stacks it dropped. Only an insertion takes
 * _gr_depot_lock, with no other lock held; the metadata lock is the only
 * one taken inside it (internal.h's order), and the fork handlers take it
 * like every heap lock: a child must be able to record. */
#include "internal.h"

#include <string.h>

#define GR_DEPOT_SLOTS (1u << 20)        /* 4 MiB of ids, touched as used */
#define GR_DEPOT_MAX_STACKS (GR_DEPOT_SLOTS / 4 * 3)
#define GR_DEPOT_CHUNK ((size_t)1 << 20) /* 1 MiB of entries at a time */
#define GR_DEPOT_MAX_CHUNKS 64u          /* 64 MiB at most */
#define GR_DEPOT_OFF_BITS 17             /* 8-byte units in a chunk */

_Static_assert(GR_DEPOT_CHUNK >> 3 == (size_t)1 << GR_DEPOT_OFF_BITS,
               "an id's offset field covers a chunk");

typedef struct gr_depot_entry {
  uint32_t hash;
  uint32_t tid;
  uint32_t n;
  uint32_t unused;
  uintptr_t pcs[];
} gr_depot_entry_t;

pthread_mutex_t _gr_depot_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic uint32_t *_Atomic table;
static char *_Atomic chunks[GR_DEPOT_MAX_CHUNKS];
static uint32_t nchunks;       /* under _gr_depot_lock */
static size_t chunk_used;      /* bytes used of the last chunk */
static _Atomic uint64_t n_stacks, n_bytes, n_dropped;

/* FNV-1a over the words, folded: cheap, and good enough for probing
 * (a collision costs one compare). */
static inline uint32_t stack_hash(const uintptr_t *pcs, uint32_t n, uint32_t tid) {
  uint64_t h = 0xcbf29ce484222325ull ^ ((uint64_t)tid << 32 | n);
  for (uint32_t i = 0; i < n; i++) {
    h ^= pcs[i];
    h *= 0x100000001b3ull;
    h ^= h >> 29;
  }
  return (uint32_t)(h ^ (h >> 32));
}

static inline gr_depot_entry_t *entry_of(uint32_t id) {
  uint32_t c = (id - 1) >> GR_DEPOT_OFF_BITS;
  if (id == 0 || c >= GR_DEPOT_MAX_CHUNKS)
    return NULL;
  char *base = atomic_load_explicit(&chunks[c], memory_order_acquire);
  if (!base)
    return NULL;
  return (gr_depot_entry_t *)(base + ((size_t)((id - 1) & ((1u << GR_DEPOT_OFF_BITS) - 1)) << 3));
}

static inline bool same(const gr_depot_entry_t *e, uint32_t hash, const uintptr_t *pcs,
                        uint32_t n, uint32_t tid) {
  if (e->hash != hash || e->n != n || e->tid != tid)
    return false;
  /* A loop, not memcmp: a stack is a few words, and the call into libc
   * cost more than the compare (a third of a recorded malloc's time). */
  for (uint32_t i = 0; i < n; i++)
    if (e->pcs[i] != pcs[i])
      return false;
  return true;
}

/* Space for an entry of n frames, and its id; under _gr_depot_lock. */
static uint32_t entry_alloc(uint32_t n, gr_depot_entry_t **out) {
  size_t size = sizeof(gr_depot_entry_t) + n * sizeof(uintptr_t);
  if (!nchunks || chunk_used + size > GR_DEPOT_CHUNK) {
    if (nchunks == GR_DEPOT_MAX_CHUNKS)
      return 0;
    char *c = _gr_meta_alloc(GR_DEPOT_CHUNK);
    if (!c)
      return 0;
    atomic_store_explicit(&chunks[nchunks++], c, memory_order_release);
    chunk_used = 0;
    atomic_fetch_add_explicit(&n_bytes, GR_DEPOT_CHUNK, memory_order_relaxed);
  }
  char *base = atomic_load_explicit(&chunks[nchunks - 1], memory_order_relaxed);
  *out = (gr_depot_entry_t *)(base + chunk_used);
  uint32_t id = ((nchunks - 1) << GR_DEPOT_OFF_BITS | (uint32_t)(chunk_used >> 3)) + 1;
  chunk_used += size;
  return id;
}

static GR_NOINLINE _Atomic uint32_t *table_make(void) {
  pthread_mutex_lock(&_gr_depot_lock);
  _Atomic uint32_t *t = atomic_load_explicit(&table, memory_order_acquire);
  if (!t) {
    t = _gr_meta_alloc(GR_DEPOT_SLOTS * sizeof *t);
    if (t) {
      atomic_store_explicit(&table, t, memory_order_release);
      atomic_fetch_add_explicit(&n_bytes, GR_DEPOT_SLOTS * sizeof *t,
                                memory_order_relaxed);
    }
  }
  pthread_mutex_unlock(&_gr_depot_lock);
  return t;
}

uint32_t _gr_depot_put(const uintptr_t *pcs, uint32_t n, uint32_t tid) {
  if (n > GR_DEPOT_MAX_FRAMES)
    n = GR_DEPOT_MAX_FRAMES;
  _Atomic uint32_t *t = atomic_load_explicit(&table, memory_order_acquire);
  if (GR_UNLIKELY(!t) && !(t = table_make()))
    return 0;
  uint32_t hash = stack_hash(pcs, n, tid);
  uint32_t i = hash & (GR_DEPOT_SLOTS - 1);
  /* The common case: the stack is there already; no lock. */
  for (;;) {
    uint32_t id = atomic_load_explicit(&t[i], memory_order_acquire);
    if (!id)
      break;
    if (same(entry_of(id), hash, pcs, n, tid))
      return id;
    i = (i + 1) & (GR_DEPOT_SLOTS - 1);
  }
  /* A new stack. Another thread may insert it (or another stack at this
   * slot) meanwhile: probe on from here under the lock. */
  pthread_mutex_lock(&_gr_depot_lock);
  uint32_t id;
  for (;;) {
    id = atomic_load_explicit(&t[i], memory_order_relaxed);
    if (!id)
      break;
    if (same(entry_of(id), hash, pcs, n, tid))
      goto out;
    i = (i + 1) & (GR_DEPOT_SLOTS - 1);
  }
  gr_depot_entry_t *e = NULL;
  if (atomic_load_explicit(&n_stacks, memory_order_relaxed) >= GR_DEPOT_MAX_STACKS ||
      !(id = entry_alloc(n, &e))) {
    atomic_fetch_add_explicit(&n_dropped, 1, memory_order_relaxed);
    id = 0;
    goto out;
  }
  e->hash = hash;
  e->tid = tid;
  e->n = n;
  memcpy(e->pcs, pcs, n * sizeof *pcs);
  atomic_store_explicit(&t[i], id, memory_order_release); /* e is whole */
  atomic_fetch_add_explicit(&n_stacks, 1, memory_order_relaxed);
out:
  pthread_mutex_unlock(&_gr_depot_lock);
  return id;
}

uint32_t _gr_depot_get(uint32_t id, const uintptr_t **pcs, uint32_t *tid) {
  const gr_depot_entry_t *e = entry_of(id);
  if (!e || e->n > GR_DEPOT_MAX_FRAMES)
    return 0;
  *pcs = e->pcs;
  *tid = e->tid;
  return e->n;
}

void _gr_depot_stats(uint64_t *stacks, uint64_t *bytes, uint64_t *dropped) {
  *stacks = atomic_load_explicit(&n_stacks, memory_order_relaxed);
  *bytes = atomic_load_explicit(&n_bytes, memory_order_relaxed);
  *dropped = atomic_load_explicit(&n_dropped, memory_order_relaxed);
}
