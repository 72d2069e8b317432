// References inside macro bodies are rewritten per expansion: the outermost
// invocation (`ROOT`, `Mass(Next(ROOT))`, a whole `FOR_EACH(...)` or
// `CHECK(...)`) is replaced by its expanded tokens with the checks in them,
// inside GR_EXPANDED(...), on the invocation's line. Accessor macros, a
// global reference in a body, nested macros, an iteration macro, an
// assertion macro (its #c and __LINE__ keep the user's text), a body that
// compares with NULL. A macro that only touches its arguments is still
// rewritten in place (Mass(it)); a use after free through a macro is
// reported at the macro's use.
// REQUIRES: plugin
// RUN: %genref_rewrite %s -- -I%src_root/annotations > %t.rw.c
// Comment lines are blanked first, so a check never matches its own text.
// RUN: %if mode-resilient %{ sed -e 's,^ *//.*,,' %t.rw.c | FileCheck --check-prefix=REWRITE %s %}
// RUN: %genref_rewrite %t.rw.c -- -I%src_root/annotations -I%src_root/runtime/include > %t.rw2.c
// RUN: diff %t.rw.c %t.rw2.c
// RUN: %cc %t.rw.c -o %t.rw %rt && %run %t.rw | FileCheck --check-prefix=OK %s
// RUN: %plugin_cc %s -o %t %rt && %run %t | FileCheck --check-prefix=OK %s
// RUN: %if !mode-fast %{ not %run %t bug 2>&1 | FileCheck --check-prefix=BUG %s %}
// RUN: %if !mode-fast %{ not %run %t.rw bug 2>&1 | FileCheck --check-prefix=BUG %s %}
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

struct GR_WEAKABLE body {
  int mass;
  struct body *GR_REF next;
};
struct GR_WEAKABLE tree {
  struct body *GR_REF root;
};
static struct tree *GR_REF g_tree;

#define Mass(b) ((b)->mass)
#define Next(b) ((b)->next)
#define ROOT (g_tree->root)
#define EMPTY (g_tree->root == NULL)
#define PLUS_ROOT(b) ((b)->mass + g_tree->root->mass + (b)->mass)
#define FOR_EACH(it)                                                           \
  for ((it) = g_tree->root; (it); (it) = (it)->next)
#define CHECK(c)                                                               \
  do {                                                                         \
    if (!(c)) {                                                                \
      fprintf(stderr, "check failed: %s at line %d\n", #c, __LINE__);         \
      exit(2);                                                                 \
    }                                                                          \
  } while (0)

static struct body *GR_REF make(int mass) {
  struct body *GR_REF b = malloc(sizeof(struct body));
  b->mass = mass;
  b->next = NULL;
  return b;
}

int main(int argc, char **argv) {
  (void)argv;
  g_tree = malloc(sizeof(struct tree));
  g_tree->root = NULL;
  CHECK(EMPTY);
  // REWRITE: GR_EXPANDED(do{if(!((gr_ref_unchecked(((struct tree *)gr_ref_check(g_tree, GR_SITE("{{.*}}rw_macro_body.c", [[@LINE-1]], 3, "main", "struct tree")))->root)==((void*)0)))){fprintf(stderr,"check failed: %s at line %d\n","EMPTY",[[@LINE-1]]);exit(2);}}while(0));
  struct body *GR_REF a = make(1), *GR_REF b = make(2);
  ROOT = a;
  // REWRITE: GR_EXPANDED((((struct tree *)gr_ref_check(g_tree, GR_SITE("{{.*}}rw_macro_body.c", [[@LINE-1]], 3, "main", "struct tree")))->root)) = a;
  Next(ROOT) = b;
  CHECK(Mass(ROOT) == 1);
  // REWRITE: GR_EXPANDED(do{if(!(((((struct body *)gr_ref_check((((struct tree *)gr_ref_check(g_tree, {{.*}}->root), GR_SITE({{.*}}))))->mass)==1)){fprintf(stderr,"check failed: %s at line %d\n","Mass(ROOT) == 1",[[@LINE-1]]);exit(2);}}while(0));
  CHECK(!EMPTY);
  // OK: masses 1 2
  printf("masses %d %d\n", Mass(ROOT), Mass(Next(ROOT)));
  // REWRITE: printf("masses %d %d\n", GR_EXPANDED({{.*}}), GR_EXPANDED(((((struct body *)gr_ref_check(((((struct body *)gr_ref_check((((struct tree *)gr_ref_check(g_tree, GR_SITE("{{.*}}", [[@LINE-1]], 40, "main", "struct tree")))->root), GR_SITE("{{.*}}", [[@LINE-1]], 40, "main", "struct body"))))->next), GR_SITE("{{.*}}", [[@LINE-1]], 40, "main", "struct body"))))->mass)));
  // The argument is used twice: each use checked, once.
  // OK-NEXT: 3
  printf("%d\n", PLUS_ROOT(a));
  // REWRITE: printf("%d\n", GR_EXPANDED(((((struct body *)gr_ref_check(a, GR_SITE({{[^)]*}}))))->mass+((struct body *)gr_ref_check(((struct tree *)gr_ref_check(g_tree, GR_SITE({{[^)]*}})))->root, GR_SITE({{[^)]*}})))->mass+(((struct body *)gr_ref_check(a, GR_SITE({{[^)]*}}))))->mass)));
  struct body *GR_REF it;
  int sum = 0, n = 0;
  FOR_EACH(it) {
    // REWRITE: GR_EXPANDED(for((it)=((struct tree *)gr_ref_check(g_tree, {{.*}}))->root;((!gr_ref_is_null(it)));(it)=(((struct body *)gr_ref_check(it, {{.*}})))->next)) {
    sum += Mass(it);
    // REWRITE: sum += Mass(((struct body *)gr_ref_check(it, GR_SITE({{.*}}))));
    n++;
  }
  // OK-NEXT: 2 bodies, sum 3
  printf("%d bodies, sum %d\n", n, sum);
  // A system macro around the user's: assert's whole use is written out.
  assert(Mass(ROOT) == 1);
  // REWRITE: GR_EXPANDED({{.*}}gr_ref_check(g_tree, {{.*}}"Mass(ROOT) == 1"{{.*}});
  // An invocation over three lines keeps them (the use-after-free report
  // below names its own line).
  CHECK(Mass(Next(ROOT))
        ==
        2);
  // REWRITE: GR_EXPANDED(do{{.*}}"Mass(Next(ROOT)) == 2"{{.*}}while(0))
  // REWRITE-EMPTY:
  // REWRITE-NEXT: {{^}};
  // Unlinked, then freed: the global still leads to a, and b is stale.
  Next(ROOT) = NULL;
  free(b);
  if (argc > 1) {
    ROOT = b;
    // BUG: ERROR: genref: use-after-free
    // BUG: at {{.*}}rw_macro_body.c:[[@LINE+1]]:5 in main
    CHECK(Mass(ROOT) == 2);
  }
  // OK-NEXT: done 1
  printf("done %d\n", Mass(ROOT));
  return 0;
}
