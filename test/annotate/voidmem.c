// Arrays of pointers whose elements are read back through void * stay
// raw: one sorted with qsort (its comparator casts const void *), one
// reached through a generic container's void * storage. Fresh memory from
// an allocator is not such memory: its elements become references.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir %t && cp %s %t/v.c && cd %t
// RUN: %genref_annotate v.c -- -std=c11 2> report.txt
// RUN: FileCheck --check-prefix=OUT --input-file=v.c %s
// RUN: FileCheck --check-prefix=REPORT --input-file=report.txt %s
// RUN: %plugin_cc v.c -o v %rt && %run ./v
// RUN: %gcc v.c -o v.gcc && ./v.gcc
#include <stdlib.h>

struct rec {
  int key;
};

static int by_key(const void *a, const void *b) {
  const struct rec *x = *(struct rec *const *)a, *y = *(struct rec *const *)b;
  return x->key - y->key;
}

struct vec {
  void *data;
  int n;
};
static void *vec_data(struct vec *v) { return v->data; }

int main(void) {
  // REPORT-DAG: v.c:[[@LINE+2]]:{{[0-9]+}}: left raw: local 'sorted': its array is passed to qsort()
  // OUT: {{^}}  struct rec **sorted = malloc(3 * sizeof *sorted);
  struct rec **sorted = malloc(3 * sizeof *sorted);
  // OUT: {{^}}  struct rec *GR_REF *fresh = malloc(3 * sizeof *fresh);
  struct rec **fresh = malloc(3 * sizeof *fresh);
  for (int i = 0; i < 3; i++) {
    sorted[i] = malloc(sizeof(struct rec));
    sorted[i]->key = 3 - i;
    fresh[i] = sorted[i];
  }
  qsort(sorted, 3, sizeof *sorted, by_key);
  struct vec v = {sorted, 3};
  // REPORT-DAG: v.c:[[@LINE+2]]:{{[0-9]+}}: left raw: local 'all': its memory comes through a void *
  // OUT: {{^}}  struct rec **all = vec_data(&v);
  struct rec **all = vec_data(&v);
  int ok = all[0]->key == 1 && all[2]->key == 3 && fresh[0]->key == 3;
  for (int i = 0; i < 3; i++)
    free(sorted[i]);
  free(fresh);
  free(sorted);
  return ok ? 0 : 1;
}
