// Choosing what to protect: --struct NAME (tag or typedef name) protects
// only those; --heap-structs (the default) every struct allocated one
// object at a time, and an array-allocated one only when pointers to its
// elements are kept in fields or globals; an unknown name is an error.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir %t && cp %s %t/heap.c && cp %s %t/named.c && cd %t
// RUN: %genref_annotate heap.c -- -std=c11 2> /dev/null
// RUN: FileCheck --check-prefix=HEAP --input-file=heap.c %s
// RUN: %genref_annotate --struct=pair_t named.c -- -std=c11 2> /dev/null
// RUN: FileCheck --check-prefix=NAMED --input-file=named.c %s
// A typedef of a named struct names it too.
// RUN: cp %s alias.c && %genref_annotate --struct=one_t alias.c -- -std=c11 2> /dev/null
// RUN: FileCheck --check-prefix=ALIAS --input-file=alias.c %s
// ALIAS: {{^}}struct GR_WEAKABLE one {
// ALIAS: {{^}}typedef struct {
// RUN: %plugin_cc heap.c -o heap %rt && %run ./heap
// RUN: %plugin_cc named.c -o named %rt && %run ./named
// RUN: not %genref_annotate --struct=nosuch heap.c -- -std=c11 2>&1 | FileCheck --check-prefix=UNKNOWN %s
// UNKNOWN: no struct named 'nosuch' in the project
// A unit that does not compile: clang's errors, and nothing is changed.
// RUN: echo "int f(void) { return x; }" > bad.c && cp bad.c bad.orig
// RUN: not %genref_annotate bad.c -- -std=c11 2>&1 | FileCheck --check-prefix=BAD %s
// RUN: cmp bad.c bad.orig
// BAD: error: use of undeclared identifier 'x'
// BAD: genref-annotate: the project does not compile; nothing changed
#include <stdlib.h>

// HEAP: {{^}}struct GR_WEAKABLE one {
// NAMED: {{^}}struct one {
struct one {
  int x;
};
typedef struct one one_t;

// One object with a flexible array member: protected.
// HEAP: {{^}}struct GR_WEAKABLE msg {
struct msg {
  int len;
  char body[];
};

// Allocated as an array, walked by index: nothing to protect.
// HEAP: {{^}}struct cell {
struct cell {
  int x;
};

// Allocated as an array, but a field keeps a pointer to one element.
// HEAP: {{^}}struct GR_WEAKABLE tile {
struct tile {
  int x;
};

// HEAP: {{^}}typedef struct GR_WEAKABLE {
// NAMED: {{^}}typedef struct GR_WEAKABLE {
typedef struct {
  // HEAP: {{^}}  struct one *GR_REF first;
  // NAMED: {{^}}  struct one *first;
  struct one *first;
  // HEAP: {{^}}  struct tile *GR_REF on;
  struct tile *on;
} pair_t;

int main(void) {
  struct one *o = malloc(sizeof(struct one));
  struct msg *m = malloc(sizeof(struct msg) + 4);
  m->len = 4;
  free(m);
  struct cell *cells = malloc(4 * sizeof(struct cell));
  struct tile *tiles = calloc(4, sizeof *tiles);
  // NAMED: {{^}}  pair_t *GR_REF p = malloc(sizeof *p);
  pair_t *p = malloc(sizeof *p);
  o->x = 1;
  cells[2].x = 2;
  p->first = o;
  p->on = &tiles[3];
  p->on->x = 3;
  int ok = p->first->x + cells[2].x + tiles[3].x == 6;
  free(p);
  free(tiles);
  free(cells);
  free(o);
  return ok ? 0 : 1;
}
