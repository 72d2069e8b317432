/* A growable vector of structs holding a GR_REF each, allocated and grown
 * through void * hooks (malloc, then realloc doubling: the plugin sees no
 * type; the first element store types it, realloc carries type and
 * counts), sorted in place with qsort (which moves the references' bytes:
 * counts are the whole allocation's, so nothing changes), freed through
 * the hook as a whole, then its targets. genref was right before this test.
 * Control "live": a target freed while the vector still holds it.
 */
/*
 * REQUIRES: plugin, mode-normal
 * RUN: rm -rf %t.dir && mkdir -p %t.dir
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
 * RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: not %run %t.dir/o0 live 2>&1 | FileCheck --check-prefix=LIVE %s
 * RUN: not %run %t.dir/o2 live 2>&1 | FileCheck --check-prefix=LIVE %s
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE obj {
  long v;
};

struct entry {
  int key;
  struct obj *GR_REF target;
};

struct vec {
  struct entry *items;
  size_t len, cap;
};

typedef void *(*alloc_fn)(size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void (*free_fn)(void *);
static void *libc_alloc(size_t n) { return malloc(n); }
static void *libc_realloc(void *p, size_t n) { return realloc(p, n); }
static void libc_free(void *p) { free(p); }
static alloc_fn get = libc_alloc;
static realloc_fn regrow = libc_realloc;
static free_fn put = libc_free;
static void release(void *p) { put(p); }

static void vec_push(struct vec *v, int key, struct obj *o) {
  if (v->len == v->cap) {
    size_t cap = v->cap ? v->cap * 2 : 2;
    void *p = v->items ? regrow(v->items, cap * sizeof *v->items) : get(cap * sizeof *v->items);
    if (!p)
      exit(2);
    v->items = (struct entry *)p;
    v->cap = cap;
  }
  v->items[v->len].key = key;
  v->items[v->len].target = o;
  v->len++;
}

static int by_key(const void *a, const void *b) {
  const struct entry *x = (const struct entry *)a, *y = (const struct entry *)b;
  return x->key < y->key ? -1 : x->key > y->key;
}

int main(int argc, char **argv) {
  struct vec v;
  struct obj *objs[40];
  long sum = 0;
  size_t i;
  setvbuf(stdout, NULL, _IONBF, 0);
  v.items = NULL;
  v.len = v.cap = 0;
  for (i = 0; i < 40; i++) {
    objs[i] = (struct obj *)get(sizeof(struct obj));
    objs[i]->v = (long)i;
    vec_push(&v, (int)((i * 7) % 40), objs[i]);
  }
  qsort(v.items, v.len, sizeof *v.items, by_key);
  for (i = 0; i < v.len; i++)
    sum += v.items[i].key * v.items[i].target->v;
  if (argc > 1 && !strcmp(argv[1], "live")) {
    release(objs[5]); /* LIVE: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
                         LIVE: one is held by field 'target' of 'struct entry' (declared at vector_qsort.c:{{[0-9]+}}), in the heap object
                         LIVE: in release {{.*}}vector_qsort.c:
                         LIVE-NEXT: in main {{.*}}vector_qsort.c:[[@LINE-3]]
                       */
    printf("not reached\n");
  }
  release(v.items);
  for (i = 0; i < 40; i++)
    release(objs[i]);
  printf("sum %ld\n", sum);
  /* OK: sum 16100
     LIVE-NOT: not reached
   */
  return 0;
}
