// A freed object keeps its bytes (every one: its header lies before it)
// until its slot is handed out again (I10): free lists link slots through
// the slab's side array, never through the slots. So a second delete of a list, walking
// the freed nodes as unchecked code does, reads each node's real `next`
// reference and every second free is a double-free of the real node with
// its real generation, not a report about an address and generation read
// from a free-list link (which used to sit in the first word after the
// header: exactly `next`).
//   list     4 nodes { next, value }, deleted once correctly, then
//            again from the head (halt_on_error=0): 4 double-free reports,
//            one per node, each with the node's address and generation.
//   contents every class, at malloc's alignment and at 64, freed by
//            the owner, by another thread, and into an abandoned slab:
//            every byte of the object unchanged after the free.
//
// RUN: %cc %s %rt -o %t
// RUN: env GENREF_OPTIONS=halt_on_error=0:print_backtrace=0 %run %t list 2>&1 | FileCheck %s --check-prefix=LIST
// RUN: %run %t contents | FileCheck %s --check-prefix=CONTENTS
//
// LIST: node 0 at [[N0:0x[0-9a-f]+]] generation [[G0:[0-9]+]]
// LIST: node 1 at [[N1:0x[0-9a-f]+]] generation [[G1:[0-9]+]]
// LIST: node 2 at [[N2:0x[0-9a-f]+]] generation [[G2:[0-9]+]]
// LIST: node 3 at [[N3:0x[0-9a-f]+]] generation [[G3:[0-9]+]]
// LIST: deleted once
// LIST: ERROR: genref: double-free on address [[N0]] (object of type 'struct node')
// LIST-NEXT: at list.c:20:5 in delete_again
// LIST-NEXT: expected generation [[G0]] (live), found {{[0-9]+}} (freed)
// LIST: ERROR: genref: double-free on address [[N1]]
// LIST-NEXT: at list.c:20:5 in delete_again
// LIST-NEXT: expected generation [[G1]] (live)
// LIST: ERROR: genref: double-free on address [[N2]]
// LIST-NEXT: at list.c:20:5 in delete_again
// LIST-NEXT: expected generation [[G2]] (live)
// LIST: ERROR: genref: double-free on address [[N3]]
// LIST-NEXT: at list.c:20:5 in delete_again
// LIST-NEXT: expected generation [[G3]] (live)
// LIST-NOT: ERROR
// LIST: 4 reports
//
// CONTENTS: freed objects keep their bytes: local, remote, abandoned
#define _GNU_SOURCE
#include "Inputs/rtest.h"

#include <pthread.h>
#include <stdbool.h>

struct node {
  gr_ref_t next; /* the object's first word: right after the header */
  int value;
};

static const gr_site_t del_site = {"list.c", 20, 5, "delete_again", "struct node"};

static int list_test(void) {
  gr_ref_t head = gr_ref_null();
  for (int i = 3; i >= 0; i--) {
    struct node *n = gr_alloc(sizeof *n);
    REQUIRE(n);
    n->next = head;
    n->value = i;
    head = gr_ref_from_new(n);
  }
  int i = 0;
  for (gr_ref_t r = head; !gr_ref_is_null(r); r = ((struct node *)gr_ref_ptr(r))->next)
    printf("node %d at %p generation %llu\n", i++, gr_ref_ptr(r),
           (unsigned long long)gr_ref_gen(r));
  /* Delete once, correctly: read next, then free. */
  for (gr_ref_t r = head; !gr_ref_is_null(r);) {
    gr_ref_t next = ((struct node *)gr_ref_check(r, NULL))->next;
    gr_ref_free(r, NULL);
    r = next;
  }
  printf("deleted once\n");
  fflush(stdout);
  /* Delete again, as unchecked code would: each node's next is read from
   * the freed node, each free is the second one. */
  for (gr_ref_t r = head; !gr_ref_is_null(r);) {
    gr_ref_t next = ((struct node *)gr_ref_ptr(r))->next;
    gr_ref_free(r, &del_site);
    r = next;
  }
  gr_stats_t st;
  gr_stats_get(&st);
  printf("%llu reports\n", (unsigned long long)st.reports);
  return 0;
}

/* ---- contents ---- */

#define NOBJ 64

/* Fill every byte of the object. */
static void pattern(void *p, size_t size, unsigned char c) { memset(p, c, size); }
static bool has_pattern(const void *p, size_t size, unsigned char c) {
  for (size_t b = 0; b < size; b++)
    if (((const unsigned char *)p)[b] != c)
      return false;
  return true;
}

struct batch {
  void *p[NOBJ];
  size_t size;
  bool aligned; /* aligned_alloc(64): a kind of its own */
};

static void *free_batch(void *arg) {
  struct batch *b = arg;
  for (int i = 0; i < NOBJ; i++)
    gr_free(b->p[i], NULL);
  return NULL;
}

static void *alloc_batch(void *arg) {
  struct batch *b = arg;
  for (int i = 0; i < NOBJ; i++) {
    b->p[i] = b->aligned ? aligned_alloc(64, b->size) : gr_alloc(b->size);
    REQUIRE(b->p[i]);
    pattern(b->p[i], gr_usable_size(b->p[i]), (unsigned char)(0xa0 + i));
  }
  return NULL;
}

static void check_batch(struct batch *b) {
  for (int i = 0; i < NOBJ; i++) {
    REQUIRE(!gr_heap_owns(b->p[i]));
    REQUIRE(has_pattern(b->p[i], b->size, (unsigned char)(0xa0 + i)));
  }
}

static int contents_test(void) {
  for (size_t size = 16; size <= 128 * 1024; size += size / 4 + 8) {
    for (int aligned = 0; aligned < 2; aligned++) {
      /* Small kinds only: a huge object's pages go back to the OS when it
       * is freed (slab.c), which an aligned one past 64 KiB is. */
      if (aligned && size > 64 * 1024 - 64)
        continue;
      struct batch b = {.size = size, .aligned = aligned};
      size_t slot;
      /* The owner frees. */
      alloc_batch(&b);
      slot = gr_usable_size(b.p[0]);
      b.size = slot;
      free_batch(&b);
      check_batch(&b);
      /* Another thread frees (xfree). */
      b.size = size;
      alloc_batch(&b);
      b.size = slot;
      pthread_t t;
      REQUIRE(pthread_create(&t, NULL, free_batch, &b) == 0);
      REQUIRE(pthread_join(t, NULL) == 0);
      check_batch(&b);
      /* A thread allocates and exits; main frees into its abandoned slabs. */
      b.size = size;
      REQUIRE(pthread_create(&t, NULL, alloc_batch, &b) == 0);
      REQUIRE(pthread_join(t, NULL) == 0);
      b.size = gr_usable_size(b.p[0]);
      free_batch(&b);
      check_batch(&b);
    }
  }
  printf("freed objects keep their bytes: local, remote, abandoned\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "list"))
    return list_test();
  if (argc > 1 && !strcmp(argv[1], "contents"))
    return contents_test();
  return 2;
}
