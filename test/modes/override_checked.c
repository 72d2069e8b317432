// GR_CHECKED inside a fast unit: on a struct (every dereference to it), on
// a function (every dereference in it), on a declaration (dereferences
// through it). A stale dereference through any of them is reported;
// other GR_REF dereferences of the unit stay unchecked. The most specific
// annotation wins: a GR_UNCHECKED declaration of a reference to the
// GR_CHECKED struct is unchecked. The fast unit is allowed by a whitelist.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_rewrite --mode=fast %s -- -I%src_root/annotations | FileCheck --check-prefix=REWRITE %s
// RUN: %genref_cc --mode=fast --allow-unchecked='*/override_checked.c' -O2 -g %s -o %t.dir/prog
// RUN: %run %t.dir/prog 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: not %run %t.dir/prog struct 2>&1 | FileCheck --check-prefix=STRUCT %s
// RUN: not %run %t.dir/prog func 2>&1 | FileCheck --check-prefix=FUNC %s
// RUN: not %run %t.dir/prog decl 2>&1 | FileCheck --check-prefix=DECL %s
// RUN: %run %t.dir/prog other 2>&1 | FileCheck --check-prefixes=OK,OTHER %s --implicit-check-not=genref
// RUN: %run %t.dir/prog other-func 2>&1 | FileCheck --check-prefixes=OK,OTHER-FUNC %s --implicit-check-not=genref
// RUN: %run %t.dir/prog unchecked-decl 2>&1 | FileCheck --check-prefixes=OK,UNCHECKED-DECL %s --implicit-check-not=genref
// RUN: %genref_cc --mode=fast --allow-unchecked='*/override_checked.c' -O0 -g %s -o %t.dir/prog0
// RUN: not %run %t.dir/prog0 struct 2>&1 | FileCheck --check-prefix=STRUCT %s
// RUN: not %run %t.dir/prog0 func 2>&1 | FileCheck --check-prefix=FUNC %s
// RUN: not %run %t.dir/prog0 decl 2>&1 | FileCheck --check-prefix=DECL %s
// RUN: %run %t.dir/prog0 other 2>&1 | FileCheck --check-prefixes=OK,OTHER %s --implicit-check-not=genref
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE GR_CHECKED account {
  int v;
};

struct GR_WEAKABLE node {
  int v;
};

struct node *GR_REF cursor GR_CHECKED;
struct account *GR_REF cached GR_UNCHECKED;

GR_CHECKED static int careful(struct node *GR_REF n) {
  return n->v; // FUNC: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // FUNC-NEXT: at {{.*}}override_checked.c:[[@LINE-1]]:11 in careful
  // FUNC: SUMMARY: genref: use-after-free {{.*}}override_checked.c:[[@LINE-2]] in careful
  // REWRITE: return ((struct node *)gr_ref_check(n, GR_SITE({{.*}}override_checked.c", [[@LINE-3]], 11, "careful", "struct node")))->v;
}

static int hot(struct node *GR_REF n) {
  return n->v;
  // REWRITE: return ((struct node *)gr_ref_unchecked(n))->v;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  setvbuf(stdout, NULL, _IONBF, 0);
  struct account *GR_REF a = malloc(sizeof(struct account));
  struct node *GR_REF n = malloc(sizeof(struct node));
  a->v = 1;
  n->v = 2;
  cursor = n;
  cached = a;
  // OK: live 1 2 2 2 1
  printf("live %d %d %d %d %d\n", a->v, careful(n), hot(n), cursor->v, cached->v);
  free(a);
  free(n);
  if (!strcmp(mode, "struct"))
    printf("%d\n", a->v); // STRUCT: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct account')
  // STRUCT-NEXT: at {{.*}}override_checked.c:[[@LINE-1]]:21 in main
  // REWRITE: printf("%d\n", ((struct account *)gr_ref_check(a, GR_SITE({{.*}}override_checked.c", [[@LINE-2]], 21, "main", "struct account")))->v);
  if (!strcmp(mode, "func"))
    printf("%d\n", careful(n));
  if (!strcmp(mode, "decl"))
    printf("%d\n", cursor->v); // DECL: ERROR: genref: use-after-free on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // DECL-NEXT: at {{.*}}override_checked.c:[[@LINE-1]]:26 in main
  // REWRITE: printf("%d\n", ((struct node *)gr_ref_check(cursor, GR_SITE({{.*}}override_checked.c", [[@LINE-2]], 26, "main", "struct node")))->v);
  if (!strcmp(mode, "other")) {
    volatile int x = n->v;
    // REWRITE: volatile int x = ((struct node *)gr_ref_unchecked(n))->v;
    (void)x;
    // OTHER: stale read in main unchecked
    printf("stale read in main unchecked\n");
  }
  if (!strcmp(mode, "other-func")) {
    volatile int x = hot(n);
    (void)x;
    // OTHER-FUNC: stale read in hot() unchecked
    printf("stale read in hot() unchecked\n");
  }
  if (!strcmp(mode, "unchecked-decl")) {
    volatile int x = cached->v;
    // REWRITE: volatile int x = ((struct account *)gr_ref_unchecked(cached))->v;
    (void)x;
    // UNCHECKED-DECL: stale read through cached unchecked
    printf("stale read through cached unchecked\n");
  }
  // OK-NEXT: end
  printf("end\n");
  return 0;
}
