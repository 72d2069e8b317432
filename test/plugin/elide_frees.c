// The checks the elision pass must keep, run: a reference is checked, its
// object is freed (directly through a raw copy, inside a called function,
// through a function pointer, or by another thread that then says so with
// a release store this thread acquires), and the next dereference of the
// same reference is reported at its own line. The nofree case is silent and
// correct. Every mode but fast, both layouts, -O0, -O1 and -O2.
// REQUIRES: plugin
// RUN: %plugin_cc -O2 %s -o %t2 %rt -lpthread
// RUN: %plugin_cc -O1 %s -o %t1 %rt -lpthread
// RUN: %plugin_cc -O0 %s -o %t0 %rt -lpthread
// RUN: %run %t2 good | FileCheck --check-prefix=GOOD %s
// RUN: %run %t0 good | FileCheck --check-prefix=GOOD %s
// RUN: %if !mode-fast %{ not %run %t2 direct 2>&1 | FileCheck --check-prefix=DIRECT %s %}
// RUN: %if !mode-fast %{ not %run %t1 direct 2>&1 | FileCheck --check-prefix=DIRECT %s %}
// RUN: %if !mode-fast %{ not %run %t0 direct 2>&1 | FileCheck --check-prefix=DIRECT %s %}
// RUN: %if !mode-fast %{ not %run %t2 call 2>&1 | FileCheck --check-prefix=CALL %s %}
// RUN: %if !mode-fast %{ not %run %t0 call 2>&1 | FileCheck --check-prefix=CALL %s %}
// RUN: %if !mode-fast %{ not %run %t2 hook 2>&1 | FileCheck --check-prefix=HOOK %s %}
// RUN: %if !mode-fast %{ not %run %t0 hook 2>&1 | FileCheck --check-prefix=HOOK %s %}
// RUN: %if !mode-fast %{ not %run %t2 thread 2>&1 | FileCheck --check-prefix=THREAD %s %}
// RUN: %if !mode-fast %{ not %run %t1 thread 2>&1 | FileCheck --check-prefix=THREAD %s %}
// RUN: %if !mode-fast %{ not %run %t2 loop 2>&1 | FileCheck --check-prefix=LOOP %s %}
// RUN: %if !mode-fast %{ not %run %t0 loop 2>&1 | FileCheck --check-prefix=LOOP %s %}
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct obj {
  int a, b;
};

static int counter;
__attribute__((noinline)) static void bump(void) { counter++; }
__attribute__((noinline)) static void drop(void *p) { free(p); }
static void (*volatile dealloc)(void *) = free;

static struct obj *GR_REF make(int a, int b) {
  struct obj *GR_REF o = malloc(sizeof *o);
  o->a = a;
  o->b = b;
  return o;
}

__attribute__((noinline)) static int good(struct obj *GR_REF o) {
  int x = o->a;
  bump();
  return x + o->b;
}

__attribute__((noinline)) static int direct(struct obj *GR_REF o, struct obj *raw) {
  int x = o->a;
  free(raw);
  return x + o->b; // DIRECT: use-after-free {{.*}}
  // DIRECT: elide_frees.c:[[@LINE-1]]
}

__attribute__((noinline)) static int call(struct obj *GR_REF o, struct obj *raw) {
  int x = o->a;
  drop(raw);
  return x + o->b; // CALL: use-after-free {{.*}}
  // CALL: elide_frees.c:[[@LINE-1]]
}

__attribute__((noinline)) static int hook(struct obj *GR_REF o, struct obj *raw) {
  int x = o->a;
  dealloc(raw);
  return x + o->b; // HOOK: use-after-free {{.*}}
  // HOOK: elide_frees.c:[[@LINE-1]]
}

// The other thread frees the object it was handed and says so; this
// thread's reference is weak (it may dangle) and it asks nothing: the
// dereference after the acquire must still be checked.
static struct obj *shared;
static int freed;
static void *freer(void *arg) {
  (void)arg;
  free(shared);
  __atomic_store_n(&freed, 1, __ATOMIC_RELEASE);
  return NULL;
}
__attribute__((noinline)) static int thread(struct obj *GR_WEAK o) {
  pthread_t t;
  int x = o->a;
  shared = (struct obj *)o;
  pthread_create(&t, NULL, freer, NULL);
  while (!__atomic_load_n(&freed, __ATOMIC_ACQUIRE))
    ;
  x += o->b; // THREAD: use-after-free {{.*}}
  // THREAD: elide_frees.c:[[@LINE-1]]
  pthread_join(t, NULL);
  return x;
}

// A loop whose body frees: the invariant check stays in it.
__attribute__((noinline)) static int loop(int *GR_REF p, int n, void **q) {
  int s = 0, i;
  for (i = 0; i < n; i++) {
    s += p[i]; // LOOP: use-after-free {{.*}}
    // LOOP: elide_frees.c:[[@LINE-1]]
    free(q[i]);
  }
  return s;
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "good";
  struct obj *GR_REF o = make(1, 2);
  if (!strcmp(what, "good")) {
    printf("good %d\n", good(o)); // GOOD: good 3
    free(o);
    return 0;
  }
  if (!strcmp(what, "direct"))
    return direct(o, (struct obj *)o);
  if (!strcmp(what, "call"))
    return call(o, (struct obj *)o);
  if (!strcmp(what, "hook"))
    return hook(o, (struct obj *)o);
  if (!strcmp(what, "thread"))
    return thread(o);
  if (!strcmp(what, "loop")) {
    int *GR_REF p = malloc(4 * sizeof *p);
    void *q[4];
    memset(p, 0, 4 * sizeof *p);
    q[0] = malloc(8);
    q[1] = (int *)p; // the second iteration's free is of p itself
    q[2] = q[3] = NULL;
    free(o);
    return loop(p, 4, q);
  }
  return 2;
}
