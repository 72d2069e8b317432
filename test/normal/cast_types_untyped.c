/* A base-typed allocator (`node_ref mk(size_t size, int kind)`, a tagged
   AST or any "base struct first" hierarchy) makes an allocation whose type
   the plugin cannot see: `node` holds no references, so it is untyped.
   The caller casts the reference to the derived struct and fills its
   references through it; a free through the base type then released
   nothing and the children's frees were false dangling-references. A
   reference cast to a struct holding references now types the
   allocation, as making the reference from a raw pointer does. The
   controls: a child freed while its parent still holds it is reported
   (HELD), and a stale child is caught at its use (STALE).
   REQUIRES: plugin
   RUN: rm -rf %t.dir && mkdir -p %t.dir
   RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
   RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
   RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
   RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
   RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 held 2>&1 | FileCheck --check-prefix=HELD %s
   RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 held 2>&1 | FileCheck --check-prefix=HELD %s
   RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 stale 2>&1 | FileCheck --check-prefix=STALE %s
   RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 stale 2>&1 | FileCheck --check-prefix=STALE %s
   RUN: %genref_rewrite %s -- -I%S/../../annotations | FileCheck --check-prefix=RW %s
   OK: sum 7
   OK-NEXT: sum 12
   OK-NEXT: done
   HELD: ERROR: genref: dangling-reference
   HELD: field 'l' of 'struct pair'
   STALE: ERROR: genref: use-after-free
   STALE: cast_types_untyped.c:[[@LINE+76]]
   RW-NOT: retype_counted(mk(sizeof(struct {{leaf}}
   RW: gr_ref_check((gr_ref_retype_counted(n, GR_LAYOUT_NAMED({{.}}struct pair
   RW: pair_ref p = gr_ref_retype_counted(mk(sizeof(struct pair), PAIR), GR_LAYOUT_NAMED({{.}}struct pair
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

enum kind { LEAF, PAIR };
typedef struct GR_WEAKABLE node {
  int kind;
} node;
typedef node *GR_REF node_ref;

struct leaf {
  node base;
  int v;
};
typedef struct leaf *GR_REF leaf_ref;

struct pair {
  node base;
  node_ref l, r;
};
typedef struct pair *GR_REF pair_ref;

static node_ref mk(size_t size, int kind) {
  node_ref n = calloc(1, size);
  n->kind = kind;
  return n;
}

static node_ref leaf(int v) {
  leaf_ref x = (leaf_ref)mk(sizeof(struct leaf), LEAF);
  x->v = v;
  return &x->base;
}

static int sum(node_ref n) {
  if (n->kind == LEAF)
    return ((leaf_ref)n)->v;
  return sum(((pair_ref)n)->l) + sum(((pair_ref)n)->r);
}

/* Children first, then the node, through the base type. */
static void free_tree(node_ref n) {
  if (n->kind == PAIR) {
    free_tree(((pair_ref)n)->l);
    free_tree(((pair_ref)n)->r);
  }
  free(n);
}

static void drop(node_ref n) { free(n); }

int main(int argc, char **argv) {
  const char *what = argc > 1 ? argv[1] : "";
  pair_ref p = (pair_ref)mk(sizeof(struct pair), PAIR);
  pair_ref q;
  node_ref stale;
  p->l = leaf(3);
  p->r = leaf(4);
  printf("sum %d\n", sum(&p->base));
  free_tree(&p->base);

  q = (pair_ref)mk(sizeof(struct pair), PAIR);
  q->l = leaf(5);
  q->r = leaf(7);
  printf("sum %d\n", sum(&q->base));
  stale = q->l;
  if (strcmp(what, "held") == 0)
    drop(q->l); /* q still holds it */
  free_tree(&q->base);
  if (strcmp(what, "stale") == 0)
    printf("%d\n", stale->kind);
  printf("done\n");
  return 0;
}
