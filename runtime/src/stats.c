/* stats.c - heap statistics (print_stats=1, and gr_stats for tests). */
#include "internal.h"

#include "genref/stats.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Live slots are counted from the headers themselves (I2): exact, and no
 * counter on the hot paths. */
static uint64_t live_in(const gr_slab_t *s) {
  const gr_kind_t *k = s->kind;
  uint64_t n = 0;
  if (atomic_load_explicit(&s->released, memory_order_acquire))
    return 0; /* every slot retired; the memory is gone */
  for (uint32_t i = 0; i < s->next_fresh && i < k->capacity; i++)
    if (gr_gen_at((const void *)_gr_slot_addr(s, i)) & 1)
      n++;
  return n;
}

void gr_stats_get(gr_stats_t *st) {
  memset(st, 0, sizeof *st);
  st->bytes_mapped = _gr_bytes_mapped();
  st->metadata_bytes = _gr_meta_bytes();
  st->reports = _gr_report_count();
  for (const gr_slab_t *s = _gr_slabs_all(); s; s = s->all_next) {
    st->slabs++;
    st->live_objects += live_in(s);
    st->retired_slots += atomic_load_explicit(&s->retired, memory_order_relaxed);
  }
}

uint64_t gr_stats_gen_max(void) { return GR_HEAP_GEN_MAX; }

void _gr_print_stats(void) {
  int pid = (int)getpid();
  gr_stats_t st;
  gr_stats_get(&st);
  _gr_log("==%d== genref heap statistics\n", pid);
  _gr_log("  bytes mapped: %llu (slabs) + %llu (metadata)\n",
          (unsigned long long)st.bytes_mapped,
          (unsigned long long)st.metadata_bytes);
  _gr_log("  live objects: %llu, retired slots: %llu, reports: %llu\n",
          (unsigned long long)st.live_objects,
          (unsigned long long)st.retired_slots, (unsigned long long)st.reports);
  if (_gr_trace_depth) {
    uint64_t stacks, bytes, dropped;
    _gr_depot_stats(&stacks, &bytes, &dropped);
    _gr_log("  stack depot: %llu stacks, %llu bytes, %llu dropped (malloc_context_size=%u)\n",
            (unsigned long long)stacks, (unsigned long long)bytes,
            (unsigned long long)dropped, _gr_trace_depth);
  }
  _gr_log("  %-10s %-20s %8s %10s %10s %10s\n", "slot size", "alignment", "slabs",
          "slots", "live", "retired");
  for (const gr_kind_t *k = _gr_kinds_all(); k; k = k->all_next) {
    uint64_t slots = 0, live = 0;
    for (const gr_slab_t *s = _gr_slabs_all(); s; s = s->all_next)
      if (s->kind == k) {
        slots += s->next_fresh;
        live += live_in(s);
      }
    uint64_t nslabs = atomic_load_explicit(&k->n_slabs, memory_order_relaxed);
    if (!nslabs)
      continue;
    char layout[64];
    snprintf(layout, sizeof layout, "%llu", 1ull << k->align_shift);
    _gr_log("  %-10llu %-20s %8llu %10llu %10llu %10llu\n",
            (unsigned long long)k->slot_size, layout,
            (unsigned long long)nslabs, (unsigned long long)slots,
            (unsigned long long)live,
            (unsigned long long)atomic_load_explicit(&k->n_retired,
                                                     memory_order_relaxed));
  }
}
