// The inliner weighs a function with checks as it weighs its plain C: a
// check counts as one instruction (the compare and branch it becomes), and
// gr_alive inlines only a whole reference's header compare. A lookup like
// this one (a GR_WEAK cache asked with gr_alive, then a chain walked
// through GR_REF links), which clang -O2 inlines into its callers, stays
// inlined under genref; before, its checks weighed as calls kept it out of
// line, and the call cost more than its checks (bench/hashtable: 1.28x
// plain's instructions, 1.17x once inlined).
// REQUIRES: plugin
// RUN: %cc -O2 -Rpass=inline -fno-caret-diagnostics -c %s -o %t.plain.o 2>&1 | FileCheck %s --check-prefix=INL
// RUN: %if mode-resilient %{ %plugin_cc -O2 -Rpass=inline -fno-caret-diagnostics -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=INL %}
// RUN: %if mode-normal %{ %plugin_cc -O2 -Rpass=inline -fno-caret-diagnostics -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=INL %}
// INL-DAG: 'find' inlined into 'put'
// INL-DAG: 'find' inlined into 'main'
// The lookups still check, and still see a freed entry as gone:
// RUN: %plugin_cc -O2 %s -o %t %rt && %run %t | FileCheck %s
// CHECK: hit 7 miss 1 gone 1
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE entry {
  unsigned long key;
  long value;
  struct entry *GR_REF next;
};

#define NB 64
static struct entry *GR_REF buckets[NB];
static struct entry *GR_WEAK cache[16];

static struct entry *GR_REF find(unsigned long key) {
  unsigned slot = (unsigned)(key * 2654435761u) % 16;
  if (gr_alive(cache[slot]) && cache[slot]->key == key)
    return cache[slot];
  for (struct entry *GR_REF e = buckets[key % NB]; e != NULL; e = e->next)
    if (e->key == key) {
      cache[slot] = e;
      return e;
    }
  return NULL;
}

static void put(unsigned long key, long value) {
  struct entry *GR_REF e = find(key);
  if (e != NULL) {
    e->value = value;
    return;
  }
  e = malloc(sizeof *e);
  if (e == NULL)
    exit(1);
  e->key = key;
  e->value = value;
  e->next = buckets[key % NB];
  buckets[key % NB] = e;
}

int main(void) {
  int hit = 0, miss = 0, gone = 0;
  for (unsigned long k = 1; k <= 7; k++)
    put(k, (long)k * 10);
  for (unsigned long k = 1; k <= 8; k++) {
    struct entry *GR_REF e = find(k);
    if (e != NULL && e->value == (long)k * 10)
      hit++;
    else
      miss++;
  }
  /* Unlink and free key 3, which the cache still names: gr_alive says no. */
  struct entry *GR_REF *pp = &buckets[3 % NB];
  while ((*pp)->key != 3)
    pp = &(*pp)->next;
  struct entry *GR_REF dead = *pp;
  *pp = dead->next;
  dead->next = NULL;
  free(dead);
  if (find(3) == NULL)
    gone++;
  printf("hit %d miss %d gone %d\n", hit, miss, gone);
  return 0;
}
