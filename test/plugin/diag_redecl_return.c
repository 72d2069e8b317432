// A function's return type annotated in one declaration and not in a
// redeclaration (either order, prototype or definition): callers that see
// the unannotated declaration would read a raw pointer where the definition
// returns a 16-byte gr_ref_t. Must be an error at the later declaration.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

struct node *get(void);
struct node *GR_REF get(void);
// CHECK: diag_redecl_return.c:[[@LINE-1]]:21: error: genref: 'get' is declared with a different return type annotation (GR_REF/GR_WEAK) than at {{.*}}diag_redecl_return.c:[[@LINE-2]]
// CHECK-NEXT: note: annotate every declaration of it the same way

struct node *GR_WEAK get2(void);
struct node *get2(void) { return 0; }
// CHECK: diag_redecl_return.c:[[@LINE-1]]:14: error: genref: 'get2' is declared with a different return type annotation (GR_REF/GR_WEAK) than at {{.*}}diag_redecl_return.c:[[@LINE-2]]

int main(void) { return 0; }
