/* graph.c - shortest paths on a changing graph (adjacency lists).
 *
 * Each round builds a random directed graph: `n` vertices, each with
 * DEGREE out-edges of random weight, kept in per-vertex singly linked
 * adjacency lists of `struct edge` (GR_REF links to the next edge and to
 * the target vertex). Then, STEPS times: run Dijkstra from a random source
 * with a binary heap (decrease-key through the position each vertex keeps),
 * fold the distances into the checksum, and churn the graph: delete CHURN
 * random edges, add CHURN new ones. At the end of the round everything is
 * freed.
 *
 * Each vertex remembers the edge it was last reached by (`pred`, a GR_WEAK
 * reference): the churn deletes edges without telling the vertices, so
 * before each run the program asks gr_alive() which of last run's tree
 * edges survived. (Plain C cannot ask: without genref, deleting an edge
 * also clears its target's `pred` when it points at it.)
 *
 *     graph [n]            default n = 60000 vertices, 4 rounds
 *
 * The last line is `checksum: <16 hex digits>`, identical for every build.
 * -DINJECT_UAF: in round 1 a deleted edge is read through a reference.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "genref.h"

#define ROUNDS 4
#define STEPS 6
#define DEGREE 8
#define MAX_WEIGHT 1000
#define INF INT64_MAX

struct vertex;

struct GR_WEAKABLE edge {
  struct vertex *GR_REF to;
  struct edge *GR_REF next;
  int weight;
};

struct GR_WEAKABLE vertex {
  int id;
  int degree;
  int heap_pos; /* -1: not in the heap */
  int64_t dist;
  struct edge *GR_REF adj;
  struct edge *GR_WEAK pred; /* may have been deleted since */
};

typedef struct vertex *GR_REF vertex_ref;
typedef struct edge *GR_REF edge_ref;

/* One element of a heap-allocated array of references. (A plain
 * `vertex_ref *` array is what one would write; the plugin rejected
 * assigning malloc() to it until 909d6f5, BUG 6. Same layout.) */
struct vslot {
  vertex_ref v;
};

struct graph {
  int n;
  long edges;
  struct vslot *v; /* v[i].v: vertex i */
};

struct heap {
  int size;
  struct vslot *items;
};

/* ------------------------------------------------------------- helpers */

static uint64_t rng_state;

static uint64_t rng_next(void) {
  uint64_t x = rng_state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  rng_state = x;
  return x * 0x2545F4914F6CDD1DULL;
}

static uint32_t rng_below(uint32_t bound) {
  return (uint32_t)((rng_next() >> 32) % bound);
}

static uint64_t checksum = 0xcbf29ce484222325ULL;

static void mix(uint64_t v) {
  checksum ^= v;
  checksum *= 0x100000001b3ULL;
}

static void *xalloc(void *p) {
  if (p == NULL) {
    fputs("graph: out of memory\n", stderr);
    exit(2);
  }
  return p;
}

/* --------------------------------------------------------------- graph */

static void add_edge(struct graph *g, vertex_ref from, vertex_ref to,
                     int weight) {
  edge_ref e = xalloc(malloc(sizeof(struct edge)));
  e->to = to;
  e->weight = weight;
  e->next = from->adj;
  from->adj = e;
  from->degree++;
  g->edges++;
}

static void graph_build(struct graph *g, int n) {
  g->n = n;
  g->edges = 0;
  g->v = xalloc(malloc((size_t)n * sizeof(struct vslot)));
  for (int i = 0; i < n; i++) {
    vertex_ref v = xalloc(malloc(sizeof(struct vertex)));
    v->id = i;
    v->degree = 0;
    v->heap_pos = -1;
    v->dist = INF;
    v->adj = NULL;
    v->pred = NULL;
    g->v[i].v = v;
  }
  for (int i = 0; i < n; i++)
    for (int k = 0; k < DEGREE; k++) {
      int to = (int)rng_below((uint32_t)n);
      add_edge(g, g->v[i].v, g->v[to].v, 1 + (int)rng_below(MAX_WEIGHT));
    }
}

/* Deletes the idx-th out-edge of `from`. */
static void delete_edge(struct graph *g, vertex_ref from, int idx) {
  edge_ref prev = NULL;
  edge_ref e = from->adj;
  for (int i = 0; i < idx; i++) {
    prev = e;
    e = e->next;
  }
  if (prev != NULL)
    prev->next = e->next;
  else
    from->adj = e->next;
  from->degree--;
  g->edges--;
#ifndef __GENREF__
  /* Plain C: the target's pred would dangle. */
  if (e->to->pred == e)
    e->to->pred = NULL;
#endif
  free(e);
}

/* Edges first (each holds a reference to its target), then the vertices,
 * each once nothing in memory refers to it any more (genref's normal mode
 * checks this at each free; an object's own references go with it). */
static void graph_free(struct graph *g) {
  for (int i = 0; i < g->n; i++) {
    vertex_ref v = g->v[i].v;
    edge_ref e = v->adj;
    v->adj = NULL;
    while (e != NULL) {
      edge_ref next = e->next;
      free(e);
      e = next;
    }
  }
  for (int i = 0; i < g->n; i++) {
    vertex_ref v = g->v[i].v;
    g->v[i].v = NULL;
    free(v);
  }
  free(g->v);
  g->v = NULL;
}

/* ---------------------------------------------------------- binary heap */

static int heap_less(vertex_ref a, vertex_ref b) {
  return a->dist < b->dist || (a->dist == b->dist && a->id < b->id);
}

static void heap_place(struct heap *h, int pos, vertex_ref v) {
  h->items[pos].v = v;
  v->heap_pos = pos;
}

