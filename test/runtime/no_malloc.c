// I6: the heap's memory -- slabs and metadata (slab descriptors, kinds,
// thread heaps, frame lists, block records) -- comes from mmap, never from
// malloc: in a genref program malloc is the heap itself (interpose.c), so
// a heap path that called it would reenter the heap. Checked two ways
// while every heap path runs (first use of a thread, every size class,
// aligned kinds, huge objects, calloc, realloc, cross-thread frees, thread
// exit, stack frames, program blocks, statistics):
//   - the malloc family is linked with --wrap: a call from the runtime
//     (or the test) while a heap call runs aborts;
//   - the live count moves by exactly what the call does (an allocation
//     +1, a free -1, the rest 0): memory the heap got from malloc, even
//     through libc, would be an extra live object.
//
// RUN: %cc %s %rt -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,--wrap=memalign,--wrap=aligned_alloc,--wrap=posix_memalign,--wrap=reallocarray,--wrap=valloc,--wrap=pvalloc -o %t && %run %t | FileCheck %s
// CHECK: malloc calls from the heap: 0
// CHECK: OK
#define _GNU_SOURCE
#include "Inputs/rtest.h"

#include <pthread.h>
#include <unistd.h>

static __thread int in_heap;

static void no_malloc(void) {
  if (in_heap) {
    static const char msg[] = "malloc called from inside the genref heap\n";
    if (write(2, msg, sizeof msg - 1) < 0) {
    }
    abort();
  }
}

void *__real_malloc(size_t);
void *__real_calloc(size_t, size_t);
void *__real_realloc(void *, size_t);
void __real_free(void *);
void *__real_memalign(size_t, size_t);
void *__real_aligned_alloc(size_t, size_t);
int __real_posix_memalign(void **, size_t, size_t);
void *__real_reallocarray(void *, size_t, size_t);
void *__real_valloc(size_t);
void *__real_pvalloc(size_t);
void *__wrap_malloc(size_t n) { no_malloc(); return __real_malloc(n); }
void *__wrap_calloc(size_t a, size_t b) { no_malloc(); return __real_calloc(a, b); }
void *__wrap_realloc(void *p, size_t n) { no_malloc(); return __real_realloc(p, n); }
void __wrap_free(void *p) { no_malloc(); __real_free(p); }
void *__wrap_memalign(size_t a, size_t n) { no_malloc(); return __real_memalign(a, n); }
void *__wrap_aligned_alloc(size_t a, size_t n) { no_malloc(); return __real_aligned_alloc(a, n); }
int __wrap_posix_memalign(void **out, size_t a, size_t n) {
  no_malloc();
  return __real_posix_memalign(out, a, n);
}
void *__wrap_reallocarray(void *p, size_t a, size_t b) { no_malloc(); return __real_reallocarray(p, a, b); }
void *__wrap_valloc(size_t n) { no_malloc(); return __real_valloc(n); }
void *__wrap_pvalloc(size_t n) { no_malloc(); return __real_pvalloc(n); }

/* Run expr as a heap call: no malloc inside, and the live count moves by
 * exactly `delta`. */
#define HEAP(delta, expr)                                                      \
  do {                                                                         \
    uint64_t _before = rt_live_objects();                                      \
    in_heap = 1;                                                               \
    expr;                                                                      \
    in_heap = 0;                                                               \
    uint64_t _after = rt_live_objects();                                       \
    if (_after != _before + (uint64_t)(int64_t)(delta)) {                      \
      fprintf(stderr, "%s: live %llu -> %llu\n", #expr,                        \
              (unsigned long long)_before, (unsigned long long)_after);        \
      abort();                                                                 \
    }                                                                          \
  } while (0)

static void *shared[64];

static void *exercise(void *arg) {
  (void)arg;
  void *p[64];
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < 64; i++) {
      size_t size = (size_t)1 << (i % 18); /* 1 B .. 128 KiB */
      size_t align = (size_t)16 << (i % 5); /* 16 .. 256 */
      if (i % 2)
        HEAP(1, p[i] = gr_alloc(size + 24));
      else
        HEAP(1, p[i] = __real_aligned_alloc(align, size + 24)); /* interpose.c */
      REQUIRE(p[i]);
    }
    void *h, *c, *r;
    HEAP(1, h = gr_alloc(300 * 1024));
    HEAP(1, c = gr_calloc(10, 100));
    HEAP(0, r = gr_realloc(c, 5000, NULL));
    HEAP(0, r = gr_realloc(r, 200 * 1024, NULL));
    HEAP(-1, gr_free(r, NULL));
    HEAP(-1, gr_free(h, NULL));
    HEAP(0, gr_fresh_gen());
    /* Stack frames: deep enough to grow the frame list. */
    static long stack_objs[300];
    static gr_stack_frame_t frames[300];
    for (int i = 0; i < 300; i++)
      HEAP(0, frames[i] = gr_stack_frame_begin(&stack_objs[i], sizeof(long)));
    HEAP(0, gr_stack_frame_end(&frames[0]));
    /* Program blocks: enough to grow the block table. */
    char *arena = p[17]; /* 2 KiB + 24 bytes */
    for (int i = 0; i < 256; i++)
      HEAP(0, gr_block_alloc(arena + 8 * i, 8));
    for (int i = 0; i < 256; i++)
      HEAP(0, gr_block_free(arena + 8 * i));
    for (int i = 0; i < 64; i++)
      HEAP(-1, gr_free(p[i], NULL));
  }
  for (int i = 0; i < 64; i++)
    HEAP(1, shared[i] = gr_alloc(40 + (size_t)i * 8));
  return NULL;
}

int main(void) {
  rt_live_baseline();
  exercise(NULL);
  for (int i = 0; i < 64; i++)
    HEAP(-1, gr_free(shared[i], NULL));
  for (int t = 0; t < 3; t++) {
    pthread_t th;
    REQUIRE(pthread_create(&th, NULL, exercise, NULL) == 0);
    REQUIRE(pthread_join(th, NULL) == 0);
    /* Frees into the exited thread's abandoned slabs, from main. */
    for (int i = 0; i < 64; i++)
      HEAP(-1, gr_free(shared[i], NULL));
  }
  gr_stats_t st;
  HEAP(0, gr_stats_get(&st));
  printf("malloc calls from the heap: 0\n");
  printf("OK\n");
  return 0;
}
