/* table.h - the index: a fixed-size hash table chained through item.chain. */
#ifndef KV_TABLE_H
#define KV_TABLE_H

#include "item.h"

#define TABLE_BUCKETS 16

struct table {
  struct item *bucket[TABLE_BUCKETS];
};

/* Where the item with this key is linked (or where it would be): the
 * caller can unlink or insert through it. */
struct item **table_slot(struct table *t, const char *key);
struct item *table_get(struct table *t, const char *key);

#endif
