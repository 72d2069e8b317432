/* slab.c - slow paths: finding or making a slab with free slots, frees
 * from other threads, thread heaps and their abandonment, huge objects. */
#include "internal.h"

#include <stdio.h>
#include <string.h>

/* The end of the empty slab's list: an odd header (internal.h). */
static const uint64_t empty_list_end[2] = {1, 0};
/* Empty forever: the fast path falls here. */
gr_slab_t _gr_empty_slab = {.free_obj = (uintptr_t)&empty_list_end[1],
                            .start = (uintptr_t)&empty_list_end[1]};
/* The fast paths' heap of a thread that has none (or records stacks):
 * every pool empty, owner of nothing, so they need no NULL test. */
gr_theap_t _gr_no_heap = {.pools = {.cur = {[0 ... GR_NCLASSES - 1] = &_gr_empty_slab}}};

pthread_mutex_t _gr_spare_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t _gr_heaps_lock = PTHREAD_MUTEX_INITIALIZER;
static gr_theap_t *free_heaps;
static gr_theap_t *_Atomic all_heaps;
static pthread_key_t heap_key;
static gr_slab_t *all_slabs;
static _Atomic uint64_t next_fresh_block = 1;

#define FRESH_BLOCK (UINT64_C(1) << 20)

/* Every small slab's slot number + 1 fits an xfree link. */
_Static_assert(GR_CHUNK_SIZE / 16 < (1u << (8 * sizeof(gr_link_t))),
               "gr_link_t too narrow for the smallest class");
/* A listed header's link: an object's offset from start, in 32 bits
 * (a small slab spans < 2 MiB; compact adds GR_GEN_MAX + 1). */
_Static_assert(GR_LIST_BIAS + ((size_t)GR_MAX_SMALL * 16) < ((size_t)1 << 32),
               "a small slab's offsets fit a listed header's half");

gr_theap_t *_gr_heaps_all(void) {
  return atomic_load_explicit(&all_heaps, memory_order_acquire);
}

const gr_slab_t *_gr_slabs_all(void) {
  return __atomic_load_n(&all_slabs, __ATOMIC_ACQUIRE);
}

_Static_assert(offsetof(gr_slab_t, list_end) + sizeof(uint32_t) <= 64,
              "the fast paths' fields of a slab fill one cache line");
_Static_assert(offsetof(gr_slab_t, live) == 28,
               "the live count shares the view's padding");

/* ---- thread heaps ---- */

static void abandon_heap(void *arg);
static bool collect_remote(gr_slab_t *s);
static void set_current(gr_slab_t **cur, gr_slab_t *t);

void _gr_heap_key_init(void) { pthread_key_create(&heap_key, abandon_heap); }

gr_theap_t *_gr_theap_init(void) {
  _gr_ensure_init();
  pthread_mutex_lock(&_gr_heaps_lock);
  gr_theap_t *h = free_heaps;
  if (h)
    free_heaps = h->next_free;
  pthread_mutex_unlock(&_gr_heaps_lock);
  if (!h) {
    h = _gr_meta_alloc(sizeof *h);
    if (!h)
      _gr_report_corruption(NULL, "out of memory for a thread heap");
    memcpy(h->class_tab, _gr_class_tab, sizeof h->class_tab); /* filled at start-up */
    for (uint32_t i = 0; i < GR_NCLASSES; i++)
      h->pools.cur[i] = &_gr_empty_slab;
    /* Published for lookups of stack references from other threads. */
    gr_theap_t *old = atomic_load_explicit(&all_heaps, memory_order_relaxed);
    do
      h->all_next = old;
    while (!atomic_compare_exchange_weak_explicit(&all_heaps, &old, h,
                                                  memory_order_release,
                                                  memory_order_relaxed));
  } else {
    /* abandon_heap left every pool empty (cur = the empty slab) and kept
     * the apools arrays and pool kinds (immutable): reused as they are, so
     * thread churn allocates no metadata. The rest of the old thread's
     * block of stack generations was never handed out: it stays usable. */
    h->next_free = NULL;
  }
  _gr_tl_heap = h;
  _gr_tl_fast = _gr_trace_depth ? &_gr_no_heap : h;
  pthread_setspecific(heap_key, h);
  if (_gr_options.verbosity >= 1)
    _gr_log("genref: thread heap %p created\n", (void *)h);
  return h;
}

