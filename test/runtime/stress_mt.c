// Multi-threaded stress of the heap: 4 worker slots, each run by a chain of
// threads (a thread does its share and exits; main starts the next one while
// the other slots keep going). Objects are freed on their own thread, sent
// to another slot's mailbox and freed there (cross-thread frees, lock-free
// xfree pushes), or left as orphans when their thread exits, to be freed by
// others into the exited thread's abandoned slabs (which some thread
// adopts). Checked as it goes:
//   - a live object is never handed out twice: each carries its owner tag
//     and generation, verified before every free, and a global table sees
//     the generation at every address strictly rise at each allocation;
//   - every object is alive (odd) while held, and usable;
//   - at the end gr_stats' live count is back at its baseline.
// Run with the plain runtime and with ThreadSanitizer (which must stay
// silent: TSan reports make the program exit non-zero).
//
// RUN: %cc -O1 %s %rt -o %t && %run %t 300000 | FileCheck %s
// RUN: %cc -O1 -fsanitize=thread %s %rt_tsan -o %t.tsan
// RUN: env TSAN_OPTIONS=halt_on_error=1:exitcode=66 %run %t.tsan 100000 2>&1 | FileCheck %s
// Recording alloc/free stacks (trace.c, stackdepot.c) races with nothing:
// TSan stays silent with it on too.
// RUN: env GENREF_OPTIONS=malloc_context_size=8 %run %t 100000 | FileCheck %s
// RUN: env GENREF_OPTIONS=malloc_context_size=8 TSAN_OPTIONS=halt_on_error=1:exitcode=66 %run %t.tsan 30000 2>&1 | FileCheck %s
// CHECK-NOT: ThreadSanitizer
// CHECK: threads: 32, operations: {{[0-9]+}}, cross-thread frees: {{[1-9][0-9]*}}, orphans freed: {{[1-9][0-9]*}}
// CHECK-NOT: ThreadSanitizer
// CHECK: live objects back to baseline
// CHECK-NOT: ThreadSanitizer
#define _GNU_SOURCE
#include "Inputs/rtest.h"

#include <pthread.h>
#include <stdatomic.h>

/* Under ThreadSanitizer the malloc family is TSan's, not genref's. */
#if defined(__SANITIZE_THREAD__)
#define TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TSAN 1
#endif
#endif
#ifndef TSAN
#define TSAN 0
#endif

#define NSLOTS 4
#define WAVES 8
#define MAXLIVE 256

/* What a holder knows about an object; the object holds the same. */
typedef struct handle {
  uint64_t *p;
  uint64_t tag, gen;
} handle_t;

typedef struct box {
  pthread_mutex_t mu;
  handle_t *items;
  size_t n, cap;
} box_t;

static box_t boxes[NSLOTS + 1]; /* [NSLOTS]: orphans */
static long ops_per_thread;
static _Atomic uint64_t total_ops, cross_frees, orphan_frees;

/* address -> last generation handed out there (lock-free, insert-only). */
#define TABLE_BITS 21
static _Atomic uintptr_t tkeys[1 << TABLE_BITS];
static _Atomic uint64_t tgens[1 << TABLE_BITS];

static void record_alloc(void *p, uint64_t g) {
  uintptr_t k = (uintptr_t)p;
  size_t i = (size_t)((k * UINT64_C(0x9E3779B97F4A7C15)) >> (64 - TABLE_BITS));
  for (size_t probes = 0;; i = (i + 1) & ((1 << TABLE_BITS) - 1), probes++) {
    REQUIRE(probes < (1u << TABLE_BITS));
    uintptr_t cur = atomic_load_explicit(&tkeys[i], memory_order_acquire);
    if (cur == 0) {
      uintptr_t zero = 0;
      if (atomic_compare_exchange_strong(&tkeys[i], &zero, k))
        cur = k;
      else
        cur = zero;
    }
    if (cur == k)
      break;
  }
  uint64_t old = atomic_exchange(&tgens[i], g);
  if (old >= g) {
    fprintf(stderr, "address %p handed out at generation %llu after %llu\n", p,
            (unsigned long long)g, (unsigned long long)old);
    abort();
  }
}

static void box_put(box_t *b, handle_t h) {
  pthread_mutex_lock(&b->mu);
  if (b->n == b->cap) {
    b->cap = b->cap ? 2 * b->cap : 1024;
    b->items = realloc(b->items, b->cap * sizeof *b->items);
    REQUIRE(b->items);
  }
  b->items[b->n++] = h;
  pthread_mutex_unlock(&b->mu);
}

/* Up to max handles out of b into out. */
static size_t box_take(box_t *b, handle_t *out, size_t max) {
  pthread_mutex_lock(&b->mu);
  size_t n = b->n < max ? b->n : max;
  b->n -= n;
  memcpy(out, b->items + b->n, n * sizeof *out);
  pthread_mutex_unlock(&b->mu);
  return n;
}

static void verify(handle_t h) {
  uint64_t g = rt_hdr(h.p, 0);
  if (h.p[1] != h.tag || h.p[3] != h.gen || g != h.gen || !(g & 1) ||
      gr_usable_size(h.p) < 32) {
    fprintf(stderr,
            "object %p: tag %#llx (want %#llx), stored gen %llu, header %llu "
            "(want %llu)\n",
            (void *)h.p, (unsigned long long)h.p[1], (unsigned long long)h.tag,
            (unsigned long long)h.p[3], (unsigned long long)g,
            (unsigned long long)h.gen);
    abort();
  }
}

