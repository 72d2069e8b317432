// A reference named inside a macro's body (the macro's own text mentions
// it) is rewritten in the expansion (VALP, SETP; rw_macro_body.c runs such
// code), and a reference passed as a macro argument in place (VAL2;
// parenthesized parameters: diag_macro_arg.c). What is left is rejected:
// an invocation whose expanded text would not mean the same. The error is
// at the use, names the user's macro (never 'NULL' from its body) and the
// reason, with a hint.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#include <stddef.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

#define VALP (p->v)
#define SETP(x) (p->v = (x))
#define VAL2(x) x->v
#define VALQ(x) (p == NULL ? 0 : p->v + (x))
static int total = 1;
#define total (total + p->v)
#define QUIET(x) _Pragma("clang diagnostic push") (p->v + (x)) _Pragma("clang diagnostic pop")

int main(void) {
  struct node *GR_REF p = 0;
  int b = VALP;
  SETP(3);
  int a = VAL2(p);
  // The arguments hold a directive: the expanded text would keep only
  // this compile's branch.
  int c = VALQ(
#ifdef NOT_DEFINED
      1
#else
      2
#endif
  );
  // CHECK: diag_macro.c:[[@LINE-7]]:11: error: genref: genref cannot rewrite the use of macro 'VALQ' here: its expansion holds a reference or call genref must rewrite, and the invocation spans a preprocessor directive, which the expanded text could not keep
  // CHECK-NEXT: diag_macro.c:[[@LINE-8]]:11: note: keep the directive out of the macro's arguments (choose the value before the macro, in a variable)
  // A macro that names itself: written out, 'total' would expand again.
  int t = total;
  // CHECK: diag_macro.c:[[@LINE-1]]:11: error: genref: genref cannot rewrite the use of macro 'total' here: {{.*}}, and the expansion contains 'total', a macro name that would expand again in the expanded text
  // A _Pragma runs during the expansion and is not in its tokens.
  int d = QUIET(1);
  // CHECK: diag_macro.c:[[@LINE-1]]:11: error: genref: genref cannot rewrite the use of macro 'QUIET' here: {{.*}}, and the expansion runs a _Pragma, which the expanded text could not keep
  return a + b + c + d + t;
}