/* Whether a slab nobody owns has a slot to hand out. Read under
 * _gr_spare_lock, which its last owner took after writing free/next_fresh. */
static bool has_room(const gr_slab_t *s) {
  return !_gr_list_empty(s) || s->next_fresh < s->capacity ||
         atomic_load_explicit(&s->xfree, memory_order_relaxed);
}

/* The kind's spare list, under _gr_spare_lock (small kinds; huge kinds use
 * `spare` alone, as a stack). Slabs with room go first, full ones last
 * (I8). */
static void spare_push_head(gr_kind_t *k, gr_slab_t *s) {
  s->ring_next = k->spare;
  k->spare = s;
  if (!k->spare_tail)
    k->spare_tail = s;
}
static void spare_push_tail(gr_kind_t *k, gr_slab_t *s) {
  s->ring_next = NULL;
  if (k->spare_tail)
    k->spare_tail->ring_next = s;
  else
    k->spare = s;
  k->spare_tail = s;
}
static gr_slab_t *spare_pop(gr_kind_t *k) {
  gr_slab_t *s = k->spare;
  if (s) {
    k->spare = s->ring_next;
    if (!k->spare)
      k->spare_tail = NULL;
  }
  return s;
}

/* A slab with a free slot from the kind's spare list, or NULL. Looks at
 * no more than GR_ADOPT_SCAN slabs; the full ones it passes go to the
 * tail, so later adopters look at others (a full spare slab gains room
 * only through frees pushed on its xfree). Caller holds _gr_spare_lock. */
static gr_slab_t *spare_take(gr_kind_t *k) {
  gr_slab_t *first_full = NULL;
  for (uint32_t i = 0; i < GR_ADOPT_SCAN; i++) {
    gr_slab_t *s = spare_pop(k);
    if (!s)
      return NULL;
    if (has_room(s))
      return s;
    if (atomic_load_explicit(&s->released, memory_order_acquire))
      continue; /* every slot retired: dropped from the list for good */
    if (s == first_full) { /* went round: every spare slab is full */
      spare_push_head(k, s);
      return NULL;
    }
    if (!first_full)
      first_full = s;
    spare_push_tail(k, s);
  }
  return NULL;
}

/* A pool's slabs become spares that any thread may adopt; frees to them
 * meanwhile go to their xfree lists (owner == NULL). Still their owner,
 * this thread first takes the remote frees of those with an empty list
 * (collect_remote takes none into another), so the list can put every
 * slab with a free slot before every full one (I8). A slab whose slots
 * all retired and went back to the OS is left out: nothing in it is ever
 * handed out again. */
static void abandon_pool(gr_slab_t **cur) {
  gr_slab_t *s = *cur;
  if (s == &_gr_empty_slab)
    return;
  gr_slab_t *first = s;
  do {
    collect_remote(s);
    s = s->ring_next;
  } while (s != first);
  /* Before any slab is published: an adopter owns its fields. */
  set_current(cur, &_gr_empty_slab);
  pthread_mutex_lock(&_gr_spare_lock);
  do {
    gr_slab_t *next = s->ring_next;
    atomic_store_explicit(&s->owner, NULL, memory_order_release);
    atomic_store_explicit(&s->fast_owner, NULL, memory_order_release);
    s->in_ring = false;
    gr_kind_t *k = (gr_kind_t *)s->kind;
    if (!_gr_list_empty(s) || s->next_fresh < s->capacity)
      spare_push_head(k, s);
    else if (!atomic_load_explicit(&s->released, memory_order_acquire))
      spare_push_tail(k, s);
    s = next;
  } while (s != first);
  pthread_mutex_unlock(&_gr_spare_lock);
}

/* A thread ends: its slabs become spares (abandon_pool); the heap, with
 * its per-alignment pool arrays, is recycled for the next thread. Its
 * stack is gone, and so are its frames. */
