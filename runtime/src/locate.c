/* locate.c - what an address points into, for references that are not to
 * a heap object's start (interior references: elements, members, stack
 * objects, static memory, blocks of the program's own allocators), and
 * the making of references from raw pointers.
 *
 * Lookups only read: _gr_gen_lookup is declared pure, so the compiler
 * merges and hoists checks through it like the inline ones. */
#include "internal.h"

#include <string.h>

/* A value no reference carries (references carry odd generations, or 0):
 * what a lookup answers for memory that holds no object now. */
#define GEN_NONE ((gr_gen_t)2)

/* ---- blocks of the program's own allocators (gr_block_alloc) ---- */

typedef struct block {
  uintptr_t lo, hi;
  gr_gen_t gen; /* odd: live; even: freed */
  /* The heap object or stack object in scope the block was carved from
   * (0: static memory) and its generation then. Once that object is
   * freed or its scope ends the record is dead,
   * whatever the program did not gr_block_free: a new object in the same
   * memory is not the block (was: it read as the old block, so a
   * reference to the new object was reported, or a stale one to the
   * block validated). */
  uintptr_t host;
  gr_gen_t host_gen;
} block_t;

/* Sorted by lo, non-overlapping. Entries stay after a free (even gen), so
 * a stale reference into a freed block is caught and a block carved again
 * at the same place gets a new generation. */
pthread_mutex_t _gr_blocks_lock = PTHREAD_MUTEX_INITIALIZER;
#define blocks_lock _gr_blocks_lock
static block_t *blocks;
static uint32_t nblocks, blocks_cap;
static _Atomic uint32_t any_blocks;
/* The same, for the inline gr_ref_make (rt.h): set once, never cleared. */
uint32_t _gr_heap_blocks;

/* Block generations come from one counter, odd, never repeated in 64
 * bits, and above every value a heap header reaches (2^62 alloc/free
 * cycles of one slot): a reference to a block whose heap object died
 * never matches that memory's next heap object. Narrow generations cycle
 * in the upper half of their range, where a slot's header only gets
 * late in its life. Guarded by blocks_lock. */
#if GENREF_GEN_BITS >= 64
#define BLOCK_GEN_FIRST ((UINT64_C(1) << 62) | 1)
#else
#define BLOCK_GEN_FIRST ((GR_GEN_MAX / 2 + 1) | 1)
#endif
static gr_gen_t block_gen_next = BLOCK_GEN_FIRST;
static inline gr_gen_t block_gen_after(gr_gen_t g) {
  return g + 2 > GR_GEN_MAX ? BLOCK_GEN_FIRST : g + 2;
}

static bool stack_locate(uintptr_t p, gr_gen_t gen, gr_loc_t *out);

/* The object holding p now: a heap object or a stack object in scope; its
 * start and generation (0, 0 for other memory). */
static void host_of(uintptr_t p, uintptr_t *base, gr_gen_t *gen) {
  *base = 0;
  *gen = 0;
  gr_slab_t *s = _gr_slab_of((const void *)p);
  if (!s) {
    gr_loc_t l;
    if (stack_locate(p, 0, &l)) {
      *base = l.base;
      *gen = l.gen;
    }
    return;
  }
  uint32_t idx = _gr_slot_holding(s, (const void *)p);
  if (idx == UINT32_MAX)
    return;
  uintptr_t slot = _gr_slot_addr(s, idx);
  *base = slot + GR_HDR_SIZE;
  *gen = gr_gen_at((const void *)slot);
}

/* b's heap object (if any) still lives: the record means something. */
static bool block_host_alive(const block_t *b) {
  if (!b->host)
    return true;
  uintptr_t base;
  gr_gen_t gen;
  host_of(b->lo, &base, &gen);
  return base == b->host && gen == b->host_gen;
}

/* The entry containing p, or NULL. Caller holds blocks_lock. */
static block_t *block_find(uintptr_t p, uint32_t *pos) {
  uint32_t lo = 0, hi = nblocks;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (blocks[mid].hi <= p)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (pos)
    *pos = lo;
  return lo < nblocks && blocks[lo].lo <= p ? &blocks[lo] : NULL;
}

