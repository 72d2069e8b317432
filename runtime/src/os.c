/* os.c - address space: the arena the heap's slabs come from, and the
 * metadata bump allocator. Only mmap/mprotect/madvise, never malloc (I6). */
#include "internal.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

uintptr_t _gr_arena_base;
uintptr_t _gr_poison_base; /* 0: none (a limited address space) */
/* The inline interior check's view of the arena (rt.h): copies, set once. */
uintptr_t _gr_heap_base;
uintptr_t _gr_heap_extent;
gr_slab_view_t *const *_gr_heap_chunks;
_Static_assert(offsetof(gr_slab_t, start) == offsetof(gr_slab_view_t, start) &&
                   offsetof(gr_slab_t, slot_size) == offsetof(gr_slab_view_t, slot_size) &&
                   offsetof(gr_slab_t, div_magic) == offsetof(gr_slab_view_t, div_magic) &&
                   offsetof(gr_slab_t, capacity) == offsetof(gr_slab_view_t, capacity),
               "gr_slab_t must begin with gr_slab_view_t's fields");
size_t _gr_arena_size;
gr_slab_t **_gr_chunk_map;

pthread_mutex_t _gr_arena_lock = PTHREAD_MUTEX_INITIALIZER;
static size_t arena_used;              /* bytes handed out or skipped, grows only */
static bool arena_lazy;                /* the extent is not reserved (see below) */
static _Atomic uint64_t bytes_mapped;  /* committed slab bytes */
static _Atomic uint64_t meta_bytes;

/* Where a lazy arena starts: low enough for the compact layout (an arena
 * of up to GR_ARENA_MAX ends below 2^47), away from where the kernel puts
 * mappings on its own (top down from the stack) and from the program. */
static const uintptr_t lazy_bases[] = {
    (uintptr_t)1 << 44, (uintptr_t)1 << 43, (uintptr_t)1 << 42,
    (uintptr_t)1 << 45, (uintptr_t)1 << 41, (uintptr_t)3 << 44,
};

/* Is [p, p + size) free? Probed by mapping it with a hint, then unmapping:
 * the kernel honours a hint only where nothing is mapped. */
