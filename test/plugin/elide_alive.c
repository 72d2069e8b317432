// gr_alive's answer where the elision pass already knows it (docs/design.md
// section 19, "gr_alive"): after a test said yes, or a dereference was
// checked, with nothing in between that can free, a test of the same
// reference says yes; after a test said no, at any point before, it says
// no (nothing undoes that); a reference null on the edge taken says no.
// Where paths meet, each path answers for itself and a path that does not
// know keeps its test. A free in between (through a function pointer), or
// an acquiring atomic, keeps a yes from being reused; a fresh allocation,
// which may be null, is no yes. The remarks show what was known; the runs
// show every answer is the one the full test gives, in every pass, at -O0
// and -O2.
// REQUIRES: plugin
// RUN: %if mode-resilient %{ %plugin_cc -O2 -Rpass=genref-elide -fno-caret-diagnostics -c %s -o %t.o 2>&1 | grep "gr_alive" | sort -t: -k2,2n -s | FileCheck %s %}
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %run %t2 | FileCheck --check-prefix=OUT %s
// RUN: %run %t0 | FileCheck --check-prefix=OUT %s
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE unit {
  int x, y;
  struct unit *GR_WEAK target;
};
typedef struct unit *GR_REF unit_ref;

void (*hook)(void);
static int flag;
static struct unit *victim;
static void free_victim(void) {
  free(victim);
  victim = NULL;
}
static void nothing(void) {}

static int iabs(int v) { return v < 0 ? -v : v; }
static int dist(unit_ref a, unit_ref b) {
  int dx = iabs(a->x - b->x), dy = iabs(a->y - b->y);
  return dx > dy ? dx : dy;
}

// roguelike's act: the target re-read after a path that cleared it. Plain
// C threads `u->target != NULL` and reuses the distance.
int act(unit_ref u) {
  if (gr_alive(u->target) && dist(u, u->target) > 8)
    u->target = NULL;
  // CHECK: elide_alive.c:[[@LINE+1]]:{{[0-9]+}}: remark: gr_alive's answer known on 3 of 3 paths
  if (!gr_alive(u->target))
    return -1;
  return dist(u, u->target);
}

// A yes on one path, a no on the other.
int both(struct unit *GR_WEAK w, int *n) {
  if (gr_alive(w))
    (*n)++;
  else
    (*n)--;
  // CHECK: elide_alive.c:[[@LINE+1]]:{{[0-9]+}}: remark: gr_alive's answer known on 2 of 2 paths
  return gr_alive(w);
}

// A store in between (which frees nothing) keeps the optimizer from
// merging the two tests as equal reads; the answer is still known.
int stores;
int nested(struct unit *GR_WEAK w) {
  if (gr_alive(w)) {
    stores++;
    // CHECK: elide_alive.c:[[@LINE+1]]:{{[0-9]+}}: remark: gr_alive's answer known (yes)
    if (gr_alive(w))
      return w->x;
  }
  return -1;
}

// A dereference checked says yes too.
int after_deref(unit_ref u) {
  int x = u->x;
  // CHECK: elide_alive.c:[[@LINE+1]]:{{[0-9]+}}: remark: gr_alive's answer known (yes)
  return x + gr_alive(u);
}

// A no stays a no, whatever is freed in between.
int no_stays(struct unit *GR_WEAK w) {
  if (!gr_alive(w)) {
    hook();
    // CHECK: elide_alive.c:[[@LINE+1]]:{{[0-9]+}}: remark: gr_alive's answer known (no)
    return 10 + gr_alive(w);
  }
  return 2;
}

// Null on the edge taken: that path says no; the other keeps its test.
struct holder {
  struct unit *GR_WEAK target;
};
int moves;
int null_edge(struct holder *h, struct unit *GR_WEAK w) {
  h->target = w;
  if (w != NULL)
    moves++;
  // CHECK: elide_alive.c:[[@LINE+1]]:{{[0-9]+}}: remark: gr_alive's answer known on 1 of 2 paths
  return gr_alive(h->target);
}

// Counter-cases: no yes.
int freed_between(struct unit *GR_WEAK w) {
  if (gr_alive(w)) {
    hook(); // may free w's object
    // CHECK-NOT: elide_alive.c:[[@LINE+1]]:
    if (gr_alive(w))
      return 1;
    return 0;
  }
  return -1;
}

int acquire_between(struct unit *GR_WEAK w) {
  if (gr_alive(w)) {
    // another thread may have freed w's object and said so
    if (__atomic_load_n(&flag, __ATOMIC_ACQUIRE) < 0)
      return -2;
    // CHECK-NOT: elide_alive.c:[[@LINE+1]]:
    return gr_alive(w);
  }
  return -1;
}

int fresh(void) {
  unit_ref n = malloc(sizeof *n); // may be NULL: no yes (fat: no on its null path)
  // CHECK-NOT: elide_alive.c:[[@LINE+1]]:{{.*}}(yes)
  int r = gr_alive(n);
  free(n);
  return r;
}

static unit_ref make(int x) {
  unit_ref u = malloc(sizeof *u);
  if (!u)
    exit(1);
  u->x = x;
  u->y = 0;
  u->target = NULL;
  return u;
}

int main(void) {
  unit_ref a = make(0), b = make(3), c = make(20);
  struct holder h;
  int n = 0;
  hook = nothing;
  a->target = b;
  // OUT: act near 3
  printf("act near %d\n", act(a));
  a->target = c;
  // OUT-NEXT: act far -1
  printf("act far %d\n", act(a));
  // OUT-NEXT: both 1 1
  printf("both %d", both(b, &n));
  printf(" %d\n", n);
  // OUT-NEXT: nested 3 after_deref 4 no_stays 2
  printf("nested %d after_deref %d no_stays %d\n", nested(b), after_deref(b), no_stays(b));
  // OUT-NEXT: null_edge 0 1 moves 1
  printf("null_edge %d", null_edge(&h, NULL));
  printf(" %d moves %d\n", null_edge(&h, b), moves);
  // OUT-NEXT: alive: freed_between 1 acquire_between 1
  printf("alive: freed_between %d acquire_between %d\n", freed_between(b), acquire_between(b));
  // Now w's object goes between the two tests.
  victim = (struct unit *)b;
  hook = free_victim;
  {
    struct unit *GR_WEAK w = b;
    b = NULL;
    // OUT-NEXT: freed: freed_between 0
    printf("freed: freed_between %d\n", freed_between(w));
    // OUT-NEXT: stale: both 0 0 nested -1 no_stays 10 acquire_between -1
    printf("stale: both %d", both(w, &n));
    printf(" %d nested %d no_stays %d acquire_between %d\n", n, nested(w), no_stays(w),
           acquire_between(w));
  }
  // OUT-NEXT: fresh 1
  printf("fresh %d\n", fresh());
  free(a);
  free(c);
  return 0;
}
