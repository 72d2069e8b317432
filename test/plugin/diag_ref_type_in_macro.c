// A reference type spelled in a macro's body (a sys/queue.h-style
// LIST_ENTRY(type), a REF(T) macro) is one error at the use with the way
// out, a typedef. The member the macro declares beside it (`link`) is no
// error of its own: it was also "shares its type specifier with
// declarators that are references", since every declarator of the
// expansion maps to the macro use's location. The way out, the reference
// typedef used in the macro body, compiles and runs.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -DBAD -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -DBAD -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: %plugin_cc -Wall -Wextra -Werror %s -o %t %rt
// RUN: %run %t | FileCheck --check-prefix=OK %s
// OK: 4
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct node;
typedef struct node *GR_REF node_ref;

#ifdef BAD
#define LIST_ENTRY(type) struct { struct type *GR_REF le_next; }
#define REF(T) T *GR_REF
#else
#define LIST_ENTRY(type) struct { type##_ref le_next; }
#endif

struct GR_WEAKABLE node {
  int v;
  // CHECK: diag_ref_type_in_macro.c:[[@LINE+2]]:3: error: genref: the type of this reference is spelled inside a macro
  // CHECK: note: write the reference type without a macro, or use a typedef
  LIST_ENTRY(node) link;
};
#ifdef BAD
struct holder {
  // CHECK: diag_ref_type_in_macro.c:[[@LINE+1]]:20: error: genref: the type of this reference is spelled inside a macro
  REF(struct node) first;
};
#endif

int main(void) {
  struct node *GR_REF a = calloc(1, sizeof *a);
  struct node *GR_REF b = calloc(1, sizeof *b);
  a->link.le_next = b;
  b->v = 4;
  printf("%d\n", a->link.le_next->v);
  a->link.le_next = NULL;
  free(b);
  free(a);
  return 0;
}
