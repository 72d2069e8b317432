// What clang itself says about the user's code (a warning, the same warning
// as an error under -Werror, its notes and fix-its, an optimization remark)
// names the user's line and column and quotes the user's line, exactly as
// a build without the plugin does, although clang compiled the rewritten
// text (where a checked dereference before the column moves it, and the
// line is genref's generated text). The plain compile is checked against
// the same lines.
// REQUIRES: plugin
// RUN: %plugin_cc -Wall -Wno-error -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,WARN --implicit-check-not=gr_ref --implicit-check-not=GR_SITE
// RUN: %cc -Wall -Wno-error -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,WARN
// RUN: not %plugin_cc -Wall -Werror -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,WERROR --implicit-check-not=gr_ref --implicit-check-not=GR_SITE
// RUN: not %cc -Wall -Werror -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefixes=CHECK,WERROR
// The elision pass's remarks, at the user's text too:
// RUN: %if mode-resilient %{ %plugin_cc -O2 -Wno-error -Rpass=genref-elide -c %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=REMARK --implicit-check-not=gr_ref --implicit-check-not=GR_SITE %}
#include "genref.h"

struct GR_WEAKABLE node {
  int key, val;
};

int f(struct node *GR_REF n) {
  // WARN: diag_user_text.c:[[@LINE+7]]:14: warning: using the result of an assignment as a condition without parentheses [-Wparentheses]
  // WERROR: diag_user_text.c:[[@LINE+6]]:14: error: using the result of an assignment as a condition without parentheses [-Werror,-Wparentheses]
  // CHECK-NEXT: {{^ *}}[[@LINE+5]] |   if (n->key = 3)
  // CHECK-NEXT: {{^ *}}| {{ *}}~~~~~~~^~~
  // CHECK-NEXT: diag_user_text.c:[[@LINE+3]]:14: note: place parentheses around the assignment to silence this warning
  // CHECK-NEXT: {{^ *}}[[@LINE+2]] |   if (n->key = 3)
  // CHECK: {{^ *}}| {{ *}}(         )
  if (n->key = 3)
    return n->val;
  // WARN: diag_user_text.c:[[@LINE+4]]:32: warning: unused variable 'unused' [-Wunused-variable]
  // WERROR: diag_user_text.c:[[@LINE+3]]:32: error: unused variable 'unused' [-Werror,-Wunused-variable]
  // CHECK-NEXT: {{^ *}}[[@LINE+2]] |   int a = n->key + n->val; int unused = 0;
  // CHECK-NEXT: {{^ *}}| {{ *}}^~~~~~
  int a = n->key + n->val; int unused = 0;
  return a;
}

// REMARK: diag_user_text.c:[[@LINE+3]]:49: remark: check removed
// REMARK-NEXT: {{^ *}}[[@LINE+2]] | int g(struct node *GR_REF n) { return n->key + n->val; }
// REMARK-NEXT: {{^ *}}| {{ *}}^
int g(struct node *GR_REF n) { return n->key + n->val; }