/* The block holding p. `host`, `host_gen`: the live heap or stack object
 * holding p (0, 0 for static memory); a record carved from an earlier
 * object there is dead and ignored. */
static bool block_locate(uintptr_t p, uintptr_t host, gr_gen_t host_gen,
                         gr_loc_t *out) {
  if (!atomic_load_explicit(&any_blocks, memory_order_acquire))
    return false;
  pthread_mutex_lock(&blocks_lock);
  block_t *b = block_find(p, NULL);
  if (b && (b->host != host || b->host_gen != host_gen))
    b = NULL;
  if (b) {
    out->base = b->lo;
    out->size = b->hi - b->lo;
    out->gen = b->gen;
    out->block = true;
  }
  pthread_mutex_unlock(&blocks_lock);
  return b != NULL;
}

void gr_block_alloc(void *p, size_t size) {
  if (!p || !size)
    return;
  uintptr_t lo = (uintptr_t)p, hi = lo + size;
  uintptr_t host;
  gr_gen_t host_gen;
  host_of(lo, &host, &host_gen);
  if (host && !(host_gen & 1))
    host = host_gen = 0; /* carved from freed memory: as unprotected as it */
  pthread_mutex_lock(&blocks_lock);
  uint32_t pos;
  block_find(lo, &pos);
  /* Entries the new block overlaps go; its generation is new, so no stale
   * reference into that memory ever matches. */
  uint32_t end = pos;
  while (end < nblocks && blocks[end].lo < hi) {
    if ((blocks[end].gen & 1) && block_host_alive(&blocks[end])) {
      pthread_mutex_unlock(&blocks_lock);
      gr_report(GR_INVALID_FREE, p, 0, blocks[end].gen, NULL,
                "gr_block_alloc: the block overlaps a live block (not freed "
                "with gr_block_free)");
      return;
    }
    end++;
  }
  /* Narrow generations cycle (as for stack objects): never the host's
   * own, nor one a block replaced here had. */
  gr_gen_t gen = block_gen_next;
  for (uint32_t tries = 0; tries < 8; tries++) {
    bool clash = gen == host_gen;
    for (uint32_t i = pos; i < end && !clash; i++)
      clash = (blocks[i].gen | 1) == gen;
    if (!clash)
      break;
    gen = block_gen_after(gen);
  }
  block_gen_next = block_gen_after(gen);
  if (end == pos) { /* insert */
    if (nblocks == blocks_cap) {
      uint32_t cap = blocks_cap ? blocks_cap * 2 : 256;
      block_t *nb = _gr_meta_alloc(cap * sizeof *nb);
      if (!nb) {
        pthread_mutex_unlock(&blocks_lock);
        return; /* out of metadata: the block stays unprotected */
      }
      if (blocks)
        memcpy(nb, blocks, nblocks * sizeof *nb);
      blocks = nb;
      blocks_cap = cap;
    }
    memmove(&blocks[pos + 1], &blocks[pos], (nblocks - pos) * sizeof *blocks);
    nblocks++;
  } else if (end > pos + 1) { /* several merge into one */
    memmove(&blocks[pos + 1], &blocks[end], (nblocks - end) * sizeof *blocks);
    nblocks -= end - pos - 1;
  }
  blocks[pos] = (block_t){lo, hi, gen, host, host_gen};
  atomic_store_explicit(&any_blocks, 1, memory_order_release);
  __atomic_store_n(&_gr_heap_blocks, 1, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&blocks_lock);
}

void gr_block_free(void *p) {
  if (!p)
    return;
  pthread_mutex_lock(&blocks_lock);
  block_t *b = atomic_load_explicit(&any_blocks, memory_order_relaxed)
                   ? block_find((uintptr_t)p, NULL) : NULL;
  gr_gen_t g = b ? b->gen : 0;
  bool ok = b && b->lo == (uintptr_t)p && (g & 1);
  if (ok)
    b->gen = g + 1;
  else if (b && !block_host_alive(b))
    ok = true; /* its heap object was freed first: the block died with it */
  pthread_mutex_unlock(&blocks_lock);
  if (!ok)
    gr_report(b && (g & 1) == 0 ? GR_DOUBLE_FREE : GR_INVALID_FREE, p, 0, g, NULL,
              b ? "gr_block_free: not the start of a live block"
                : "gr_block_free: no block was made here with gr_block_alloc");
}

