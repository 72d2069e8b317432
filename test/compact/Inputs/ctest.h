/* ctest.h - helpers for the compact runtime's unit tests (test/compact;
 * not a lit test itself: lit.cfg.py excludes Inputs/). Bookkeeping uses
 * libc malloc, never the genref heap, so the test cannot disturb what it
 * measures. Include after defining GENREF_LAYOUT_COMPACT (the RUN lines
 * pass -DGENREF_LAYOUT_COMPACT). */
#ifndef GENREF_CTEST_H
#define GENREF_CTEST_H

#include "genref/rt.h"
#include "genref/stats.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef GENREF_LAYOUT_COMPACT
#error "test/compact tests are built with -DGENREF_LAYOUT_COMPACT"
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
static inline uint64_t ct_rand(uint64_t *s) {
  uint64_t x = *s;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *s = x;
  return x * UINT64_C(2685821657736338717);
}

/* An open-addressing map uintptr_t -> uint64_t (key 0 is "empty"). */
typedef struct ct_map {
  uintptr_t *keys;
  uint64_t *vals;
  size_t cap, n;
} ct_map_t;

static inline size_t ct_map_slot(const ct_map_t *m, uintptr_t k) {
  size_t i = (size_t)((k * UINT64_C(0x9E3779B97F4A7C15)) >> 17) & (m->cap - 1);
  while (m->keys[i] && m->keys[i] != k)
    i = (i + 1) & (m->cap - 1);
  return i;
}

static inline void ct_map_grow(ct_map_t *m) {
  size_t cap = m->cap ? m->cap * 2 : 1024;
  ct_map_t n = {calloc(cap, sizeof(uintptr_t)), calloc(cap, sizeof(uint64_t)), cap, 0};
  REQUIRE(n.keys && n.vals);
  for (size_t i = 0; i < m->cap; i++)
    if (m->keys[i]) {
      size_t j = ct_map_slot(&n, m->keys[i]);
      n.keys[j] = m->keys[i];
      n.vals[j] = m->vals[i];
      n.n++;
    }
  free(m->keys);
  free(m->vals);
  *m = n;
}

/* Pointer to the value of key k, or NULL. */
static inline uint64_t *ct_map_find(ct_map_t *m, uintptr_t k) {
  if (!m->cap)
    return NULL;
  size_t i = ct_map_slot(m, k);
  return m->keys[i] ? &m->vals[i] : NULL;
}

/* Pointer to the value of key k, inserted as 0 if missing. */
static inline uint64_t *ct_map_get(ct_map_t *m, uintptr_t k) {
  if (2 * (m->n + 1) > m->cap)
    ct_map_grow(m);
  size_t i = ct_map_slot(m, k);
  if (!m->keys[i]) {
    m->keys[i] = k;
    m->vals[i] = 0;
    m->n++;
  }
  return &m->vals[i];
}

static inline gr_stats_t ct_stats(void) {
  gr_stats_t st;
  gr_stats_get(&st);
  return st;
}

#endif
