// qsort of a stack array of weakable structs (a fixed-size local table, as
// command-line tools sort their options), then use through references to
// elements: a reference made before the sort, references made after it.
// The order is right, nothing is reported; after the array's scope ends, a
// reference that escaped it is caught (use-after-free at the line).
// (Passes on main: one stack array's elements share one generation, so
// qsort moves only equal headers. Issue 11 item 2 must keep it passing.)
// REQUIRES: plugin
// RUN: %plugin_cc -O0 %s -o %t0 %rt
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %run %t0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t0 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
// RUN: %if !mode-fast %{ not env GENREF_OPTIONS=symbolize=0 %run %t2 uaf 2>&1 | FileCheck --check-prefix=UAF %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE option {
  char name[12];
  int order;
};

static int by_name(const void *a, const void *b) {
  const struct option *x = a, *y = b;
  return strcmp(x->name, y->name);
}

static const char *const names[] = {"verbose", "all", "quiet", "output", "force", "debug",
                                    "help",    "zero", "color", "jobs",  "keep",  "bare"};

// Sorts a local table, reports through references, and hands one back.
static struct option *GR_REF sort_options(int *ok) {
  struct option table[12];
  int i, n = (int)(sizeof names / sizeof names[0]);
  for (i = 0; i < n; i++) {
    snprintf(table[i].name, sizeof table[i].name, "%s", names[i]);
    table[i].order = i;
  }
  struct option *GR_REF slot5 = &table[5];
  qsort(table, (size_t)n, sizeof table[0], by_name);
  struct option *GR_REF first = &table[0];
  struct option *GR_REF last = &table[n - 1];
  *ok = 1;
  for (i = 1; i < n; i++) {
    struct option *GR_REF a = &table[i - 1];
    struct option *GR_REF b = &table[i];
    *ok &= strcmp(a->name, b->name) < 0;
  }
  printf("first %s %d last %s %d slot5 %s %d\n", first->name, first->order, last->name, last->order,
         slot5->name, slot5->order);
  return first;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  int ok = 0;
  // OK: first all 1 last zero 7 slot5 help 6
  struct option *GR_REF escaped = sort_options(&ok);
  // The stale use comes first, before another call reuses the stack.
  if (!strcmp(mode, "uaf"))
    printf("stale %s\n", escaped->name);
  // UAF: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct option')
  // UAF-NEXT: at {{.*}}bytes_qsort_stack.c:[[@LINE-2]]:{{[0-9]+}} in main
  // UAF: SUMMARY: genref: use-after-free {{.*}}bytes_qsort_stack.c:[[@LINE-3]] in main
  // UAF-NOT: stale
  // OK-NEXT: sorted 1
  printf("sorted %d\n", ok);
  // OK-NEXT: done
  printf("done\n");
  return 0;
}
