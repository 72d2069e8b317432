// A reference typedef declared with a struct definition must be the last
// declarator (the rewrite gives it a typedef of its own after the struct's);
// a variable declared with a struct definition is still an error. Both name
// the user's line and the way out.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error:
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error:
#include "genref.h"

typedef struct GR_WEAKABLE A { int v; } *GR_REF ARef, AVal;
// CHECK: diag_typedef_struct_ptr.c:[[@LINE-1]]:49: error: genref: a reference typedef that is not the last declarator of a struct definition
// CHECK-NEXT: note: put the reference typedef last

struct GR_WEAKABLE B { int v; } *GR_REF bvar;
// CHECK: diag_typedef_struct_ptr.c:[[@LINE-1]]:41: error: genref: a struct definition and a reference declared in one declaration
// CHECK-NEXT: note: define the struct first, then declare the reference separately
