/* binarytrees.c - the benchmarks-game binary trees, with genref references.
 *
 * Allocates and frees many small perfect binary trees of depth d (for d =
 * 4, 6, ..., max), keeps one long-lived tree of depth max for the whole run,
 * and "checks" every tree by walking it. Every node is a weakable object and
 * every child link a GR_REF, so under genref every step of every walk is a
 * checked dereference and every node goes through the genref heap.
 *
 * Unlike the modern benchmarks-game version (which only counts nodes), each
 * node carries an item, as in the original version: a tree built from item i
 * has children 2i-1 and 2i, and check(n) = item + check(left) -
 * check(right) (64-bit wrap-around). The item of each short-lived tree comes
 * from a seeded PRNG, so the checks are not a closed formula.
 *
 *   binarytrees [max_depth]     (default 18)
 *
 * The last line printed is `checksum: <16 hex digits>`, a hash of every
 * number printed before it. rust/ holds the same program in Rust (Box
 * ownership, and an index + generation arena): identical output.
 *
 * -DINJECT_UAF: reads the root of a freed tree through its GR_REF once.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "genref.h"

#define MIN_DEPTH 4
#define DEFAULT_MAX_DEPTH 18

/* ------------------------------------------------- PRNG and checksum */

/* A 64-bit LCG (Knuth's MMIX constants); the high half is the output. */
static uint64_t rng_state = 0x2545F4914F6CDD1Dull;
static uint32_t rng_next(void) {
  rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
  return (uint32_t)(rng_state >> 32);
}

/* Every number printed is folded in, 64 bits at a time. */
static uint64_t checksum = 14695981039346656037ull;
static void checksum_add(uint64_t x) {
  checksum = (checksum ^ x) * 1099511628211ull;
  checksum ^= checksum >> 32;
}

/* ---------------------------------------------------------- the trees */

struct GR_WEAKABLE node {
  uint64_t item;
  struct node *GR_REF left;
  struct node *GR_REF right;
};

typedef struct node *GR_REF node_ref;

static void *xalloc(void *p) {
  if (!p) {
    fputs("binarytrees: out of memory\n", stderr);
    exit(2);
  }
  return p;
}

static node_ref bottom_up_tree(uint64_t item, int depth) {
  node_ref n = xalloc(malloc(sizeof *n));
  n->item = item;
  if (depth > 0) {
    n->left = bottom_up_tree(2 * item - 1, depth - 1);
    n->right = bottom_up_tree(2 * item, depth - 1);
  } else {
    n->left = NULL;
    n->right = NULL;
  }
  return n;
}

static uint64_t item_check(node_ref n) {
  if (n->left == NULL)
    return n->item;
  return n->item + item_check(n->left) - item_check(n->right);
}

/* The parent goes first: a GR_REF must not outlive its target (normal
 * mode counts the references held in memory and checks at each free), and
 * freeing the parent releases its references to the children. */
static void free_tree(node_ref n) {
  node_ref left = n->left;
  node_ref right = n->right;
  free(n);
  if (left != NULL) {
    free_tree(left);
    free_tree(right);
  }
}

int main(int argc, char **argv) {
  int max_depth = DEFAULT_MAX_DEPTH;
  if (argc > 1)
    max_depth = atoi(argv[1]);
  if (max_depth < MIN_DEPTH + 2)
    max_depth = MIN_DEPTH + 2;

  int stretch_depth = max_depth + 1;
  node_ref stretch = bottom_up_tree(0, stretch_depth);
  uint64_t c = item_check(stretch);
  printf("stretch tree of depth %d\t check: %" PRIu64 "\n", stretch_depth, c);
  checksum_add((uint64_t)stretch_depth);
  checksum_add(c);
  free_tree(stretch);

  node_ref long_lived = bottom_up_tree(0, max_depth);

  for (int depth = MIN_DEPTH; depth <= max_depth; depth += 2) {
    long iterations = 1L << (max_depth - depth + MIN_DEPTH);
    uint64_t check = 0;
    for (long i = 1; i <= iterations; i++) {
      uint64_t item = rng_next();
      node_ref t = bottom_up_tree(item, depth);
      check += item_check(t);
      free_tree(t);
#ifdef INJECT_UAF
      /* THE BUG: `t` still names the tree just freed. */
      if (depth == MIN_DEPTH + 2 && i == iterations / 2)
        check += t->item;
#endif
    }
    printf("%ld\t trees of depth %d\t check: %" PRIu64 "\n", iterations, depth,
           check);
    checksum_add((uint64_t)iterations);
    checksum_add((uint64_t)depth);
    checksum_add(check);
  }

  c = item_check(long_lived);
  printf("long lived tree of depth %d\t check: %" PRIu64 "\n", max_depth, c);
  checksum_add((uint64_t)max_depth);
  checksum_add(c);
  free_tree(long_lived);

  printf("checksum: %016" PRIx64 "\n", checksum);
  return 0;
}
