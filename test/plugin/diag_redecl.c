// A declaration annotated in one place and not in a redeclaration: a
// function parameter (either order), a variable (global then extern). The
// error is at the later declaration and names the earlier one's file:line.
// (Return types: diag_redecl_return.c.)
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

void take(struct node *GR_REF a, int b);
void take(struct node *a, int b);
// CHECK: diag_redecl.c:[[@LINE-1]]:6: error: genref: 'take' is declared with a different parameter 1 annotation (GR_REF/GR_WEAK) than at {{.*}}diag_redecl.c:[[@LINE-2]]
// CHECK-NEXT: diag_redecl.c:[[@LINE-2]]:6: note: annotate every declaration of it the same way

void give(int n, struct node *p);
void give(int n, struct node *GR_WEAK p) { (void)n; (void)p; }
// CHECK: diag_redecl.c:[[@LINE-1]]:6: error: genref: 'give' is declared with a different parameter 2 annotation (GR_REF/GR_WEAK) than at {{.*}}diag_redecl.c:[[@LINE-2]]

struct node *GR_REF gvar;
extern struct node *gvar;
// CHECK: diag_redecl.c:[[@LINE-1]]:21: error: genref: 'gvar' is declared with a different type annotation (GR_REF/GR_WEAK) than at {{.*}}diag_redecl.c:[[@LINE-2]]
// CHECK-NEXT: note: annotate every declaration of it the same way

// Consistent redeclarations are fine.
void same(struct node *GR_REF a);
void same(struct node *GR_REF a);

int main(void) { return 0; }
