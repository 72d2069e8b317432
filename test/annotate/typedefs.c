// Typedefs: a pointer typedef is annotated where it is declared (its uses
// follow), a typedef'd anonymous struct gets GR_WEAKABLE after `struct`,
// and `typedef struct X {...} X, *XRef;` annotates the last declarator.
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir %t && cp %s %t/t.c && cd %t
// RUN: %genref_annotate t.c -- -std=c11 2> report.txt
// RUN: FileCheck --check-prefix=OUT --input-file=t.c %s
// RUN: %plugin_cc t.c -o t %rt && %run ./t
// RUN: %gcc t.c -o t.gcc && ./t.gcc
// RUN: cp t.c first.c && %genref_annotate t.c -- -std=c11 && diff first.c t.c
#include <stdlib.h>

// OUT: {{^}}typedef struct GR_WEAKABLE {
typedef struct {
  int id;
} job_t;
// OUT: {{^}}typedef job_t *GR_REF job_ref;
typedef job_t *job_ref;

// OUT: {{^}}typedef struct GR_WEAKABLE worker {
typedef struct worker {
  // OUT: {{^}}  job_ref current;
  job_ref current;
  // OUT: {{^}}  struct worker *GR_REF peer;
  struct worker *peer;
  // OUT: {{^}}} worker, *GR_REF worker_ref;
} worker, *worker_ref;

// OUT: {{^}}static worker_ref hire(job_ref j) {
static worker_ref hire(job_ref j) {
  // OUT: {{^}}  worker_ref w = malloc(sizeof *w);
  worker_ref w = malloc(sizeof *w);
  w->current = j;
  w->peer = NULL;
  return w;
}

int main(void) {
  // OUT: {{^}}  job_t *GR_REF j = malloc(sizeof(job_t));
  job_t *j = malloc(sizeof(job_t));
  j->id = 7;
  worker_ref a = hire(j), b = hire(j);
  a->peer = b;
  int ok = a->peer->current->id == 7;
  free(a);
  free(b);
  free(j);
  return ok ? 0 : 1;
}