static void heap_up(struct heap *h, int pos) {
  vertex_ref v = h->items[pos].v;
  while (pos > 0) {
    int parent = (pos - 1) / 2;
    vertex_ref p = h->items[parent].v;
    if (!heap_less(v, p))
      break;
    heap_place(h, pos, p);
    pos = parent;
  }
  heap_place(h, pos, v);
}

static void heap_down(struct heap *h, int pos) {
  vertex_ref v = h->items[pos].v;
  for (;;) {
    int child = 2 * pos + 1;
    if (child >= h->size)
      break;
    if (child + 1 < h->size &&
        heap_less(h->items[child + 1].v, h->items[child].v))
      child++;
    if (!heap_less(h->items[child].v, v))
      break;
    heap_place(h, pos, h->items[child].v);
    pos = child;
  }
  heap_place(h, pos, v);
}

static void heap_push(struct heap *h, vertex_ref v) {
  h->size++;
  heap_place(h, h->size - 1, v);
  heap_up(h, h->size - 1);
}

static vertex_ref heap_pop(struct heap *h) {
  vertex_ref top = h->items[0].v;
  top->heap_pos = -1;
  h->size--;
  if (h->size > 0) {
    heap_place(h, 0, h->items[h->size].v);
    heap_down(h, 0);
  }
  h->items[h->size].v = NULL; /* the vacated slot */
  return top;
}

/* ------------------------------------------------------------ dijkstra */

/* Returns the number of vertices reached; folds distances into *dist_sum. */
static int dijkstra(struct graph *g, struct heap *h, vertex_ref src,
                    uint64_t *dist_sum) {
  for (int i = 0; i < g->n; i++) {
    vertex_ref v = g->v[i].v;
    v->dist = INF;
    v->heap_pos = -1;
    v->pred = NULL;
  }
  h->size = 0;
  src->dist = 0;
  heap_push(h, src);
  int reached = 0;
  uint64_t sum = 0;
  while (h->size > 0) {
    vertex_ref u = heap_pop(h);
    reached++;
    sum += (uint64_t)u->dist * (uint64_t)(u->id + 1);
    for (edge_ref e = u->adj; e != NULL; e = e->next) {
      vertex_ref w = e->to;
      int64_t d = u->dist + e->weight;
      if (d < w->dist) { /* never true for a vertex already popped */
        w->dist = d;
        w->pred = e;
        if (w->heap_pos >= 0)
          heap_up(h, w->heap_pos);
        else
          heap_push(h, w);
      }
    }
  }
  *dist_sum = sum;
  return reached;
}

/* How many of last run's shortest-path tree edges are still in the graph,
 * and their total weight. */
static void surviving_preds(struct graph *g, long *count, int64_t *weight) {
  long c = 0;
  int64_t w = 0;
  for (int i = 0; i < g->n; i++) {
    vertex_ref v = g->v[i].v;
    if (gr_alive(v->pred)) {
      c++;
      w += v->pred->weight;
    }
  }
  *count = c;
  *weight = w;
}

static void churn(struct graph *g, int count, int round, int step) {
  for (int i = 0; i < count; i++) {
    vertex_ref from = g->v[rng_below((uint32_t)g->n)].v;
    if (from->degree > 0) {
      int idx = (int)rng_below((uint32_t)from->degree);
#ifdef INJECT_UAF
      int inject = round == 1 && step == 2 && i == count / 2;
      edge_ref doomed = from->adj;
      if (inject)
        idx = 0; /* delete `doomed` */
#endif
      delete_edge(g, from, idx);
#ifdef INJECT_UAF
      if (inject)
        mix((uint64_t)doomed->weight); /* use after free */
#endif
    }
    vertex_ref a = g->v[rng_below((uint32_t)g->n)].v;
    vertex_ref b = g->v[rng_below((uint32_t)g->n)].v;
    add_edge(g, a, b, 1 + (int)rng_below(MAX_WEIGHT));
  }
  (void)round;
  (void)step;
}

int main(int argc, char **argv) {
  int n = 60000;
  if (argc > 1) {
    n = atoi(argv[1]);
    if (n < 2 || n > 50000000) {
      fprintf(stderr, "usage: graph [vertices >= 2]\n");
      return 2;
    }
  }
  int churn_count = n / 4;
  printf("graph: %d vertices, %d edges each, %d rounds of %d runs\n", n,
         DEGREE, ROUNDS, STEPS);
  struct heap h;
  h.items = xalloc(malloc((size_t)n * sizeof(struct vslot)));
  for (int i = 0; i < n; i++)
    h.items[i].v = NULL;
  for (int round = 0; round < ROUNDS; round++) {
    rng_state = 0x243F6A8885A308D3ULL + (uint64_t)round * 104729;
    struct graph g;
    graph_build(&g, n);
    for (int step = 0; step < STEPS; step++) {
      long surv;
      int64_t surv_w;
      surviving_preds(&g, &surv, &surv_w);
      vertex_ref src = g.v[rng_below((uint32_t)n)].v;
      uint64_t dist_sum;
      int reached = dijkstra(&g, &h, src, &dist_sum);
      printf("round %d step %d: src %d reached %d dist %" PRIu64
             " kept %ld (%" PRId64 ") edges %ld\n",
             round, step, src->id, reached, dist_sum, surv, surv_w, g.edges);
      mix((uint64_t)reached);
      mix(dist_sum);
      mix((uint64_t)surv);
      mix((uint64_t)surv_w);
      churn(&g, churn_count, round, step);
    }
    graph_free(&g);
  }
  free(h.items);
  printf("checksum: %016" PRIx64 "\n", checksum);
  return 0;
}
