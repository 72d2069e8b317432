// The check-elision pass (docs/design.md, "Check elision"): which checks
// go and which stay, as the pass reports them with -Rpass=genref-elide
// and -Rpass-missed=genref-elide. A check goes when the same reference was
// checked on every path before it with nothing in between that can free
// (a call FunctionAttrs proved nofree and nosync, a relaxed atomic), or
// moves out of a loop that cannot free; a free in between, direct, through
// an unknown call, through a function pointer or an acquiring atomic
// (another thread may have freed and said so) keeps it. elide_frees.c
// runs the kept ones.
// REQUIRES: plugin
// RUN: %if mode-resilient %{ %plugin_cc -O2 -Rpass=genref-elide -Rpass-missed=genref-elide -fno-caret-diagnostics -c %s -o %t.o 2>&1 | sort -t: -k2,2n -s | FileCheck %s --implicit-check-not=remark: %}
// RUN: %if mode-resilient %{ %plugin_cc -O1 -Rpass=genref-elide -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=O1 %}
// RUN: %if mode-resilient %{ %plugin_cc -O2 -fplugin-arg-genref-no-elide -Rpass=genref-elide -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty %}
// RUN: %if mode-resilient %{ %plugin_cc -O0 -Rpass=genref-elide -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty %}
// RUN: %if mode-resilient %{ %plugin_cc -O2 -flto -Rpass=genref-elide -c %s -o %t.o 2>&1 | FileCheck %s --check-prefix=OFF --allow-empty %}
// OFF-NOT: remark
// (Sorted by line: checks are removed both before inlining, in each
// function, and after it, so remarks come in no one order.)
// (Columns are the sites' columns, as in runtime reports: a subscript's is
// its ']', a member access's its '->'.)
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct obj {
  int a, b;
};

void opaque(void);
void (*hook)(void);
static int counter;
static int flag;

// Frees nothing and synchronizes with no one: FunctionAttrs says so.
__attribute__((noinline)) static void bump(void) { counter++; }

int two_reads(struct obj *GR_REF o) {
  // CHECK: elide_rules.c:[[@LINE+2]]:18: remark: check removed: the reference was checked before on every path
  // O1: elide_rules.c:[[@LINE+1]]:18: remark: check removed
  return o->a + o->b;
}

int across_nofree_call(struct obj *GR_REF o) {
  int x = o->a;
  bump();
  // CHECK: elide_rules.c:[[@LINE+1]]:15: remark: check removed
  return x + o->b;
}

int across_relaxed_atomic(struct obj *GR_REF o) {
  int x = o->a;
  x += __atomic_load_n(&flag, __ATOMIC_RELAXED);
  // CHECK: elide_rules.c:[[@LINE+1]]:15: remark: check removed
  return x + o->b;
}

// A C library function that frees nothing and touches only its
// arguments' memory (strlen, strcmp, memcmp...) synchronizes with no one,
// though LLVM does not say nosync of it.
int across_strlen(struct obj *GR_REF o, const char *s) {
  int x = o->a + (int)strlen(s);
  // CHECK: elide_rules.c:[[@LINE+1]]:15: remark: check removed
  return x + o->b;
}
int across_strcmp(struct obj *GR_REF o, const char *s, const char *t) {
  int x = o->a + strcmp(s, t);
  // CHECK: elide_rules.c:[[@LINE+1]]:15: remark: check removed
  return x + o->b;
}

// One that may do more (a stream's lock, its buffer) keeps the check.
int across_fputs(struct obj *GR_REF o, const char *s, FILE *f) {
  int x = o->a + fputs(s, f);
  return x + o->b; // kept
}

int across_free(struct obj *GR_REF o, void *p) {
  int x = o->a;
  free(p);
  return x + o->b; // kept
}

int across_unknown_call(struct obj *GR_REF o) {
  int x = o->a;
  opaque();
  return x + o->b; // kept
}

int across_function_pointer(struct obj *GR_REF o) {
  int x = o->a;
  hook();
  return x + o->b; // kept
}

