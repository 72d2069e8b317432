// Heap structs the plugin would reject as weakable are left out, with a
// note saying why (the code can be changed and the tool run again): one
// initialized with brace elision, one declared in a for (...) header.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir %t && cp %s %t/e.c && cd %t
// RUN: %genref_annotate e.c -- -std=c11 2> report.txt
// RUN: FileCheck --check-prefix=REPORT --input-file=report.txt %s
// RUN: FileCheck --check-prefix=OUT --input-file=e.c %s
// RUN: %plugin_cc -Wno-missing-braces e.c -o e %rt && %run ./e
// RUN: %gcc -Wno-missing-braces e.c -o e.gcc && ./e.gcc
#include <stdlib.h>

// REPORT-DAG: e.c:[[@LINE+2]]:{{[0-9]+}}: struct pt: not protected: initialized with brace elision at e.c:[[@LINE+5]]
// OUT: {{^}}struct pt {
struct pt {
  int x, y;
};
static struct pt pts[2] = {1, 2, 3, 4};

// REPORT-DAG: e.c:[[@LINE+2]]:{{[0-9]+}}: struct counter: not protected: an object of it is declared in a for (...) header
// OUT: {{^}}struct counter {
struct counter {
  int k;
};

// OUT: {{^}}struct GR_WEAKABLE ok {
struct ok {
  struct pt *at;
};

int main(void) {
  struct pt *p = malloc(sizeof *p);
  struct counter *c = malloc(sizeof *c);
  struct ok *o = malloc(sizeof *o);
  c->k = 0;
  for (struct counter i = {0}; i.k < 3; i.k++)
    c->k += i.k;
  p->x = pts[1].x;
  o->at = p;
  int r = o->at->x == 3 && c->k == 3 ? 0 : 1;
  free(o);
  free(c);
  free(p);
  return r;
}
