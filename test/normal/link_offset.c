/* An intrusive list whose link is NOT the item's first member (`struct
 * item { long key; struct link l; struct leaf *GR_REF data; }`), as BSD
 * queue.h entries and the kernel's list_head often sit: the list holds
 * references to `&it->l` (8 bytes into the item), the walk gets back to
 * the item with container_of (offsetof), items go back through a void *
 * hook, then their data. Half the items are typed by the link's reference
 * first, half by the item's own store. genref was right before this test.
 * Control "live": a listed item's data freed: reported, naming the field.
 */
/*
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
#include <stddef.h>
#include <string.h>
#include "genref.h"

struct link {
  struct link *GR_REF next;
};

struct GR_WEAKABLE leaf {
  long v;
};

struct item {
  long key;
  struct link l; /* not first */
  struct leaf *GR_REF data;
};

#define container_of(p, type, member) ((type *)((char *)(p) - offsetof(type, member)))

typedef void *(*alloc_fn)(size_t);
typedef void (*free_fn)(void *);
static void *libc_alloc(size_t n) { return malloc(n); }
static void libc_free(void *p) { free(p); }
static alloc_fn get = libc_alloc;
static free_fn put = libc_free;
static void put_item(struct item *it) { put(it); }
static void put_leaf(struct leaf *lf) { put(lf); }

static struct link *GR_REF head;

static void push(struct link *l) {
  l->next = head;
  head = l;
}

int main(int argc, char **argv) {
  struct leaf *leaves[32];
  long sum = 0;
  int i;
  setvbuf(stdout, NULL, _IONBF, 0);
  for (i = 0; i < 32; i++) {
    struct item *it = (struct item *)get(sizeof *it);
    it->key = i;
    leaves[i] = (struct leaf *)get(sizeof(struct leaf));
    leaves[i]->v = i;
    if (i % 2) {
      it->data = leaves[i];
      push(&it->l);
    } else {
      push(&it->l);
      it->data = leaves[i];
    }
  }
  if (argc > 1 && !strcmp(argv[1], "live")) {
    put_leaf(leaves[31]); /* LIVE: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
                             LIVE: one is held by field 'data' of 'struct item' (declared at link_offset.c:{{[0-9]+}}), in the heap object
                             LIVE: in put_leaf {{.*}}link_offset.c:
                             LIVE-NEXT: in main {{.*}}link_offset.c:[[@LINE-3]]
                           */
    printf("not reached\n");
  }
  while (head) {
    struct item *it = container_of(head, struct item, l);
    head = it->l.next;
    sum += it->key + it->data->v;
    put_item(it);
  }
  for (i = 0; i < 32; i++)
    put_leaf(leaves[i]);
  printf("items %ld\n", sum);
  /* OK: items 992
     LIVE-NOT: not reached
   */
  return 0;
}
