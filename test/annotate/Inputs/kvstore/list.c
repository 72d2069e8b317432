#include "list.h"

#include <stdlib.h>
#include <string.h>

struct item *item_new(const char *key, long value) {
  struct item *it = calloc(1, sizeof *it);
  if (!it)
    abort();
  strncpy(it->key, key, sizeof it->key - 1);
  it->value = value;
  return it;
}

void item_free(struct item *it) { free(it); }

void list_push_front(struct list *l, struct item *it) {
  it->prev = NULL;
  it->next = l->head;
  if (l->head)
    l->head->prev = it;
  else
    l->tail = it;
  l->head = it;
  l->count++;
}

void list_unlink(struct list *l, struct item *it) {
  if (it->prev)
    it->prev->next = it->next;
  else
    l->head = it->next;
  if (it->next)
    it->next->prev = it->prev;
  else
    l->tail = it->prev;
  it->prev = it->next = NULL;
  l->count--;
}

struct item *list_oldest(const struct list *l) { return l->tail; }
