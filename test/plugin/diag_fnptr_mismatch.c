// A function converted to a function pointer type that disagrees about
// which parameters (or the result) are references: Clang sees one C type,
// but the callee would receive a raw pointer as a gr_ref_t (or the reverse).
// Initialization, assignment, argument, return and explicit casts, in both
// directions, are genref errors at the user's line (never Clang's error
// naming gr_ref_t); agreeing types are fine.
// REQUIRES: plugin
// RUN: not %plugin_cc -fno-caret-diagnostics -c %s -o /dev/null 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not=gr_ref_t
// RUN: not %genref_rewrite %s -- -I%src_root/annotations -fno-caret-diagnostics 2>&1 | FileCheck %s --implicit-check-not=error: --implicit-check-not=gr_ref_t
#include "genref.h"

struct GR_WEAKABLE node { int v; };

void take_ref(struct node *GR_REF p);
void take_raw(struct node *p);
struct node *GR_REF give_ref(void);

typedef void (*raw_fn)(struct node *);
typedef void (*ref_fn)(struct node *GR_REF);

raw_fn a = take_ref;
// CHECK: diag_fnptr_mismatch.c:[[@LINE-1]]:12: error: genref: a function whose parameter 1 is a reference converted to a function type whose parameter 1 is a plain pointer
// CHECK-NEXT: note: annotate both function types the same way
ref_fn b = take_raw;
// CHECK: diag_fnptr_mismatch.c:[[@LINE-1]]:12: error: genref: a function whose parameter 1 is a plain pointer converted to a function type whose parameter 1 is a reference
ref_fn ok = take_ref;

static void install(raw_fn f) { (void)f; }
static raw_fn pick(void) {
  return (raw_fn)take_ref;
  // CHECK: diag_fnptr_mismatch.c:[[@LINE-1]]:10: error: genref: a function whose parameter 1 is a reference
}

void user(void) {
  raw_fn f;
  f = &take_ref;
  // CHECK: diag_fnptr_mismatch.c:[[@LINE-1]]:5: error: genref: a function whose parameter 1 is a reference
  install(take_ref);
  // CHECK: diag_fnptr_mismatch.c:[[@LINE-1]]:11: error: genref: a function whose parameter 1 is a reference
  struct node *(*g)(void) = give_ref;
  // CHECK: diag_fnptr_mismatch.c:[[@LINE-1]]:29: error: genref: a function whose result is a reference converted to a function type whose result is a plain pointer
  (void)f;
  (void)g;
  (void)pick;
}
