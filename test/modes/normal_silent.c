// Normal mode stays silent when no GR_REF reference held in memory remains
// at the free: the reference unlinked; overwritten by a reference to
// another object; held by a stack struct whose block has ended; held only
// by a local variable; GR_WEAK references (never counted); held by an
// object that was freed first (its fields are released). Each scenario has
// a "control" variant in the same binary that keeps one counted reference
// alive and must report, so silence means "counted and released", not
// "not counted at all". A control's holder outlives the destruction that
// frees (docs/modes.md): a check runs when the outermost function that
// frees returns, so references released before then are not reported.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc --mode=normal -O0 -g %s -o %t.dir/n0
// RUN: %genref_cc --mode=normal -O2 -g %s -o %t.dir/n2
// RUN: %run %t.dir/n0 unlink 2>&1 | FileCheck --check-prefix=UNLINK %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 unlink 2>&1 | FileCheck --check-prefix=UNLINK %s --implicit-check-not=genref
// RUN: not %run %t.dir/n2 unlink control 2>&1 | FileCheck --check-prefix=C-UNLINK %s
// RUN: %run %t.dir/n0 overwrite 2>&1 | FileCheck --check-prefix=OVERWRITE %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 overwrite 2>&1 | FileCheck --check-prefix=OVERWRITE %s --implicit-check-not=genref
// RUN: not %run %t.dir/n0 overwrite control 2>&1 | FileCheck --check-prefix=C-OVERWRITE %s
// RUN: not %run %t.dir/n2 overwrite control 2>&1 | FileCheck --check-prefix=C-OVERWRITE %s
// RUN: %run %t.dir/n0 scope 2>&1 | FileCheck --check-prefix=SCOPE %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 scope 2>&1 | FileCheck --check-prefix=SCOPE %s --implicit-check-not=genref
// RUN: not %run %t.dir/n0 scope control 2>&1 | FileCheck --check-prefix=C-SCOPE %s
// RUN: not %run %t.dir/n2 scope control 2>&1 | FileCheck --check-prefix=C-SCOPE %s
// RUN: %run %t.dir/n0 local 2>&1 | FileCheck --check-prefix=LOCAL %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 local 2>&1 | FileCheck --check-prefix=LOCAL %s --implicit-check-not=genref
// RUN: not %run %t.dir/n2 local control 2>&1 | FileCheck --check-prefix=C-LOCAL %s
// RUN: %run %t.dir/n0 weak 2>&1 | FileCheck --check-prefix=WEAK %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 weak 2>&1 | FileCheck --check-prefix=WEAK %s --implicit-check-not=genref
// RUN: not %run %t.dir/n0 weak control 2>&1 | FileCheck --check-prefix=C-WEAK %s
// RUN: not %run %t.dir/n2 weak control 2>&1 | FileCheck --check-prefix=C-WEAK %s
// RUN: %run %t.dir/n0 holder 2>&1 | FileCheck --check-prefix=HOLDER %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 holder 2>&1 | FileCheck --check-prefix=HOLDER %s --implicit-check-not=genref
// RUN: not %run %t.dir/n0 holder control 2>&1 | FileCheck --check-prefix=C-HOLDER %s
// RUN: not %run %t.dir/n2 holder control 2>&1 | FileCheck --check-prefix=C-HOLDER %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

struct GR_WEAKABLE holder {
  int k;
  struct node *GR_REF ref;
  struct node *GR_WEAK weak;
};

struct pair {
  long tag;
  struct node *GR_REF ref;
};

struct node *GR_REF g_ref;
struct node *GR_WEAK g_weak;

static struct node *GR_REF new_node(int v) {
  struct node *GR_REF n = malloc(sizeof(struct node));
  n->v = v;
  return n;
}

static struct holder *GR_REF new_holder(void) {
  struct holder *GR_REF h = malloc(sizeof(struct holder));
  h->k = 0;
  h->ref = NULL;
  h->weak = NULL;
  return h;
}

static void unlink_then_free(int control) {
  struct node *GR_REF n = new_node(1);
  struct holder *GR_REF h = new_holder();
  h->ref = n;
  g_ref = n;
  h->ref = NULL;
  if (!control)
    g_ref = NULL;
  free(n); // C-UNLINK: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // C-UNLINK-NEXT: at {{.*}}normal_silent.c:[[@LINE-1]]:3 in unlink_then_free
  // C-UNLINK: while 1 GR_REF reference to it remains in memory
  free(h);
  // UNLINK: unlink ok
  printf("unlink ok\n");
}

