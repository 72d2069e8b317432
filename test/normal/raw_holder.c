/* A library with a pool allocator: nodes come from `pool_get` (void *),
 * are held by plain pointers (`struct node *n`, never a GR_REF), their
 * GR_REF fields stored through those pointers (`n->next = head`,
 * `arr[i].next = q`), and go back through `pool_put(void *)`. Nothing
 * converts such an allocation to a reference, so the counted store itself
 * types it (gr_ref_store_at_typed: the holding struct's layout and the
 * field's offset): freed through void *, it releases what it holds, and
 * freeing its targets afterwards is silent (before: a dangling-reference
 * at the first target's free, in both layouts).
 * Control "live": a node still held, through a plain pointer, by a live
 * pool object when its target is freed: reported, naming the field.
 * REQUIRES: plugin, mode-normal
 * RUN: rm -rf %t.dir && mkdir -p %t.dir
 * RUN: %genref_rewrite %s -- -I%src_root/annotations | FileCheck --check-prefix=REWRITE %s
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -O0 -g %s -o %t.dir/o0
 * RUN: %genref_cc -std=c89 -pedantic -Wall -Wextra -Werror -O2 -g %s -o %t.dir/o2
 * RUN: %run %t.dir/o0 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: %run %t.dir/o2 2>&1 | FileCheck --check-prefix=OK %s --implicit-check-not=genref
 * RUN: not %run %t.dir/o0 live 2>&1 | FileCheck --check-prefix=LIVE %s
 * RUN: not %run %t.dir/o2 live 2>&1 | FileCheck --check-prefix=LIVE %s
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "genref.h"

struct GR_WEAKABLE node {
  long key;
  struct node *GR_REF next;
};

/* A reference in a member struct of the pool object. */
struct holder {
  long k;
  struct {
    int tag;
    struct node *GR_REF ref;
  } in;
};

struct pool {
  void *(*get)(size_t);
  void (*put)(void *);
  long gets;
};

static void *libc_get(size_t n) { return malloc(n); }
static void libc_put(void *p) { free(p); }
static struct pool the_pool = {libc_get, libc_put, 0};

static void *pool_get(struct pool *p, size_t n) {
  p->gets++;
  return p->get(n);
}

/* Not a destroying function itself: each put's check runs at its end. */
static void pool_put(struct pool *p, void *obj) { p->put(obj); }

static struct node *push(struct node *head, long key) {
  struct node *n = (struct node *)pool_get(&the_pool, sizeof *n);
  n->key = key;
  /* REWRITE: {{^ *}}gr_ref_store_at_typed(&(n->next ), gr_ref_make_counted(head, {{.*}}), GR_HOLDER("field 'next' of 'struct node'", "raw_holder.c:{{[0-9]+}}"), GR_LAYOUT_NAMED("struct node", {{.*}}), __builtin_offsetof(struct node, next));
   */
  n->next = head;
  return n;
}

/* A typedef name hidden by a parameter of the same name: the store's
 * layout and offsetof name `struct node`, never the typedef. */
typedef struct node node;
static void relink(node *node, struct node *GR_REF q) { node->next = q; }

static long drain(struct node *head) {
  long sum = 0;
  while (head) {
    struct node *next = head->next;
    sum += head->key;
    pool_put(&the_pool, head);
    head = next;
  }
  return sum;
}

static void drop(struct node *GR_REF t) {
  pool_put(&the_pool, (void *)t); /* LIVE: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
                                     LIVE: one is held by field 'next' of 'struct node' (declared at raw_holder.c:{{[0-9]+}}), in the heap object
                                   */
}

int main(int argc, char **argv) {
  struct node *head = NULL, *arr;
  struct node *GR_REF t;
  long sum;
  int i;
  setvbuf(stdout, NULL, _IONBF, 0);
  for (i = 0; i < 100; i++)
    head = push(head, i);
  relink(head, head->next);
  sum = drain(head);
  printf("list %ld\n", sum);
  /* OK: list 4950
   */
  /* An array whose elements only point elsewhere (no reference into it). */
  t = (struct node *)pool_get(&the_pool, sizeof(struct node));
  t->key = 7;
  t->next = NULL;
  arr = (struct node *)pool_get(&the_pool, 4 * sizeof *arr);
  for (i = 0; i < 4; i++) {
    arr[i].key = i;
    /* REWRITE: {{^ *}}gr_ref_store_at_typed(&(arr[i].next ), t, GR_HOLDER({{.*}}), GR_LAYOUT_NAMED("struct node", {{.*}}), __builtin_offsetof(struct node, next));
     */
    arr[i].next = t;
  }
  if (argc > 1 && !strcmp(argv[1], "live")) {
    drop(t); /* arr still holds it */
    printf("not reached\n");
  }
  pool_put(&the_pool, arr);
  {
    /* A member struct's reference, and a store through (*n). */
    struct holder *h = (struct holder *)pool_get(&the_pool, sizeof *h);
    struct node *n = (struct node *)pool_get(&the_pool, sizeof *n);
    h->in.tag = 1;
    /* REWRITE: {{^ *}}gr_ref_store_at_typed(&(h->in.ref ), t, {{.*}}, __builtin_offsetof(struct holder, in.ref));
     */
    h->in.ref = t;
    /* REWRITE: {{^ *}}gr_ref_store_at_typed(&((*n).next ), t, {{.*}}, __builtin_offsetof(struct node, next));
     */
    (*n).next = t;
    pool_put(&the_pool, h);
    pool_put(&the_pool, n);
  }
  drop(t);
  printf("array freed, then its target; %ld gets\n", the_pool.gets);
  /* OK-NEXT: array freed, then its target; 104 gets
     LIVE-NOT: not reached
   */
  return 0;
}
