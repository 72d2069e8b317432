// Packed structs, and a struct held inline by a packed one, are annotated
// like any other (the generation lives outside the object, so nothing
// needs its alignment); the annotated program builds with the plugin in
// every mode and runs.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir %t && cp %s %t/p.c && cd %t
// RUN: %genref_annotate p.c -- -std=c11 2> report.txt
// RUN: FileCheck --check-prefix=OUT --input-file=p.c %s
// RUN: %plugin_cc -O2 p.c -o p %rt && %run ./p
// RUN: %plugin_cc -O0 p.c -o p0 %rt && %run ./p0
#include <stdlib.h>

// OUT: {{^}}struct GR_WEAKABLE __attribute__((packed)) rec {
// OUT: {{^}}  struct rec *GR_REF next;
struct __attribute__((packed)) rec {
  char tag;
  struct rec *next;
  int v;
};

// OUT: {{^}}struct GR_WEAKABLE wrap {
struct wrap {
  char c;
  struct rec inner;
} __attribute__((packed));

// OUT: {{^}}  struct rec *GR_REF a = malloc(sizeof *a);
// OUT: {{^}}  struct wrap *GR_REF w = malloc(sizeof *w);
int main(void) {
  struct rec *a = malloc(sizeof *a);
  struct rec *b = malloc(sizeof *b);
  struct wrap *w = malloc(sizeof *w);
  a->next = b;
  b->next = NULL;
  b->v = 4;
  w->inner.next = a;
  int r = w->inner.next->next->v == 4 ? 0 : 1;
  free(a);
  free(b);
  free(w);
  return r;
}
