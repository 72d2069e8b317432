/* The library, C89. Items come from the installed hooks, never from a
 * malloc the plugin can see typed. */
#include <stdlib.h>
#include <string.h>
#include "queue.h"

static q_alloc_fn q_alloc = malloc;
static q_free_fn q_dealloc = free;

struct queue {
  struct qitem **items; /* raw: the queue's own bookkeeping */
  size_t len, cap;
};

void q_set_allocator(q_alloc_fn alloc_fn, q_free_fn free_fn) {
  q_alloc = alloc_fn ? alloc_fn : malloc;
  q_dealloc = free_fn ? free_fn : free;
}

struct queue *q_new(void) {
  struct queue *q = q_alloc(sizeof *q);
  if (q != NULL) {
    q->items = NULL;
    q->len = q->cap = 0;
  }
  return q;
}

struct qitem *GR_REF q_push(struct queue *q, int id, int prio, const char *label) {
  struct qitem *item;
  if (q->len == q->cap) {
    size_t cap = q->cap ? q->cap * 2 : 4;
    struct qitem **items = q_alloc(cap * sizeof *items);
    if (items == NULL)
      return NULL;
    if (q->items != NULL) {
      memcpy(items, q->items, q->len * sizeof *items);
      q_dealloc(q->items);
    }
    q->items = items;
    q->cap = cap;
  }
  item = q_alloc(sizeof *item);
  if (item == NULL)
    return NULL;
  item->id = id;
  item->prio = prio;
  strncpy(item->label, label, sizeof item->label - 1);
  item->label[sizeof item->label - 1] = '\0';
  q->items[q->len++] = item;
  return item;
}

int q_pop(struct queue *q, struct qitem *out) {
  size_t i, best = 0;
  struct qitem *item;
  if (q->len == 0)
    return 0;
  for (i = 1; i < q->len; i++)
    if (q->items[i]->prio > q->items[best]->prio)
      best = i;
  item = q->items[best];
  q->items[best] = q->items[--q->len];
  memcpy((void *)out, (void *)item, sizeof *out);
  q_dealloc(item);
  return 1;
}

size_t q_len(const struct queue *q) { return q->len; }

void q_free(struct queue *q) {
  while (q->len > 0)
    q_dealloc(q->items[--q->len]);
  q_dealloc(q->items);
  q_dealloc(q);
}
