// A reference named inside a macro's body (the macro's own text mentions
// it) cannot be rewritten: an error at the macro use naming the macro, with
// a hint. A reference passed as a macro argument is rewritten (VAL2);
// parenthesized parameters: diag_macro_arg.c.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

#define VALP (p->v)
#define SETP(x) (p->v = (x))
#define VAL2(x) x->v

int main(void) {
  struct node *GR_REF p = 0;
  int b = VALP;
  // CHECK: diag_macro.c:[[@LINE-1]]:11: error: genref: genref cannot rewrite a reference used inside the body of macro 'VALP'
  // CHECK-NEXT: diag_macro.c:[[@LINE-2]]:11: note: pass the reference to the macro as an argument, or use a function instead of the macro
  SETP(3);
  // CHECK: diag_macro.c:[[@LINE-1]]:3: error: genref: genref cannot rewrite a reference used inside the body of macro 'SETP'
  int a = VAL2(p);
  return a + b;
}
