// The stack depot stores each distinct stack once and stays bounded:
//   distinct  2^14 allocation sites by call path (a 14-level recursion that
//             goes left or right at each level), each freed at one site
//             under it: 2^14 distinct allocation stacks and 2^14 free
//             stacks; the same walk twice more adds none (dedup).
//   flood     2^20 distinct paths (more than the depot holds): the depot
//             stops at its cap (64 MiB of entries), counts what it
//             dropped, and the program runs on; reports of dropped stacks
//             say "<stack not recorded>".
//
// RUN: %cc -O0 -fno-omit-frame-pointer %s %rt -o %t
// RUN: env GENREF_OPTIONS=malloc_context_size=32:print_stats=1 %run %t distinct 14 2>&1 | FileCheck %s --check-prefix=DISTINCT
// RUN: env GENREF_OPTIONS=malloc_context_size=48:print_stats=1 %run %t flood 20 2>&1 | FileCheck %s --check-prefix=FLOOD
//
// DISTINCT: pass 1: 16384 leaves
// DISTINCT: pass 3: 16384 leaves
// The two sites, and at most a few stacks of the C library's own (stdio).
// DISTINCT: stack depot: {{3276[89]|327[7-9][0-9]}} stacks, {{[0-9]+}} bytes, 0 dropped (malloc_context_size=32)
//
// FLOOD: pass 1: 1048576 leaves
// FLOOD: depot bounded
// FLOOD: stack depot: {{[0-9]+}} stacks, {{[0-9]+}} bytes, {{[1-9][0-9]*}} dropped (malloc_context_size=48)
#include "genref/rt.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static long leaves;

__attribute__((noinline)) static void leaf(void) {
  void *p = gr_alloc(24);
  gr_free(p, NULL);
  leaves++;
}

__attribute__((noinline)) static void walk(int depth);
__attribute__((noinline)) static void left(int depth) { walk(depth - 1); }
__attribute__((noinline)) static void right(int depth) { walk(depth - 1); }
__attribute__((noinline)) static void walk(int depth) {
  if (depth == 0) {
    leaf();
    return;
  }
  left(depth);
  right(depth);
}

int main(int argc, char **argv) {
  if (argc < 3)
    return 2;
  int depth = atoi(argv[2]);
  int passes = !strcmp(argv[1], "distinct") ? 3 : 1;
  for (int i = 1; i <= passes; i++) {
    leaves = 0;
    walk(depth);
    printf("pass %d: %ld leaves\n", i, leaves);
  }
  if (!strcmp(argv[1], "flood")) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    /* 64 MiB of entries and 4 MiB of table at most, plus the program. */
    printf("%s (peak RSS %ld MiB)\n", ru.ru_maxrss < 100 * 1024 ? "depot bounded" : "depot unbounded",
           ru.ru_maxrss / 1024);
  }
  fflush(stdout);
  return 0;
}