int across_acquire(struct obj *GR_REF o) {
  int x = o->a;
  while (!__atomic_load_n(&flag, __ATOMIC_ACQUIRE))
    ;
  return x + o->b; // kept
}

int on_one_path_only(struct obj *GR_REF o, int c) {
  int x = 0;
  if (c)
    x = o->a;
  return x + o->b; // kept: not checked when c == 0
}

void fill(int *GR_REF p, int n) {
  int i;
  for (i = 0; i < n; i++) {
    // CHECK: elide_rules.c:[[@LINE+1]]:8: remark: check hoisted out of the loop: nothing in it can free
    p[i] = i;
    bump();
  }
}

void fill_and_free(int *GR_REF p, int n, void **q) {
  int i;
  for (i = 0; i < n; i++) {
    // CHECK: elide_rules.c:[[@LINE+1]]:8: remark: checks kept in the loop: a call of free in it may free (line [[@LINE+2]])
    p[i] = i;
    free(q[i]);
  }
}

void fill_and_call(int *GR_REF p, int n) {
  int i;
  for (i = 0; i < n; i++) {
    // CHECK: elide_rules.c:[[@LINE+1]]:8: remark: checks kept in the loop: a call of opaque in it may free
    p[i] = i;
    opaque();
  }
}

void fill_and_hook(int *GR_REF p, int n) {
  int i;
  for (i = 0; i < n; i++) {
    // CHECK: elide_rules.c:[[@LINE+1]]:8: remark: checks kept in the loop: an indirect call in it may free
    p[i] = i;
    hook();
  }
}

// A reference made from what the heap just returned is valid until
// something can free: the checks that initialize the object go.
struct GR_WEAKABLE cell {
  int v;
  struct cell *GR_REF next;
};
struct cell *GR_REF fresh(int v) {
  struct cell *GR_REF c = malloc(sizeof *c);
  // CHECK: elide_rules.c:[[@LINE+1]]:4: remark: check removed
  c->v = v;
  // CHECK: elide_rules.c:[[@LINE+1]]:4: remark: check removed
  c->next = NULL;
  return c;
}

// ...but not across a call that may free.
struct cell *GR_REF fresh_then_call(int v) {
  struct cell *GR_REF c = malloc(sizeof *c);
  opaque();
  c->v = v; // kept
  return c;
}

// setjmp returns a second time from a longjmp, after code that may have
// freed anything: it keeps the check after it.
static jmp_buf env;
int across_setjmp(struct obj *GR_REF o) {
  int x = o->a;
  if (setjmp(env))
    return x + o->b; // kept
  return x + o->a; // kept
}

// gr_alive saying yes is a check: the dereference that follows goes
// (GR_WEAK's idiom), unless something that may free comes in between.
int alive_then_read(struct cell *GR_WEAK w) {
  if (gr_alive(w))
    // CHECK: elide_rules.c:[[@LINE+1]]:13: remark: check removed
    return w->v;
  return -1;
}
int alive_then_call(struct cell *GR_WEAK w) {
  if (gr_alive(w)) {
    opaque();
    return w->v; // kept
  }
  return -1;
}

// A loop whose block before it also branches around it (the copy loop's
// `i < n` test merged into the block that made s) has no preheader when
// the pass runs: the pass makes one, so the copy's two checks still leave
// the loop, and run only when it is entered.
void *wrap(void *p);
void keep(char *GR_REF s);
void words(const char *GR_REF p, const char *GR_REF end) {
  while (p < end) {
    while (p < end && *p == ' ')
      p++;
    const char *GR_REF start = p;
    while (p < end && *p != ' ')
      p++;
    unsigned long n = (unsigned long)(p - start);
    char *GR_REF s = wrap(malloc(n + 1));
    for (unsigned long i = 0; i < n; i++)
      // CHECK-DAG: elide_rules.c:[[@LINE+2]]:21: remark: check hoisted out of the loop: nothing in it can free
      // CHECK-DAG: elide_rules.c:[[@LINE+1]]:10: remark: check hoisted out of the loop: nothing in it can free
      s[i] = start[i];
    s[n] = 0;
    keep(s);
  }
}