static void abandon_heap(void *arg) {
  gr_theap_t *h = arg;
  atomic_store_explicit(&h->nframes, 0, memory_order_release);
  for (uint32_t i = 0; i < GR_NCLASSES; i++)
    abandon_pool(&h->pools.cur[i]);
  for (uint32_t a = 0; a < GR_NALIGNED; a++)
    if (h->apools[a])
      for (uint32_t i = 0; i < GR_NCLASSES; i++)
        abandon_pool(&h->apools[a]->cur[i]);
  _gr_tl_heap = NULL;
  _gr_tl_fast = &_gr_no_heap;
  if (_gr_options.verbosity >= 1)
    _gr_log("genref: thread heap %p abandoned\n", (void *)h);
  pthread_mutex_lock(&_gr_heaps_lock);
  h->next_free = free_heaps;
  free_heaps = h;
  pthread_mutex_unlock(&_gr_heaps_lock);
}

/* ---- slabs ---- */

/* The pool's current slab becomes t. The old one stops allocating: its
 * live count is exact from here (frees count it down) when its list is
 * empty, as every carved slot is then off the list; left with slots
 * listed (a thread's end), it is not known, and the slab is not restarted
 * until it is current again and runs empty. The current slab's own
 * allocations count nothing (alloc_fast: one memory increment less). */
static void set_current(gr_slab_t **cur, gr_slab_t *t) {
  gr_slab_t *old = *cur;
  if (old == t)
    return;
  if (old != &_gr_empty_slab) {
    old->live_exact = _gr_list_empty(old);
    old->live = old->next_fresh;
  }
  if (t != &_gr_empty_slab)
    t->live_exact = false;
  *cur = t;
}

static void ring_insert_after(gr_slab_t **cur, gr_slab_t *s) {
  gr_slab_t *c = *cur;
  if (c == &_gr_empty_slab) {
    s->ring_next = s->ring_prev = s;
  } else {
    s->ring_next = c->ring_next;
    s->ring_prev = c;
    c->ring_next->ring_prev = s;
    c->ring_next = s;
  }
  s->in_ring = true;
  set_current(cur, s);
}

static gr_slab_t *new_slab(const gr_kind_t *k, gr_theap_t *owner) {
  void *mem = _gr_arena_commit(k->slab_size);
  gr_slab_t *s = mem ? _gr_meta_alloc(sizeof *s) : NULL;
  if (!s)
    return NULL; /* the committed range stays unused: never reissued */
  s->kind = k;
  s->capacity = k->capacity;
  s->slot_size = k->slot_size;
  s->simple = k->class_idx < GR_NCLASSES;
  s->start = (uintptr_t)mem + k->base;
  /* The empty list (internal.h): free_obj is start, whose header, the
   * last 8 of the `base` bytes that alignment leaves before slot 0, is
   * odd forever. Huge slabs have no list. */
  s->free_obj = s->start;
  s->list_end = GR_LIST_BIAS + k->capacity * (uint32_t)k->slot_size;
  if (s->simple)
    __atomic_store_n(_gr_hdr((void *)s->start), 1, __ATOMIC_RELAXED);
  s->div_magic = ((UINT64_C(1) << 40) + k->slot_size - 1) / k->slot_size;
  s->free_magic = UINT64_MAX / k->slot_size + 1; /* ceil(2^64 / slot_size) */
  atomic_store_explicit(&s->owner, owner, memory_order_relaxed);
  atomic_store_explicit(&s->fast_owner, owner, memory_order_relaxed); /* no counts yet */
  uintptr_t first = ((uintptr_t)mem - _gr_arena_base) >> GR_CHUNK_SHIFT;
  for (uintptr_t i = 0; i < k->slab_size >> GR_CHUNK_SHIFT; i++)
    __atomic_store_n(&_gr_chunk_map[first + i], s, __ATOMIC_RELEASE);
  atomic_fetch_add_explicit(&((gr_kind_t *)k)->n_slabs, 1, memory_order_relaxed);
  pthread_mutex_lock(&_gr_spare_lock);
  s->all_next = all_slabs;
  __atomic_store_n(&all_slabs, s, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&_gr_spare_lock);
  if (_gr_options.verbosity >= 2)
    _gr_log("genref: new slab %p, %u slots of %llu bytes\n", mem, k->capacity,
            (unsigned long long)k->slot_size);
  return s;
}

/* A slot on xfree that a racing owner free had already put on the local
 * list (or handed out again since): a double free the header's
 * compare-and-swap could not see. Reported here; the slot stays where the
 * owner's list has it. */
