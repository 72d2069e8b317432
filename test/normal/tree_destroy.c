// Issue 14: the ordinary post-order tree destructor is silent: the
// children are freed first (their parent's `kids` and `parent` fields,
// and their siblings' `prev` fields, still point at them), then the
// parent; every holder dies in the same destruction, checked when the
// outermost destroying call returns. Also a doubly linked list freed
// front to back. Controls: a global cursor into the tree, and another
// live object (an index entry) holding a list node, are reported.
// REQUIRES: plugin, mode-normal
// RUN: rm -rf %t.dir && mkdir -p %t.dir
// RUN: %genref_cc -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
// RUN: %genref_cc -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
// RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 cursor 2>&1 | FileCheck --check-prefix=CURSOR %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 cursor 2>&1 | FileCheck --check-prefix=CURSOR %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o0 index 2>&1 | FileCheck --check-prefix=INDEX %s
// RUN: env GENREF_OPTIONS=symbolize=0 not %run %t.dir/o2 index 2>&1 | FileCheck --check-prefix=INDEX %s
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE tree {
  int v;
  struct tree *GR_REF parent;
  struct tree *GR_REF prev; /* the sibling before */
  struct tree *GR_REF kids[3];
};

struct GR_WEAKABLE item {
  int v;
  struct item *GR_REF next, *GR_REF prev;
};

struct list {
  struct item *GR_REF head;
};

struct index_entry {
  struct item *GR_REF at;
};

struct tree *GR_REF cursor;

static struct tree *GR_REF build(struct tree *GR_REF parent, int depth, int *count) {
  struct tree *GR_REF t = malloc(sizeof(struct tree));
  t->v = (*count)++;
  t->parent = parent;
  for (int i = 0; i < 3; i++) {
    t->kids[i] = depth ? build(t, depth - 1, count) : NULL;
    if (t->kids[i] && i)
      t->kids[i]->prev = t->kids[i - 1];
  }
  return t;
}

static void destroy(struct tree *GR_REF t) {
  if (!t)
    return;
  for (int i = 0; i < 3; i++)
    destroy(t->kids[i]);
  free(t); // CURSOR: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct tree')
  // CURSOR-NEXT: at {{.*}}tree_destroy.c:[[@LINE-1]]:3 in destroy
  // CURSOR: the object is freed while 1 GR_REF reference to it remains in memory; one is held by global 'cursor' (declared at tree_destroy.c:{{[0-9]+}}), at 0x{{[0-9a-f]+}}
}

static struct list *GR_REF make_list(int n) {
  struct list *GR_REF l = malloc(sizeof(struct list));
  l->head = NULL;
  for (int i = 0; i < n; i++) {
    struct item *GR_REF it = malloc(sizeof(struct item));
    it->v = i;
    it->prev = NULL;
    it->next = l->head;
    if (l->head)
      l->head->prev = it;
    l->head = it;
  }
  return l;
}

/* Front to back, unlinking as it goes: each node's successor still points
 * back at it (`prev`) when it is freed. */
static void list_free(struct list *GR_REF l) {
  struct item *GR_REF it;
  while ((it = l->head) != NULL) {
    l->head = it->next;
    free(it); // INDEX: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}} (object of type 'struct item')
    // INDEX-NEXT: at {{.*}}tree_destroy.c:[[@LINE-1]]:5 in list_free
    // INDEX: one is held by field 'at' of 'struct index_entry' (declared at tree_destroy.c:{{[0-9]+}}), in the heap object at
  }
  free(l);
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IONBF, 0);
  const char *what = argc > 1 ? argv[1] : "";
  int count = 0;
  struct tree *GR_REF root = build(NULL, 4, &count);
  if (!strcmp(what, "cursor"))
    cursor = root->kids[1]->kids[2];
  destroy(root);
  struct list *GR_REF l = make_list(10);
  struct index_entry *GR_REF e = malloc(sizeof(struct index_entry));
  e->at = NULL;
  if (!strcmp(what, "index"))
    e->at = l->head->next->next;
  list_free(l);
  printf("%d nodes\n", count);
  // OK: 121 nodes
  printf("done\n");
  // OK-NEXT: done
  // CURSOR-NOT: nodes
  // INDEX-NOT: nodes
  return 0;
}
