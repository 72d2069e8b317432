// Annotated code with syntax and type errors: the plugin's quiet pre-parse
// fails, and the real compile reports clang's own errors exactly once each
// (not once per parse), at the user's lines; the plugin does not crash and
// adds nothing of its own. genref-rewrite fails with the same errors.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="genref:" --implicit-check-not="Stack dump" --implicit-check-not=warning:
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | grep -c "error:" | FileCheck --check-prefix=COUNT %s
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="genref:"
// COUNT: {{^3$}}
// RUN: not %plugin_cc -c %s -o /dev/null 2>&1 | FileCheck --check-prefix=CARET %s
// CARET: 3 errors generated.
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
};

int main(void) {
  struct node *GR_REF p = 0
  // CHECK: diag_syntax_error.c:[[@LINE-1]]:28: error: expected ';' at end of declaration
  int x = p->v;
  p->nope = 3;
  // CHECK: diag_syntax_error.c:[[@LINE-1]]:6: error: no member named 'nope' in 'struct node'
  return undeclared_thing + x;
  // CHECK: diag_syntax_error.c:[[@LINE-1]]:10: error: use of undeclared identifier 'undeclared_thing'
}