static bool range_free(uintptr_t p, size_t size) {
  void *a = mmap((void *)p, size, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (a == MAP_FAILED)
    return false;
  munmap(a, size);
  return (uintptr_t)a == p;
}

/* The arena is the address range [_gr_arena_base, + _gr_arena_size): its
 * *extent*, which only the heap's slabs ever occupy, committed front to
 * back. The chunk map covers the whole extent (NORESERVE: untouched
 * entries cost nothing). Two ways to hold the extent:
 *   reserved  one PROT_NONE NORESERVE mapping of the whole extent, taken
 *             now; a commit is an mprotect. Used when the address space
 *             has no limit and the reservation is granted (the common
 *             case; sanitizers' fixed layouts keep working).
 *   lazy      nothing is mapped now; a commit maps its range at the
 *             arena's end (MAP_FIXED_NOREPLACE, or a hint verified). Used
 *             under an address-space limit (ulimit -v, RLIMIT_AS), whose
 *             budget a reservation would take from the program, and where
 *             the reservation is refused. The extent is then the limit
 *             (the heap cannot pass it anyway), at most GR_ARENA_MAX.
 * Either way an address is handed out once: the end only grows. */
bool _gr_arena_init(void) {
  if (_gr_arena_base)
    return true;
  size_t extent = GR_ARENA_MAX;
  struct rlimit rl;
  bool limited = getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY;
  if (limited && rl.rlim_cur < extent)
    extent = rl.rlim_cur < GR_ARENA_MIN_LAZY ? GR_ARENA_MIN_LAZY
                                             : (size_t)rl.rlim_cur & ~(GR_CHUNK_SIZE - 1);
  /* The chunk map: one pointer per chunk of the extent; halved until it
   * is granted (a strict overcommit policy counts it in full). */
  void *m = MAP_FAILED;
  for (; extent >= GR_ARENA_MIN_LAZY; extent /= 2) {
    m = mmap(NULL, (extent >> GR_CHUNK_SHIFT) * sizeof(gr_slab_t *),
             PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
             -1, 0);
    if (m != MAP_FAILED)
      break;
  }
  if (m == MAP_FAILED)
    return false;
  uintptr_t base = 0;
  if (!limited) {
    /* A hint keeps the heap low (the compact layout needs < 2^47). */
    void *a = mmap((void *)((uintptr_t)1 << 44), extent + GR_CHUNK_SIZE, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    /* Chunk-align the base; the slack before it stays reserved, unused. */
    if (a != MAP_FAILED)
      base = ((uintptr_t)a + GR_CHUNK_SIZE - 1) & ~(GR_CHUNK_SIZE - 1);
  }
  if (!base) {
    arena_lazy = true;
    /* A start whose first and last chunks are free; what lies between is
     * checked by every commit. */
    for (size_t i = 0; i < sizeof lazy_bases / sizeof lazy_bases[0] && !base; i++)
      if (range_free(lazy_bases[i], GR_CHUNK_SIZE) &&
          range_free(lazy_bases[i] + extent - GR_CHUNK_SIZE, GR_CHUNK_SIZE))
        base = lazy_bases[i];
    if (!base) {
      munmap(m, (extent >> GR_CHUNK_SHIFT) * sizeof(gr_slab_t *));
      return false;
    }
  }
  /* The poison mirror: as large as the arena, never accessible. A stale
   * reference copied into raw storage becomes the mirror of its address
   * (gr_ref_to_raw), which faults where it is used (fault.c). Reserved
   * only when the address space has room; else the raw value stays the
   * address (unchecked). */
  if (!limited) {
    void *pz = mmap((void *)(base + extent + ((uintptr_t)1 << 40)), extent, PROT_NONE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (pz != MAP_FAILED && (uintptr_t)pz + extent <= ((uintptr_t)1 << 47))
      _gr_poison_base = (uintptr_t)pz;
  }
  _gr_chunk_map = m;
  _gr_heap_chunks = (gr_slab_view_t *const *)m;
  _gr_heap_extent = extent;
  __atomic_store_n(&_gr_heap_base, base, __ATOMIC_RELEASE);
  __atomic_store_n(&_gr_arena_base, base, __ATOMIC_RELEASE);
  /* Last: the free fast path (heap.c) tests only the size, so whoever
   * sees it non-zero (acquire) sees the base and the chunk map too. */
  __atomic_store_n(&_gr_arena_size, extent, __ATOMIC_RELEASE);
  return true;
}

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0 /* an old libc: the hint is verified below */
#endif

/* Lazy arena: map [p, p + size) read-write, only if nothing else is there.
 * 1: mapped; 0: something else occupies part of it; -1: out of memory or
 * address space (the limit). A kernel older than MAP_FIXED_NOREPLACE
 * takes it as a hint, which it honours only if the range is free. */
static int map_at(void *p, size_t size) {
  void *a = mmap(p, size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
  if (a == p)
    return 1;
  if (a != MAP_FAILED) {
    munmap(a, size);
    return 0;
  }
  return errno == EEXIST ? 0 : -1;
}

/* Commit `size` fresh bytes at the arena's end. NULL when the extent, the
 * address-space limit or memory is exhausted: the allocation fails. */
void *_gr_arena_commit(size_t size) {
  pthread_mutex_lock(&_gr_arena_lock);
  size_t skip = size;
  void *p;
  for (;;) {
    if (size > _gr_arena_size || arena_used > _gr_arena_size - size) {
      pthread_mutex_unlock(&_gr_arena_lock);
      return NULL;
    }
    p = (void *)(_gr_arena_base + arena_used);
    if (!arena_lazy) {
      arena_used += size;
      pthread_mutex_unlock(&_gr_arena_lock);
      if (mprotect(p, size, PROT_READ | PROT_WRITE) != 0)
        return NULL; /* that range stays reserved and unused: never reissued */
      break;
    }
    int r = map_at(p, size);
    if (r < 0) { /* the range stays free; a smaller request may still fit */
      pthread_mutex_unlock(&_gr_arena_lock);
      return NULL;
    }
    if (r > 0) {
      arena_used += size;
      pthread_mutex_unlock(&_gr_arena_lock);
      break;
    }
    /* Someone else's mapping is in the way: step over it, further each
     * time. What is skipped is never the heap's (its chunk-map entries
     * stay NULL), so nothing is reissued. */
    arena_used += skip;
    skip *= 2;
  }
  atomic_fetch_add_explicit(&bytes_mapped, size, memory_order_relaxed);
  return p;
}

void _gr_os_release_pages(void *p, size_t size) {
  if (size)
    madvise(p, size, MADV_DONTNEED);
}

/* Metadata: slab descriptors, kinds, layouts, thread heaps. Bump-allocated
 * from 1 MiB mappings, never freed (slabs live forever). */
#define META_CHUNK ((size_t)1 << 20)
pthread_mutex_t _gr_meta_lock = PTHREAD_MUTEX_INITIALIZER;
static char *meta_cur, *meta_end;

void *_gr_meta_alloc(size_t size) {
  size = (size + 63) & ~(size_t)63;
  if (size > META_CHUNK / 4) {
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED)
      return NULL;
    atomic_fetch_add_explicit(&meta_bytes, size, memory_order_relaxed);
    return p;
  }
  pthread_mutex_lock(&_gr_meta_lock);
  if (!meta_cur || meta_cur + size > meta_end) {
    void *p = mmap(NULL, META_CHUNK, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
      pthread_mutex_unlock(&_gr_meta_lock);
      return NULL;
    }
    atomic_fetch_add_explicit(&meta_bytes, META_CHUNK, memory_order_relaxed);
    meta_cur = p;
    meta_end = meta_cur + META_CHUNK;
  }
  void *r = meta_cur;
  meta_cur += size;
  pthread_mutex_unlock(&_gr_meta_lock);
  return r; /* fresh anonymous memory is zero */
}

uint64_t _gr_bytes_mapped(void) {
  return atomic_load_explicit(&bytes_mapped, memory_order_relaxed);
}
uint64_t _gr_meta_bytes(void) {
  return atomic_load_explicit(&meta_bytes, memory_order_relaxed);
}

/* Every slot of the slab retired: its memory goes back to the OS and its
 * range stays reserved forever, never handed out again, so peak memory
 * stays flat under endless churn. It is remapped read-only and empty: the
 * kernel's shared zero page backs reads at no cost, so every header reads
 * 0, a stale check fails cleanly (a reference's generation is odd) and
 * gr_alive() answers 0 without faulting. A write faults; fault.c reports
 * it as a use-after-free. */
/* The first page of every released slab, read-only: one page of a memfd,
 * mapped here once (the descriptor closed at once: a program that closes
 * every descriptor cannot take it away) and shared by all of them. Its
 * words at offsets that are multiples of 16 are 1, the others 0. A slab's
 * empty-list sentinel, the word before slot 0 (internal.h), sits at such
 * an offset (a slab is chunk-aligned, base = alignment - 8), and every
 * slot header 8 past one: across the remap the sentinel stays odd, so the
 * owner's allocation, which may read it at any moment, still finds the
 * list empty, and the headers read 0. NULL: no memfd here. */
static void *sentinel_page;
static bool sentinel_tried;
static void *released_first_page(size_t page) {
  pthread_mutex_lock(&_gr_arena_lock);
  if (!sentinel_tried) {
    sentinel_tried = true;
    int fd = memfd_create("genref-released-slab", MFD_CLOEXEC);
    if (fd >= 0 && ftruncate(fd, (off_t)page) == 0) {
      uint64_t *w = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
      if (w != MAP_FAILED) {
        for (size_t i = 0; i < page / sizeof *w; i += 2)
          w[i] = 1;
        if (mprotect(w, page, PROT_READ) == 0)
          sentinel_page = w;
        else
          munmap(w, page);
      }
    }
    if (fd >= 0)
      close(fd);
  }
  pthread_mutex_unlock(&_gr_arena_lock);
  return sentinel_page;
}

void _gr_release_slab(gr_slab_t *s) {
  if (atomic_exchange_explicit(&s->released, true, memory_order_acq_rel))
    return;
  char *mem = (char *)(s->start - s->kind->base);
  size_t page = (size_t)sysconf(_SC_PAGESIZE), size = s->kind->slab_size;
  /* head: the part that holds the sentinel, its first page (or all of it). */
  size_t head = page < size && s->kind->base + GR_HDR_SIZE <= page ? page : size;
  void *first = head < size ? released_first_page(page) : NULL;
  /* The head, with the sentinel; then the rest: zeros. Each remap replaces
   * its range in one step, so no reader sees it unmapped. */
  bool shared = first && mremap(first, 0, page, MREMAP_MAYMOVE | MREMAP_FIXED, mem) == mem;
  if (!shared) {
    /* No shared page: the head stays this slab's, zeroed around the
     * sentinel, read-only (one resident page per released slab). */
    char *sentinel = (char *)_gr_hdr((void *)s->start);
    memset(mem, 0, (size_t)(sentinel - mem));
    memset(sentinel + GR_HDR_SIZE, 0, head - (size_t)(sentinel + GR_HDR_SIZE - mem));
    mprotect(mem, head, PROT_READ);
  }
  void *p = head < size ? mmap(mem + head, size - head, PROT_READ,
                               MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0)
                        : mem;
  if (p != MAP_FAILED)
    atomic_fetch_sub_explicit(&bytes_mapped, size - (shared ? 0 : head),
                              memory_order_relaxed);
  if (_gr_options.verbosity >= 2)
    _gr_log("genref: slab %p retired, %llu bytes returned\n", (void *)s->start,
            (unsigned long long)s->kind->slab_size);
}
