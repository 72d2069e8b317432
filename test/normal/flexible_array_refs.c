// A tree whose nodes hold their children in a flexible array member of
// references (`struct tnode *GR_REF kids[]`), allocated with malloc or
// calloc for the node plus its children, and destroyed children first, as
// real trees are: silent in normal mode (before: calloc of a node whose
// only references are the array did not compile, `gr_alloc_zeroed` with
// calloc's two arguments; and each child's free was a false
// dangling-reference, held by its freed parent's `kids[i]`: a store into
// the array was counted, but the node's layout, its fixed fields, does not
// reach the array, so the parent's free never released it). Stores into
// such an array are not counted; uses through it stay checked: a child
// used through its parent's array after its free is a use-after-free at
// the line.
// REQUIRES: plugin
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
// RUN: %genref_cc -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
// RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 uaf 2>&1 | FileCheck --check-prefix=UAF %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 uaf 2>&1 | FileCheck --check-prefix=UAF %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

/* Only the array holds references: calloc's layout has none. */
struct GR_WEAKABLE bag {
  int n;
  struct bag *GR_REF items[];
};

struct GR_WEAKABLE tnode {
  struct tnode *GR_REF parent;
  int v, nkids;
  struct tnode *GR_REF kids[];
};

static struct tnode *GR_REF node(struct tnode *GR_REF parent, int v, int nkids) {
  struct tnode *GR_REF n = malloc(sizeof *n + (size_t)nkids * sizeof n->kids[0]);
  int i;
  n->parent = parent;
  n->v = v;
  n->nkids = nkids;
  for (i = 0; i < nkids; i++)
    n->kids[i] = NULL;
  return n;
}

static int sum(struct tnode *GR_REF n) {
  int s = n->v, i;
  for (i = 0; i < n->nkids; i++)
    s += sum(n->kids[i]);
  return s;
}

static void destroy(struct tnode *GR_REF n) {
  int i;
  for (i = 0; i < n->nkids; i++)
    destroy(n->kids[i]);
  free(n);
}

int main(int argc, char **argv) {
  struct bag *GR_REF b = calloc(1, sizeof *b + 2 * sizeof b->items[0]);
  struct tnode *GR_REF root = node(NULL, 1, 3);
  int i;
  b->n = 2;
  b->items[0] = calloc(1, sizeof *b);
  b->items[1] = calloc(1, sizeof *b);
  for (i = 0; i < 3; i++) {
    root->kids[i] = node(root, 10 * (i + 1), 2);
    root->kids[i]->kids[0] = node(root->kids[i], 100, 0);
    root->kids[i]->kids[1] = node(root->kids[i], 200, 0);
  }
  printf("sum %d\n", sum(root));
  // OK: sum 961
  if (argc > 1 && strcmp(argv[1], "uaf") == 0) {
    destroy(root->kids[1]);
    printf("%d\n", root->kids[1]->v);
    // UAF: ERROR: genref: use-after-free
    // UAF-NEXT: at {{.*}}flexible_array_refs.c:[[@LINE-2]]:
  }
  destroy(root);
  for (i = 0; i < b->n; i++)
    free(b->items[i]);
  free(b);
  puts("done");
  // OK-NEXT: done
  return 0;
}
