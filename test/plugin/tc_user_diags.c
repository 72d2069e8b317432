// The user's own warnings (and -Werror errors) under the plugin: reported
// once each (the plugin's pre-parse is quiet), on the original lines, even
// on lines after and on rewritten constructs. (Columns: tc_user_diag_columns.c.)
// REQUIRES: plugin
// RUN: %plugin_cc -Wno-error -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
// RUN: not %plugin_cc -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=WERROR %s --implicit-check-not=warning: --implicit-check-not=error:
// The plain compile says the same (the reference point).
// RUN: %cc -Wno-error -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=warning: --implicit-check-not=error:
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
};

int main(void) {
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->v = 1;
  p->next = NULL;
  int unused;
  // CHECK-DAG: tc_user_diags.c:[[@LINE-1]]:{{[0-9]+}}: warning: unused variable 'unused' [-Wunused-variable]
  // WERROR-DAG: tc_user_diags.c:[[@LINE-2]]:{{[0-9]+}}: error: unused variable 'unused' [-Werror,-Wunused-variable]
  int shifted = p->v << 40;
  // CHECK-DAG: tc_user_diags.c:[[@LINE-1]]:{{[0-9]+}}: warning: shift count >= width of type [-Wshift-count-overflow]
  // WERROR-DAG: tc_user_diags.c:[[@LINE-2]]:{{[0-9]+}}: error: shift count >= width of type
  if (p->next == NULL);
  // CHECK-DAG: tc_user_diags.c:[[@LINE-1]]:{{[0-9]+}}: warning: if statement has empty body [-Wempty-body]
  // WERROR-DAG: tc_user_diags.c:[[@LINE-2]]:{{[0-9]+}}: error: if statement has empty body
  free(p);
  return shifted;
}
