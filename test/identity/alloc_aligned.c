// A weakable object from each aligned allocation function (argv[1] names
// it): the memory has the asked alignment, the object works through a
// reference and is freed through it silently; a use through a reference
// after free is use-after-free at the line; a second free is a double free
// at the line.
// (-D_GNU_SOURCE on the command line: a #define _GNU_SOURCE in the file
// comes too late under the plugin, whose injected genref/rt.h already
// included <stdint.h>.)
// REQUIRES: plugin
// RUN: %plugin_cc -D_GNU_SOURCE -O0 %s -o %t0 %rt
// RUN: %plugin_cc -D_GNU_SOURCE -O2 %s -o %t2 %rt
// RUN: %run %t0 aligned_alloc 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 aligned_alloc 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t0 posix_memalign 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 posix_memalign 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t0 memalign 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 memalign 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t0 valloc 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 valloc 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t0 pvalloc 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 pvalloc 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 aligned_alloc uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 aligned_alloc uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 posix_memalign uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 memalign uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 valloc uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 pvalloc uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t0 aligned_alloc double 2>&1 | FileCheck --check-prefix=DF %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t2 aligned_alloc double 2>&1 | FileCheck --check-prefix=DF %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t2 posix_memalign double 2>&1 | FileCheck --check-prefix=DF %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t2 memalign double 2>&1 | FileCheck --check-prefix=DF %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t2 valloc double 2>&1 | FileCheck --check-prefix=DF %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t2 pvalloc double 2>&1 | FileCheck --check-prefix=DF %s
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "genref.h"

struct GR_WEAKABLE vec {
  float lane[8];
  int count;
};

// The memory for one struct vec from the function named by fn, and the
// alignment it promises.
static void *aligned_memory(const char *fn, size_t *align) {
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  void *mem = NULL;
  *align = 64;
  if (!strcmp(fn, "aligned_alloc"))
    mem = aligned_alloc(64, 128); // a multiple of the alignment, as C11 asks
  else if (!strcmp(fn, "posix_memalign")) {
    if (posix_memalign(&mem, 64, sizeof(struct vec)) != 0)
      mem = NULL;
  } else if (!strcmp(fn, "memalign"))
    mem = memalign(64, sizeof(struct vec));
  else if (!strcmp(fn, "valloc")) {
    mem = valloc(sizeof(struct vec));
    *align = page;
  } else if (!strcmp(fn, "pvalloc")) {
    mem = pvalloc(sizeof(struct vec));
    *align = page;
  }
  return mem;
}

int main(int argc, char **argv) {
  const char *fn = argc > 1 ? argv[1] : "aligned_alloc";
  const char *bug = argc > 2 ? argv[2] : "";
  size_t align;
  int round, i;
  setvbuf(stdout, NULL, _IONBF, 0);
  // Several rounds, so that later objects reuse earlier ones' memory.
  for (round = 0; round < 20; round++) {
    void *mem = aligned_memory(fn, &align);
    if (mem == NULL || (uintptr_t)mem % align != 0) {
      printf("%s: bad memory %p\n", fn, mem);
      return 3;
    }
    struct vec *GR_REF v = mem;
    for (i = 0; i < 8; i++)
      v->lane[i] = (float)(i + round);
    v->count = 8;
    if (round == 19) {
      float sum = 0;
      for (i = 0; i < v->count; i++)
        sum += v->lane[i];
      // OK: aligned 1 sum 180
      printf("aligned %d sum %.0f\n", (uintptr_t)mem % align == 0, sum);
    }
    struct vec *raw = mem;
    if (round == 19 && !strcmp(bug, "double")) {
      free(raw);
      free(raw);
      // DF: ERROR: genref: double-free on address 0x{{[0-9a-f]+}}
      // DF-NEXT: at {{.*}}alloc_aligned.c:[[@LINE-2]]:{{[0-9]+}} in main
      // DF: SUMMARY: genref: double-free {{.*}}alloc_aligned.c:[[@LINE-3]] in main
      printf("survived\n");
      // DF-NOT: survived
    }
    if (round == 19 && !strcmp(bug, "uaf")) {
      free(raw);
      printf("stale %d\n", v->count);
      // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct vec')
      // UAF-NEXT: at {{.*}}alloc_aligned.c:[[@LINE-2]]:{{[0-9]+}} in main
      // UAF: SUMMARY: genref: use-after-free {{.*}}alloc_aligned.c:[[@LINE-3]] in main
      // UAF-NOT: stale
    }
    free(v);
  }
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
