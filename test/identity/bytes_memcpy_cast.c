// memcpy((void *)dst, ...), memcpy((char *)dst + 0, ...), memmove through a
// void * variable, and memset of a stack array of weakable structs named by
// the array itself: every one of them leaves live objects valid, with the
// copied values. Nothing is reported; the heap target is still caught after
// its free.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE span {
  long start, end;
  char label[8];
};

static struct span whole = {0, 100, "whole"};

// A generic setter, the way callback-based APIs copy "some object".
static void assign_bytes(void *dst, const void *src, size_t size) { memmove(dst, src, size); }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  int i;
  for (i = 0; i < 10; i++)
    free(malloc(sizeof(struct span)));
  struct span *GR_REF a = malloc(sizeof(struct span));
  struct span *GR_REF b = malloc(sizeof(struct span));
  struct span s;
  struct span *GR_REF sref = &s;
  memcpy((void *)a, &whole, sizeof *a);
  memcpy((char *)&s + 0, (const char *)a, sizeof s);
  s.end = 50;
  assign_bytes(b, &s, sizeof *b);
  struct span table[4];
  struct span *GR_REF t2 = &table[2];
  memset(table, 0, sizeof table);
  memcpy(table + 1, b, sizeof table[1]);
  // OK: a 0 100 whole s 0 50 b 0 50 whole t 0 0 50
  printf("a %ld %ld %s s %ld %ld b %ld %ld %s t %ld %ld %ld\n", a->start, a->end, a->label,
         sref->start, sref->end, b->start, b->end, b->label, t2->start, t2->end, table[1].end);
  free(b);
  free(a);
  if (!strcmp(mode, "uaf"))
    printf("stale %ld\n", a->end);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct span')
  // UAF-NEXT: at {{.*}}bytes_memcpy_cast.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}bytes_memcpy_cast.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