static GR_NOINLINE void remote_duplicate(gr_slab_t *s, uint32_t idx, gr_gen_t g) {
  void *obj = (void *)(_gr_slot_addr(s, idx) + GR_HDR_SIZE);
  gr_report(GR_DOUBLE_FREE, obj, 0, g, NULL,
            "two threads freed an object at this address at the same moment "
            "(found when the other thread's free was collected)");
}

/* Move frees pushed by other threads onto the owner's list; true when the
 * list has a slot now. Only into an empty list: then every slot carved
 * and not retired is handed out as far as the owner knows (no mark per
 * slot says so: the allocation writes none), so an entry is taken if the
 * slot was carved and its header says freed (I5 under a racing double
 * free: the duplicate of a slot the owner's own free put on its list is
 * found live again, or uncarved after a restart); a retired slot stays
 * out (I4). */
static bool collect_remote(gr_slab_t *s) {
  if (!_gr_list_empty(s) || !atomic_load_explicit(&s->xfree, memory_order_relaxed))
    return !_gr_list_empty(s);
  uint32_t x = atomic_exchange_explicit(&s->xfree, 0, memory_order_acquire);
  /* Made before the first push (the exchange's acquire sees it). */
  gr_link_t *xl = atomic_load_explicit(&s->xlinks, memory_order_relaxed);
  /* A list holds each slot at most once, so at most capacity entries: a
   * longer walk is a list pushed twice by racing double frees (a cycle). */
  uint32_t steps = 0;
  for (uint32_t n; x; x = n) {
    uint32_t idx = x - 1;
    if (GR_UNLIKELY(++steps > s->capacity || idx >= s->capacity)) {
      _gr_report_corruption((void *)_gr_slot_addr(s, 0),
                            "a list of remote frees loops (racing double frees)");
      break; /* what is left of it is never handed out */
    }
    gr_link_t l = __atomic_load_n(&xl[idx], __ATOMIC_RELAXED);
    if (GR_UNLIKELY(!(l & GR_XLINK_PENDING))) {
      /* Taken already in this walk: the list came round (racing double
       * frees pushed a slot twice), and the slot is on the owner's list
       * now, so its header alone would not tell. */
      _gr_report_corruption((void *)_gr_slot_addr(s, 0),
                            "a list of remote frees loops (racing double frees)");
      break;
    }
    n = l & ~GR_XLINK_PENDING;
    /* Off xfree from here: a later free of the slot may push it again. */
    __atomic_store_n(&xl[idx], 0, __ATOMIC_RELAXED);
    /* Not listed (the list is empty): the plain generation. */
    gr_gen_t g = GR_WORD_GEN(gr_gen_at(_gr_hdr((void *)_gr_slot_obj(s, idx))));
    if (GR_UNLIKELY(idx >= s->next_fresh || (g & 1))) {
      remote_duplicate(s, idx, g);
      continue;
    }
    if (GR_UNLIKELY(g > GR_HEAP_GEN_MAX - 2))
      continue; /* retired (its free counted it) */
    _gr_push_freed(s, _gr_slot_obj(s, idx), g);
  }
  return !_gr_list_empty(s);
}

GR_NOINLINE void _gr_list_broken(gr_slab_t *s, uintptr_t obj, uint32_t link) {
  char what[240];
  /* The list goes first: the report's own allocations must not come back
   * here. Its slots are never handed out again. */
  s->free_obj = s->start;
  snprintf(what, sizeof what,
           "the header of the free slot at %p links to offset %u of its slab, "
           "past its last slot (%u): the header was overwritten, by a write past "
           "the end of the object before it?",
           (void *)obj, (unsigned)(link - GR_LIST_BIAS), (unsigned)(s->list_end - GR_LIST_BIAS));
  _gr_report_corruption((void *)(obj - GR_HDR_SIZE), what);
  __builtin_unreachable();
}

/* Every slot of s is free (its live count fell to 0): the list starts
 * over, empty, and the slots are carved again from slot 0, lowest address
 * first, as never-used ones are. Their headers keep their generations
 * (the next life adds one: I1). Not while a slot retired (it must never
 * be carved again: I4) or other threads' frees wait on xfree (a slot
 * there is not on the list yet). */
