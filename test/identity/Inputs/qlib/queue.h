/* queue: a priority queue library (C89) that allocates its items through
 * allocator hooks the program installs, like cJSON_InitHooks. Items are
 * weakable: the program may keep references to them. */
#ifndef QUEUE_H
#define QUEUE_H
#include <stddef.h>
#include "genref.h"

struct GR_WEAKABLE qitem {
  int id;
  int prio;
  char label[16];
};

typedef void *(*q_alloc_fn)(size_t size);
typedef void (*q_free_fn)(void *p);

struct queue;

/* NULL restores malloc/free. */
void q_set_allocator(q_alloc_fn alloc_fn, q_free_fn free_fn);
struct queue *q_new(void);
/* The new item stays owned by the queue until popped. */
struct qitem *GR_REF q_push(struct queue *q, int id, int prio, const char *label);
/* Copies the highest-priority item into *out and frees it; 0 if empty. */
int q_pop(struct queue *q, struct qitem *out);
size_t q_len(const struct queue *q);
void q_free(struct queue *q);
#endif
