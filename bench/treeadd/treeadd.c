/* treeadd.c - Olden-style tree benchmark: treeadd + bitonic sort.
 *
 * Each round builds a complete binary tree of `depth` levels whose nodes
 * hold pseudo-random values, sums it (treeadd) a few times, sorts the
 * values in the tree with Olden's bitonic sort (bisort: values move between
 * nodes and subtrees are swapped between siblings' children), checks the
 * in-order sequence is sorted, sorts it the other way, and frees the tree.
 * The tree links are GR_REF references: every step of every traversal is a
 * checked dereference.
 *
 *     treeadd [depth]          default depth 18 (262143 nodes), 6 rounds
 *
 * The last line is `checksum: <16 hex digits>`, identical for every build
 * (plain C, genref in any mode, ASan, the Rust ports in rust/).
 * -DINJECT_UAF: in round 2 a reference into the freed tree is read.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "genref.h"

#define ROUNDS 6
#define ADDS_PER_ROUND 4

struct GR_WEAKABLE tree {
  int value;
  struct tree *GR_REF left;
  struct tree *GR_REF right;
};

typedef struct tree *GR_REF tree_ref;

/* ------------------------------------------------------------- helpers */

static uint64_t rng_state;

/* xorshift64*: the same sequence in C and in the Rust ports. */
static uint64_t rng_next(void) {
  uint64_t x = rng_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng_state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

static uint64_t checksum = 0xcbf29ce484222325ULL;

static void mix(uint64_t v) {
  checksum ^= v;
  checksum *= 0x100000001b3ULL;
}

/* ---------------------------------------------------------------- tree */

static tree_ref build(int depth) {
  tree_ref t = malloc(sizeof(struct tree));
  if (t == NULL) {
    fputs("treeadd: out of memory\n", stderr);
    exit(2);
  }
  t->value = (int)(rng_next() >> 34); /* 0 .. 2^30-1 */
  if (depth > 1) {
    t->left = build(depth - 1);
    t->right = build(depth - 1);
  } else {
    t->left = NULL;
    t->right = NULL;
  }
  return t;
}

/* Top down: a node is freed before its children, so no reference in
 * memory ever points at a freed node (genref's normal mode checks this at
 * each free; the references the node itself holds go with it). */
static void destroy(tree_ref t) {
  if (t == NULL)
    return;
  tree_ref left = t->left;
  tree_ref right = t->right;
  free(t);
  destroy(left);
  destroy(right);
}

/* Olden treeadd: the sum of every value in the tree. */
static uint64_t tree_add(tree_ref t) {
  if (t == NULL)
    return 0;
  return tree_add(t->left) + tree_add(t->right) + (uint64_t)t->value;
}

/* ---------------------------------------------------- bitonic sort (Olden) */

static void swap_val_left(tree_ref l, tree_ref r, tree_ref ll, tree_ref rl,
                          int lval, int rval) {
  r->value = lval;
  r->left = ll;
  l->left = rl;
  l->value = rval;
}

static void swap_val_right(tree_ref l, tree_ref r, tree_ref lr, tree_ref rr,
                           int lval, int rval) {
  r->value = lval;
  r->right = lr;
  l->right = rr;
  l->value = rval;
}

static int bimerge(tree_ref root, int spr_val, int dir) {
  int rv = root->value;
  tree_ref pl = root->left;
  tree_ref pr = root->right;
  int rightexchange = (rv > spr_val) ^ dir;
  if (rightexchange) {
    root->value = spr_val;
    spr_val = rv;
  }
  while (pl != NULL) {
    int lv = pl->value;
    tree_ref pll = pl->left;
    tree_ref plr = pl->right;
    int rv2 = pr->value;
    tree_ref prl = pr->left;
    tree_ref prr = pr->right;
    int elementexchange = (lv > rv2) ^ dir;
    if (rightexchange) {
      if (elementexchange) {
        swap_val_right(pl, pr, plr, prr, lv, rv2);
        pl = pll;
        pr = prl;
      } else {
        pl = plr;
        pr = prr;
      }
    } else {
      if (elementexchange) {
        swap_val_left(pl, pr, pll, prl, lv, rv2);
        pl = plr;
        pr = prr;
      } else {
        pl = pll;
        pr = prl;
      }
    }
  }
  if (root->left != NULL) {
    root->value = bimerge(root->left, root->value, dir);
    spr_val = bimerge(root->right, spr_val, dir);
  }
  return spr_val;
}

static int bisort(tree_ref root, int spr_val, int dir) {
  if (root->left == NULL) {
    if ((root->value > spr_val) ^ dir) {
      int val = spr_val;
      spr_val = root->value;
      root->value = val;
    }
  } else {
    root->value = bisort(root->left, root->value, dir);
    spr_val = bisort(root->right, spr_val, !dir);
    spr_val = bimerge(root, spr_val, dir);
  }
  return spr_val;
}

/* In-order walk: folds every value into the checksum and counts the
 * places where the order `dir` (0 ascending, 1 descending) is broken. */
struct walk {
  int have_prev;
  int prev;
  long unsorted;
  uint64_t hash;
};

static void inorder(tree_ref t, int dir, struct walk *w) {
  if (t == NULL)
    return;
  inorder(t->left, dir, w);
  int v = t->value;
  if (w->have_prev && (dir ? v > w->prev : v < w->prev))
    w->unsorted++;
  w->have_prev = 1;
  w->prev = v;
  w->hash = (w->hash ^ (uint64_t)v) * 0x100000001b3ULL;
  inorder(t->right, dir, w);
}

static void check_sorted(tree_ref root, int spr_val, int dir,
                         const char *what) {
  struct walk w = {0, 0, 0, 0xcbf29ce484222325ULL};
  inorder(root, dir, &w);
  /* the value left over in spr_val comes after the last node */
  if (dir ? spr_val > w.prev : spr_val < w.prev)
    w.unsorted++;
  printf("  %s: %ld out of order, hash %016" PRIx64 "\n", what, w.unsorted,
         w.hash);
  mix(w.hash);
  mix((uint64_t)w.unsorted);
  mix((uint64_t)spr_val);
}

int main(int argc, char **argv) {
  int depth = 18;
  if (argc > 1) {
    depth = atoi(argv[1]);
    if (depth < 2 || depth > 28) {
      fprintf(stderr, "usage: treeadd [depth 2..28]\n");
      return 2;
    }
  }
  printf("treeadd: depth %d (%ld nodes), %d rounds\n", depth,
         (1L << depth) - 1, ROUNDS);
  for (int round = 0; round < ROUNDS; round++) {
    rng_state = 0x9E3779B97F4A7C15ULL + (uint64_t)round * 7919;
    tree_ref root = build(depth);
    uint64_t sum = 0;
    for (int i = 0; i < ADDS_PER_ROUND; i++)
      sum += tree_add(root);
    printf("round %d: treeadd %" PRIu64 "\n", round, sum);
    mix(sum);
    int spr_val = (int)(rng_next() >> 34);
    spr_val = bisort(root, spr_val, 0);
    check_sorted(root, spr_val, 0, "bisort up");
    spr_val = bisort(root, spr_val, 1);
    check_sorted(root, spr_val, 1, "bisort down");
#ifdef INJECT_UAF
    tree_ref stale = root->left;
#endif
    destroy(root);
#ifdef INJECT_UAF
    if (round == 2) /* the subtree went with the tree */
      mix((uint64_t)stale->value);
#endif
  }
  printf("checksum: %016" PRIx64 "\n", checksum);
  return 0;
}
