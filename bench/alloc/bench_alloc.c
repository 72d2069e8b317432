/* bench_alloc.c - allocation + free throughput of one allocator.
 *
 * Compiled once per allocator (bench/alloc/run does it), selected by one of
 *   -DBENCH_GENREF    gr_alloc(n) / gr_free(p, NULL)   (libgenref_rt.a)
 *   -DBENCH_GLIBC     malloc / free                            (glibc)
 *   -DBENCH_MIMALLOC  mi_malloc / mi_free                      (-lmimalloc)
 *   -DBENCH_JEMALLOC  malloc / free from -ljemalloc (Debian's jemalloc
 *                     exports unprefixed names; linked before libc, they
 *                     interpose glibc's; checked at start-up via mallctl)
 *
 * Usage: bench_alloc_<name> [--quick] [--scale X] WORKLOAD
 * WORKLOAD: churn lifo random xthread mix  (README.md says what each is)
 * Prints one line of key=value pairs: ops, secs, mops (million alloc+free
 * pairs per second), checksum (must be equal across allocators), maxrss_kb.
 *
 * Every object is at least 16 bytes and the benchmark writes the word at
 * offset 8 and the last word, never offset 0 (in genref's old in-struct
 * layout that was the generation header; the header now lies before the
 * object, README.md). Each free reads both words back into the checksum.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

/* ---- the allocator shim ---- */
#if defined(BENCH_GENREF)
#include "genref/rt.h"
#define ALLOC_NAME "genref"
#define A_MALLOC(n) gr_alloc((n))
#define A_FREE(p) gr_free((p), NULL)
#elif defined(BENCH_MIMALLOC)
#include <mimalloc.h>
#define ALLOC_NAME "mimalloc"
#define A_MALLOC(n) mi_malloc(n)
#define A_FREE(p) mi_free(p)
#elif defined(BENCH_JEMALLOC)
#include <jemalloc/jemalloc.h>
#define ALLOC_NAME "jemalloc"
#define A_MALLOC(n) malloc(n)
#define A_FREE(p) free(p)
#elif defined(BENCH_GLIBC)
#define ALLOC_NAME "glibc"
#define A_MALLOC(n) malloc(n)
#define A_FREE(p) free(p)
#else
#error "define one of BENCH_GENREF BENCH_GLIBC BENCH_MIMALLOC BENCH_JEMALLOC"
#endif

/* Keep the compiler from pairing an allocation with its free and deleting
 * both (clang does that for malloc/free): the pointer escapes. */
#define ESCAPE(p) __asm__ volatile("" : : "r"(p) : "memory")

static void *xalloc(size_t n) {
  void *p = A_MALLOC(n);
  if (!p) {
    fprintf(stderr, "bench_alloc(%s): out of memory (%zu bytes)\n", ALLOC_NAME, n);
    exit(2);
  }
  ESCAPE(p);
  return p;
}

/* Touch: write the word at offset 8 and the last word. */
static inline void touch(void *p, size_t n, uint64_t v) {
  ((volatile uint64_t *)p)[1] = v;
  *(volatile uint64_t *)((char *)p + ((n - 8) & ~(size_t)7)) = v ^ n;
}
/* Read both words back (a checksum term) and free. */
static inline uint64_t release(void *p, size_t n) {
  uint64_t a = ((volatile uint64_t *)p)[1];
  uint64_t b = *(volatile uint64_t *)((char *)p + ((n - 8) & ~(size_t)7));
  A_FREE(p);
  return a + (b << 1);
}

/* ---- helpers: RNG, sizes, time ---- */

static uint64_t rng_next(uint64_t *s) { /* splitmix64 */
  uint64_t z = (*s += UINT64_C(0x9E3779B97F4A7C15));
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}
static uint32_t rng_below(uint64_t *s, uint32_t n) {
  return (uint32_t)(((rng_next(s) >> 32) * n) >> 32);
}

/* A "realistic" size distribution, 16 B .. 4 KiB, mostly small: percent of
 * allocations per range, uniform within a range. */
