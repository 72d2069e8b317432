// A partly annotated unit is completed: what is written stays (a GR_WEAK
// typedef, a GR_REF field of a struct that is not GR_WEAKABLE yet, whose
// struct then is), the rest follows, and pointers tied to a GR_WEAK get
// GR_WEAK. Files outside --root are read but not edited.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir -p %t/proj %t/dep && cp %s %t/proj/p.c && cp %S/Inputs/dep.h %t/dep/dep.h
// RUN: cd %t/proj && %genref_annotate p.c -- -std=c11 -I../dep 2> report.txt
// RUN: FileCheck --check-prefix=OUT --input-file=p.c %s
// RUN: FileCheck --check-prefix=REPORT --input-file=report.txt %s
// RUN: cmp %S/Inputs/dep.h ../dep/dep.h
// RUN: %plugin_cc -I../dep p.c -o p %rt && %run ./p
// RUN: %gcc -I../dep p.c -o p.gcc && ./p.gcc
// RUN: cp p.c first.c && %genref_annotate p.c -- -std=c11 -I../dep 2> /dev/null && diff first.c p.c
#include <stdlib.h>

#include "dep.h"
#include "genref.h"

// OUT: {{^}}struct GR_WEAKABLE peer {
struct peer {
  int id;
};

// OUT: {{^}}struct GR_WEAKABLE conn {
struct conn {
  // OUT: {{^}}  struct peer *GR_REF peer;
  struct peer *GR_REF peer;
  // OUT: {{^}}  struct conn *GR_REF next;
  struct conn *next;
};

// OUT: {{^}}typedef struct conn *GR_WEAK conn_weak;
typedef struct conn *GR_WEAK conn_weak;

// Must agree with the GR_WEAK typedef (the address of one is passed).
// OUT: {{^}}static void clear(conn_weak *w) { *w = NULL; }
static void clear(conn_weak *w) { *w = NULL; }
// OUT: {{^}}static void clear2(struct conn *GR_WEAK *w) { *w = NULL; }
static void clear2(struct conn **w) { *w = NULL; }

int main(void) {
  // OUT: {{^}}  struct conn *GR_REF c = malloc(sizeof *c);
  struct conn *c = malloc(sizeof *c);
  c->next = NULL;
  c->peer = NULL;
  conn_weak w = c;
  clear(&w);
  conn_weak w2 = c;
  clear2(&w2);
  // REPORT: dep.h:{{[0-9]+}}:{{[0-9]+}}: left raw: parameter 'c' of 'dep_use': its file is outside the project root (--root)
  int r = dep_use(c);
  free(c);
  return w == NULL && w2 == NULL && r == 1 ? 0 : 1;
}
