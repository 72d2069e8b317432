// The plugin reading its input from stdin (-x c -): the rewrite happens,
// the checks work and name <stdin> in reports; a syntax error on stdin is
// reported once by clang itself.
// REQUIRES: plugin
// RUN: cat %s | %plugin_cc -O1 -x c - -x none -o %t %rt
// RUN: %run %t | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: cat %s | %plugin_cc -x c -S - -o - | FileCheck --check-prefix=ASM %s
// genref-cc compiles and links from stdin in one step: its own link inputs
// (the runtime archives, fast mode's policy object) are not read as C
// under the user's -x c (was "libgenref_preinit.a:1:1: error": fourth
// probe).
// RUN: cat %s | %genref_cc -O1 -x c - -o %t.cc
// RUN: %run %t.cc | FileCheck --check-prefix=OK %s
// RUN: printf 'int main(void) { return x }\n' | not %plugin_cc -fno-caret-diagnostics -x c -c - -o /dev/null 2>&1 | FileCheck --check-prefix=SYNTAX %s --implicit-check-not=error:
// ASM: gr_alloc
// SYNTAX: <stdin>:1:25: error: use of undeclared identifier 'x'
// SYNTAX-NEXT: <stdin>:1:26: error: expected ';' after return statement
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

int main(int argc, char **argv) {
  struct node *GR_REF p = malloc(sizeof(struct node));
  p->v = __LINE__;
  // OK: v [[@LINE-1]] alive 1
  printf("v %d alive %d\n", p->v, gr_alive(p));
  fflush(stdout);
  free(p);
  if (argc > 1 && !strcmp(argv[1], "bug"))
    p->v = 1; // BUG: ERROR: genref: use-after-free
  // BUG-NEXT: at <stdin>:[[@LINE-1]]:6 in main
  return 0;
}