/* ---- stack objects: the frame lists of the threads ---- */

static bool frame_in(const gr_theap_t *h, uintptr_t p, gr_gen_t gen, gr_loc_t *out) {
  gr_frame_entry_t *f = atomic_load_explicit(&((gr_theap_t *)h)->frames, memory_order_acquire);
  uint32_t n = atomic_load_explicit(&((gr_theap_t *)h)->nframes, memory_order_acquire);
  bool found = false;
  for (uint32_t i = n; f && i-- > 0;) {
    if (p >= f[i].lo && p < f[i].hi) {
      if (!found) {
        out->base = f[i].lo;
        out->size = f[i].hi - f[i].lo;
        out->gen = f[i].gen;
        found = true;
      }
      /* A frame skipped by longjmp may lie under a newer one: the newest
       * decides, unless gen names an older one still listed. */
      if (!gen || f[i].gen == gen) {
        out->base = f[i].lo;
        out->size = f[i].hi - f[i].lo;
        out->gen = f[i].gen;
        return true;
      }
    }
  }
  return found;
}

bool _gr_own_frame_at(uintptr_t p, gr_frame_entry_t *e, uint32_t *at) {
  gr_theap_t *h = _gr_tl_heap;
  gr_frame_entry_t *f = h ? atomic_load_explicit(&h->frames, memory_order_relaxed) : NULL;
  uint32_t n = h ? atomic_load_explicit(&h->nframes, memory_order_relaxed) : 0;
  for (uint32_t i = n; f && i-- > 0;)
    if (p >= f[i].lo && p < f[i].hi) {
      *e = f[i];
      *at = i;
      return true;
    }
  return false;
}

static bool stack_locate(uintptr_t p, gr_gen_t gen, gr_loc_t *out) {
  gr_theap_t *self = _gr_tl_heap;
  if (self && frame_in(self, p, gen, out))
    return true;
  /* A reference into another thread's stack object (rare). */
  for (gr_theap_t *h = _gr_heaps_all(); h; h = h->all_next)
    if (h != self && frame_in(h, p, gen, out))
      return true;
  return false;
}

/* ---- the one lookup ---- */

void _gr_locate(const void *ptr, gr_gen_t gen, gr_loc_t *out) {
  uintptr_t p = (uintptr_t)ptr;
  memset(out, 0, sizeof *out);
  out->idx = UINT32_MAX;
  gr_slab_t *s = _gr_slab_of(ptr);
  if (s) {
    out->slab = s;
    uint32_t idx = _gr_slot_holding(s, ptr);
    if (idx == UINT32_MAX) {
      out->where = GR_AT_GAP;
      out->gen = GEN_NONE;
      return;
    }
    uintptr_t slot = _gr_slot_addr(s, idx);
    out->idx = idx;
    if (p < slot + GR_HDR_SIZE) {
      out->where = GR_AT_HEADER;
      out->gen = GEN_NONE;
      out->base = slot + GR_HDR_SIZE;
      return;
    }
    out->where = GR_AT_HEAP;
    out->base = slot + GR_HDR_SIZE;
    out->size = s->slot_size - GR_HDR_SIZE;
    out->gen = _gr_word_gen_any(__atomic_load_n((const gr_gen_t *)slot, __ATOMIC_RELAXED));
    /* A live slot may hold blocks of a program allocator. A reference to
     * the slot's object itself (its generation: the allocator's own view
     * of its arena) stays valid over the blocks carved from it. */
    if ((out->gen & 1) && gen != out->gen &&
        block_locate(p, out->base, out->gen, out))
      out->where = GR_AT_HEAP;
    return;
  }
  if (stack_locate(p, gen, out)) {
    out->where = GR_AT_STACK;
    /* A stack object in scope may hold blocks of a program allocator
     * (was: never looked at, so its blocks were silently unprotected);
     * a reference to the stack object itself stays valid over them. */
    if (gen != out->gen && block_locate(p, out->base, out->gen, out))
      out->where = GR_AT_HEAP;
    return;
  }
  if (block_locate(p, 0, 0, out)) {
    out->where = GR_AT_HEAP;
    return;
  }
  out->where = GR_AT_STATIC;
  out->gen = GR_GEN_STATIC;
}

