/* bench/retire/churn.c - endless churn of one size class, and what it costs
 * in memory.
 *
 * Keeps a window of `live` objects of one size and replaces the oldest with
 * a new one `cycles` times (default 10^8). With 16-bit generations (the
 * compact layout) every slot retires after 2^15 lives; a slab whose slots
 * all retired goes back to the OS, so resident memory must stay flat: the
 * program prints the RSS after the first second and the peak, and their
 * ratio. Build against any genref runtime (the compact one is the point):
 *   clang-19 -O2 -DGENREF_LAYOUT_COMPACT -I runtime/include churn.c \
 *       build/lib/libgenref_rt_compact.a -lpthread -o churn
 * A benchmark, not a test: nothing is asserted. */
#define _POSIX_C_SOURCE 200809L
#include "genref/rt.h"
#include "genref/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* 24 bytes: with the allocator's 8-byte header in front, a 32-byte slot.
 * (The header is the heap's, not a member: docs/design.md.) */
struct obj {
  uint64_t payload[3];
};

static long rss_kib(void) {
  long pages = 0, resident = 0;
  FILE *f = fopen("/proc/self/statm", "r");
  if (f) {
    if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
      resident = 0;
    fclose(f);
  }
  return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  long long cycles = argc > 1 ? atoll(argv[1]) : 100000000LL;
  int live = argc > 2 ? atoi(argv[2]) : 1000;
  struct obj **win = calloc((size_t)live, sizeof *win);
  for (int i = 0; i < live; i++) {
    win[i] = gr_alloc(sizeof(struct obj));
    win[i]->payload[0] = 0;
  }
  double t0 = now(), next_sample = t0 + 1.0;
  long first_second = -1, peak = rss_kib();
  uint64_t sum = 0;
  for (long long c = 0; c < cycles; c++) {
    int i = (int)(c % live);
    sum += win[i]->payload[0];
    gr_free(win[i], NULL);
    win[i] = gr_alloc(sizeof(struct obj));
    win[i]->payload[0] = (uint64_t)c;
    if ((c & 0xFFFF) == 0) {
      long r = rss_kib();
      if (r > peak)
        peak = r;
      double t = now();
      if (first_second < 0 && t >= next_sample)
        first_second = r;
    }
  }
  double secs = now() - t0;
  if (first_second < 0)
    first_second = rss_kib();
  gr_stats_t st;
  gr_stats_get(&st);
  printf("cycles: %lld, live window: %d, %.2f s (%.1f M cycles/s)\n", cycles, live,
         secs, cycles / secs / 1e6);
  printf("generation bits: max %llu; retired slots: %llu; slabs: %llu; mapped now: %llu KiB\n",
         (unsigned long long)gr_stats_gen_max(), (unsigned long long)st.retired_slots,
         (unsigned long long)st.slabs, (unsigned long long)(st.bytes_mapped / 1024));
  printf("rss after 1 s: %ld KiB, peak: %ld KiB, peak/first-second: %.3f\n",
         first_second, peak, (double)peak / (double)first_second);
  printf("checksum: %016llx\n", (unsigned long long)sum);
  return 0;
}
