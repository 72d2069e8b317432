// Memory stays bounded under thread churn (I8): 10,000 short-lived threads
// run one after another, each allocating a few objects of several size
// classes and an aligned kind, freeing most of them itself and
// handing one to main, which frees it after the thread is gone (a free
// into an abandoned slab). A first thread leaves 17 objects of a class
// with 16 slots per slab live for the whole run, so one spare slab of that
// class is full: an adopter must pass it by, not adopt it and commit a new
// slab each time (that reached 628 MiB). Peak RSS (getrusage ru_maxrss)
// must stay under 64 MiB and the committed slabs under 4 MiB; the live
// count returns to its baseline.
//
// RUN: %cc -O1 %s %rt -o %t && %run %t 10000 | FileCheck %s
// CHECK: threads: 10000
// CHECK: slabs bounded: yes
// CHECK: peak rss bounded: yes
// CHECK: live objects back to baseline
#define _GNU_SOURCE
#include "Inputs/rtest.h"

#include <pthread.h>
#include <sys/resource.h>

#define NKEEP 17
#define BIG 4000 /* the 4 KiB class: 16 slots per 64 KiB slab */

static void *keep[NKEEP];

static void *first_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < NKEEP; i++) {
    keep[i] = gr_alloc(BIG);
    REQUIRE(keep[i]);
  }
  return NULL;
}

static void *short_thread(void *arg) {
  void **handoff = arg;
  static const size_t sizes[] = {16, 100, 1000, BIG};
  void *p[8];
  for (int i = 0; i < 8; i++) {
    p[i] = i == 7 ? aligned_alloc(64, 40) : gr_alloc(sizes[i % 4]);
    REQUIRE(p[i]);
    memset((char *)p[i] + 8, i, 8); /* touch it: a page of RSS if new */
  }
  *handoff = p[3]; /* freed by main after this thread has exited */
  for (int i = 0; i < 8; i++)
    if (i != 3)
      gr_free(p[i], NULL);
  return NULL;
}

static long peak_rss_kib(void) {
  struct rusage ru;
  REQUIRE(getrusage(RUSAGE_SELF, &ru) == 0);
  return ru.ru_maxrss;
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 10000;
  uint64_t base = rt_live_baseline_threads(1);
  pthread_t t;
  REQUIRE(pthread_create(&t, NULL, first_thread, NULL) == 0);
  REQUIRE(pthread_join(t, NULL) == 0);
  for (int i = 0; i < n; i++) {
    void *handoff = NULL;
    REQUIRE(pthread_create(&t, NULL, short_thread, &handoff) == 0);
    REQUIRE(pthread_join(t, NULL) == 0);
    REQUIRE(gr_heap_owns(handoff));
    gr_free(handoff, NULL);
  }
  printf("threads: %d\n", n);
  gr_stats_t st;
  gr_stats_get(&st);
  long rss = peak_rss_kib();
  printf("committed slab bytes: %llu in %llu slabs; peak rss: %ld KiB\n",
         (unsigned long long)st.bytes_mapped, (unsigned long long)st.slabs, rss);
  printf("slabs bounded: %s\n", st.bytes_mapped < (4u << 20) ? "yes" : "no");
  printf("peak rss bounded: %s\n", rss < 64 * 1024 ? "yes" : "no");
  for (int i = 0; i < NKEEP; i++)
    gr_free(keep[i], NULL);
  REQUIRE_EQ(rt_live_objects(), base);
  printf("live objects back to baseline\n");
  return 0;
}
