// GR_REF / GR_WEAK in the wrong place: on a non-pointer type, on a pointer
// to void (nothing to dereference), on a pointer to a function, on a
// pointer to an incomplete type that is not a struct. Each is an error at
// the declaration naming the type, with a hint. (A reference may point at
// any object type: test/plugin/rw_any_object.c.)
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#include "genref.h"

int GR_REF notptr;
// CHECK: diag_bad_annotation.c:[[@LINE-1]]:1: error: genref: GR_REF/GR_WEAK must follow the '*' of a pointer type
// CHECK-NEXT: note: write 'struct T *GR_REF name'
void *GR_REF tovoid;
// CHECK: diag_bad_annotation.c:[[@LINE-1]]:6: error: genref: GR_REF/GR_WEAK on a pointer to 'void', which is not an object type
// CHECK-NEXT: diag_bad_annotation.c:[[@LINE-2]]:6: note: annotate a pointer to the object's own type (char *GR_REF, struct T *GR_REF), or remove the annotation
struct holder {
  void *GR_WEAK field;
  // CHECK: diag_bad_annotation.c:[[@LINE-1]]:8: error: genref: GR_REF/GR_WEAK on a pointer to 'void'
};
typedef int fn_t(int);
fn_t *GR_REF fp;
// CHECK: diag_bad_annotation.c:[[@LINE-1]]:6: error: genref: GR_REF/GR_WEAK on a pointer to 'fn_t', which is not an object type

int main(void) { return 0; }