GR_NOINLINE void _gr_slab_restart(gr_slab_t *s) {
  if (!s->live_exact) {
    /* The current slab (or one left with slots listed): its count fell to
     * 0 by frees alone and says nothing. Far from 0 again. */
    s->live = UINT32_MAX / 2;
    return;
  }
  if (atomic_load_explicit(&s->retired, memory_order_relaxed) != 0 ||
      atomic_load_explicit(&s->xfree, memory_order_acquire) != 0)
    return;
  s->free_obj = s->start;
  s->next_fresh = 0;
}

/* Carve never-used slots into the free list, lowest address first: the
 * first carved is the list's head, the last links to the old head. Only
 * each header's link half is written: the generation half is 0 in fresh
 * memory and the listed generation after a restart (every slot was
 * listed), so no header is read (random-order frees: carving the slabs
 * of a round again read every cold header, 10% of the time). */
static bool carve_fresh(gr_slab_t *s) {
  const gr_kind_t *k = s->kind;
  if (s->next_fresh >= k->capacity)
    return false;
  uint32_t n = k->capacity - s->next_fresh;
  if (n > GR_FRESH_BATCH)
    n = GR_FRESH_BATCH;
  uintptr_t first = _gr_slot_obj(s, s->next_fresh), size = s->slot_size;
  uintptr_t last = first + (uintptr_t)(n - 1) * size;
  for (uintptr_t o = first; o < last; o += size)
    *_gr_hdr_half(o, GR_LIST_LINK_HALF) = _gr_obj_link(s, o + size);
  *_gr_hdr_half(last, GR_LIST_LINK_HALF) = _gr_obj_link(s, s->free_obj);
  s->free_obj = first;
  s->next_fresh += n;
  return true;
}

/* An adopted slab's fast_owner: h, unless the slab has counts (normal
 * mode). Sequentially consistent against _gr_slab_counted: either this
 * load sees the counts, or the maker's NULL comes after our store. */
static void set_fast_owner(gr_slab_t *s, gr_theap_t *h) {
  atomic_store(&s->fast_owner, h);
  if (atomic_load(&s->counts) != NULL)
    atomic_store(&s->fast_owner, NULL);
}

void _gr_slab_counted(gr_slab_t *s) { atomic_store(&s->fast_owner, NULL); }

static bool refill(gr_slab_t *s) {
  return !_gr_list_empty(s) || collect_remote(s) || carve_fresh(s);
}

GR_NOINLINE void *_gr_alloc_slow(gr_theap_t *h, gr_pools_t *pools,
                                 uint32_t class_idx, uint32_t align_shift) {
  if (!pools->kind[class_idx]) {
    pools->kind[class_idx] = _gr_kind_get(class_idx, align_shift);
    if (!pools->kind[class_idx])
      return NULL;
  }
  const gr_kind_t *k = pools->kind[class_idx];
  gr_slab_t **cur = &pools->cur[class_idx];
  gr_slab_t *s = *cur;
  if (s != &_gr_empty_slab) {
    /* This slab, then the others of the ring (next-fit). */
    gr_slab_t *t = s;
    do {
      if (refill(t)) {
        set_current(cur, t);
        goto pop;
      }
      t = t->ring_next;
    } while (t != s);
  }
  /* A slab some exited thread left behind with a free slot, else a new
   * one (I8). */
  pthread_mutex_lock(&_gr_spare_lock);
  gr_slab_t *a = spare_take((gr_kind_t *)k);
  pthread_mutex_unlock(&_gr_spare_lock);
  if (a) {
    atomic_store_explicit(&a->owner, h, memory_order_release);
    set_fast_owner(a, h);
    ring_insert_after(cur, a);
    if (refill(a))
      goto pop;
    /* has_room saw a slot, so refill finds it; kept for safety. */
  }
  a = new_slab(k, h);
  if (!a)
    return NULL;
  ring_insert_after(cur, a);
  refill(a);
pop:
  return _gr_take_free(*cur);
}

/* The slab's xlinks, made by the first free from another thread (most
 * slabs never see one: no metadata for them). NULL: out of metadata
 * memory. */
static gr_link_t *xlinks_of(gr_slab_t *s) {
  gr_link_t *xl = atomic_load_explicit(&s->xlinks, memory_order_acquire);
  if (GR_LIKELY(xl != NULL))
    return xl;
  gr_link_t *n = _gr_meta_alloc(s->capacity * sizeof(gr_link_t));
  if (!n)
    return NULL;
  if (!atomic_compare_exchange_strong_explicit(&s->xlinks, &xl, n, memory_order_acq_rel,
                                               memory_order_acquire))
    return xl; /* another thread made it first; ours stays unused, rare */
  return n;
}

