/* Objects allocated through a hook: a function pointer returning void *
 * and a wrapper the plugin does not see into (an `xmalloc`), as libraries
 * with pluggable allocators do, then freed through a void * hook. The
 * allocation carries no type, so normal mode types it by the first counted
 * reference made to it (gr_ref_make_counted): a node freed through the
 * hook then releases its `next`, and a list freed from its head is silent
 * (before: a dangling-reference on the second node, in the fat layout).
 * Built with -std=c89 -pedantic -Werror, K&R definitions.
 * Control "leaf": a leaf object (no references of its own, so never typed)
 * allocated through the hook, still held by a live heap object, freed
 * through the hook: reported at the hook's free (before: missed in the
 * compact layout, whose free fast path read only the header's generation
 * half and never saw the count in the other half).
 * Control "list": a hook-allocated node still held by a live one.
 * An array of nodes from the hook, linked through its own elements and
 * freed whole through the hook, is silent (before: a dangling-reference on
 * the array, in both layouts); control "array": another live object still
 * holds one of its elements.
 * REQUIRES: plugin, mode-normal
 * RUN: rm -rf %t.dir && mkdir -p %t.dir
 * RUN: %genref_rewrite %s -- -Wno-deprecated-non-prototype -I%src_root/annotations | FileCheck --check-prefix=REWRITE %s
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O0 -g %s -o %t.dir/o0
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -Wno-deprecated-non-prototype -O2 -g %s -o %t.dir/o2
 * RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: not %run %t.dir/o0 leaf 2>&1 | FileCheck --check-prefix=LEAF %s
 * RUN: not %run %t.dir/o2 leaf 2>&1 | FileCheck --check-prefix=LEAF %s
 * RUN: not %run %t.dir/o0 list 2>&1 | FileCheck --check-prefix=LIST %s
 * RUN: not %run %t.dir/o2 list 2>&1 | FileCheck --check-prefix=LIST %s
 * RUN: not %run %t.dir/o0 array 2>&1 | FileCheck --check-prefix=ARRAY %s
 * RUN: not %run %t.dir/o2 array 2>&1 | FileCheck --check-prefix=ARRAY %s
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

int gr_ref_count(const void *obj); /* the runtime's, for tests */

struct GR_WEAKABLE leaf {
  long v;
};

struct GR_WEAKABLE node {
  struct node *GR_REF next;
  struct leaf *GR_REF leaf;
  long key;
};

typedef void *(*alloc_fn)(size_t);
typedef void (*free_fn)(void *);

static void *hook_alloc(n) size_t n;
{ return malloc(n); }

static void hook_free(p) void *p;
{ free(p); }

static alloc_fn get = hook_alloc;
static free_fn put = hook_free;

static void *xmalloc(n) size_t n;
{
  void *p = get(n);
  if (!p)
    exit(2);
  return p;
}

/* The hook's free, reached from code that does not free itself (so the
 * check is not deferred to a caller's destruction: docs/modes.md). */
static void release(p) void *p;
{
  put(p);
}

static struct node *build(n) int n;
{
  struct node *GR_REF head = NULL;
  int i;
  for (i = 0; i < n; i++) {
    /* REWRITE: {{^ *}}gr_ref_t e = gr_ref_make_counted((struct node *)xmalloc(sizeof(struct node)), GR_LAYOUT_NAMED("struct node", "hook_alloc.c:{{[0-9]+}}", "next,leaf", sizeof(struct node),
     */
    struct node *GR_REF e = (struct node *)xmalloc(sizeof(struct node));
    e->next = NULL;
    e->leaf = NULL;
    e->key = i;
    e->next = head;
    head = e;
  }
  return head;
}

/* Frees the list from its head; the counts left on the nodes still
 * allocated, summed: 0 once each freed node released its `next`. */