gr_gen_t _gr_gen_lookup(const void *p, gr_gen_t gen) {
  /* The common case first, without building a gr_loc_t: a reference into
   * a live heap object whose generation it carries (a reference that
   * matches its slot is valid whatever blocks the slot holds). */
  const gr_slot_header_t *h = _gr_slot_header_of(p);
  if (GR_LIKELY(h != NULL && (gr_gen_at(h) & GR_GEN_MAX) == gen))
    return gen;
  gr_loc_t l;
  _gr_locate(p, gen, &l);
  if (l.where == GR_AT_STATIC)
    /* A stack object whose scope ended, if the reference came from one. */
    return gen == GR_GEN_STATIC ? GR_GEN_STATIC : GEN_NONE;
  return l.gen & GR_GEN_MAX;
}

GR_SLOWCALL int _gr_ref_recheck(gr_ref_t r) {
  gr_gen_t g = gr_ref_gen(r);
  return _gr_ref_interior(r) && g != GR_GEN_STATIC &&
         _gr_gen_lookup(gr_ref_ptr(r), g) == g;
}

void *_gr_poison(void *p) {
  uintptr_t off = (uintptr_t)p - _gr_arena_base;
  if (!_gr_poison_base || !_gr_arena_base || off >= _gr_arena_size)
    return p; /* a stack or static object: the address itself */
  return (void *)(_gr_poison_base + off);
}

/* Called by ref.h's gr_ref_make only when its inline case (the start of a
 * live heap object, no block anywhere: a whole reference) did not apply,
 * so that case is not tried again here. */
gr_ref_t _gr_ref_make(void *p, const gr_site_t *site) {
  void *stale = _gr_unpoison(p);
  if (GR_UNLIKELY(stale != NULL)) {
    gr_report(GR_USE_AFTER_FREE, stale, 0, 0, site,
              "a raw pointer copied from a reference to an object already freed "
              "became a reference");
    return _gr_ref_pack(p, GEN_NONE, 1); /* halt_on_error=0: a dead reference */
  }
  gr_loc_t l;
  _gr_locate(p, 0, &l);
  switch (l.where) {
  case GR_AT_STATIC:
    return _gr_ref_pack(p, GR_GEN_STATIC, 1);
  case GR_AT_HEADER:
  case GR_AT_GAP: {
    /* One past the end of the object before (C lets a program form it):
     * that object's reference, never dereferenceable. The object before
     * may be the last of its slab, ending at the slab's gap or at the next
     * slab's first header (was: only a header's slot - 1 was looked at,
     * so one past the end of a slab's last object was reported). */
    gr_loc_t prev;
    _gr_locate((const char *)p - 1, 0, &prev);
    if (prev.where == GR_AT_HEAP && (prev.gen & 1) &&
        (uintptr_t)p == prev.base + prev.size)
      return _gr_ref_pack(p, prev.gen, 1);
    break;
  }
  case GR_AT_STACK:
    return _gr_ref_pack(p, l.gen, 1);
  case GR_AT_HEAP:
    if (l.gen & 1)
      return _gr_ref_pack(p, l.gen, l.block || (uintptr_t)p != l.base);
    break;
  }
  /* A raw pointer carries no generation: the object it pointed at is the
   * slot's last one, freed (was: reported as generation 1 whatever it
   * was). */
  gr_gen_t freed = l.where == GR_AT_HEAP && l.gen && !(l.gen & 1) ? l.gen - 1 : 0;
  gr_report(GR_USE_AFTER_FREE, p, freed, l.gen, site,
            l.gen == 0 ? "a raw pointer into heap memory no object was ever "
                         "allocated at became a reference"
                       : "a raw pointer into a freed heap object became a reference");
  return _gr_ref_pack(p, GEN_NONE, 1); /* halt_on_error=0: a dead reference */
}
