// GR_REF / GR_WEAK in the wrong place: on a non-pointer type, on a pointer
// to a struct that is not GR_WEAKABLE (file scope, parameter, field), on a
// pointer to a non-struct, on a pointer to a pointer. Each is an error at
// the declaration naming the type, with a hint.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not="Stack dump"
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};
struct plain {
  int v;
};

int GR_REF notptr;
// CHECK: diag_bad_annotation.c:[[@LINE-1]]:1: error: genref: GR_REF/GR_WEAK must follow the '*' of a pointer type
// CHECK-NEXT: note: write 'struct T *GR_REF name'
struct plain *GR_REF toplain;
// CHECK: diag_bad_annotation.c:[[@LINE-1]]:14: error: genref: GR_REF/GR_WEAK on a pointer to 'struct plain', which is not a GR_WEAKABLE struct
// CHECK-NEXT: diag_bad_annotation.c:[[@LINE-2]]:14: note: mark the struct definition GR_WEAKABLE, or remove the annotation
int *GR_WEAK toint;
// CHECK: diag_bad_annotation.c:[[@LINE-1]]:5: error: genref: GR_REF/GR_WEAK on a pointer to 'int', which is not a GR_WEAKABLE struct
struct holder {
  struct plain *GR_REF field;
  // CHECK: diag_bad_annotation.c:[[@LINE-1]]:16: error: genref: GR_REF/GR_WEAK on a pointer to 'struct plain'
};
int f(struct plain *GR_WEAK param);
// CHECK: diag_bad_annotation.c:[[@LINE-1]]:20: error: genref: GR_REF/GR_WEAK on a pointer to 'struct plain'
struct node **GR_REF pp;
// CHECK: diag_bad_annotation.c:[[@LINE-1]]:14: error: genref: GR_REF/GR_WEAK on a pointer to 'struct node *', which is not a GR_WEAKABLE struct

int main(void) { return 0; }
