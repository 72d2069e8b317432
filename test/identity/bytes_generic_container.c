// A hand-written generic vector (element size given at creation, elements
// copied in and out by a loop over unsigned char, no memcpy, as
// freestanding and embedded code writes it): weakable objects are pushed by
// value, read back into other live objects (heap and stack), swapped in
// place inside the container, and used through references. The values are
// right and nothing is reported; a heap object filled from the container
// is still caught after its free.
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

/* ---- a generic vector: knows sizes, not types ---- */
struct vector {
  unsigned char *data;
  size_t elem_size, len, cap;
};

static void copy_bytes(void *dst, const void *src, size_t n) {
  unsigned char *d = dst;
  const unsigned char *s = src;
  while (n--)
    *d++ = *s++;
}

static void vector_init(struct vector *v, size_t elem_size) {
  v->data = NULL;
  v->elem_size = elem_size;
  v->len = v->cap = 0;
}

static void vector_push(struct vector *v, const void *elem) {
  if (v->len == v->cap) {
    size_t cap = v->cap ? 2 * v->cap : 2;
    unsigned char *data = malloc(cap * v->elem_size);
    if (data == NULL)
      exit(3);
    if (v->data) {
      copy_bytes(data, v->data, v->len * v->elem_size);
      free(v->data);
    }
    v->data = data;
    v->cap = cap;
  }
  copy_bytes(v->data + v->len * v->elem_size, elem, v->elem_size);
  v->len++;
}

static void vector_get(const struct vector *v, size_t i, void *out) {
  copy_bytes(out, v->data + i * v->elem_size, v->elem_size);
}

static void vector_swap(struct vector *v, size_t i, size_t j) {
  unsigned char *a = v->data + i * v->elem_size, *b = v->data + j * v->elem_size, t;
  size_t k;
  for (k = 0; k < v->elem_size; k++) {
    t = a[k];
    a[k] = b[k];
    b[k] = t;
  }
}

static void vector_free(struct vector *v) { free(v->data); }

/* ---- the program ---- */
struct GR_WEAKABLE job {
  int id;
  int priority;
  char name[12];
};

static struct job *GR_REF job_new(int id, int priority, const char *name) {
  struct job *GR_REF j = malloc(sizeof(struct job));
  j->id = id;
  j->priority = priority;
  snprintf(j->name, sizeof j->name, "%s", name);
  return j;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  struct vector v;
  vector_init(&v, sizeof(struct job));
  int i;
  for (i = 0; i < 10; i++) {
    struct job *GR_REF j = job_new(i, 10 - i, "job");
    j->name[3] = (char)('0' + i);
    j->name[4] = '\0';
    vector_push(&v, j);
    free(j);
  }
  struct job local = {99, 99, "local"};
  vector_push(&v, &local);
  vector_swap(&v, 0, 10);
  struct job *GR_REF first = job_new(-1, -1, "unset");
  struct job out;
  struct job *GR_REF oref = &out;
  vector_get(&v, 0, first);
  vector_get(&v, 10, &out);
  // OK: len 11 first 99 99 local out 0 10 job0
  printf("len %lu first %d %d %s out %d %d %s\n", (unsigned long)v.len, first->id, first->priority,
         first->name, oref->id, oref->priority, oref->name);
  long sum = 0;
  for (i = 0; i < (int)v.len; i++) {
    vector_get(&v, (size_t)i, &out);
    sum += oref->id * 100 + oref->priority;
  }
  // OK-NEXT: sum 14554
  printf("sum %ld\n", sum);
  vector_free(&v);
  free(first);
  if (!strcmp(mode, "uaf"))
    printf("stale %d\n", first->id);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct job')
  // UAF-NEXT: at {{.*}}bytes_generic_container.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}bytes_generic_container.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
