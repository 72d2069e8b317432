// GR_WEAK is suggested, not written: for pointers tested with gr_alive(),
// for fields whose value flows into such a test, and for fields cleared
// when they match an object being freed. --apply-weak writes them; the
// program then runs clean in normal mode, which reports a GR_REF left
// dangling at a free. (Plain C cannot ask gr_alive(), so gcc only compiles it.)
// REQUIRES: plugin
// RUN: rm -rf %t && mkdir %t && cp %s %t/w.c && cp %s %t/applied.c && cd %t
// RUN: %genref_annotate w.c -- -std=c11 2> report.txt
// RUN: FileCheck --check-prefix=REPORT --input-file=report.txt %s
// RUN: FileCheck --check-prefix=OUT --input-file=w.c %s
// RUN: %genref_annotate --apply-weak applied.c -- -std=c11 2> applied.txt
// RUN: FileCheck --check-prefix=APPLIED --input-file=applied.c %s
// RUN: FileCheck --check-prefix=APPLIED-REPORT --input-file=applied.txt %s
// RUN: %plugin_cc -fplugin-arg-genref-mode=normal applied.c -o applied %rt && %run ./applied
// RUN: %gcc -c applied.c -o applied.o
// RUN: cp applied.c first.c && %genref_annotate --apply-weak applied.c -- -std=c11 && diff first.c applied.c
#include <stdlib.h>

#include "genref.h"

struct target {
  int hits;
};

struct watcher {
  // REPORT-DAG: w.c:[[@LINE+3]]:{{[0-9]+}}: suggest GR_WEAK: field 'watcher.seen': tested with gr_alive() at w.c:{{[0-9]+}}
  // OUT: {{^}}  struct target *GR_REF seen;
  // APPLIED: {{^}}  struct target *GR_WEAK seen;
  struct target *seen;
  // REPORT-DAG: w.c:[[@LINE+2]]:{{[0-9]+}}: suggest GR_WEAK: field 'watcher.last': its value flows into 'l', tested with gr_alive()
  // APPLIED: {{^}}  struct target *GR_WEAK last;
  struct target *last;
  // REPORT-DAG: w.c:[[@LINE+2]]:{{[0-9]+}}: suggest GR_WEAK: field 'watcher.cache': cleared when it points at an object being freed
  // APPLIED: {{^}}  struct target *GR_WEAK cache;
  struct target *cache;
};

int poke(struct watcher *w) {
  int n = 0;
  if (gr_alive(w->seen))
    n += ++w->seen->hits;
  // APPLIED: {{^}}  struct target *GR_WEAK l = w->last;
  struct target *l = w->last;
  if (gr_alive(l))
    n += l->hits;
  return n;
}

// APPLIED: {{^}}void forget(struct watcher *w, struct target *GR_REF dying) {
void forget(struct watcher *w, struct target *dying) {
  if (w->cache == dying)
    w->cache = NULL;
}

int main(void) {
  struct target *t = malloc(sizeof *t);
  t->hits = 0;
  struct watcher w = {t, t, t};
  int n = poke(&w);
  forget(&w, t);
  free(t);
  n += poke(&w);
  return n == 2 ? 0 : 1;
}
// REPORT: 0 GR_WEAK; 0 left raw, 4 GR_WEAK suggested
// APPLIED-REPORT: 4 GR_WEAK; 0 left raw, 0 GR_WEAK suggested
