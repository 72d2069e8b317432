// Reference declarators sharing a specifier but not the qualifiers written
// after their annotations: the first's join the shared `gr_ref_t`, which
// would change the others' types, so it is an error with a way out (at
// the later declarator), not a silently added or dropped `const`.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
#include "genref.h"

struct GR_WEAKABLE item {
  int w;
};

int f(struct item *GR_REF p) {
  struct item *GR_REF *x = &p, *GR_REF const *y = &p;
  // CHECK: diag_ref_decls_quals.c:[[@LINE-1]]:47: error: genref: a qualified reference shares its type specifier with other declarators
  // CHECK-NEXT: note: declare the qualified reference in a declaration of its own
  struct item *GR_REF const *u = &p, *GR_REF *w = &p;
  // CHECK: diag_ref_decls_quals.c:[[@LINE-1]]:47: error: genref: a qualified reference shares its type specifier with other declarators
  return (*x)->w + (*y)->w + (*u)->w + (*w)->w;
}
