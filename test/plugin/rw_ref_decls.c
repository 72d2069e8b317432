// Where a reference can be declared: locals, parameters (const pointee too),
// return values, struct fields, arrays of references (local, global, field),
// globals and statics (file scope and function scope, initialized to NULL /
// 0 / not at all), typedefs of reference types (GR_REF and GR_WEAK) and
// casts to a reference type. Each becomes gr_ref_t; each use stays checked.
// REQUIRES: plugin
// Not in normal mode: its correct run frees objects that GR_REF globals and
// fields still point at, which normal mode reports at the free as a
// dangling reference, by design (docs/modes.md). (The local array of
// references it declares compiles in normal mode: test/modes/normal_many_refs.c.)
// UNSUPPORTED: mode-normal
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc -O2 %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %gcc -O2 %t.rw.c -o %t.gcc %rt && %run %t.gcc | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O0 %s -o %t0 %rt && %run %t0 | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc -O2 %s -o %t2 %rt && %run %t2 | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t0 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t2 bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t.gcc bug 2>&1 | FileCheck --check-prefix=BUG %s %}
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF next;
  struct node *GR_WEAK peer;
};
// REWRITE: struct GR_WEAKABLE node {
// REWRITE-NEXT: int v;
// REWRITE-NEXT: gr_ref_t next;
// REWRITE-NEXT: gr_ref_t peer;
typedef struct node *GR_REF node_ref;
typedef struct node *GR_WEAK node_weak;
// REWRITE: typedef gr_ref_t node_ref;
// REWRITE-NEXT: typedef gr_ref_t node_weak;

struct node *GR_REF g_head = NULL;
static struct node *GR_REF s_cur = 0;
static node_ref g_slots[3];
struct holder {
  int n;
  struct node *GR_REF items[2];
  node_weak w;
};
// REWRITE: gr_ref_t g_head = GR_REF_NULL_INIT;
// REWRITE-NEXT: static gr_ref_t s_cur = GR_REF_NULL_INIT;
// REWRITE-NEXT: static node_ref g_slots[3];
// REWRITE: gr_ref_t items[2];
// REWRITE-NEXT: node_weak w;

static struct node *GR_REF make(int v, node_ref next) {
  // REWRITE: static gr_ref_t make(int v, node_ref next) {
  struct node *n = malloc(sizeof *n);
  n->v = v;
  n->next = next;
  n->peer = NULL;
  // REWRITE: n->peer = gr_ref_null();
  return n;
  // REWRITE: return gr_ref_make(n, GR_SITE("{{.*}}rw_ref_decls.c", [[@LINE-1]], 10, "make", "struct node"));
}
static node_ref pass(node_ref r) { return r; }
// REWRITE: static node_ref pass(node_ref r) { return r; }
static int value_of(const struct node *GR_REF r) { return r->v; }
// REWRITE: static int value_of( gr_ref_t r) { return ((const struct node *)gr_ref_check(r, GR_SITE({{.*}}))->v; }
static struct node *GR_REF nothing(void) { return NULL; }
// REWRITE: static gr_ref_t nothing(void) { return gr_ref_null(); }

int main(int argc, char **argv) {
  int bug = argc > 1 && strcmp(argv[1], "bug") == 0;
  struct node *GR_REF a = make(1, NULL);
  // REWRITE: gr_ref_t a = make(1, gr_ref_null());
  node_ref b = make(2, a);
  struct node *GR_REF refs[2] = {a, b};
  // REWRITE: gr_ref_t refs[2] = {a, b};
  struct holder h = {2, {b, a}, a};
  // REWRITE: struct holder h = {2, {b, a}, a};
  static struct node *GR_REF local_static = NULL;
  // REWRITE: static gr_ref_t local_static = GR_REF_NULL_INIT;
  g_head = b;
  s_cur = pass(a);
  g_slots[1] = (struct node *GR_REF)b;
  // REWRITE: g_slots[1] = b;
  local_static = refs[0];
  struct node *raw = a;
  // REWRITE: struct node *raw = gr_ref_to_raw(a);
  node_ref c = (node_ref)raw;
  // REWRITE: node_ref c = gr_ref_make(raw, GR_SITE("{{.*}}rw_ref_decls.c", [[@LINE-1]], 16, "main", "struct node"));
  node_weak w = (struct node *GR_WEAK)raw;
  // REWRITE: node_weak w = gr_ref_make(raw, GR_SITE(
  // OK: values 1 1 2 2 1 2 1 2 2 1
  printf("values %d %d %d %d %d %d %d %d %d %d\n", a->v, b->next->v, refs[1]->v,
         h.items[0]->v, h.w->v, g_head->v, s_cur->v, g_slots[1]->v,
         value_of(local_static) + c->v, w->v);
  // REWRITE: ((struct node *)gr_ref_check(h.items[0], GR_SITE({{.*}}))->v, ((struct node *)gr_ref_check(h.w, GR_SITE(
  // OK: null 1 1
  printf("null %d %d\n", nothing() == NULL, g_slots[0] == NULL);
  free(a);
  // REWRITE: gr_ref_free(a, GR_SITE(
  if (bug)
    printf("%d\n", h.items[1]->v); // BUG: ERROR: genref: use-after-free on address {{.*}} (object of type 'struct node')
  // BUG-NEXT: at {{.*}}rw_ref_decls.c:[[@LINE-1]]:30 in main
  // OK: after free 2
  printf("after free %d\n", g_head->v);
  return 0;
}
