/* list.h - the LRU list (doubly linked through item.prev/next). */
#ifndef KV_LIST_H
#define KV_LIST_H

#include "item.h"

struct list {
  struct item *head;
  struct item *tail;
  int count;
};

void list_push_front(struct list *l, struct item *it);
void list_unlink(struct list *l, struct item *it);
struct item *list_oldest(const struct list *l);

#endif
