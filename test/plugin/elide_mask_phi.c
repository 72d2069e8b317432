// A list walk masks each compact reference once: the loop carries both the
// reference and its address (the null test's mask), and the inlined check
// of the carried reference takes that address instead of masking again
// (CheckElision.cpp, GenrefMaskPhiFold). The IR of the walk, then what it
// must not change, run: a node freed in the middle of the list is reported
// at the walk's dereference, at its line, whether the freed node is the
// first one (the phi's entry value) or a later one (its latch value); a
// walk of a live list is silent. Every mode but fast reports; both
// layouts, -O1 and -O2.
// REQUIRES: plugin
// RUN: %if layout-compact && mode-resilient %{ %plugin_cc -O2 -S -emit-llvm %s -o - | FileCheck --check-prefix=IR %s %}
// RUN: %plugin_cc -O2 %s -o %t2 %rt
// RUN: %plugin_cc -O1 %s -o %t1 %rt
// RUN: %run %t2 good | FileCheck --check-prefix=GOOD %s
// RUN: %run %t1 good | FileCheck --check-prefix=GOOD %s
// RUN: %if !mode-fast %{ not %run %t2 first 2>&1 | FileCheck --check-prefix=BAD %s %}
// RUN: %if !mode-fast %{ not %run %t1 first 2>&1 | FileCheck --check-prefix=BAD %s %}
// RUN: %if !mode-fast %{ not %run %t2 later 2>&1 | FileCheck --check-prefix=BAD %s %}
// RUN: %if !mode-fast %{ not %run %t1 later 2>&1 | FileCheck --check-prefix=BAD %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  long v;
  struct node *GR_REF next;
};

// The entry's mask, then the latch's: two in all (before the fold, a
// third in the loop body, for the check).
// IR-LABEL: define {{.*}} @sum_list(
// IR-COUNT-2: and i64 %{{[0-9]+}}, 140737488355327
// IR-NOT: and i64 %{{[0-9]+}}, 140737488355327
// IR: {{^}}}
__attribute__((noinline)) long sum_list(struct node *GR_REF head) {
  long s = 0;
  for (struct node *GR_REF e = head; e != NULL; e = e->next)
    s += e->v; // BAD: use-after-free {{.*}}
  // BAD: elide_mask_phi.c:[[@LINE-1]]
  return s;
}

// A cursor loop (`while (p < end && *p != ' ') p++`) carries its address
// as a pointer phi (for `p < end`), and the moved reference is the word
// plus the interior bit (`or`): the check's mask is the same address
// again, folded too. The entry's and the end's masks, then one per
// iteration (before: two).
// IR-LABEL: define {{.*}} @span(
// IR-COUNT-3: and i64 %{{[0-9]+}}, 140737488355327
// IR-NOT: and i64 %{{[0-9]+}}, 140737488355327
// IR: {{^}}}
__attribute__((noinline)) long span(const char *GR_REF p, const char *GR_REF end) {
  long n = 0;
  while (p < end && *p != ' ') {
    p++;
    n++;
  }
  return n;
}

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "good";
  struct node *GR_REF head = NULL;
  struct node *GR_REF second = NULL;
  int i;
  for (i = 0; i < 5; i++) {
    struct node *GR_REF n = malloc(sizeof *n);
    n->v = i + 1;
    n->next = head;
    head = n;
    if (i == 3)
      second = n;
  }
  if (!strcmp(what, "first"))
    free(head);
  else if (!strcmp(what, "later"))
    free(second);
  // GOOD: sum 15
  printf("sum %ld\n", sum_list(head));
  {
    char *GR_REF text = malloc(16);
    strcpy(text, "abcd efg");
    // GOOD-NEXT: span 4
    printf("span %ld\n", span(text, text + 8));
    free(text);
  }
  return 0;
}