static void release(handle_t h) {
  verify(h);
  h.p[1] = 0; /* a later holder of this slot must write its own tag */
  if (h.tag & 1)
    gr_ref_free(_gr_ref_pack(h.p, h.gen, 0), NULL); /* either layout */
  else
    gr_free(h.p, NULL);
}

typedef struct worker {
  pthread_t thread;
  int slot, wave;
} worker_t;

static void *work(void *arg) {
  worker_t *w = arg;
  uint64_t rng = (uint64_t)(w->slot * 1000 + w->wave) * 7919 + 1, seq = 0;
  handle_t live[MAXLIVE], in[64];
  size_t nlive = 0;
  uint64_t cross = 0, orphans = 0;
  for (long op = 0; op < ops_per_thread; op++) {
    uint64_t r = rt_rand(&rng);
    unsigned what = (unsigned)(r % 8);
    if (nlive == 0 || (what < 4 && nlive < MAXLIVE)) {
      size_t size = 32 + (r >> 8) % ((r >> 20) % 16 == 0 ? 4096 : 256);
      if ((r >> 30) % 4096 == 0)
        size = 200 * 1024; /* a huge object now and then */
      /* Half at malloc's alignment, half of 64-byte aligned kinds
       * (posix_memalign: genref's but under TSan). */
      void *v = NULL;
      if (((r >> 40) & 1) && !TSAN)
        REQUIRE(posix_memalign(&v, 64, size) == 0);
      else
        v = gr_alloc(size);
      uint64_t *p = v;
      REQUIRE(p);
      uint64_t g = rt_hdr(p, 0);
      REQUIRE(g & 1);
      record_alloc(p, g);
      handle_t h = {p, ((uint64_t)w->slot << 56) | ((uint64_t)w->wave << 48) |
                           (++seq << 1) | ((r >> 41) & 1),
                    g};
      p[1] = h.tag;
      p[3] = g;
      live[nlive++] = h;
    } else if (what < 6) {
      size_t i = (r >> 8) % nlive;
      release(live[i]);
      live[i] = live[--nlive];
    } else {
      size_t i = (r >> 8) % nlive;
      int to = (int)((r >> 16) % NSLOTS);
      if (to == w->slot)
        to = NSLOTS; /* orphans */
      box_put(&boxes[to], live[i]);
      live[i] = live[--nlive];
    }
    if (op % 64 == 0) {
      size_t n = box_take(&boxes[w->slot], in, 64);
      for (size_t i = 0; i < n; i++)
        release(in[i]);
      cross += n;
      n = box_take(&boxes[NSLOTS], in, 8);
      for (size_t i = 0; i < n; i++)
        release(in[i]);
      orphans += n;
    }
  }
  /* Exit with objects still live: others free them into our abandoned
   * slabs. */
  for (size_t i = 0; i < nlive; i++)
    box_put(&boxes[i % 2 ? NSLOTS : (w->slot + 1) % NSLOTS], live[i]);
  atomic_fetch_add(&total_ops, (uint64_t)ops_per_thread);
  atomic_fetch_add(&cross_frees, cross);
  atomic_fetch_add(&orphan_frees, orphans);
  return NULL;
}

int main(int argc, char **argv) {
  ops_per_thread = argc > 1 ? atol(argv[1]) : 100000;
  for (int i = 0; i <= NSLOTS; i++)
    pthread_mutex_init(&boxes[i].mu, NULL);
  uint64_t baseline = rt_live_baseline_threads(NSLOTS);
  static worker_t workers[NSLOTS][WAVES];
  int threads = 0;
  for (int s = 0; s < NSLOTS; s++) {
    workers[s][0] = (worker_t){0, s, 0};
    REQUIRE(pthread_create(&workers[s][0].thread, NULL, work, &workers[s][0]) == 0);
    threads++;
  }
  /* Replace each slot's thread as it ends while the other slots run on. */
  for (int wave = 1; wave < WAVES; wave++)
    for (int s = 0; s < NSLOTS; s++) {
      REQUIRE(pthread_join(workers[s][wave - 1].thread, NULL) == 0);
      workers[s][wave] = (worker_t){0, s, wave};
      REQUIRE(pthread_create(&workers[s][wave].thread, NULL, work,
                             &workers[s][wave]) == 0);
      threads++;
    }
  for (int s = 0; s < NSLOTS; s++)
    REQUIRE(pthread_join(workers[s][WAVES - 1].thread, NULL) == 0);
  /* Free what is left, from main: every slab it lands in is abandoned. */
  handle_t in[64];
  for (int b = 0; b <= NSLOTS; b++)
    for (size_t n; (n = box_take(&boxes[b], in, 64)) > 0;)
      for (size_t i = 0; i < n; i++)
        release(in[i]);
  printf("threads: %d, operations: %llu, cross-thread frees: %llu, orphans "
         "freed: %llu\n",
         threads, (unsigned long long)atomic_load(&total_ops),
         (unsigned long long)atomic_load(&cross_frees),
         (unsigned long long)atomic_load(&orphan_frees));
  for (int b = 0; b <= NSLOTS; b++) /* the mailboxes are heap objects too */
    free(boxes[b].items);
  uint64_t live = rt_live_objects();
  if (live != baseline) {
    fprintf(stderr, "live objects: %llu, baseline %llu\n",
            (unsigned long long)live, (unsigned long long)baseline);
    return 1;
  }
  printf("live objects back to baseline\n");
  return 0;
}
