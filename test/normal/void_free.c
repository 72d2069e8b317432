// Issue 14: a holder freed through a void * (a generic destructor, the
// C library's free called from code that does not know the type) releases
// the references it holds: the allocation remembers what it holds, so
// freeing their target afterwards is silent. Control: a holder that is
// still alive (another live object) keeps its count: reported, naming it.
// REQUIRES: plugin, mode-normal
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
// RUN: %genref_cc -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
// RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 live 2>&1 | FileCheck --check-prefix=LIVE %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 live 2>&1 | FileCheck --check-prefix=LIVE %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  int v;
  struct node *GR_REF peer;
};

struct entry {
  const char *key;
  struct node *GR_REF target;
};

/* A generic container's destructor: knows nothing of the element type. */
struct vec {
  void **items;
  int n;
};

static void vec_free_all(struct vec *v) {
  for (int i = 0; i < v->n; i++)
    free(v->items[i]);
  free(v->items);
  v->n = 0;
}

static void destroy_void(void *p) { free(p); }

static int run(void) {
  struct node *GR_REF t = malloc(sizeof(struct node));
  t->v = 7;
  t->peer = NULL;
  struct vec v = {malloc(8 * sizeof(void *)), 0};
  int sum = 0;
  for (int i = 0; i < 8; i++) {
    struct entry *GR_REF e = malloc(sizeof(struct entry));
    e->key = "k";
    e->target = t;
    sum += e->target->v;
    v.items[v.n++] = (struct entry *)e;
  }
  vec_free_all(&v); /* frees every entry through a void * */
  struct node *GR_REF n = malloc(sizeof(struct node));
  n->v = 1;
  n->peer = t;
  destroy_void((struct node *)n); /* a weakable holder through a void * */
  free(t);
  return sum;
}

static void drop(struct node *GR_REF t) {
  free(t); // LIVE: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct node')
  // LIVE-NEXT: at {{.*}}void_free.c:[[@LINE-1]]:3 in drop
  // LIVE: the object is freed while 1 GR_REF reference to it remains in memory; one is held by field 'peer' of 'struct node' (declared at void_free.c:19), in the heap object at 0x{{[0-9a-f]+}} (offset {{[0-9]+}})
}

static void live(void) {
  struct node *GR_REF t = malloc(sizeof(struct node));
  struct node *GR_REF other = malloc(sizeof(struct node));
  struct entry *GR_REF e = malloc(sizeof(struct entry));
  e->target = t;
  other->peer = t; /* another live object */
  destroy_void((struct entry *)e);
  drop(t);
  printf("other still %d\n", other->peer != NULL);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("sum %d\n", run());
  // OK: sum 56
  if (argc > 1 && !strcmp(argv[1], "live"))
    live();
  // LIVE-NOT: other still
  printf("done\n");
  // OK-NEXT: done
  return 0;
}
