/* An intrusive list, as libuv's queues and the kernel's list_head: each
 * item embeds its link as its first member, items come from an allocation
 * hook (void *), the list holds references to the links (`&it->l`), the
 * code gets from a link back to its item by a cast, and items go back
 * through a void * hook. The first counted use of such an allocation is
 * the reference to its link, which types it as an array of links; the
 * item's own reference (`it->data`), stored afterwards through a plain
 * `struct item *`, names the larger type at the same start, which replaces
 * the link's (type_untyped's upgrade, docs/modes.md). Freed through the
 * hook, the item then releases its data, and freeing the data afterwards is
 * silent (before: a dangling-reference at the first data's free, in both
 * layouts: the link type's stride left `data` out).
 * Half the items get their data before their link (typed as the item
 * first: the link's use does not make it smaller); a quarter are also
 * named by a reference to the item itself (gr_ref_make_counted's upgrade).
 * Control "live": an item still in the list when its data is freed:
 * reported, naming the item's field.
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

struct link {
  struct link *GR_REF next;
  long prio;
};

struct GR_WEAKABLE leaf {
  long v;
};

struct item {
  struct link l; /* first: a link is its item */
  long key;
  struct leaf *GR_REF data;
};

typedef void *(*alloc_fn)(size_t);
typedef void (*free_fn)(void *);
static void *libc_alloc(size_t n) { return malloc(n); }
static void libc_free(void *p) { free(p); }
static alloc_fn get = libc_alloc;
static free_fn put = libc_free;

/* Not destroying functions themselves: each put's check runs at its end. */
static void put_item(struct item *it) { put(it); }
static void put_leaf(struct leaf *lf) { put(lf); }

static struct link *GR_REF head;

static void push(struct link *l) {
  l->next = head;
  head = l;
}

static struct leaf *new_leaf(long v) {
  struct leaf *lf = (struct leaf *)get(sizeof *lf);
  lf->v = v;
  return lf;
}

int main(int argc, char **argv) {
  struct leaf *leaves[64];
  struct item *GR_REF named = NULL;
  long sum = 0;
  int i;
  setvbuf(stdout, NULL, _IONBF, 0);
  for (i = 0; i < 64; i++) {
    struct item *it = (struct item *)get(sizeof *it);
    it->key = i;
    it->l.prio = 0;
    leaves[i] = new_leaf(i);
    if (i % 2) {
      it->data = leaves[i]; /* typed as the item first */
      push(&it->l);
    } else {
      push(&it->l); /* typed as an array of links first */
      it->data = leaves[i];
    }
    if (i % 4 == 2)
      named = it; /* a reference to the item itself */
  }
  if (!named || named->key % 4 != 2)
    return 3;
  named = NULL;
  if (argc > 1 && !strcmp(argv[1], "live")) {
    /* The item at the list's head still holds leaves[63]. */
    put_leaf(leaves[63]); /* LIVE: ERROR: genref: dangling-reference on address 0x{{[0-9a-f]+}}
                             LIVE: one is held by field 'data' of 'struct item' (declared at member_first.c:{{[0-9]+}}), in the heap object
                           */
    printf("not reached\n");
  }
  while (head) {
    struct item *it = (struct item *)head;
    head = it->l.next;
    sum += it->key + it->data->v;
    put_item(it);
  }
  for (i = 0; i < 64; i++)
    put_leaf(leaves[i]);
  printf("items %ld\n", sum);
  /* OK: items 4032
     LIVE-NOT: not reached
   */
  return 0;
}
