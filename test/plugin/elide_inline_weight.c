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
// So is a buffer's grow step, whose realloc'd pointer becomes a reference
// (gr_ref_make, a heap lookup once inlined, weighed as one instruction):
// INL-DAG: 'reserve' inlined into 'push'
// INL-DAG: 'reserve' inlined into 'push_pair'
// In normal mode a counted store is weighed as the store plain C has
// there (roguelike's try_move: three of them kept it out of line):
// INL-DAG: 'swap_front' inlined into 'main'
// INL-DAG: 'swap_front' inlined into 'rotate'
// The lookups still check, and still see a freed entry as gone:
// RUN: %plugin_cc -O2 %s -o %t %rt && %run %t | FileCheck %s
// CHECK: hit 7 miss 1 gone 1 sum 4950
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

/* Bucket k's first two entries change places. */
static int swap_front(unsigned k) {
  struct entry *GR_REF a = buckets[k];
  if (a == NULL || a->next == NULL)
    return 0;
  struct entry *GR_REF b = a->next;
  a->next = b->next;
  b->next = a;
  buckets[k] = b;
  return 1;
}

static int rotate(void) {
  int n = 0;
  for (unsigned k = 0; k < NB; k++)
    n += swap_front(k);
  return n;
}

struct buf {
  long *GR_REF data;
  unsigned long len, cap;
};

static void reserve(struct buf *b, unsigned long more) {
  if (b->len + more <= b->cap)
    return;
  unsigned long cap = b->cap ? 2 * b->cap : 8;
  while (cap < b->len + more)
    cap *= 2;
  long *p = realloc(b->data, cap * sizeof *p);
  if (p == NULL)
    exit(1);
  b->data = p;
  b->cap = cap;
}

static void push(struct buf *b, long v) {
  reserve(b, 1);
  b->data[b->len++] = v;
}

static void push_pair(struct buf *b, long v, long w) {
  reserve(b, 2);
  b->data[b->len++] = v;
  b->data[b->len++] = w;
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
  put(1 + NB, 5);
  hit += swap_front(1) + rotate() - 2; /* 1 + NB and 1, twice: back */
  struct buf b = {NULL, 0, 0};
  for (long v = 0; v < 50; v++)
    push(&b, v);
  for (long v = 50; v < 100; v += 2)
    push_pair(&b, v, v + 1);
  long sum = 0;
  for (unsigned long i = 0; i < b.len; i++)
    sum += b.data[i];
  free(b.data);
  printf("hit %d miss %d gone %d sum %ld\n", hit, miss, gone, sum);
  return 0;
}
