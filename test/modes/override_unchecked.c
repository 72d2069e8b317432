// GR_UNCHECKED inside a resilient unit: on a struct (every dereference to
// it), on a function (every dereference in it), on a declaration
// (dereferences through it). A stale dereference through any of them is
// not reported (the program goes on); stale dereferences elsewhere are
// still reported, and the most specific annotation wins (a GR_CHECKED
// declaration of a reference to the GR_UNCHECKED struct is checked).
// The unit used GR_UNCHECKED, so it needs a whitelist rule: without one the
// program is rejected before main, naming the unit's path and the
// overrides; with a matching rule it runs.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_rewrite %s -- -I%src_root/annotations | FileCheck --check-prefix=REWRITE %s
// RUN: %genref_cc --allow-unchecked='*/modes/override_unchecked.c' -O2 -g %s -o %t.dir/prog
// RUN: %run %t.dir/prog 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/prog struct 2>&1 | FileCheck --check-prefixes=OK,STRUCT %s --implicit-check-not=genref
// RUN: %run %t.dir/prog func 2>&1 | FileCheck --check-prefixes=OK,FUNC %s --implicit-check-not=genref
// RUN: %run %t.dir/prog decl 2>&1 | FileCheck --check-prefixes=OK,DECL %s --implicit-check-not=genref
// RUN: not %run %t.dir/prog other 2>&1 | FileCheck --check-prefix=OTHER %s
// RUN: not %run %t.dir/prog other-func 2>&1 | FileCheck --check-prefix=OTHER-FUNC %s
// RUN: not %run %t.dir/prog checked-decl 2>&1 | FileCheck --check-prefix=CHECKED-DECL %s
// The same program without a whitelist rule: rejected before main.
// RUN: %genref_cc -O2 -g %s -o %t.dir/norule
// RUN: not %run %t.dir/norule 2>&1 | FileCheck --check-prefix=REJECT %s --implicit-check-not='main started'
// RUN: not %run %t.dir/norule struct 2>&1 | FileCheck --check-prefix=REJECT %s --implicit-check-not='main started'
// Only the struct override used: the message says so.
// RUN: %genref_cc -DONLY_STRUCT -O2 -g %s -o %t.dir/only_struct
// RUN: not %run %t.dir/only_struct 2>&1 | FileCheck --check-prefix=REJECT-STRUCT %s --implicit-check-not='main started'
// RUN: %genref_cc -DONLY_STRUCT --allow-unchecked='override_unchecked.c' -O2 -g %s -o %t.dir/only_struct_ok
// RUN: %run %t.dir/only_struct_ok struct 2>&1 | FileCheck --check-prefixes=OK,STRUCT %s --implicit-check-not=genref
// REJECT: ==[[PID:[0-9]+]]==ERROR: genref: unchecked code this program's whitelist does not allow
// REJECT-NEXT: {{^ +}}{{/.*}}/test/modes/override_unchecked.c: GR_UNCHECKED on declaration cursor, function hot, struct particle
// REJECT: genref-cc --allow-unchecked='GLOB'
// REJECT: SUMMARY: genref: unchecked-code-not-allowed
// REJECT-STRUCT: ERROR: genref: unchecked code this program's whitelist does not allow
// REJECT-STRUCT-NEXT: {{^ +}}{{/.*}}/test/modes/override_unchecked.c: GR_UNCHECKED on struct particle{{$}}
// REJECT-STRUCT: SUMMARY: genref: unchecked-code-not-allowed
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

#ifdef ONLY_STRUCT
#define FN_UNCHECKED
#define DECL_UNCHECKED
#else
#define FN_UNCHECKED GR_UNCHECKED
#define DECL_UNCHECKED GR_UNCHECKED
#endif

struct GR_WEAKABLE GR_UNCHECKED particle {
  int v;
};

struct GR_WEAKABLE node {
  int v;
};

struct node *GR_REF cursor DECL_UNCHECKED;
struct particle *GR_REF watched GR_CHECKED;

FN_UNCHECKED static int hot(struct node *GR_REF n) {
  return n->v;
  // REWRITE: return ((struct node *)gr_ref_unchecked(n))->v;
}

static int cold(struct node *GR_REF n) {
  return n->v; // OTHER-FUNC: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // OTHER-FUNC-NEXT: at {{.*}}override_unchecked.c:[[@LINE-1]]:11 in cold
  // REWRITE: return ((struct node *)gr_ref_check(n, GR_SITE({{.*}}override_unchecked.c", [[@LINE-2]], 11, "cold", "struct node")))->v;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  // The user's code: must not run when the program is rejected.
  printf("main started\n");
  // OK: main started
  struct particle *GR_REF p = malloc(sizeof(struct particle));
  struct node *GR_REF n = malloc(sizeof(struct node));
  p->v = 1;
  n->v = 2;
  cursor = n;
  watched = p;
  // OK-NEXT: live 1 2 2 2 1
  printf("live %d %d %d %d %d\n", p->v, hot(n), cold(n), cursor->v, watched->v);
  free(p);
  free(n);
  if (!strcmp(mode, "struct")) {
    volatile int x = p->v;
    // REWRITE: volatile int x = ((struct particle *)gr_ref_unchecked(p))->v;
    (void)x;
    // STRUCT: stale struct particle read unchecked
    printf("stale struct particle read unchecked\n");
  }
  if (!strcmp(mode, "func")) {
    volatile int x = hot(n);
    (void)x;
    // FUNC: stale read in hot() unchecked
    printf("stale read in hot() unchecked\n");
  }
  if (!strcmp(mode, "decl")) {
    volatile int x = cursor->v;
    // REWRITE: volatile int x = ((struct node *)gr_ref_unchecked(cursor))->v;
    (void)x;
    // DECL: stale read through cursor unchecked
    printf("stale read through cursor unchecked\n");
  }
  if (!strcmp(mode, "other"))
    printf("%d\n", n->v); // OTHER: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // OTHER-NEXT: at {{.*}}override_unchecked.c:[[@LINE-1]]:21 in main
  if (!strcmp(mode, "other-func"))
    printf("%d\n", cold(n));
  if (!strcmp(mode, "checked-decl"))
    printf("%d\n", watched->v); // CHECKED-DECL: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct particle')
  // CHECKED-DECL-NEXT: at {{.*}}override_unchecked.c:[[@LINE-1]]:27 in main
  // REWRITE: printf("%d\n", ((struct particle *)gr_ref_check(watched, GR_SITE({{.*}}override_unchecked.c", [[@LINE-2]], 27, "main", "struct particle")))->v);
  // OK-NEXT: end
  printf("end\n");
  cursor = NULL;
  watched = NULL;
  return 0;
}
