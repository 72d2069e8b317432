// Objects allocated through xmalloc/xcalloc/xrealloc (another unit, which
// knows no types) and freed through xfree are protected like malloc(sizeof
// *p) ones: the correct program is silent; a use through a reference after
// xfree is use-after-free at the line of the use; xfree twice is a double
// free, reported with a backtrace through the second call.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %plugin_cc -O0 -c %S/Inputs/xmalloc.c -o %t.dir/xmalloc0.o
// RUN: %plugin_cc -O2 -c %S/Inputs/xmalloc.c -o %t.dir/xmalloc2.o
// RUN: %plugin_cc -O0 -I%S/Inputs %s %t.dir/xmalloc0.o -o %t.dir/p0 %rt
// RUN: %plugin_cc -O2 -I%S/Inputs %s %t.dir/xmalloc2.o -o %t.dir/p2 %rt
// RUN: %run %t.dir/p0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/p2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p0 grown 2>&1 | FileCheck --check-prefix=GROWN %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t.dir/p2 grown 2>&1 | FileCheck --check-prefix=GROWN %s %}
// RUN: not %run %t.dir/p0 double 2>&1 | FileCheck --check-prefix=DF %s
// RUN: not %run %t.dir/p2 double 2>&1 | FileCheck --check-prefix=DF %s
#include <stdio.h>
#include <string.h>
#include "genref.h"
#include "xmalloc.h"

struct GR_WEAKABLE buffer {
  size_t len;
  size_t cap;
  char text[48];
};

struct GR_WEAKABLE point {
  int x, y;
};

static struct buffer *GR_REF buffer_new(const char *s) {
  struct buffer *GR_REF b = xmalloc(sizeof(struct buffer));
  b->len = strlen(s);
  b->cap = sizeof b->text;
  memcpy(b->text, s, b->len + 1);
  return b;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  int i;
  long sum = 0;
  for (i = 0; i < 100; i++) {
    struct buffer *GR_REF t = buffer_new("temporary");
    sum += (long)t->len;
    xfree(t);
  }
  struct buffer *GR_REF b = buffer_new("hello");
  struct point *zeroed = xcalloc(1, sizeof *zeroed);
  struct point *GR_REF z = zeroed;
  // OK: sum 900 hello 5 zeroed 0 0
  printf("sum %ld %s %lu zeroed %d %d\n", sum, b->text, (unsigned long)b->len, z->x, z->y);
  // An array of points grown by xrealloc; a reference to an element.
  struct point *pts = xmalloc(4 * sizeof *pts);
  for (i = 0; i < 4; i++) {
    pts[i].x = i;
    pts[i].y = i * i;
  }
  struct point *GR_REF third = &pts[2];
  if (!strcmp(mode, "grown")) {
    pts = xrealloc(pts, 4096 * sizeof *pts);
    printf("stale %d\n", third->y);
    // GROWN: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct point')
    // GROWN-NEXT: at {{.*}}alloc_wrapper.c:[[@LINE-2]]:{{[0-9]+}} in main
    // GROWN: SUMMARY: genref: use-after-free {{.*}}alloc_wrapper.c:[[@LINE-3]] in main
  }
  // OK-NEXT: third 2 4
  printf("third %d %d\n", third->x, third->y);
  pts = xrealloc(pts, 64 * sizeof *pts);
  for (i = 4; i < 64; i++) {
    pts[i].x = i;
    pts[i].y = -i;
  }
  struct point *GR_REF last = &pts[63];
  // OK-NEXT: kept 3 9 last 63 -63
  printf("kept %d %d last %d %d\n", pts[3].x, pts[3].y, last->x, last->y);
  xfree(pts);
  if (!strcmp(mode, "double")) {
    xfree(zeroed);
    xfree(zeroed);
    // DF: ERROR: genref: double-free on address 0x{{[0-9a-f]+}}
    // DF: alloc_wrapper.c:[[@LINE-2]]
    // DF: SUMMARY: genref: double-free
    printf("survived\n");
    // DF-NOT: survived
  }
  xfree(b);
  if (!strcmp(mode, "uaf"))
    printf("stale %s\n", b->text);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct buffer')
  // UAF-NEXT: at {{.*}}alloc_wrapper.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}alloc_wrapper.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  xfree(zeroed);
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