static long drain(head, left) struct node *GR_REF head; int *left;
{
  long sum = 0;
  while (head) {
    struct node *GR_REF n = head->next;
    sum += head->key;
    release((void *)head);
    if (n)
      *left += gr_ref_count((struct node *)n);
    head = n;
  }
  return sum;
}

/* An array of nodes from the hook, held by a raw pointer (never a
 * reference itself), linked into a list through its own elements (`&arr[i]`
 * made references: they type the allocation as an array of nodes), its last
 * element pointing at another object; freed whole through the hook, then
 * the other object. keep: another live object still holds an element. */
static long array_round(keep) int keep;
{
  struct node *arr = (struct node *)get(10 * sizeof *arr);
  struct node *GR_REF other = (struct node *)get(sizeof(struct node));
  struct node *GR_REF p;
  long sum = 0;
  int i;
  other->next = NULL;
  other->leaf = NULL;
  other->key = 100;
  for (i = 0; i < 10; i++) {
    arr[i].key = i;
    arr[i].leaf = NULL;
    arr[i].next = i + 1 < 10 ? &arr[i + 1] : NULL;
  }
  arr[9].next = other;
  for (p = &arr[0]; p; p = p->next)
    sum += p->key;
  if (keep)
    other->next = &arr[3];
  release((void *)arr); /* ARRAY: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
                           ARRAY: one is held by field 'next' of 'struct node' (declared at hook_alloc.c:{{[0-9]+}}), in the heap object
                           ARRAY: in release {{.*}}hook_alloc.c:
                           ARRAY-NEXT: in array_round {{.*}}hook_alloc.c:[[@LINE-3]]
                         */
  other->next = NULL;
  release((void *)other);
  return sum;
}

int main(argc, argv) int argc; char **argv;
{
  struct node *GR_REF holder;
  struct leaf *GR_REF l;
  long sum;
  int left = 0;
  setvbuf(stdout, NULL, _IONBF, 0);
  sum = drain(build(100), &left);
  printf("list %ld counts left %d\n", sum, left);
  /* OK: list 4950 counts left 0
     */
  printf("array %ld\n", array_round(argc > 1 && !strcmp(argv[1], "array")));
  /* OK-NEXT: array 145
     ARRAY-NOT: array 145
     */
  holder = (struct node *)get(sizeof(struct node));
  holder->next = NULL;
  holder->leaf = NULL;
  /* REWRITE: {{^ *}}l = gr_ref_make((struct leaf *)get(sizeof(struct leaf)), GR_SITE(
     */
  l = (struct leaf *)get(sizeof(struct leaf));
  l->v = 7;
  holder->leaf = l;
  printf("leaf held %d\n", gr_ref_count((struct leaf *)l));
  /* OK-NEXT: leaf held 1
     */
  if (argc > 1 && !strcmp(argv[1], "list")) {
    holder->next = build(2);
    release((void *)holder->next->next); /* still held by holder->next */
    /* LIST: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
       LIST: one is held by field 'next' of 'struct node' (declared at hook_alloc.c:{{[0-9]+}}), in the heap object
       LIST: in release {{.*}}hook_alloc.c:
       LIST-NEXT: in main {{.*}}hook_alloc.c:[[@LINE-4]]
     */
  }
  if (argc < 2 || strcmp(argv[1], "leaf"))
    holder->leaf = NULL;
  release((void *)l);
  /* LEAF: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
     LEAF: one is held by field 'leaf' of 'struct node' (declared at hook_alloc.c:{{[0-9]+}}), in the heap object
     LEAF: in release {{.*}}hook_alloc.c:
     LEAF-NEXT: in main {{.*}}hook_alloc.c:[[@LINE-4]]
   */
  printf("leaf freed\n");
  /* OK-NEXT: leaf freed
     */
  /* LEAF-NOT: leaf freed
     */
  /* LIST-NOT: leaf freed
     */
  holder->next = NULL;
  release((void *)holder);
  printf("done\n");
  /* OK-NEXT: done
     */
  return 0;
}
