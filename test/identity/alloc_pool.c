// A fixed-size object pool with an intrusive free list (the freed object's
// first bytes hold the next free object, as most pools do), carved out of
// one big malloc'ed block, telling genref about each object with
// GR_MALLOCLIKE_BLOCK(ptr, size) when it hands it out and
// GR_FREELIKE_BLOCK(ptr) when it takes it back. The correct program (which
// reuses pool objects heavily) is silent; a use through a reference after
// pool_free is use-after-free at the line, also once the pool handed the
// memory to a new object; the new object is valid. A GR_WEAK reference
// to a pool object sees it die at pool_free (gr_alive, in every mode).
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefixes=UAF,UAF-FREED %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefixes=UAF,UAF-FREED %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 reused 2>&1 | FileCheck --check-prefixes=UAF,UAF-REUSED %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 reused 2>&1 | FileCheck --check-prefixes=UAF,UAF-REUSED %s %}
// Without the plugin the macros vanish and the program is plain C (where
// gr_alive means non-null).
// RUN: %cc -O2 %s -o %t.plain
// RUN: %run %t.plain | FileCheck --check-prefix=PLAIN %s
// PLAIN: watched after pool_free 1
// PLAIN: reused 1 c 3 300 b 2
// PLAIN: done
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"


struct pool {
  unsigned char *block;
  size_t obj_size, capacity, used;
  void *free_list;
};

static int pool_init(struct pool *p, size_t obj_size, size_t capacity) {
  size_t align = sizeof(void *) > sizeof(double) ? sizeof(void *) : sizeof(double);
  if (obj_size < sizeof(void *))
    obj_size = sizeof(void *);
  p->obj_size = (obj_size + align - 1) / align * align;
  p->capacity = capacity;
  p->used = 0;
  p->free_list = NULL;
  p->block = malloc(p->obj_size * capacity);
  return p->block != NULL;
}

static void *pool_alloc(struct pool *p) {
  void *obj;
  if (p->free_list != NULL) {
    obj = p->free_list;
    memcpy(&p->free_list, obj, sizeof(void *));
  } else if (p->used < p->capacity) {
    obj = p->block + p->used++ * p->obj_size;
  } else {
    return NULL;
  }
  GR_MALLOCLIKE_BLOCK(obj, p->obj_size);
  return obj;
}

static void pool_free(struct pool *p, void *obj) {
  GR_FREELIKE_BLOCK(obj);
  memcpy(obj, &p->free_list, sizeof(void *));
  p->free_list = obj;
}

static void pool_destroy(struct pool *p) { free(p->block); }

struct GR_WEAKABLE timer {
  long deadline;
  int id;
  int armed;
};

static struct pool timers;

static struct timer *GR_REF timer_new(int id, long deadline) {
  struct timer *GR_REF t = pool_alloc(&timers);
  if (t == NULL)
    exit(3);
  t->id = id;
  t->deadline = deadline;
  t->armed = 1;
  return t;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  if (!pool_init(&timers, sizeof(struct timer), 32))
    return 3;
  long sum = 0;
  int i;
  for (i = 0; i < 1000; i++) {
    struct timer *GR_REF t = timer_new(i, 10L * i);
    sum += t->deadline / 10 - t->id + t->armed;
    struct timer *raw = t;
    pool_free(&timers, raw);
  }
  struct timer *GR_REF a = timer_new(1, 100);
  struct timer *GR_REF b = timer_new(2, 200);
  void *a_memory = (void *)a;
  struct timer *GR_WEAK watcher = a; // may dangle: asks gr_alive (checked in every mode)
  // OK: churn 1000 a 1 100 b 2 200 watched 1
  printf("churn %ld a %d %ld b %d %ld watched %d\n", sum, a->id, a->deadline, b->id, b->deadline,
         gr_alive(watcher));
  struct timer *a_raw = a;
  pool_free(&timers, a_raw);
  // OK-NEXT: watched after pool_free 0
  printf("watched after pool_free %d\n", gr_alive(watcher));
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", a->id);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct timer')
  // UAF-FREED-NEXT: at {{.*}}alloc_pool.c:[[@LINE-2]]:{{[0-9]+}} in main
  struct timer *GR_REF c = timer_new(3, 300); // the pool's LIFO list: a's memory
  if (!strcmp(mode, "reused"))
    printf("stale %d\n", a->id);
  // UAF-REUSED-NEXT: at {{.*}}alloc_pool.c:[[@LINE-1]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}alloc_pool.c:{{[0-9]+}} in main
  // UAF-NOT: stale
  // OK-NEXT: reused 1 c 3 300 b 2
  printf("reused %d c %d %ld b %d\n", (void *)c == a_memory, c->id, c->deadline, b->id);
  struct timer *raw = c;
  pool_free(&timers, raw);
  raw = b;
  pool_free(&timers, raw);
  pool_destroy(&timers);
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
