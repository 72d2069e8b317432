// A header included twice whose rewrite differs between the inclusions
// (its annotated code depends on macros redefined in between) cannot be
// compiled from one rewritten text: the real compile reads one text per
// file. Before, every inclusion silently got the last one's rewrite (here
// get_a would read struct b's field offset). Now it is an error at the
// second #include naming the first; a header included twice with the same
// meaning (guarded.h, which also has text outside its guard) is fine.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -I%S/Inputs/template -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -I%S/Inputs/template -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: %plugin_cc -DONLY_GUARDED -I%S/Inputs/template %s -o %t %rt && %run %t
#include <stdlib.h>
#include "genref.h"
#include "guarded.h"
#include "guarded.h"

#ifndef ONLY_GUARDED
struct GR_WEAKABLE a { int pad; int v; };
struct GR_WEAKABLE b { int v; };
#define T a
#define GETTER get_a
#include "getter.h"
#undef T
#undef GETTER
#define T b
#define GETTER get_b
#include "getter.h"
// CHECK: diag_template_header.c:[[@LINE-1]]:10: error: genref: header '{{.*}}getter.h' means something different to genref here than where it was included before ({{.*}}diag_template_header.c:[[@LINE-6]])
// CHECK-NEXT: note: genref rewrites a file once per unit: give each instance its own header
#endif

int main(void) {
  struct guarded *GR_REF g = malloc(sizeof(struct guarded));
  g->v = 0;
  int r = guarded_v(g) + guarded_after_guard;
#ifndef ONLY_GUARDED
  r += get_a(0) + get_b(0);
#endif
  free(g);
  return r;
}