static void overwrite(int control) {
  struct node *GR_REF a = new_node(1);
  struct node *GR_REF b = new_node(2);
  struct holder *GR_REF h = new_holder();
  h->ref = a;
  g_ref = a;
  h->ref = b; // a's count goes down, b's up
  g_ref = b;
  free(a);
  // OVERWRITE: overwrite freed a, h sees 2
  printf("overwrite freed a, h sees %d\n", h->ref->v);
  if (control)
    free(b); // C-OVERWRITE: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // C-OVERWRITE-NEXT: at {{.*}}normal_silent.c:[[@LINE-1]]:5 in overwrite
  // C-OVERWRITE: while 2 GR_REF references to it remain in memory
  if (control)
    return; /* h and g_ref still hold b: reported as this function returns */
  h->ref = NULL;
  g_ref = NULL;
  free(b);
  free(h);
  // OVERWRITE-NEXT: overwrite ok
  printf("overwrite ok\n");
}

/* Frees for scope(), which frees nothing itself: the destruction is this
 * call, checked as it returns, while scope()'s stack objects still live. */
static void drop(struct node *GR_REF n) {
  free(n); // C-SCOPE: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // C-SCOPE-NEXT: at {{.*}}normal_silent.c:[[@LINE-1]]:3 in drop
  // C-SCOPE: while 2 GR_REF references to it remain in memory
  // C-SCOPE-SAME: held by field 'ref' of 'struct pair' (declared at normal_silent.c:52), in a stack object at 0x
}

static void scope(int control) {
  struct node *GR_REF n = new_node(3);
  {
    struct pair p = {1, n};
    struct pair q;
    q.tag = 2;
    q.ref = n;
    // SCOPE: scope pair sees 3 3
    printf("scope pair sees %d %d\n", p.ref->v, q.ref->v);
    if (control)
      drop(n);
  }
  drop(n);
  // SCOPE-NEXT: scope ok
  printf("scope ok\n");
}

static void local(int control) {
  struct node *GR_REF n = new_node(4);
  struct node *GR_REF other = n;
  struct node *GR_REF third;
  third = other;
  // LOCAL: local sees 4 4
  printf("local sees %d %d\n", other->v, third->v);
  if (control)
    g_ref = third;
  free(n); // C-LOCAL: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // C-LOCAL-NEXT: at {{.*}}normal_silent.c:[[@LINE-1]]:3 in local
  // C-LOCAL: while 1 GR_REF reference to it remains in memory
  // LOCAL-NEXT: local ok alive 0
  printf("local ok alive %d\n", gr_alive(third));
}

static void weak(int control) {
  struct node *GR_REF n = new_node(5);
  struct holder *GR_REF h = new_holder();
  h->weak = n;
  g_weak = n;
  struct holder *GR_REF h2 = new_holder();
  h2->weak = n;
  if (control)
    h2->ref = n; // exactly one counted reference among the weak ones
  // WEAK: weak sees 5 5
  printf("weak sees %d %d\n", h->weak->v, g_weak->v);
  free(n); // C-WEAK: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // C-WEAK-NEXT: at {{.*}}normal_silent.c:[[@LINE-1]]:3 in weak
  // C-WEAK: while 1 GR_REF reference to it remains in memory; one is held by field 'ref' of 'struct holder' (declared at normal_silent.c:46), in the heap object at 0x{{[0-9a-f]+}} (offset {{[0-9]+}})
  // WEAK-NEXT: weak ok alive 0 0 0
  printf("weak ok alive %d %d %d\n", gr_alive(h->weak), gr_alive(g_weak), gr_alive(h2->weak));
  free(h);
  if (!control)
    free(h2); /* else h2 still holds n as weak() returns: reported */
}

static void holder(int control) {
  struct node *GR_REF n = new_node(6);
  struct holder *GR_REF h = new_holder();
  struct holder *GR_REF h2 = new_holder();
  h->ref = n;
  h2->ref = n;
  // HOLDER: holder sees 6
  printf("holder sees %d\n", h->ref->v);
  free(h); // releases h->ref
  if (!control)
    free(h2);
  free(n); // C-HOLDER: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // C-HOLDER-NEXT: at {{.*}}normal_silent.c:[[@LINE-1]]:3 in holder
  // C-HOLDER: while 1 GR_REF reference to it remains in memory
  // HOLDER-NEXT: holder ok
  printf("holder ok\n");
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  int control = argc > 2 && !strcmp(argv[2], "control");
  setvbuf(stdout, NULL, _IONBF, 0);
  if (!strcmp(argv[1], "unlink"))
    unlink_then_free(control);
  else if (!strcmp(argv[1], "overwrite"))
    overwrite(control);
  else if (!strcmp(argv[1], "scope"))
    scope(control);
  else if (!strcmp(argv[1], "local"))
    local(control);
  else if (!strcmp(argv[1], "weak"))
    weak(control);
  else if (!strcmp(argv[1], "holder"))
    holder(control);
  else
    return 2;
  return 0;
}
