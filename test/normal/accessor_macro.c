/* Accessor macros over a node's fields, as older C libraries wrap their
 * structs (`#define NODE_NEXT(n) ((n)->next)`), used as lvalues
 * (`NODE_NEXT(tail) = n;`) and rvalues; nodes come from a void * hook and
 * are held by plain pointers while they are linked (the counted store
 * through the macro types the allocation). A doubly linked list built at
 * its tail, walked through the macros, freed front to back by its
 * destructor through the hook: silent. genref was right before this test.
 * Control "live": a node in the middle freed while its neighbours still
 * point at it: reported at the hook's free, naming a node's field.
 * REQUIRES: plugin, mode-normal
 * RUN: rm -rf %t.dir && mkdir -p %t.dir
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
  struct node *GR_REF prev;
};
#define NODE_NEXT(n) ((n)->next)
#define NODE_PREV(n) ((n)->prev)
#define NODE_KEY(n) ((n)->key)

typedef void *(*alloc_fn)(size_t);
typedef void (*free_fn)(void *);
static void *hook_alloc(size_t n) { return malloc(n); }
static void hook_free(void *p) { free(p); }
static alloc_fn get = hook_alloc;
static free_fn put = hook_free;
static void release(void *p) { put(p); }

static struct node *GR_REF head;
static struct node *GR_REF tail;

static void append(long k) {
  struct node *n = (struct node *)get(sizeof *n);
  NODE_KEY(n) = k;
  NODE_NEXT(n) = NULL;
  NODE_PREV(n) = tail;
  if (tail)
    NODE_NEXT(tail) = n;
  else
    head = n;
  tail = n;
}

/* The list's destructor, front to back: each node's successor still
 * points back at it (NODE_PREV) until the successor goes too, in the
 * same destruction. */
static void list_free(void) {
  struct node *n;
  tail = NULL;
  while (head) {
    n = NODE_NEXT(head);
    put(head);
    head = n;
  }
}

int main(int argc, char **argv) {
  struct node *GR_REF n;
  long sum = 0;
  int i;
  setvbuf(stdout, NULL, _IONBF, 0);
  for (i = 0; i < 50; i++)
    append(i);
  for (n = head; n; n = NODE_NEXT(n))
    sum += NODE_KEY(n);
  if (argc > 1 && !strcmp(argv[1], "live")) {
    struct node *mid = NODE_NEXT(NODE_NEXT(head));
    release(mid); /* LIVE: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
                     LIVE: the object is freed while 2 GR_REF references to it remain in memory; one is held by field '{{next|prev}}' of 'struct node' (declared at accessor_macro.c:{{[0-9]+}}), in the heap object
                     LIVE: in release {{.*}}accessor_macro.c:
                     LIVE-NEXT: in main {{.*}}accessor_macro.c:[[@LINE-3]]
                   */
    printf("not reached\n");
  }
  n = NULL;
  list_free();
  printf("sum %ld\n", sum);
  /* OK: sum 1225
     LIVE-NOT: not reached
   */
  return 0;
}