void _gr_free_remote(gr_slab_t *s, uint32_t idx) {
  gr_link_t *xl = xlinks_of(s);
  if (GR_UNLIKELY(!xl))
    return; /* the slot stays freed and is never handed out again */
  /* The slot's place on xfree, already taken: a correct program cannot
   * get here (the slot was handed out again, so its last push was
   * collected). An entry from a racing double free of its previous object
   * is still there: reported now, and it stands for this free (the header
   * is free, so the owner's collection takes it). A plain test, no atomic
   * read-modify-write: only a second racing free of the same slot could
   * slip past it and push the slot twice, and the collection's walk is
   * bounded, so even that is reported, never followed round a cycle. */
  if (GR_UNLIKELY(__atomic_load_n(&xl[idx], __ATOMIC_RELAXED) & GR_XLINK_PENDING)) {
    remote_duplicate(s, idx, _gr_gen_of((void *)_gr_slot_obj(s, idx)));
    return;
  }
  uint32_t head = atomic_load_explicit(&s->xfree, memory_order_relaxed);
  do {
    /* The release orders the link (and the header's free) before the push. */
    __atomic_store_n(&xl[idx], (gr_link_t)(GR_XLINK_PENDING | head),
                     __ATOMIC_RELAXED);
  } while (!atomic_compare_exchange_weak_explicit(
      &s->xfree, &head, idx + 1, memory_order_release, memory_order_relaxed));
}

/* ---- huge objects: one slot per slab, reused for the same chunk count
 * and alignment only ---- */

void *_gr_alloc_huge(size_t size, uint32_t align_shift) {
  _gr_ensure_init();
  size_t align = (size_t)1 << align_shift;
  if (size > _gr_arena_size)
    return NULL;
  size_t chunks = (size + align + GR_CHUNK_SIZE - 1) >> GR_CHUNK_SHIFT;
  if (chunks == 0 || chunks > (_gr_arena_size >> GR_CHUNK_SHIFT))
    return NULL;
  const gr_kind_t *k = _gr_kind_get(GR_NCLASSES + (uint32_t)chunks, align_shift);
  if (!k)
    return NULL;
  pthread_mutex_lock(&_gr_spare_lock);
  gr_slab_t *s = ((gr_kind_t *)k)->spare;
  if (s)
    ((gr_kind_t *)k)->spare = s->ring_next;
  pthread_mutex_unlock(&_gr_spare_lock);
  if (!s) {
    s = new_slab(k, NULL);
    if (!s)
      return NULL;
    s->next_fresh = 1;
  }
  void *b = (void *)(s->start + GR_HDR_SIZE);
  gr_gen_t *hp = _gr_hdr(b);
  __atomic_store_n(hp, gr_gen_at(hp) + 1, __ATOMIC_RELAXED); /* count 0 */
  _gr_note_alloc(s, b);
  return b;
}

void _gr_free_huge(gr_slab_t *s, void *p) {
  const gr_kind_t *k = s->kind;
  /* Only the header's page must keep its value; give the rest back. */
  uintptr_t first = (((uintptr_t)p - GR_HDR_SIZE) & ~(uintptr_t)4095) + 4096;
  uintptr_t end = s->start - k->base + k->slab_size;
  if (end > first)
    _gr_os_release_pages((void *)first, end - first);
  pthread_mutex_lock(&_gr_spare_lock);
  s->ring_next = k->spare;
  ((gr_kind_t *)k)->spare = s;
  pthread_mutex_unlock(&_gr_spare_lock);
}

/* ---- generations for stack objects ---- */

gr_gen_t _gr_fresh_gen_slow(gr_theap_t *h) {
  uint64_t b = atomic_fetch_add_explicit(&next_fresh_block, FRESH_BLOCK,
                                         memory_order_relaxed);
  h->fresh_gen = b | 1;
  h->fresh_end = b + FRESH_BLOCK;
  gr_gen_t g = h->fresh_gen;
  h->fresh_gen += 2;
  return g;
}
