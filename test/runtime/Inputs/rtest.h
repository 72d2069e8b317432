/* rtest.h - helpers for the runtime's unit tests (not a lit test itself:
 * lit.cfg.py excludes Inputs/). In a genref program malloc is the genref
 * heap too (I11): bookkeeping allocates up front where it matters. */
#ifndef GENREF_RTEST_H
#define GENREF_RTEST_H

#include "genref/rt.h"
#include "genref/stats.h"

#include <execinfo.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifndef MAP_ANONYMOUS /* hidden by -std=c11 without _GNU_SOURCE */
#define MAP_ANONYMOUS 0x20 /* Linux */
#endif

#define REQUIRE(c)                                                             \
  do {                                                                         \
    if (!(c)) {                                                                \
      fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #c);  \
      abort();                                                                 \
    }                                                                          \
  } while (0)

#define REQUIRE_EQ(a, b)                                                       \
  do {                                                                         \
    unsigned long long _a = (unsigned long long)(a),                           \
                       _b = (unsigned long long)(b);                           \
    if (_a != _b) {                                                            \
      fprintf(stderr, "%s:%d: REQUIRE failed: %s == %s (%llu != %llu)\n",      \
              __FILE__, __LINE__, #a, #b, _a, _b);                             \
      abort();                                                                 \
    }                                                                          \
  } while (0)

/* A deterministic PRNG (xorshift64*). */
static inline uint64_t rt_rand(uint64_t *s) {
  uint64_t x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * UINT64_C(2685821657736338717);
}

/* An open-addressing map uintptr_t -> uint64_t (key 0 is "empty"). */
typedef struct rt_map {
  uintptr_t *keys;
  uint64_t *vals;
  size_t cap, n;
} rt_map_t;

static inline size_t rt_map_slot(const rt_map_t *m, uintptr_t k) {
  size_t i = (size_t)((k * UINT64_C(0x9E3779B97F4A7C15)) >> 17) & (m->cap - 1);
  while (m->keys[i] && m->keys[i] != k)
    i = (i + 1) & (m->cap - 1);
  return i;
}

/* The map's memory comes from mmap: malloc is the genref heap, and the
 * map must not allocate (and so move the headers of) the slots it records. */
static inline void *rt_mmap_zeroed(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  REQUIRE(p != MAP_FAILED);
  return p;
}

static inline void rt_map_grow(rt_map_t *m) {
  size_t cap = m->cap ? m->cap * 2 : 1024;
  rt_map_t n = {rt_mmap_zeroed(cap * sizeof(uintptr_t)),
                rt_mmap_zeroed(cap * sizeof(uint64_t)), cap, 0};
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i]) {
      size_t j = rt_map_slot(&n, m->keys[i]);
      n.keys[j] = m->keys[i];
      n.vals[j] = m->vals[i];
      n.n++;
    }
  if (m->cap) {
    munmap(m->keys, m->cap * sizeof(uintptr_t));
    munmap(m->vals, m->cap * sizeof(uint64_t));
  }
  *m = n;
}

/* Pointer to the value of key k, or NULL. */
static inline uint64_t *rt_map_find(rt_map_t *m, uintptr_t k) {
  if (!m->cap)
    return NULL;
  size_t i = rt_map_slot(m, k);
  return m->keys[i] ? &m->vals[i] : NULL;
}

/* Pointer to the value of key k, inserted as 0 if missing. */
static inline uint64_t *rt_map_get(rt_map_t *m, uintptr_t k) {
  if (2 * (m->n + 1) > m->cap)
    rt_map_grow(m);
  size_t i = rt_map_slot(m, k);
  if (!m->keys[i]) {
    m->keys[i] = k;
    m->vals[i] = 0;
    m->n++;
  }
  return &m->vals[i];
}

/* The generation in the header of the heap object starting at p + off:
 * the 8 bytes right before it, the allocator's (never the object's own
 * bytes), read with _gr_slot_gen (a free slot's header also holds its
 * free list's link). The address goes through an empty asm first, as in
 * gr_ref_from_new: to the compiler the word before what malloc (or
 * aligned_alloc, ...) returned lies outside every object, and a read of
 * it may be folded away. */
static inline uint64_t rt_hdr(const void *p, size_t off) {
  const char *q = (const char *)p + off;
  __asm__("" : "+r"(q));
  return _gr_slot_gen(q);
}

/* Allocates until the heap hands out p's (free) slot again and returns it,
 * or NULL after `max` other allocations (keep has room for max more). A
 * slab's slots are reused LIFO (p comes back at once, unless the slab
 * restarted or other threads' frees came first): tests that need "the
 * same slot, a new object" say so with this instead of assuming an
 * order. The others stay allocated, in
 * keep[0..*nkeep), so the caller decides when they are freed. */
static inline void *rt_alloc_slot(void *p, size_t size, void **keep,
                                  size_t *nkeep, size_t max) {
  for (size_t i = 0; i < max; i++) {
    void *q = gr_alloc(size);
    REQUIRE(q);
    if (q == p)
      return q;
    keep[(*nkeep)++] = q;
  }
  return NULL;
}

static inline void rt_free_all(void **keep, size_t *nkeep) {
  while (*nkeep)
    gr_free(keep[--*nkeep], NULL);
}

static inline uint64_t rt_live_objects(void) {
  gr_stats_t st;
  gr_stats_get(&st);
  return st.live_objects;
}

/* The live count to compare with at the end of a test; call it before
 * any output. libc's own allocations are genref objects too (I11): the
 * first backtrace() (a report's) loads libgcc_s and keeps what it
 * allocated, so it is done here, and stdout gets a static buffer instead
 * of the one its first printf would allocate. */
static inline uint64_t rt_live_baseline(void) {
  static char outbuf[BUFSIZ];
  REQUIRE(setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf) == 0);
  void *pcs[4];
  REQUIRE(backtrace(pcs, 4) > 0);
  return rt_live_objects();
}

static inline void *rt_idle_thread(void *arg) { return arg; }

/* The same for a test that runs up to `n` threads at once: glibc keeps
 * each thread's TLS vector (calloc'd) with the thread's stack in its
 * stack cache, so n threads started together first leave n of them live,
 * reused by every later thread. n <= 4 stays within the cache (40 MiB). */
static inline uint64_t rt_live_baseline_threads(int n) {
  pthread_t t[4];
  REQUIRE(n >= 1 && n <= 4);
  for (int i = 0; i < n; i++)
    REQUIRE(pthread_create(&t[i], NULL, rt_idle_thread, NULL) == 0);
  for (int i = 0; i < n; i++)
    REQUIRE(pthread_join(t[i], NULL) == 0);
  return rt_live_baseline();
}

#endif