static const struct { uint32_t lo, hi, pct10; } size_dist[] = {
    {16, 32, 300},    {33, 64, 250},     {65, 128, 200},    {129, 256, 120},
    {257, 512, 70},   {513, 1024, 35},   {1025, 2048, 15},  {2049, 4096, 10},
};
static uint32_t random_size(uint64_t *s) {
  uint32_t r = rng_below(s, 1000);
  for (size_t i = 0; i < sizeof size_dist / sizeof size_dist[0]; i++) {
    if (r < size_dist[i].pct10)
      return size_dist[i].lo + rng_below(s, size_dist[i].hi - size_dist[i].lo + 1);
    r -= size_dist[i].pct10;
  }
  return 16;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void *must_malloc(size_t n) { /* the benchmark's own arrays: libc */
  void *p = calloc(1, n);
  if (!p) {
    fprintf(stderr, "bench_alloc: out of memory for the benchmark's arrays\n");
    exit(2);
  }
  return p;
}

static double scale = 1.0;
static uint64_t scaled(uint64_t n) {
  uint64_t v = (uint64_t)((double)n * scale);
  return v ? v : 1;
}

typedef struct result {
  uint64_t ops;      /* alloc+free pairs */
  double secs;
  uint64_t checksum;
} result_t;

/* ---- (a) churn: allocate, touch, free at once; one size ---- */
#define CHURN_SIZE 64
static result_t w_churn(void) {
  uint64_t n = scaled(50000000), sum = 0;
  for (uint64_t i = 0; i < 1000; i++) { /* warm up; not in the checksum */
    void *p = xalloc(CHURN_SIZE);
    touch(p, CHURN_SIZE, i);
    sum += release(p, CHURN_SIZE);
  }
  sum = 0;
  double t0 = now();
  for (uint64_t i = 0; i < n; i++) {
    void *p = xalloc(CHURN_SIZE);
    touch(p, CHURN_SIZE, i);
    sum += release(p, CHURN_SIZE);
  }
  return (result_t){n, now() - t0, sum};
}

/* ---- (a') lifo: push K live objects, pop them in reverse; one size ---- */
#define LIFO_K 100
static result_t w_lifo(void) {
  uint64_t rounds = scaled(500000), sum = 0;
  void *stack[LIFO_K];
  double t0 = now();
  for (uint64_t r = 0; r < rounds; r++) {
    for (uint32_t k = 0; k < LIFO_K; k++) {
      stack[k] = xalloc(CHURN_SIZE);
      touch(stack[k], CHURN_SIZE, r * LIFO_K + k);
    }
    for (uint32_t k = LIFO_K; k-- > 0;)
      sum += release(stack[k], CHURN_SIZE);
  }
  return (result_t){rounds * LIFO_K, now() - t0, sum};
}

/* ---- (b) random: N live objects of mixed sizes, freed in random order ---- */
#define RANDOM_PERMS 4
static result_t w_random(void) {
  uint32_t n = (uint32_t)scaled(200000);
  uint64_t rounds = 10, sum = 0, seed = 42;
  uint32_t *size = must_malloc(n * sizeof *size);
  uint32_t *perm[RANDOM_PERMS];
  void **obj = must_malloc(n * sizeof *obj);
  for (uint32_t i = 0; i < n; i++)
    size[i] = random_size(&seed);
  for (int k = 0; k < RANDOM_PERMS; k++) { /* Fisher-Yates, precomputed */
    perm[k] = must_malloc(n * sizeof *perm[k]);
    for (uint32_t i = 0; i < n; i++)
      perm[k][i] = i;
    for (uint32_t i = n - 1; i > 0; i--) {
      uint32_t j = rng_below(&seed, i + 1), t = perm[k][i];
      perm[k][i] = perm[k][j];
      perm[k][j] = t;
    }
  }
  double t0 = now();
  for (uint64_t r = 0; r < rounds; r++) {
    for (uint32_t i = 0; i < n; i++) {
      obj[i] = xalloc(size[i]);
      touch(obj[i], size[i], r * n + i);
    }
    const uint32_t *p = perm[r % RANDOM_PERMS];
    for (uint32_t i = 0; i < n; i++)
      sum += release(obj[p[i]], size[p[i]]);
  }
  double secs = now() - t0;
  for (int k = 0; k < RANDOM_PERMS; k++)
    free(perm[k]);
  free(size);
  free(obj);
  return (result_t){rounds * n, secs, sum};
}

/* ---- (c) xthread: producers allocate, consumers free ---- */
#define XT_PROD 2
#define XT_CONS 2
#define RING 256 /* power of two */

typedef struct ring {
  _Alignas(64) _Atomic uint64_t head; /* written by the consumer */
  _Alignas(64) _Atomic uint64_t tail; /* written by the producer */
  _Alignas(64) void *slot[RING];
  uint32_t len[RING];
} ring_t;

static ring_t rings[XT_PROD][XT_CONS];
static _Atomic int xt_producers_left;
static _Atomic int xt_go;
static uint64_t xt_items;
static uint64_t xt_sum[XT_CONS];

static void backoff(unsigned *spins) {
  if (++*spins < 64)
    __asm__ volatile("pause");
  else {
    *spins = 0;
    sched_yield(); /* 4 threads on few cores: let the other side run */
  }
}

static void *xt_producer(void *arg) {
  uint32_t p = (uint32_t)(uintptr_t)arg;
  uint64_t seed = 1000 + p;
  while (!atomic_load_explicit(&xt_go, memory_order_acquire))
    sched_yield();
  for (uint64_t i = 0; i < xt_items; i++) {
    uint32_t c = (uint32_t)(i % XT_CONS);
    ring_t *r = &rings[p][c];
    uint32_t n = random_size(&seed);
    void *o = xalloc(n);
    touch(o, n, ((uint64_t)p << 40) | i);
    uint64_t t = atomic_load_explicit(&r->tail, memory_order_relaxed);
    unsigned spins = 0;
    while (t - atomic_load_explicit(&r->head, memory_order_acquire) >= RING)
      backoff(&spins);
    r->slot[t % RING] = o;
    r->len[t % RING] = n;
    atomic_store_explicit(&r->tail, t + 1, memory_order_release);
  }
  atomic_fetch_sub_explicit(&xt_producers_left, 1, memory_order_release);
  return NULL;
}

static void *xt_consumer(void *arg) {
  uint32_t c = (uint32_t)(uintptr_t)arg;
  uint64_t sum = 0;
  unsigned spins = 0;
  while (!atomic_load_explicit(&xt_go, memory_order_acquire))
    sched_yield();
  for (;;) {
    int done = atomic_load_explicit(&xt_producers_left, memory_order_acquire) == 0;
    uint64_t got = 0;
    for (uint32_t p = 0; p < XT_PROD; p++) {
      ring_t *r = &rings[p][c];
      uint64_t h = atomic_load_explicit(&r->head, memory_order_relaxed);
      uint64_t t = atomic_load_explicit(&r->tail, memory_order_acquire);
      for (; h != t; h++, got++)
        sum += release(r->slot[h % RING], r->len[h % RING]);
      atomic_store_explicit(&r->head, h, memory_order_release);
    }
    if (got)
      spins = 0;
    else if (done)
      break; /* producers finished before this empty sweep */
    else
      backoff(&spins);
  }
  xt_sum[c] = sum;
  return NULL;
}

static result_t w_xthread(void) {
  xt_items = scaled(2000000);
  atomic_store(&xt_producers_left, XT_PROD);
  pthread_t th[XT_PROD + XT_CONS];
  for (uint32_t i = 0; i < XT_PROD + XT_CONS; i++)
    if (pthread_create(&th[i], NULL, i < XT_PROD ? xt_producer : xt_consumer,
                       (void *)(uintptr_t)(i < XT_PROD ? i : i - XT_PROD))) {
      fprintf(stderr, "bench_alloc: pthread_create failed\n");
      exit(2);
    }
  double t0 = now();
  atomic_store_explicit(&xt_go, 1, memory_order_release);
  for (uint32_t i = 0; i < XT_PROD + XT_CONS; i++)
    pthread_join(th[i], NULL);
  double secs = now() - t0;
  uint64_t sum = 0;
  for (uint32_t c = 0; c < XT_CONS; c++)
    sum += xt_sum[c];
  return (result_t){xt_items * XT_PROD, secs, sum};
}

/* ---- (d) mix: steady state of W live objects, 16 B .. 4 KiB ---- */
#define MIX_W 10000
#define MIX_T 65536 /* precomputed (slot, size) steps, cycled */
static result_t w_mix(void) {
  uint64_t n = scaled(20000000), sum = 0, seed = 7;
  uint32_t *slot = must_malloc(MIX_T * sizeof *slot);
  uint32_t *size = must_malloc(MIX_T * sizeof *size);
  void **obj = must_malloc(MIX_W * sizeof *obj);
  uint32_t *len = must_malloc(MIX_W * sizeof *len);
  for (uint32_t i = 0; i < MIX_T; i++) {
    slot[i] = rng_below(&seed, MIX_W);
    size[i] = random_size(&seed);
  }
  double t0 = now();
  for (uint32_t i = 0; i < MIX_W; i++) { /* fill: W allocations */
    len[i] = random_size(&seed);
    obj[i] = xalloc(len[i]);
    touch(obj[i], len[i], i);
  }
  for (uint64_t i = 0; i < n; i++) { /* replace a random object */
    uint32_t s = slot[i % MIX_T], z = size[i % MIX_T];
    sum += release(obj[s], len[s]);
    obj[s] = xalloc(z);
    len[s] = z;
    touch(obj[s], z, i);
  }
  for (uint32_t i = 0; i < MIX_W; i++)
    sum += release(obj[i], len[i]);
  double secs = now() - t0;
  free(slot);
  free(size);
  free(obj);
  free(len);
  return (result_t){n + MIX_W, secs, sum};
}

/* ---- driver ---- */

/* Peak RSS of this process (VmHWM). Not getrusage's ru_maxrss: Linux
 * carries that across execve, so it would report the parent's (the
 * driver's) peak when that is larger. */
static long peak_rss_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = -1;
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
      break;
  if (f)
    fclose(f);
  if (kb < 0) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    kb = ru.ru_maxrss;
  }
  return kb;
}

