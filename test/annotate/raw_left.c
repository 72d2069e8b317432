// Pointers a reference would be rejected at stay raw, each listed with
// file:line and the reason; what must agree with them stays raw too; a
// struct held inline by a union is not made GR_WEAKABLE (a packed one is:
// packed.c).
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir %t && cp %s %t/r.c && cd %t
// RUN: %genref_annotate r.c -- -std=c11 2> report.txt
// RUN: FileCheck --check-prefix=OUT --input-file=r.c %s
// RUN: FileCheck --check-prefix=REPORT --input-file=report.txt %s
// RUN: %plugin_cc r.c -o r %rt && %run ./r
// RUN: %gcc r.c -o r.gcc && ./r.gcc
// RUN: cp r.c first.c && %genref_annotate r.c -- -std=c11 2> again.txt && diff first.c r.c
// RUN: FileCheck --check-prefix=AGAIN --input-file=again.txt %s
#include <stdint.h>
#include <stdlib.h>

// OUT: {{^}}struct GR_WEAKABLE node {
struct node {
  int v;
  // OUT: {{^}}  struct node *GR_REF next;
  struct node *next;
};

union slot {
  // REPORT-DAG: r.c:[[@LINE+2]]:{{[0-9]+}}: left raw: field 'slot.p': a member of a union
  // OUT: {{^}}  struct node *p;
  struct node *p;
  long bits;
};

#define NODE_PTR struct node *
// REPORT-DAG: r.c:[[@LINE+2]]:{{[0-9]+}}: left raw: global 'g_macro': its type is spelled inside a macro
// OUT: {{^}}NODE_PTR g_macro;
NODE_PTR g_macro;

// REPORT-DAG: r.c:[[@LINE+2]]:{{[0-9]+}}: left raw: parameter 'p' of 'hash': cast to an integer type at r.c:[[@LINE+3]]
// OUT: {{^}}static uintptr_t hash(struct node *p) {
static uintptr_t hash(struct node *p) {
  return (uintptr_t)p >> 4;
}

// What must agree with a raw pointer is raw: `&it` is passed here.
// REPORT-DAG: r.c:[[@LINE+2]]:{{[0-9]+}}: left raw: parameter 'pp' of 'step': pointer arithmetic ('++')
// OUT: {{^}}static void step(struct node **pp) { (*pp)++; }
static void step(struct node **pp) { (*pp)++; }

// A struct held inline by a union cannot be weakable.
// REPORT-DAG: r.c:[[@LINE+2]]:{{[0-9]+}}: struct blob: not protected: held inline by a union
// OUT: {{^}}struct blob {
struct blob {
  int x;
};
union either {
  struct blob b;
  int i;
};

// OUT: {{^}}struct GR_WEAKABLE __attribute__((packed)) packed {
struct __attribute__((packed)) packed {
  char c;
  int x;
};

static struct node root;
// REPORT-DAG: r.c:[[@LINE+2]]:{{[0-9]+}}: left raw: global 'rootp': a reference with static storage can only be initialized with NULL
// OUT: {{^}}static struct node *rootp = &root;
static struct node *rootp = &root;

int main(void) {
  struct node *one = malloc(sizeof(struct node));
  one->next = NULL;
  one->v = 1;
  // REPORT-DAG: r.c:[[@LINE+2]]:{{[0-9]+}}: left raw: local 'arr': subscripted ('p[i]')
  // OUT: {{^}}  struct node *arr = calloc(4, sizeof *arr);
  struct node *arr = calloc(4, sizeof *arr);
  arr[1].v = 2;
  // REPORT-DAG: r.c:[[@LINE+1]]:{{[0-9]+}}: left raw: local 'it': pointer arithmetic ('++') ('pp' of 'step' at r.c:{{[0-9]+}}:{{[0-9]+}}, which must agree)
  struct node *it = arr;
  step(&it);
  // REPORT-DAG: r.c:[[@LINE+2]]:{{[0-9]+}}: left raw: local 'n0p': shares its type specifier
  // OUT: {{^}}  struct node n0, *n0p = &n0;
  struct node n0, *n0p = &n0;
  n0.v = 0;
  union slot s;
  s.p = one;
  g_macro = one;
  struct blob *b = malloc(sizeof *b);
  union either e;
  e.b.x = 1;
  b->x = e.b.x;
  struct packed *pk = malloc(sizeof *pk);
  pk->x = 3;
  int ok = it->v == 2 && s.p->v == 1 && hash(one) != 0 && rootp == &root && n0p->v == 0 &&
           b->x == 1 && pk->x == 3 && g_macro->next == NULL;
  free(pk);
  free(b);
  free(arr);
  free(one);
  return ok ? 0 : 1;
}
// AGAIN: 0 file(s) changed: 0 GR_WEAKABLE, 0 GR_REF, 0 GR_WEAK; 8 left raw
