#include "table.h"

#include <string.h>

static unsigned hash(const char *s) {
  unsigned h = 2166136261u;
  while (*s)
    h = (h ^ (unsigned char)*s++) * 16777619u;
  return h;
}

struct item **table_slot(struct table *t, const char *key) {
  struct item **at = &t->bucket[hash(key) % TABLE_BUCKETS];
  while (*at && strcmp((*at)->key, key) != 0)
    at = &(*at)->chain;
  return at;
}

struct item *table_get(struct table *t, const char *key) {
  return *table_slot(t, key);
}
