// Issue 14: a holder cleared with memset (or bzero) releases the counted
// references it held, so freeing their target afterwards is silent: typed
// (`memset(h, 0, sizeof *h)`), through a void * (the allocation's type
// says what it holds), bzero, an array of holders, a stack holder.
// Control: a memset that leaves the reference's field alone (only the
// holder's other fields) keeps the count, and the free is reported,
// naming the field.
// REQUIRES: plugin, mode-normal
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc -Wall -Wextra -Werror -D_GNU_SOURCE -O0 -g %s -o %t.dir/o0
// RUN: %genref_cc -Wall -Wextra -Werror -D_GNU_SOURCE -O2 -g %s -o %t.dir/o2
// RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 partial 2>&1 | FileCheck --check-prefix=PARTIAL %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 partial 2>&1 | FileCheck --check-prefix=PARTIAL %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "genref.h"

struct GR_WEAKABLE obj {
  int v;
};

struct holder {
  long tag;
  struct obj *GR_REF a;
  struct obj *GR_REF b;
};

static struct obj *GR_REF new_obj(int v) {
  struct obj *GR_REF o = malloc(sizeof(struct obj));
  o->v = v;
  return o;
}

static void clear_bytes(void *p, size_t n) { memset(p, 0, n); }

/* Each function frees its targets once their holders are cleared. */
static int typed(void) {
  struct obj *GR_REF o = new_obj(1);
  struct holder *GR_REF h = malloc(sizeof(struct holder));
  h->tag = 1;
  h->a = o;
  h->b = o;
  int v = h->a->v + h->b->v;
  memset(h, 0, sizeof *h);
  free(o);
  free(h);
  return v;
}

static int untyped(void) {
  struct obj *GR_REF o = new_obj(2);
  struct holder *GR_REF h = malloc(sizeof(struct holder));
  h->a = o;
  int v = h->a->v;
  clear_bytes(h, sizeof *h); /* a void *: the allocation knows its type */
  free(o);
  free(h);
  return v;
}

static int with_bzero(void) {
  struct obj *GR_REF o = new_obj(3);
  struct holder *GR_REF hs = calloc(4, sizeof(struct holder));
  for (int i = 0; i < 4; i++)
    hs[i].b = o;
  int v = hs[3].b->v;
  bzero(hs, 4 * sizeof *hs);
  free(o);
  free(hs);
  return v;
}

static int on_stack(void) {
  struct obj *GR_REF o = new_obj(4);
  struct holder s;
  s.a = o;
  s.b = o;
  int v = s.a->v;
  memset(&s, 0, sizeof s);
  free(o);
  return v;
}

static void drop(struct obj *GR_REF o) {
  free(o); // PARTIAL: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct obj')
  // PARTIAL-NEXT: at {{.*}}memset_holder.c:[[@LINE-1]]:3 in drop
  // PARTIAL: the object is freed while 1 GR_REF reference to it remains in memory; one is held by field 'b' of 'struct holder' (declared at memset_holder.c:26), in the heap object at 0x{{[0-9a-f]+}} (offset {{[0-9]+}})
  // PARTIAL: SUMMARY: genref: dangling-reference {{.*}}memset_holder.c:[[@LINE-3]] in drop
}

static void partial(void) {
  struct obj *GR_REF o = new_obj(5);
  struct holder *GR_REF h = malloc(sizeof(struct holder));
  h->tag = 5;
  h->b = o;
  memset(&h->tag, 0, sizeof h->tag); /* h->b still holds o */
  drop(o);
  printf("partial tag %ld\n", h->tag);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  printf("%d %d %d %d\n", typed(), untyped(), with_bzero(), on_stack());
  // OK: 2 2 3 4
  if (argc > 1 && !strcmp(argv[1], "partial"))
    partial();
  // PARTIAL-NOT: partial tag
  printf("done\n");
  // OK-NEXT: done
  return 0;
}
