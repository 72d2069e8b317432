// An untyped allocation (a hook's) is typed by its first counted store
// through a plain pointer (raw_holder.c) while another thread counts
// references to it in the same header word (compact layout): the typing
// must not lose that thread's count changes. Each round: a fresh node
// from the hook; the main thread stores through a plain pointer to it
// (typing it) while the other thread stores a reference to it (as a type
// without references, which types nothing) into its own holder and clears
// it again, many times; at the round's end the
// node's count is exactly what the holders hold (before the typing was a
// compare-and-swap, a plain store of the tag could undo a count change:
// a count too high is a false report at the free, too low a missed one).
// REQUIRES: plugin, mode-normal
// RUN: %genref_cc -O2 -g -pthread %s -o %t
// RUN: %run %t 2>&1 | FileCheck %s --implicit-check-not=genref
// CHECK: rounds 2000, counts wrong 0
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include "genref.h"

int gr_ref_count(const void *obj); /* the runtime's, for tests */

struct GR_WEAKABLE node {
  long key;
  struct node *GR_REF next;
};

/* The other thread's view of the same memory: a type without references,
 * so its references do not type the node (only main's store does). */
struct GR_WEAKABLE view {
  long key;
  long pad;
};

struct holder {
  struct view *GR_REF ref;
};

static void *(*get)(size_t) = malloc;
static void (*put)(void *) = free;

static struct node *_Atomic target; /* this round's node, for the other thread */
static atomic_int round_no, flipping, done_no;
static struct holder *other_holder; /* the other thread's (typed allocation) */

#define ROUNDS 2000
#define FLIPS 400

static void *counter(void *arg) {
  (void)arg;
  for (int r = 1; r <= ROUNDS; r++) {
    while (atomic_load(&round_no) < r)
      ;
    struct view *GR_REF t = (struct view *)atomic_load(&target);
    for (int i = 0; i < FLIPS; i++) {
      if (i == FLIPS / 4)
        atomic_store(&flipping, r); /* main types the node meanwhile */
      other_holder->ref = t;
      other_holder->ref = NULL;
    }
    other_holder->ref = t; /* held at the round's end: count 1 */
    atomic_store(&done_no, r);
  }
  return NULL;
}

int main(void) {
  pthread_t th;
  other_holder = malloc(sizeof *other_holder);
  other_holder->ref = NULL;
  struct node *peer = get(sizeof *peer);
  peer->key = -1;
  peer->next = NULL;
  pthread_create(&th, NULL, counter, NULL);
  int wrong = 0;
  for (int r = 1; r <= ROUNDS; r++) {
    struct node *n = get(sizeof *n); /* untyped */
    n->key = r;
    atomic_store(&target, n);
    atomic_store(&round_no, r);
    while (atomic_load(&flipping) < r)
      ;
    for (int i = 0; i < FLIPS / 10; i++)
      n->next = (i & 1) ? peer : NULL; /* the first such store types n */
    n->next = NULL;
    while (atomic_load(&done_no) < r)
      ;
    wrong += gr_ref_count(n) != 1;
    other_holder->ref = NULL;
    put(n);
  }
  pthread_join(th, NULL);
  printf("rounds %d, counts wrong %d\n", ROUNDS, wrong);
  peer->next = NULL;
  put(peer);
  free(other_holder);
  return 0;
}
