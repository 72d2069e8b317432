/* store.h - the key/value store: an LRU list, an index and observers. */
#ifndef KV_STORE_H
#define KV_STORE_H

#include "list.h"
#include "observer.h"
#include "table.h"

struct store {
  struct list lru;
  struct table index;
  struct observer *observers;
  int capacity;
};

struct store *kv_open(int capacity);
void kv_close(struct store *s);
void kv_put(struct store *s, const char *key, long value);
struct item *kv_get(struct store *s, const char *key);
int kv_del(struct store *s, const char *key);
void kv_watch(struct store *s, struct observer *o, const char *key);

extern struct item *kv_last_evicted_key_holder; /* for tests: last evicted item, cleared */

#endif
