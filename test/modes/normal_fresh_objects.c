// Normal mode: a new object's reference fields hold no counted reference,
// whatever bytes its memory held before. A heap slot reused by another type
// (its old bytes are data), a slot reused by the same type (its old bytes
// are a reference to an object that is still alive), and an uninitialized
// stack struct holding references: storing into them neither crashes nor
// releases a count that belongs to someone else, and the remaining
// reference (a global) is still reported at the free.
// (Guards BUGs 13 and 14, fixed in a9b1e54: segfaults, a false negative.)
// The heap hands a freed slot out again at once (LIFO), unless a restart
// carves other slots first: the program allocates until it gets the old
// slot back, so every layout tests the reuse.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc --mode=normal -O0 -g %s -o %t.dir/n0
// RUN: %genref_cc --mode=normal -O2 -g %s -o %t.dir/n2
// RUN: %run %t.dir/n0 other-type 2>&1 | FileCheck --check-prefix=OTHER %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 other-type 2>&1 | FileCheck --check-prefix=OTHER %s --implicit-check-not=genref
// RUN: not %run %t.dir/n0 same-type 2>&1 | FileCheck --check-prefix=SAME %s
// RUN: not %run %t.dir/n2 same-type 2>&1 | FileCheck --check-prefix=SAME %s
// RUN: %run %t.dir/n0 stack 2>&1 | FileCheck --check-prefix=STACK %s --implicit-check-not=genref
// RUN: %run %t.dir/n2 stack 2>&1 | FileCheck --check-prefix=STACK %s --implicit-check-not=genref
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
};

struct GR_WEAKABLE blob { /* the same size as struct holder */
  long a, b, c;
};

struct GR_WEAKABLE holder {
  long k;
  struct node *GR_REF ref;
};

struct many {
  struct node *GR_REF refs[4];
  int n;
};

struct node *GR_REF g;

/* Allocates holders until one lands in `old` (a freed slot); the others
 * are kept until the end and never stored into. */
#define MAX_TRIES 100000
static struct holder *spare[MAX_TRIES];
static int nspare;
static struct holder *GR_REF holder_at(void *old) {
  for (int i = 0; i < MAX_TRIES; i++) {
    struct holder *h = malloc(sizeof(struct holder));
    if ((void *)h == old)
      return h;
    spare[nspare++] = h;
  }
  return NULL;
}
static void free_spares(void) {
  while (nspare > 0)
    free(spare[--nspare]);
}

static struct node *GR_REF new_node(int v) {
  struct node *GR_REF n = malloc(sizeof(struct node));
  n->v = v;
  return n;
}

static void other_type(void) {
  struct blob *GR_REF b = malloc(sizeof(struct blob));
  b->a = b->b = b->c = 0x4141414141414141;
  void *old = (void *)b;
  free(b);
  struct node *GR_REF n = new_node(1);
  struct holder *GR_REF h = holder_at(old);
  // OTHER: same slot 1
  printf("same slot %d\n", h != NULL);
  h->k = 0;
  h->ref = n;
  // OTHER-NEXT: stored 1
  printf("stored %d\n", h->ref->v);
  h->ref = NULL;
  free(n);
  free(h);
  free_spares();
  // OTHER-NEXT: other-type ok
  printf("other-type ok\n");
}

static void same_type(void) {
  struct node *GR_REF n1 = new_node(1);
  struct node *GR_REF n2 = new_node(2);
  struct holder *GR_REF h1 = malloc(sizeof(struct holder));
  h1->ref = n1;
  g = n1;
  void *old = (void *)h1;
  free(h1); // releases h1->ref: n1 is held by g only
  struct holder *GR_REF h2 = holder_at(old);
  // SAME: same slot 1
  printf("same slot %d\n", h2 != NULL);
  h2->ref = n2; // must not release n1's count
  free(n1); // SAME: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // SAME-NEXT: at {{.*}}normal_fresh_objects.c:[[@LINE-1]]:3 in same_type
  // SAME: while 1 GR_REF reference to it remains in memory; one is held by global 'g' (declared at normal_fresh_objects.c:{{[0-9]+}}), at 0x{{[0-9a-f]+}}
  // SAME-NOT: same-type done
  printf("same-type done\n");
}

static void scribble(void) {
  volatile char junk[512];
  memset((char *)junk, 0x41, sizeof junk);
}

static int stack(void) {
  struct many m; // no initializer: its bytes are what the stack held
  m.n = 0;
  for (int i = 0; i < 4; i++)
    m.refs[i] = NULL;
  struct node *GR_REF n = new_node(3);
  m.refs[2] = n;
  m.n = m.refs[2]->v;
  m.refs[2] = NULL;
  free(n);
  return m.n;
}

int main(int argc, char **argv) {
  if (argc < 2)
    return 2;
  setvbuf(stdout, NULL, _IONBF, 0);
  if (!strcmp(argv[1], "other-type"))
    other_type();
  else if (!strcmp(argv[1], "same-type"))
    same_type();
  else if (!strcmp(argv[1], "stack")) {
    scribble();
    // STACK: stack ok 3
    printf("stack ok %d\n", stack());
  } else
    return 2;
  return 0;
}
