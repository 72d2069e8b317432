#include "store.h"

#include <stdlib.h>
#include <string.h>

struct item *kv_last_evicted_key_holder;

struct store *kv_open(int capacity) {
  struct store *s = calloc(1, sizeof *s);
  if (!s)
    abort();
  s->capacity = capacity;
  return s;
}

static void tell(struct store *s, struct item *it, const char *what) {
  for (struct observer *o = s->observers; o; o = o->next)
    if (o->watched == it)
      o->notify(o, it, what);
}

/* Unlinks `it` everywhere and frees it; observers let go of it first. */
static void drop(struct store *s, struct item *it) {
  struct item **at = table_slot(&s->index, it->key);
  *at = it->chain;
  list_unlink(&s->lru, it);
  tell(s, it, "deleted");
  for (struct observer *o = s->observers; o; o = o->next)
    if (o->watched == it)
      o->watched = NULL;
  if (kv_last_evicted_key_holder == it)
    kv_last_evicted_key_holder = NULL;
  item_free(it);
}

void kv_put(struct store *s, const char *key, long value) {
  struct item **at = table_slot(&s->index, key);
  struct item *it = *at;
  if (it) {
    it->value = value;
    list_unlink(&s->lru, it);
    list_push_front(&s->lru, it);
    tell(s, it, "updated");
    return;
  }
  if (s->lru.count == s->capacity) {
    struct item *old = list_oldest(&s->lru);
    kv_last_evicted_key_holder = old;
    drop(s, old);
    at = table_slot(&s->index, key); /* the chain may have changed */
  }
  it = item_new(key, value);
  it->chain = *at;
  *at = it;
  list_push_front(&s->lru, it);
}

struct item *kv_get(struct store *s, const char *key) {
  struct item *it = table_get(&s->index, key);
  if (it) {
    list_unlink(&s->lru, it);
    list_push_front(&s->lru, it);
  }
  return it;
}

int kv_del(struct store *s, const char *key) {
  struct item *it = table_get(&s->index, key);
  if (!it)
    return 0;
  drop(s, it);
  return 1;
}

void kv_watch(struct store *s, struct observer *o, const char *key) {
  o->watched = table_get(&s->index, key);
  o->next = s->observers;
  s->observers = o;
}

void kv_close(struct store *s) {
  while (s->lru.head)
    drop(s, s->lru.head);
  while (s->observers) {
    struct observer *o = s->observers;
    s->observers = o->next;
    free(o);
  }
  free(s);
}
