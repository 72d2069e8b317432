/* os.c - address space: the arena the heap's slabs come from, and the
 * metadata bump allocator. Only mmap/mprotect/madvise, never malloc (I6). */
#include "internal.h"

#include <string.h>
#include <sys/mman.h>

uintptr_t _gr_arena_base;
size_t _gr_arena_size;
gr_slab_t **_gr_chunk_map;

pthread_mutex_t _gr_arena_lock = PTHREAD_MUTEX_INITIALIZER;
static size_t arena_used;              /* bytes handed out, grows only */
static _Atomic uint64_t bytes_mapped;  /* committed slab bytes */
static _Atomic uint64_t meta_bytes;

/* Reserve the arena and the chunk map. Both are PROT_NONE / NORESERVE
 * reservations: pages cost nothing until committed or touched. Where 1 TiB
 * of address space is refused (valgrind, tight limits) take less. */
bool _gr_arena_init(void) {
  if (_gr_arena_base)
    return true;
  for (size_t size = GR_ARENA_MAX; size >= GR_ARENA_MIN; size /= 4) {
    /* A hint keeps the heap low (the compact layout needs < 2^47). */
    void *a = mmap((void *)((uintptr_t)1 << 44), size + GR_CHUNK_SIZE, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (a == MAP_FAILED)
      continue;
    size_t map_bytes = (size >> GR_CHUNK_SHIFT) * sizeof(gr_slab_t *);
    void *m = mmap(NULL, map_bytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) {
      munmap(a, size + GR_CHUNK_SIZE);
      continue;
    }
    /* Chunk-align the base; the slack before it stays reserved, unused. */
    uintptr_t base = ((uintptr_t)a + GR_CHUNK_SIZE - 1) & ~(GR_CHUNK_SIZE - 1);
    _gr_chunk_map = m;
    _gr_arena_size = size;
    __atomic_store_n(&_gr_arena_base, base, __ATOMIC_RELEASE);
    return true;
  }
  return false;
}

void *_gr_arena_commit(size_t size) {
  pthread_mutex_lock(&_gr_arena_lock);
  if (arena_used + size > _gr_arena_size) {
    pthread_mutex_unlock(&_gr_arena_lock);
    return NULL;
  }
  void *p = (void *)(_gr_arena_base + arena_used);
  arena_used += size;
  pthread_mutex_unlock(&_gr_arena_lock);
  if (mprotect(p, size, PROT_READ | PROT_WRITE) != 0)
    return NULL; /* that range stays reserved and unused: never reissued */
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
void _gr_release_slab(gr_slab_t *s) {
  if (atomic_exchange_explicit(&s->released, true, memory_order_acq_rel))
    return;
  void *p = mmap((void *)s->start, s->kind->slab_size, PROT_READ,
                 MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p != MAP_FAILED)
    atomic_fetch_sub_explicit(&bytes_mapped, s->kind->slab_size,
                              memory_order_relaxed);
  if (_gr_options.verbosity >= 2)
    _gr_log("genref: slab %p retired, %llu bytes returned\n", (void *)s->start,
            (unsigned long long)s->kind->slab_size);
}