static const struct {
  const char *name;
  result_t (*fn)(void);
} workloads[] = {
    {"churn", w_churn}, {"lifo", w_lifo}, {"random", w_random},
    {"xthread", w_xthread}, {"mix", w_mix},
};

#if defined(BENCH_JEMALLOC)
/* Make sure malloc really is jemalloc's, not glibc's. */
static void check_jemalloc(void) {
  const char *v = NULL;
  size_t len = sizeof v;
  if (mallctl("version", &v, &len, NULL, 0) != 0 || !v) {
    fprintf(stderr, "bench_alloc: jemalloc's mallctl failed\n");
    exit(2);
  }
  uint64_t before = 0, after = 0;
  len = sizeof before;
  int ok = mallctl("thread.allocated", &before, &len, NULL, 0) == 0;
  void *p = xalloc(1000);
  len = sizeof after;
  ok = ok && mallctl("thread.allocated", &after, &len, NULL, 0) == 0;
  free(p);
  if (ok && after == before) {
    fprintf(stderr, "bench_alloc: malloc is not jemalloc's (link order?)\n");
    exit(2);
  }
}
#endif

_Noreturn static void usage(void) {
  fprintf(stderr, "usage: bench_alloc_%s [--quick] [--scale X] WORKLOAD\n"
                  "workloads:", ALLOC_NAME);
  for (size_t i = 0; i < sizeof workloads / sizeof workloads[0]; i++)
    fprintf(stderr, " %s", workloads[i].name);
  fprintf(stderr, "\n");
  exit(2);
}

int main(int argc, char **argv) {
  const char *which = NULL;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--quick"))
      scale = 0.01;
    else if (!strcmp(argv[i], "--scale") && i + 1 < argc)
      scale = atof(argv[++i]);
    else if (argv[i][0] != '-' && !which)
      which = argv[i];
    else
      usage();
  }
  if (!which || !(scale > 0))
    usage();
#if defined(BENCH_JEMALLOC)
  check_jemalloc();
#endif
  for (size_t i = 0; i < sizeof workloads / sizeof workloads[0]; i++) {
    if (strcmp(which, workloads[i].name))
      continue;
    result_t r = workloads[i].fn();
    printf("workload=%s alloc=%s ops=%llu secs=%.6f mops=%.3f checksum=%016llx "
           "maxrss_kb=%ld\n",
           workloads[i].name, ALLOC_NAME, (unsigned long long)r.ops, r.secs,
           (double)r.ops / r.secs / 1e6, (unsigned long long)r.checksum,
           peak_rss_kb());
    return 0;
  }
  usage();
}
