// I6: the heap's memory -- slabs and metadata (slab descriptors, kinds,
// layouts, thread heaps) -- comes from mmap, never from libc malloc. This
// program replaces malloc and friends with versions that abort while a
// genref heap call is running on the calling thread, then drives every heap
// path: first use of a thread, every size class, layouts, huge objects,
// calloc, realloc, cross-thread frees, thread exit, statistics.
//
// RUN: %cc %s %rt -o %t && %run %t | FileCheck %s
// CHECK: libc malloc calls from the heap: 0
// CHECK: OK
#define _GNU_SOURCE
#include "Inputs/rtest.h"

#include <pthread.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

static __thread int in_heap;

static void no_libc(const char *fn) {
  if (in_heap) {
    static const char msg[] = "libc allocation from inside the genref heap\n";
    if (write(2, msg, sizeof msg - 1) < 0) {
    }
    (void)fn;
    abort();
  }
}
void *malloc(size_t n) { no_libc("malloc"); return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { no_libc("calloc"); return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { no_libc("realloc"); return __libc_realloc(p, n); }
void free(void *p) { no_libc("free"); __libc_free(p); }
void *memalign(size_t a, size_t n) { no_libc("memalign"); return __libc_memalign(a, n); }
void *aligned_alloc(size_t a, size_t n) { no_libc("aligned_alloc"); return __libc_memalign(a, n); }
int posix_memalign(void **out, size_t a, size_t n) {
  no_libc("posix_memalign");
  *out = __libc_memalign(a, n);
  return *out ? 0 : 12;
}

#define HEAP(expr) (in_heap = 1, (expr), in_heap = 0)

static const uint32_t off_nested[] = {0, 16};
static gr_layout_t nested_layout = {"struct a", 0, 2, off_nested, 0};
static const uint32_t off_array[] = {0};
static gr_layout_t array_layout = {"struct node[]", 24, 1, off_array, 0};

static void *shared[64];

static void *exercise(void *arg) {
  (void)arg;
  void *p[64];
  for (int round = 0; round < 4; round++) {
    for (int i = 0; i < 64; i++) {
      size_t size = (size_t)1 << (i % 18); /* 1 B .. 128 KiB */
      gr_layout_t *l = i % 3 == 0 ? NULL : i % 3 == 1 ? &nested_layout : &array_layout;
      HEAP(p[i] = gr_alloc(size + 24, l));
      REQUIRE(p[i]);
    }
    void *h, *c, *r;
    HEAP(h = gr_alloc(300 * 1024, &array_layout));
    HEAP(c = gr_calloc(10, 100, &nested_layout));
    HEAP(r = gr_realloc(c, 5000, &nested_layout, NULL));
    HEAP(r = gr_realloc(r, 200 * 1024, NULL, NULL));
    HEAP(gr_free(r, NULL));
    HEAP(gr_free(h, NULL));
    HEAP(gr_fresh_gen());
    for (int i = 0; i < 64; i++)
      HEAP(gr_free(p[i], NULL));
  }
  for (int i = 0; i < 64; i++)
    HEAP(shared[i] = gr_alloc(40 + (size_t)i * 8, NULL));
  return NULL;
}

int main(void) {
  exercise(NULL);
  for (int i = 0; i < 64; i++)
    HEAP(gr_free(shared[i], NULL));
  for (int t = 0; t < 3; t++) {
    pthread_t th;
    REQUIRE(pthread_create(&th, NULL, exercise, NULL) == 0);
    REQUIRE(pthread_join(th, NULL) == 0);
    /* Frees into the exited thread's abandoned slabs, from main. */
    for (int i = 0; i < 64; i++)
      HEAP(gr_free(shared[i], NULL));
  }
  gr_stats_t st;
  HEAP(gr_stats_get(&st));
  printf("libc malloc calls from the heap: 0\n");
  printf("OK\n");
  return 0;
}
