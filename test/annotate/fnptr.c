// Function pointers: a function stored in a function-pointer field, passed
// to a parameter or cast must agree with that type on which parameters are
// references, so the function's parameters and the pointer type's are
// annotated together (and a pointer returned through one too).
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir %t && cp %s %t/f.c && cd %t
// RUN: %genref_annotate f.c -- -std=c11 2> report.txt
// RUN: FileCheck --check-prefix=OUT --input-file=f.c %s
// RUN: FileCheck --check-prefix=REPORT --input-file=report.txt %s
// RUN: %plugin_cc f.c -o f %rt && %run ./f
// RUN: %gcc f.c -o f.gcc && ./f.gcc
// RUN: cp f.c first.c && %genref_annotate f.c -- -std=c11 && diff first.c f.c
#include <stdlib.h>

struct event {
  int code;
};

// OUT: {{^}}typedef int (*handler)(struct event *GR_REF ev, void *ctx);
typedef int (*handler)(struct event *ev, void *ctx);

struct sub {
  handler fn;
  // OUT: {{^}}  struct event *GR_REF (*make)(int code);
  struct event *(*make)(int code);
};

// OUT: {{^}}static int count(struct event *GR_REF ev, void *ctx) {
static int count(struct event *ev, void *ctx) {
  *(int *)ctx += ev->code;
  return 0;
}

// OUT: {{^}}static struct event *GR_REF new_event(int code) {
static struct event *new_event(int code) {
  struct event *e = malloc(sizeof *e);
  e->code = code;
  return e;
}

// OUT: {{^}}static int twice(struct event *GR_REF ev, void *ctx) { return count(ev, ctx) + count(ev, ctx); }
static int twice(struct event *ev, void *ctx) { return count(ev, ctx) + count(ev, ctx); }

// Cast to a generic callback taking void *: the parameter stays raw (a
// function type disagreeing on a reference is rejected).
// REPORT: f.c:[[@LINE+2]]:{{[0-9]+}}: left raw: parameter 'e' of 'release': its function is converted to a function type whose parameter 1 is another pointer type
// OUT: {{^}}static void release(struct event *e) { free(e); }
static void release(struct event *e) { free(e); }
typedef void (*dtor)(void *);

// OUT: {{^}}static int run(handler h, struct event *GR_REF ev, int *total) { return h(ev, total); }
static int run(handler h, struct event *ev, int *total) { return h(ev, total); }

int main(void) {
  int total = 0;
  struct sub s = {count, new_event};
  struct event *e = s.make(2);
  s.fn(e, &total);
  run(twice, e, &total);
  // A cast to the function type (the cast's own type is annotated too).
  // OUT: {{^}}  handler h = (int (*)(struct event *GR_REF, void *))count;
  handler h = (int (*)(struct event *, void *))count;
  h(e, &total);
  dtor d = (dtor)release;
  d(e);
  return total == 8 ? 0 : 1;
}
