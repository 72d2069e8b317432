/* item.h - one key/value pair; it sits in the LRU list, in a hash chain,
 * and observers may watch it. */
#ifndef KV_ITEM_H
#define KV_ITEM_H

struct item {
  char key[24];
  long value;
  struct item *prev, *next; /* LRU order, most recent first */
  struct item *chain;       /* the next item of its hash bucket */
};

struct item *item_new(const char *key, long value);
void item_free(struct item *it);

#endif
