// A reference where a raw pointer is expected becomes gr_ref_unwrap: an
// unannotated parameter, a variadic argument (printf("%p")), memcpy's
// source, a conversion to void * (implicit and explicit). NULL passes;
// a stale reference is reported at the conversion (each way checked with
// its own argv switch), never handed out as a dangling raw pointer. In
// fast mode a GR_REF's conversions are unchecked, as its dereferences.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 param 2>&1 | FileCheck --check-prefix=PARAM %s %}
// RUN: %if !mode-fast %{ not %run %t2 param 2>&1 | FileCheck --check-prefix=PARAM %s %}
// RUN: %if !mode-fast %{ not %run %t2 printf 2>&1 | FileCheck --check-prefix=PRINTF %s %}
// RUN: %if !mode-fast %{ not %run %t2 memcpy 2>&1 | FileCheck --check-prefix=MEMCPY %s %}
// RUN: %if !mode-fast %{ not %run %t0 void 2>&1 | FileCheck --check-prefix=VOID %s %}
// RUN: %if !mode-fast %{ not %run %t2 void 2>&1 | FileCheck --check-prefix=VOID %s %}
// RUN: %if !mode-fast %{ not %run %t.gcc void 2>&1 | FileCheck --check-prefix=VOID %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

// Unannotated: takes a raw pointer.
static int raw_value(const struct node *n) { return n ? n->v : -1; }
static int is_null(void *p) { return p == NULL; }

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  struct node *GR_REF p = malloc(sizeof(struct node));
  struct node *GR_REF none = NULL;
  p->v = 42;
  // OK: raw 42 -1
  printf("raw %d %d\n", raw_value(p), raw_value(none));
  // REWRITE: printf("raw %d %d\n", raw_value(gr_ref_unwrap(p, GR_SITE("{{.*}}rw_unwrap.c", [[@LINE-1]], 35, "main", "struct node"))), raw_value(gr_ref_unwrap(none, GR_SITE(
  // OK-NEXT: same 1
  char buf[32], buf2[32];
  snprintf(buf, sizeof buf, "%p", (void *)p);
  snprintf(buf2, sizeof buf2, "%p", p);
  // REWRITE: snprintf(buf2, sizeof buf2, "%p", ((struct node *)gr_ref_unwrap(p, GR_SITE(
  printf("same %d\n", strcmp(buf, buf2) == 0);
  struct node copy;
  memcpy(&copy.v, &p->v, sizeof copy.v);
  int bytes;
  memcpy(&bytes, p, sizeof bytes);
  // REWRITE: memcpy(&bytes, gr_ref_unwrap(p, GR_SITE(
  void *vp = p;
  // REWRITE: void *vp = gr_ref_to_raw(p);
  // OK-NEXT: copied 42 null 0 1
  printf("copied %d null %d %d\n", copy.v, is_null(vp), is_null(none));
  // REWRITE: is_null(gr_ref_unwrap(none, GR_SITE(
  free(p);
  if (!strcmp(mode, "param"))
    printf("%d\n", raw_value(p)); // PARAM: ERROR: genref: use-after-free
  // PARAM-NEXT: at {{.*}}rw_unwrap.c:[[@LINE-1]]:30 in main
  if (!strcmp(mode, "printf"))
    printf("%p\n", p); // PRINTF: ERROR: genref: use-after-free
  // PRINTF-NEXT: at {{.*}}rw_unwrap.c:[[@LINE-1]]:20 in main
  if (!strcmp(mode, "memcpy"))
    memcpy(&bytes, p, sizeof bytes); // MEMCPY: ERROR: genref: use-after-free
  // MEMCPY-NEXT: at {{.*}}rw_unwrap.c:[[@LINE-1]]:20 in main
  if (!strcmp(mode, "void"))
    printf("%d\n", is_null((void *)p)); // VOID: ERROR: genref: use-after-free
  // VOID-NEXT: at {{.*}}rw_unwrap.c:[[@LINE-1]]:28 in main
  // OK-NEXT: end
  printf("end\n");
  return 0;
}
