// A dynamic array of weakable structs grown with reallocarray (the
// overflow-checked realloc of OpenBSD and glibc 2.26), as a vector
// implementation grows its storage: the contents survive every growth,
// references made to elements after the last growth work, and the array is
// freed silently. A reference to an element kept across free is
// use-after-free at the use; freeing the array twice is a double free.
// (-D_GNU_SOURCE: glibc declares reallocarray under it.)
// REQUIRES: plugin
// RUN: %plugin_cc -D_GNU_SOURCE -O0 %s -o %t0 %rt
// RUN: %plugin_cc -D_GNU_SOURCE -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t0 double 2>&1 | FileCheck --check-prefix=DF %s
// RUN: not env GENREF_OPTIONS=symbolize=0 %run %t2 double 2>&1 | FileCheck --check-prefix=DF %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE entry {
  int key;
  long value;
};

struct table {
  struct entry *items;
  size_t len, cap;
};

static void table_push(struct table *t, int key, long value) {
  if (t->len == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 4;
    struct entry *grown = reallocarray(t->items, cap, sizeof *grown);
    if (grown == NULL) {
      perror("reallocarray");
      exit(3);
    }
    t->items = grown;
    t->cap = cap;
  }
  t->items[t->len].key = key;
  t->items[t->len].value = value;
  t->len++;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  struct table t = {NULL, 0, 0};
  // Start from genref memory, as a vector that reserved its first block.
  t.items = malloc(2 * sizeof *t.items);
  t.cap = 2;
  int i;
  for (i = 0; i < 1000; i++)
    table_push(&t, i, (long)i * i);
  long sum = 0;
  size_t k;
  for (k = 0; k < t.len; k++)
    sum += t.items[k].value - (long)t.items[k].key * t.items[k].key;
  struct entry *GR_REF first = &t.items[0];
  struct entry *GR_REF last = &t.items[t.len - 1];
  // OK: len 1000 cap 1024 mismatches 0 first 0 0 last 999 998001
  printf("len %lu cap %lu mismatches %ld first %d %ld last %d %ld\n", (unsigned long)t.len,
         (unsigned long)t.cap, sum, first->key, first->value, last->key, last->value);
  // Shrinking keeps the front.
  t.items = reallocarray(t.items, 10, sizeof *t.items);
  t.len = t.cap = 10;
  struct entry *GR_REF ninth = &t.items[9];
  // OK-NEXT: shrunk 9 81
  printf("shrunk %d %ld\n", ninth->key, ninth->value);
  if (!strcmp(mode, "double")) {
    free(t.items);
    free(t.items);
    // DF: ERROR: genref: double-free on address 0x{{[0-9a-f]+}}
    // DF-NEXT: at {{.*}}alloc_reallocarray.c:[[@LINE-2]]:{{[0-9]+}} in main
    // DF: SUMMARY: genref: double-free {{.*}}alloc_reallocarray.c:[[@LINE-3]] in main
    printf("survived\n");
    // DF-NOT: survived
  }
  free(t.items);
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", ninth->key);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct entry')
  // UAF-NEXT: at {{.*}}alloc_reallocarray.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}alloc_reallocarray.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
