// The user's own warnings under the plugin point at the original column
// and show the user's own text, even on a line where the rewriter inserted
// code before the warned-about token (same output as plain clang).
// (Was bug 7: columns were the rewritten text's and the snippet showed
// gr_ref_t / gr_ref_check / GR_SITE. plugin/OriginalDiags.cpp.)
// REQUIRES: plugin
// RUN: %cc -Wno-error -c %s -o /dev/null 2>&1 | FileCheck %s
// RUN: %plugin_cc -Wno-error -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=gr_ref --implicit-check-not=GR_SITE
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int main(void) {
  struct node *GR_REF p = malloc(sizeof(struct node)); int unused = p->v; int x = 1 << 40;
  // CHECK: tc_user_diag_columns.c:[[@LINE-1]]:60: warning: unused variable 'unused'
  // CHECK-NEXT: struct node *GR_REF p = malloc(sizeof(struct node)); int unused = p->v; int x = 1 << 40;
  // CHECK: tc_user_diag_columns.c:[[@LINE-3]]:79: warning: unused variable 'x'
  // CHECK: tc_user_diag_columns.c:[[@LINE-4]]:85: warning: shift count >= width of type
  free(p);
  return 0;
}
